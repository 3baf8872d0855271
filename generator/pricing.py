"""Price every entry once, before any sheet is written: what each formula column of the
Entries sheet must show, computed in plain Python by the rule the formulas follow
(docs/rules.md). The writers render these values as the formulas' cached results; the change
report and the command's summary read them.

Per proceeding (AD, and CVD when the case has one), an entry is priced by the determination
in force on its Entry Date: the last one whose effective date is on or before it. A blank
date takes the latest determination; a date that is not a date gets no rate; a date before
the first determination, or in a period without rates, owes no deposit.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from operator import attrgetter

from .entries import Entry
from .names import Alias, NearGroup, note_for, spelled_as
from .kinds import KINDS
from .model import Case, Determination, Proceeding, date_text
from .rates import EXPORTER_RATE, collation_key, list_key, loose_key, match_key, round_cents

UNSOURCED = "not sourced"
NOT_A_DATE, BEFORE_FIRST = -1, 0        # determination numbers that are not a determination
# Basis codes: 1 and 2 for the two numbers above, then one block of reasons per
# determination, in the order of its number (Basis Code = 2 + reasons * (n - 1) + reason,
# where reasons is the kind's reason_count; the last reason of a block: no rates in force).
GLOBAL_CODES = 2
EXCEL_EPOCH = dt.date(1899, 12, 30)     # day 0 of a spreadsheet date serial
NEVER = 2_958_466                       # the serial after December 31, 9999: no refund
NO_VALUE = "; no value: no deposit computed"   # added to the basis of an entry without one


def numbered_key(number: int, key: str) -> str:
    """A rate's key in the Rates sheet's search column: its determination number first."""
    return f"{number}|{key}"


@dataclass(frozen=True, slots=True)
class ProceedingResult:
    """One proceeding's columns for one entry row ("" is blank). `number` is the
    determination in force (NOT_A_DATE, BEFORE_FIRST, or 1..n), `row` the matched row of
    the Rates sheet's table (0: the fallback; "": no rate), `code` the Basis Code."""
    number: int | str = ""
    exporter_row: int | str = ""   # CVD: the exporter's row, 0 when not listed
    row: int | str = ""
    code: int | str = ""
    determination: str = ""
    rate: float | str = ""
    basis: str = ""
    case_number: str = ""
    deposit: float | str = ""
    refundable: float | str = ""   # of the deposit, what a termination or revocation refunds
    unsourced: bool = False        # priced by a determination whose date is not sourced


BLANK = ProceedingResult()


@dataclass(frozen=True, slots=True)
class PricedEntry:
    exporter_key: str
    producer_key: str
    ad: ProceedingResult
    cvd: ProceedingResult | None
    total_deposit: float | str
    exporter_loose: str = ""
    producer_loose: str = ""
    name_note: str = ""


def blank_entry(case: Case) -> PricedEntry:
    """What a blank row shows (CVD columns only when the case has a CVD case)."""
    return BLANK_WITH_CVD if case.cvd else BLANK_WITHOUT_CVD


BLANK_WITH_CVD = PricedEntry("", "", BLANK, BLANK, "")
BLANK_WITHOUT_CVD = PricedEntry("", "", BLANK, None, "")


def column_value(key: str):
    """A function giving column `key`'s value of a PricedEntry: `ad_rate` is `.ad.rate`."""
    prefix, _, field = key.partition("_")
    return attrgetter(f"{prefix}.{field}" if prefix.upper() in KINDS else key)


def refund_serial(proceeding: Proceeding) -> int:
    """The date serial from which the proceeding's deposits are refundable, as the Timeline
    holds it for the Refundable formulas: 0 every deposit, NEVER none."""
    refunds = proceeding.refunds_from
    if refunds is None:
        return NEVER
    return 0 if refunds == dt.date.min else (refunds - EXCEL_EPOCH).days


def date_serial(value) -> int:
    """An Entry Date as the formulas compare it with a date: its serial, 0 when blank."""
    date = date_number(value)
    return 0 if date is None else (date - EXCEL_EPOCH).days


def date_number(value) -> dt.date | None:
    """An Entry Date as a date, None when it is not a date (text typed by hand, TRUE...)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return EXCEL_EPOCH + dt.timedelta(days=int(value // 1))
    return None


class ProceedingPricer:
    """The rule of one proceeding, with the lists the workbook reads: determination labels,
    Basis texts, and the rows of its Rates table in the workbook's search order."""

    def __init__(self, proceeding: Proceeding) -> None:
        self.proceeding = proceeding
        self.kind = proceeding.kind
        self.rule = proceeding.rule
        self.reasons = self.rule.reason_count
        dets = proceeding.determinations
        self._starts = [d.effective or dt.date.min for d in dets]
        self.labels = determination_labels(proceeding)
        self.basis = basis_texts(proceeding)
        self.rows = sorted_rates(proceeding)
        self._refunds_from = refund_serial(proceeding)
        self._row_of = {(n, match_key(rate.key)): i
                        for i, (n, rate) in enumerate(self.rows, start=1)}

    def number_on(self, entry_date) -> int:
        """The determination in force on `entry_date` (1-based), or NOT_A_DATE or
        BEFORE_FIRST; a blank date takes the latest."""
        if entry_date is None or entry_date == "":
            return len(self._starts)
        date = date_number(entry_date)
        if date is None:
            return NOT_A_DATE
        return bisect.bisect_right(self._starts, date)

    def price(self, entry: Entry) -> ProceedingResult:
        result = self._price(entry)
        if result.deposit == "":
            return result
        serial = date_serial(entry.entry_date)
        return replace(result, refundable=result.deposit if serial >= self._refunds_from
                       else 0.0)

    def _price(self, entry: Entry) -> ProceedingResult:
        number = self.number_on(entry.entry_date)
        label = self.labels[0 if entry.entry_date in (None, "") else number + 2]
        if number < 1:
            return ProceedingResult(number, code=GLOBAL_CODES + number, determination=label,
                                    basis=self.basis[GLOBAL_CODES + number - 1],
                                    deposit="" if number == NOT_A_DATE else _owed(entry, 0.0))
        det = self.proceeding.determinations[number - 1]
        table = det.priced_table
        block = GLOBAL_CODES + self.reasons * (number - 1)
        if table is None:
            code = block + self.reasons
            return ProceedingResult(number, code=code, determination=label,
                                    basis=self.basis[code - 1], deposit=_owed(entry, 0.0),
                                    unsourced=det.unsourced)
        found = table.lookup(entry.exporter, entry.producer)
        rate = found.rate or table.fallback
        row = self._row_of[(number, match_key(found.rate.key))] if found.rate else 0
        exporter_row = "" if self.rule.by_pair else (row if found.reason == EXPORTER_RATE else 0)
        code = block + found.reason
        return ProceedingResult(number, exporter_row, row, code, label, rate.cash_deposit,
                                self.basis[code - 1], rate.case_number,
                                _owed(entry, rate.cash_deposit), unsourced=det.unsourced)


def _base(entry: Entry):
    """The Subject Merchandise Value, else the Entered Value; None without a value."""
    base = entry.subject_value if entry.subject_value not in (None, "") else entry.entered_value
    return None if base in (None, "") else base


def _owed(entry: Entry, rate: float) -> float | str:
    """The deposit at `rate` on the value (`_base`), to cents; blank without a value."""
    base = _base(entry)
    return "" if base is None else round_cents(float(base) * rate)


def price_entries(case: Case, entries: list[Entry]) -> list[PricedEntry]:
    """Every entry row priced under the case (blank rows get blank results)."""
    ad = ProceedingPricer(case.ad)
    cvd = ProceedingPricer(case.cvd) if case.cvd else None
    notes = NameNotes(case.near, case.aliases)
    return [price_entry(e, ad, cvd, notes) for e in entries]


class NameNotes:
    """What each Rate Basis adds for an entry: no value, and its names' aliases and near
    misses (generator/names.py), as the Name Note helper column computes them."""

    def __init__(self, near: list[NearGroup], aliases: list[Alias]) -> None:
        self.groups = {g.key: g for g in near}
        self.aliases = spelled_as(aliases)

    def __call__(self, entry: Entry) -> str:
        return (NO_VALUE if _base(entry) is None else "") + "".join(
            note_for(role, getattr(entry, role), self.groups, self.aliases)
            for role in ("exporter", "producer"))


def price_entry(entry: Entry, ad: ProceedingPricer, cvd: ProceedingPricer | None,
                notes: NameNotes | None = None) -> PricedEntry:
    exporter_key, producer_key = list_key(entry.exporter or ""), list_key(entry.producer or "")
    if not exporter_key and not producer_key:
        return BLANK_WITH_CVD if cvd else BLANK_WITHOUT_CVD
    note = notes(entry) if notes else ""
    ad_result, cvd_result = (_noted(p.price(entry), note) if p else None for p in (ad, cvd))
    deposits = [ad_result.deposit] + ([cvd_result.deposit] if cvd_result else [])
    total = "" if "" in deposits else round_cents(sum(deposits))
    return PricedEntry(exporter_key, producer_key, ad_result, cvd_result, total,
                       loose_key(entry.exporter or ""), loose_key(entry.producer or ""), note)


def _noted(result: ProceedingResult, note: str) -> ProceedingResult:
    return replace(result, basis=result.basis + note) if note else result


def sorted_rates(proceeding: Proceeding) -> list[tuple[int, object]]:
    """(determination number, rate) of every determination's table, in the order of the
    Rates sheet's search column (numbered keys, sorted as a spreadsheet sorts text)."""
    rows = [(n, rate) for n, det in enumerate(proceeding.determinations, start=1)
            if det.priced_table is not None for rate in det.priced_table.rates]
    return sorted(rows, key=lambda nr: collation_key(numbered_key(nr[0], nr[1].key)))


def sorted_exporters(proceeding: Proceeding) -> list[tuple[int, str]]:
    """(determination number, exporter) once per determination: the AD exporter-only test
    searches these, sorted as the Rates sheet lists them."""
    rows = {(n, match_key(list_key(r.exporter))): (n, r.exporter)
            for n, det in enumerate(proceeding.determinations, start=1)
            if det.priced_table is not None for r in det.priced_table.rates}
    return sorted(rows.values(), key=lambda ne: collation_key(numbered_key(ne[0],
                                                                           list_key(ne[1]))))


def determination_labels(proceeding: Proceeding) -> list[str]:
    """What the Determination column shows: index 1 for a blank Entry Date (the latest),
    2 not a date, 3 before the first, then each determination's name (index n + 3)."""
    return [f"{proceeding.latest.name} (no entry date: latest)",
            "(Entry Date is not a date)",
            f"(before the first {proceeding.kind} determination)",
            *(d.name for d in proceeding.determinations)]


def basis_texts(proceeding: Proceeding) -> list[str]:
    """Every Rate Basis text of a proceeding, in Basis Code order."""
    first = proceeding.determinations[0]
    since = f", in force from {date_text(first.effective)}" if first.effective else ""
    if first.unsourced:
        since += f" (its announcement: the publication date is {UNSOURCED})"
    texts = ["No rate: the Entry Date is not a date",
             f"No deposit: entered before the first determination in the data{since}"]
    for det in proceeding.determinations:
        texts += _reason_texts(proceeding, det)
    return texts


def _reason_texts(proceeding: Proceeding, det: Determination) -> list[str]:
    """The Rate Basis texts of one determination, by reason; each says when the deposit
    is at the margin (the CVD gap) or depends on a date that is not sourced."""
    no_deposit = f"No deposit: {det.name}" + (" (provisional measures had ended)"
                                              if det.lapsed else "")
    if det.priced_table is None:
        texts = [no_deposit] * proceeding.rule.reason_count
    else:
        texts = proceeding.rule.rate_texts(det.priced_table.fallback.name)
        if det.full_margins:
            texts = [f"{text}, at the margin: no subsidy offset in the CVD gap"
                     for text in texts]
        if not proceeding.kind.determination_column:   # then the basis names it
            texts = [f"{text} ({det.name})" for text in texts]
        texts.append(no_deposit)
    if det.unsourced:
        texts = [f"{text} [date {UNSOURCED}]" for text in texts]
    return texts
