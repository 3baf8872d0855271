"""Price every entry once, before any sheet is written: what each formula column of the
Entries sheet must show, computed in plain Python by the same rule. The writers render these
values as the formulas' cached results; the change report and the command's summary read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entries import Entry
from .model import Case
from .rates import BASES, RateTable, pair_key, round_cents


@dataclass(frozen=True)
class EntryResult:
    """The formula columns of one row, as the reference computes them ("" is blank)."""
    lookup_key: str
    rate_row: int | str
    basis_code: int | str  # 1-based position of rate_basis in rates.BASES
    cash_deposit_rate: float | str
    rate_basis: str
    ad_case_number: str
    deposit: float | str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


BLANK_RESULT = EntryResult("", "", "", "", "", "", "")


def compute_entry(entry: Entry, table: RateTable) -> EntryResult:
    """The reference of the entry sheet's formulas for one row."""
    found = table.lookup(entry.exporter, entry.producer)
    if found is None:
        return BLANK_RESULT
    value = entry.entered_value
    deposit = "" if value in (None, "") else round_cents(float(value) * found.cash_deposit)
    return EntryResult(pair_key(entry.exporter or "", entry.producer or ""), found.row,
                       BASES.index(found.basis) + 1, found.cash_deposit,
                       found.basis, found.case_number, deposit)


def price_entries(case: Case, entries: list[Entry]) -> list[EntryResult]:
    """Every entry row priced under the case (blank rows get blank results)."""
    return [BLANK_RESULT if e.is_blank() else compute_entry(e, case.rates) for e in entries]
