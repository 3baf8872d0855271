"""What the reader gives: a `Message` with its `Rate` rows and `Deactivated` case numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

KINDS = ("cash deposits", "provisional measures ended", "gap period", "terminated", "revoked",
         "liquidation", "other")


@dataclass(frozen=True)
class Rate:
    """One rate row, names exactly as written (a line break inside a name becomes one space).
    `company` is a "Producer and/or Exporter:" or "Company:" name (also a bare "All Others");
    `exporter` and `producer` come from "Exporter:" and "Producer:"/"Manufacturer:". `fallback`
    marks the country-wide or All Others row (a -000 case number); `rate_text` is the rate as
    written; `line` is the line of the text where the row starts."""
    exporter: str | None
    producer: str | None
    company: str | None
    case_number: str | None
    cash_deposit_pct: Decimal  # in a liquidation message, the assessment rate
    country: str | None = None  # a third country ("Japan" for C-588-195-001), else None
    fallback: bool = False
    rate_text: str = ""
    line: int = 0


@dataclass(frozen=True)
class Deactivated:
    """A case number a note deactivates or inactivates. `company` is the name the note is about,
    `entered_under` the case number the note sends its entries to, `to_country_wide` whether
    that (or the row's own number) is the country-wide -000."""
    case_number: str
    company: str | None
    entered_under: str | None
    to_country_wide: bool


@dataclass(frozen=True)
class Message:
    """What one message says.

    `kind` is one of KINDS. `effective`: the first entry date its rule applies to ("on or
    after"; "Effective DATE, CBP shall require a cash deposit" wins over a suspension date); for a
    termination or revocation, the publication (`published`) that ends deposits. `refunds_from`:
    the first entry date whose deposits are refunded, or "start" (every deposit of the
    proceeding); for a gap, the start of `period`. `period`: a gap or liquidation window (first
    day, last day). `provisional_end`: the last day of provisional measures, where the message
    says it. `in_part`: a termination or revocation of part of the case only. `unread`: text cut
    off at the end (a row, value or rate that may be incomplete), never read as a row."""
    message: str | None
    corrects: str | None
    kind: str
    case_numbers: tuple[str, ...]
    federal_register: str | None
    published: date | None
    effective: date | None
    period: tuple[date, date] | None
    refunds_from: date | str | None
    provisional_end: date | None
    in_part: bool
    rates: tuple[Rate, ...]
    deactivated: tuple[Deactivated, ...]
    unread: tuple[str, ...]
