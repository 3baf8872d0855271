"""A proceeding's course beyond the determinations the data lists (docs/rules.md, Provisional
measures, gap periods and refunds):

- provisional measures end by law: 120 days (CVD, and AD by default) or 180 days (AD,
  `provisional_months = 6`) counted from the first provisional determination's effective
  date as day 1, or on the `provisional_end` a CBP message gives. Amendments and the final do
  not restart the clock. From the next day, no deposit until the next determination that is
  not provisional (the order): the gap period, added here as a row of its own. A provisional
  determination effective in the gap never prices an entry (it lapses);
- the AD subsidy offset ends with the companion CVD case's provisional measures: on a date in
  the CVD gap, AD deposits are at the margin (`margin_pct`), added as rows of their own.

Rows added here carry `computed` (how), and `unsourced` when they depend on a date that is
not sourced. Everything runs once, at load time: the formulas see a plain timeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .errors import InputError
from .kinds import AD
from .model import Determination, Proceeding, date_text

DAY = dt.timedelta(days=1)
GAP_NAME = "Provisional Measures Ended (gap period)"
STATUTE = {"AD": "19 U.S.C. 1673b(d)", "CVD": "19 U.S.C. 1671b(d)"}


@dataclasses.dataclass(frozen=True)
class Gap:
    """A gap period: no deposit from `start` until `end` (exclusive; None: open)."""
    start: dt.date
    end: dt.date | None


def with_provisional_end(path, proceeding: Proceeding, prefix: str,
                         warnings: list[str]) -> tuple[Proceeding, Gap | None]:
    """The proceeding with its gap period as a row, its lapsed determinations marked, and
    the gap; unchanged (and None) without provisional measures or when the order came in
    time."""
    dets = list(proceeding.determinations)
    first_at = next((i for i, d in enumerate(dets) if d.provisional), None)
    if first_at is None:
        return proceeding, None
    first = dets[first_at]
    if first.effective is None:
        raise InputError(path, f"'{first.name}' is provisional but has no effective date: "
                               "provisional measures are counted from it",
                         column=f"{prefix}[{first_at + 1}].provisional")
    end, how = _last_day(path, proceeding, first_at, prefix)
    start = end + DAY
    order = next((d for d in dets[first_at + 1:] if not d.provisional), None)
    if order is not None and order.effective <= start:
        return proceeding, None
    why = (f"provisional measures ended {date_text(end)}; its rates apply only while they "
           "last, so none reaches an entry")
    for i, det in enumerate(dets):
        if det.provisional and det.effective and det.effective >= start and (
                order is None or det.effective < order.effective):
            dets[i] = dataclasses.replace(det, lapsed=why)
            warnings.append(f"{proceeding.kind} '{det.name}' ({date_text(det.effective)}) is "
                            f"provisional: {why}")
    if not any(d.effective == start for d in dets):
        gap = Determination(
            GAP_NAME, start, source=how, computed=how, unsourced=first.unsourced,
            note=f"No {proceeding.kind} deposit on entries from {date_text(start)} until "
                 + ("the order" if order is None else f"'{order.name}'")
                 + ": provisional measures have ended.")
        dets.insert(next((i for i, d in enumerate(dets) if d.effective and
                          d.effective > start), len(dets)), gap)
    return dataclasses.replace(proceeding, determinations=tuple(dets)), Gap(
        start, order.effective if order else None)


def _last_day(path, proceeding: Proceeding, first_at: int,
              prefix: str) -> tuple[dt.date, str]:
    """The last day of provisional measures, and how it was found."""
    dets = proceeding.determinations
    first = dets[first_at]
    given = [(i, d) for i, d in enumerate(dets) if d.provisional_end is not None]
    if given:
        i, det = given[0]
        if det.provisional_end < first.effective:
            raise InputError(path, f"provisional_end {det.provisional_end} is before "
                                   f"provisional measures started ({first.effective}, "
                                   f"'{first.name}')",
                             column=f"{prefix}[{i + 1}].provisional_end")
        return det.provisional_end, (f"Last day of provisional measures "
                                     f"{date_text(det.provisional_end)}, as given for "
                                     f"'{det.name}' ({det.source or 'no source given'})")
    months = first.provisional_months or 4
    days = proceeding.kind.provisional_days[months]
    end = first.effective + (days - 1) * DAY
    unsourced = " (counted from a date that is not sourced)" if first.unsourced else ""
    return end, (f"Computed: provisional measures last {months} months "
                 f"({STATUTE[proceeding.kind.code]}), days 1 to {days} counting "
                 f"{date_text(first.effective)} ('{first.name}') as day 1, so the last is "
                 f"{date_text(end)}{unsourced}")


def status_line(case) -> str:
    """The case's state for new entries, in a user's words (Entries, Timeline, About)."""
    latest = [(p, p.latest) for p in case.proceedings]
    if any(d.priced_table is not None for _, d in latest):
        return "New entries owe deposits: " + "; ".join(
            f"{p.kind} {d.name}" + ("" if d.priced_table else " (no deposit)")
            for p, d in latest) + "."
    since = max(d.effective for _, d in latest if d.effective)
    text = f"No deposit is owed on entries from {date_text(since)}."
    refunds = [f"{p.kind}: {refunded_text(p.refunds_from)}" for p, _ in latest
               if p.refunds_from is not None]
    return text + (f" Refundable: {'; '.join(refunds)} (Refundable columns)." if refunds
                   else "")


def refunded_text(since: dt.date) -> str:
    """Which deposits a refund covers, in words (since = date.min: all of them)."""
    return ("every deposit posted" if since == dt.date.min else
            f"deposits on entries from {date_text(since)}")


def with_full_margins(ad: Proceeding, cvd_gap: Gap | None) -> Proceeding:
    """AD priced at the margins, without the subsidy offset, on dates in the CVD gap."""
    if cvd_gap is None or ad.kind is not AD:
        return ad
    dets = ad.determinations
    until = cvd_gap.end or dt.date.max
    how = (f"Computed: the companion CVD case's provisional measures ended, so from "
           f"{date_text(cvd_gap.start)}"
           + (f" until {date_text(cvd_gap.end - DAY)}" if cvd_gap.end else "")
           + " the AD deposit is the weighted-average margin, without the subsidy offset")
    out: list[Determination] = []
    for i, det in enumerate(dets):
        start = det.effective or dt.date.min
        stop = dets[i + 1].effective if i + 1 < len(dets) else dt.date.max
        if det.priced_table is None or stop <= cvd_gap.start or start >= until:
            out.append(det)
            continue
        if start < cvd_gap.start:
            out += [det, dataclasses.replace(_at_margins(
                det, f"{det.name}, at margins (CVD gap)", cvd_gap.start, how), announced=None)]
        else:   # published in the CVD gap: the same determination, at its margins
            out.append(_at_margins(det, det.name, det.effective, det.computed))
        if until < stop:
            again = "Computed: CVD deposits resume, and with them the AD subsidy offset"
            out.append(dataclasses.replace(det, name=f"{det.name}, offset again",
                                           effective=until, announced=None, computed=again,
                                           source=again, note=""))
    return dataclasses.replace(ad, determinations=tuple(out))


def _at_margins(det: Determination, name: str, effective: dt.date | None,
                how: str) -> Determination:
    table = det.table
    rates = [dataclasses.replace(r, cash_deposit_pct=r.margin_pct) for r in table.rates]
    fallback = dataclasses.replace(table.fallback, cash_deposit_pct=table.fallback.margin_pct)
    changed = {"source": how, "note": ""} if how else {}   # a row added here says how
    return dataclasses.replace(det, name=name, effective=effective, full_margins=True,
                               table=type(table)(rates, fallback), computed=how, **changed)
