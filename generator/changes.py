"""What new rates change: an earlier workbook's timelines against the new case, per
determination, and the carried entries priced under both. Pure functions; no files.

A determination of the new case is matched to the old one of the same proceeding and name.
Its rate changes are counted against what the old workbook applied over its period: the same
determination when it was there already, else the old determination in force on its
effective date (so a new final determination is compared with the preliminary it replaces).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .entries import Entry
from .kinds import AD, CVD
from .model import Case, Determination, Proceeding
from .pricing import PricedEntry, ProceedingPricer, price_entry
from .rates import collation_key, match_key, money_sum

ADDED, REMOVED, CHANGED, UNCHANGED = "Added", "Removed", "Changed", "Unchanged"
KIND_ORDER = {CHANGED: 0, ADDED: 1, REMOVED: 2}
MAX_LISTED = 20   # carried entries whose deposit or case number changed, listed on the
                  # command line


@dataclass(frozen=True)
class RateChange:
    """One combination (AD) or company (CVD) added, removed or changed in a determination;
    `entries` counts the carried entries in that determination's period that name it (the
    pair, or the company as exporter or producer), whichever rate they end up at."""
    kind: str
    old: object | None
    new: object | None
    entries: int = 0

    @property
    def rate(self):
        return self.new or self.old


@dataclass
class DeterminationChange:
    proceeding: str                      # its kind's code: "AD" or "CVD"
    status: str                          # ADDED, REMOVED, CHANGED, UNCHANGED
    new: Determination | None            # None: removed
    before: Determination | None         # what the old workbook applied over its period
    number: int = 0                      # in the new timeline (0: removed)
    rates: list[RateChange] = field(default_factory=list)
    entries: int = 0                     # carried entries it prices now
    changed: int = 0                     # of which whose deposit or case number in this
                                         # proceeding changed

    @property
    def name(self) -> str:
        return (self.new or self.before).name

    def of_kind(self, kind: str) -> list[RateChange]:
        return [c for c in self.rates if c.kind == kind]


@dataclass(frozen=True)
class Totals:
    """The carried entries priced under one set of rates, for one proceeding."""
    priced: int       # rows with a rate
    fallback: int     # of which at the fallback rate
    deposit: float    # estimated deposit at entry (USD)
    refundable: float  # of which refundable (USD)


@dataclass(frozen=True)
class EntryChange:
    """A carried entry priced under the old rates and the new. A new case number with the
    same deposit is a change too: the broker files the entry under it."""
    position: int                        # 0-based among the carried entries
    entry: Entry
    before: PricedEntry
    after: PricedEntry
    new_deposit: bool = False            # its deposit at entry changed
    new_case_numbers: tuple[str, ...] = ()   # the kinds ("AD", "CVD") whose case number did


@dataclass
class ChangeReport:
    source: Path
    determinations: list[DeterminationChange]
    entries: int
    changed_entries: list[EntryChange]   # whose deposit at entry or case number changed
    refunded_entries: list[EntryChange]  # whose refundable amount changed (a termination...)
    before: dict[str, Totals]            # by proceeding kind; a kind the old workbook lacked
    after: dict[str, Totals]             # is missing from `before`
    old_generated: str = ""

    @property
    def kinds(self) -> list[str]:
        return list(self.after)

    def total(self, side: dict[str, Totals], amount: str = "deposit") -> float:
        return money_sum(getattr(t, amount) for t in side.values())

    def _before(self, kind: str, amount: str) -> str:
        """An old total as the summary prints it ("-" when the old workbook lacked the
        proceeding)."""
        return money(getattr(self.before[kind], amount)) if kind in self.before else "-"

    @property
    def new_deposits(self) -> list[EntryChange]:
        return [c for c in self.changed_entries if c.new_deposit]

    @property
    def new_case_numbers_only(self) -> list[EntryChange]:
        """The entries whose case number changed while their deposit did not."""
        return [c for c in self.changed_entries if not c.new_deposit]

    def summary_lines(self) -> list[str]:
        lines = [f"Changes since {self.source.name}:"]
        for change in self.determinations:
            lines.append(f"  {change.proceeding} {change.name}: {describe(change)}")
        renumbered = len(self.new_case_numbers_only)
        lines.append(f"Entries carried: {self.entries}; {len(self.new_deposits)} owe a "
                     "different deposit now" + (f", {renumbered} more a new case number (same "
                                                "deposit)" if renumbered else ""))
        for change in self.changed_entries[:MAX_LISTED]:
            lines.append("  " + entry_line(change, self.kinds))
        if len(self.changed_entries) > MAX_LISTED:
            lines.append(f"  ... and {len(self.changed_entries) - MAX_LISTED} more: see the "
                         "Changes sheet")
        lines.append(f"{len(self.refunded_entries)} carried entries have a new refundable "
                     "amount (their deposit at entry is unchanged)" if self.refunded_entries
                     else "No carried entry's refundable amount changed")
        for change in self.refunded_entries[:MAX_LISTED]:
            lines.append("  " + entry_line(change, self.kinds, "refundable"))
        if len(self.refunded_entries) > MAX_LISTED:
            lines.append(f"  ... and {len(self.refunded_entries) - MAX_LISTED} more: see the "
                         "Changes sheet")
        for label, amount in (("Estimated deposits", "deposit"), ("Refundable", "refundable")):
            amounts = [f"{kind} {self._before(kind, amount)} -> "
                       f"{money(getattr(self.after[kind], amount))}" for kind in self.kinds]
            if len(self.kinds) > 1:
                amounts.append(f"total {money(self.total(self.before, amount))} -> "
                               f"{money(self.total(self.after, amount))}")
            lines.append(f"{label}: " + "; ".join(amounts))
        return lines


def money(amount) -> str:
    return "-" if amount == "" else f"${amount:,.2f}"


def pct(value) -> str:
    return f"{value:.2f}%"


def describe(change: DeterminationChange) -> str:
    """One determination's change in words."""
    if change.status == REMOVED:
        return "removed (its period now falls to the determinations around it)"
    det = change.new
    since = f"effective {det.effective}" if det.effective else "in force from the start"
    if change.status == UNCHANGED:
        return f"unchanged ({since})"
    parts = [f"{change.status.lower()} ({since})"]
    if det.priced_table is None:
        parts.append("no deposit in its period")
    else:
        counts = [f"{len(change.of_kind(k))} {k.lower()}" for k in (ADDED, REMOVED, CHANGED)]
        parts.append(f"{'combinations' if change.proceeding == 'AD' else 'companies'} "
                     f"{', '.join(counts)}")
        old = change.before.priced_table.fallback if change.before and change.before.priced_table else None
        new = det.priced_table.fallback
        if old is None:
            parts.append(f"{new.name} {pct(new.cash_deposit_pct)} (no rates before)")
        elif old.cash_deposit_pct != new.cash_deposit_pct:
            parts.append(f"{new.name} {pct(old.cash_deposit_pct)} -> "
                         f"{pct(new.cash_deposit_pct)}")
    parts.append(f"{change.entries} carried entries in its period, {change.changed} with a "
                 "new deposit or case number")
    return "; ".join(parts)


def entry_line(change: EntryChange, kinds: list[str], field: str = "deposit") -> str:
    entry = change.entry
    date = entry.entry_date.isoformat() if hasattr(entry.entry_date, "isoformat") else (
        entry.entry_date or "no date")
    parts = []
    for kind in kinds:
        old, new = _deposit(change.before, kind, field), _deposit(change.after, kind, field)
        parts.append(f"{kind} {field + ' ' if field != 'deposit' else ''}{money(old)} -> "
                     f"{money(new)}")
    if field == "deposit":
        parts += [f"{kind} case number {case_change(change, kind)}"
                  for kind in change.new_case_numbers]
    return f"{entry.entry_number or '(no entry number)'} {date}: " + ", ".join(parts)


def case_change(change: EntryChange, kind: str, arrow: str = " -> ") -> str:
    """A kind's case number on the entry: old, `arrow`, new when it changed."""
    old, new = (_deposit(p, kind, "case_number") for p in (change.before, change.after))
    if kind not in change.new_case_numbers:
        return new
    return f"{old or '(none)'}{arrow}{new or '(none)'}"


def _deposit(priced: PricedEntry, kind: str, field: str = "deposit"):
    result = getattr(priced, kind.lower())
    return "" if result is None else getattr(result, field)


def compare(old: dict[str, Proceeding], case: Case, entries: list[Entry],
            priced: list[PricedEntry], source: Path | str,
            old_generated: str = "") -> ChangeReport:
    """The old workbook's proceedings against the new case's, and the carried entries
    priced under both (`priced`: under the new case, as the workbook shows them)."""
    carried = [(e, p) for e, p in zip(entries, priced) if not e.is_blank()]
    old_ad = ProceedingPricer(old[AD.code])
    old_cvd = ProceedingPricer(old[CVD.code]) if CVD.code in old else None
    before = [price_entry(e, old_ad, old_cvd) for e, _ in carried]
    after = [p for _, p in carried]
    kinds = _kinds(case)
    changes = [EntryChange(i, e, b, a, _differs(b, a, kinds, "deposit"),
                           tuple(k for k in kinds if _deposit(b, k, "case_number")
                                 != _deposit(a, k, "case_number")))
               for i, ((e, a), b) in enumerate(zip(carried, before))]
    changed = [c for c in changes if c.new_deposit or c.new_case_numbers]
    refunded = [c for c in changes if _differs(c.before, c.after, kinds, "refundable")]
    determinations = []
    for proceeding in case.proceedings:   # each counts the entries its own columns moved
        kind = proceeding.kind.code
        moved = {id(c.after) for c in changed
                 if kind in c.new_case_numbers or _differs(c.before, c.after, [kind], "deposit")}
        determinations += _compare_timeline(old.get(kind), proceeding, after, moved)
    return ChangeReport(Path(source), determinations, len(carried), changed, refunded,
                        {k: _totals(before, k) for k in _kinds(case) if k in old},
                        {k: _totals(after, k) for k in _kinds(case)}, old_generated)


def _kinds(case: Case) -> list[str]:
    """The codes of the case's proceedings: "AD", "CVD"."""
    return [p.kind.code for p in case.proceedings]


def _compare_timeline(old: Proceeding | None, new: Proceeding, after: list[PricedEntry],
                      moved: set[int]) -> list[DeterminationChange]:
    kind = new.kind.code
    old_by_name = {d.name: d for d in old.determinations} if old else {}
    changes = []
    for number, det in enumerate(new.determinations, start=1):
        matched = old_by_name.get(det.name)
        before = matched or (_in_force_at(old, det.effective) if old else None)
        rates = _compare_rates(new, before, det, number, after)
        status = (ADDED if matched is None else
                  CHANGED if rates or _timeline_facts(matched) != _timeline_facts(det)
                  else UNCHANGED)
        results = [p for p in after if getattr(p, kind.lower()).number == number]
        changes.append(DeterminationChange(kind, status, det, before, number, rates,
                                           len(results),
                                           sum(1 for p in results if id(p) in moved)))
    names = {d.name for d in new.determinations}
    changes += [DeterminationChange(kind, REMOVED, None, d) for d in
                (old.determinations if old else ()) if d.name not in names]
    return changes


def _timeline_facts(det: Determination) -> tuple:
    fallback = det.priced_table.fallback if det.priced_table else None
    return (det.effective, det.priced_table is None,
            fallback and (fallback.name, fallback.margin_pct, fallback.cash_deposit_pct,
                          fallback.case_number))


def _in_force_at(proceeding: Proceeding, date: dt.date | None) -> Determination | None:
    number = ProceedingPricer(proceeding).number_on(date or dt.date.min)
    return proceeding.determinations[number - 1] if number >= 1 else None


def _compare_rates(new: Proceeding, before: Determination | None, det: Determination,
                   number: int,
                   after: list[PricedEntry]) -> list[RateChange]:
    """Rates added, removed and changed (matched by lookup key, as the workbook matches)."""
    if det.priced_table is None:
        return []
    old_by_key = {match_key(r.key): r for r in before.priced_table.rates} if (
        before and before.priced_table) else {}
    new_by_key = {match_key(r.key): r for r in det.priced_table.rates}
    uses = _uses(new, number, after, set(new_by_key))
    changes = [RateChange(ADDED, None, r, uses.get(k, 0))
               for k, r in new_by_key.items() if k not in old_by_key]
    changes += [RateChange(REMOVED, r, None, uses.get(k, 0))
                for k, r in old_by_key.items() if k not in new_by_key]
    changes += [RateChange(CHANGED, r, new_by_key[k], uses.get(k, 0))
                for k, r in old_by_key.items()
                if k in new_by_key and r.values != new_by_key[k].values]
    changes.sort(key=lambda c: (KIND_ORDER[c.kind], collation_key(c.rate.key)))
    return changes


def _uses(proceeding: Proceeding, number: int, after: list[PricedEntry],
          listed: set[str]) -> dict[str, int]:
    """How many carried entries priced by determination `number` name each pair (else the
    exporter, for its rate for any producer) or company, by matching key (`listed`: the
    determination's keys)."""
    counts: dict[str, int] = {}
    for priced in after:
        result = getattr(priced, proceeding.kind.prefix)
        if result.number != number:
            continue
        pair = f"{priced.exporter_key}|{priced.producer_key}"
        keys = ([pair if match_key(pair) in listed else f"{priced.exporter_key}|"]
                if proceeding.rule.by_pair else
                list(dict.fromkeys(k for k in (priced.exporter_key, priced.producer_key) if k)))
        for key in keys:
            counts[match_key(key)] = counts.get(match_key(key), 0) + 1
    return counts


def _totals(results: list[PricedEntry], kind: str) -> Totals:
    side = [getattr(p, kind.lower()) for p in results]
    priced = [r for r in side if r is not None and r.rate != ""]
    return Totals(len(priced), sum(1 for r in priced if r.row == 0),
                  money_sum(r.deposit for r in side if r is not None),
                  money_sum(r.refundable for r in side if r is not None))


def _differs(before: PricedEntry, after: PricedEntry, kinds: list[str], field: str) -> bool:
    return any(not _same(_deposit(before, k, field), _deposit(after, k, field)) for k in kinds)


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and abs(a - b) < 0.005)


def carry_summary(source: str, entries: list[Entry], priced: list[PricedEntry],
                  case: Case) -> str:
    """One line for entries carried from files without old rates (a CSV): `source` names
    them ("broker.csv", "3 files")."""
    carried = [p for e, p in zip(entries, priced) if not e.is_blank()]
    parts = []
    for proceeding in case.proceedings:
        totals = _totals(carried, proceeding.kind.code)
        parts.append(f"{proceeding.kind}: {totals.priced} with a rate, {totals.fallback} of "
                     f"them at the {proceeding.fallback_name} rate, estimated deposit "
                     f"{money(totals.deposit)}")
    return f"Entries carried from {source}: {len(carried)}; " + "; ".join(parts)
