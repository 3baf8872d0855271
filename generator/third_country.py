"""Third-country case numbers: goods completed in a third country from the case's merchandise
have case numbers of their own (C-588-195-001 for Japan beside C-570-195-001), with the rate of
the company that supplied them. A determination may name them in `third_country_rates`, a file
`country,company,cash_deposit_pct,case_number`; the rates sheets list them. They do not price
entries: pricing by country of origin is a later step."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .data_files import case_number, company_name, csv_rows, percent
from .errors import InputError
from .rates import name_key

COLUMNS = ("country", "company", "cash_deposit_pct", "case_number")


@dataclass(frozen=True)
class ThirdCountryRate:
    country: str
    company: str
    cash_deposit_pct: Decimal
    case_number: str

    @property
    def cash_deposit(self) -> float:
        return float(self.cash_deposit_pct / 100)


def read_third_country(path: Path) -> tuple[ThirdCountryRate, ...]:
    """The rows of a third-country file, each (country, company) once, each with its case
    number; every problem names the file, line and column."""
    rows: list[ThirdCountryRate] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in csv_rows(path, list(COLUMNS)):
        rate = ThirdCountryRate(
            company_name(path, line, "country", row["country"]),
            company_name(path, line, "company", row["company"]),
            percent(path, line, "cash_deposit_pct", row["cash_deposit_pct"]),
            case_number(path, line, "case_number", row["case_number"]))
        if not rate.case_number:
            raise InputError(path, "blank; a third-country row gives its case number, e.g. "
                                   "C-588-195-001", line=line, column="case_number")
        key = (name_key(rate.country), name_key(rate.company))
        if key in seen:
            raise InputError(path, f"{rate.company} ({rate.country}) is listed again (first on "
                                   f"line {seen[key]}; names match ignoring case and spaces)",
                             line=line, column="company")
        seen[key] = line
        rows.append(rate)
    if not rows:
        raise InputError(path, "no third-country rows listed")
    return tuple(rows)
