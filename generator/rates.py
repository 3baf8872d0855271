"""The rate rule in plain Python: the reference the workbook formulas must agree with.

Names are compared the way the workbook's formulas compare them, `LOWER(TRIM(name))`:
TRIM removes outer spaces and collapses inner runs of spaces (character 32 only), LOWER
lowers as LibreOffice does, and = and MATCH find a few more letters equal (`match_key`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

KEY_SEPARATOR = "|"  # between exporter and producer in a lookup key; refused in rate names
# MATCH reads * ? ~ in a key as wildcards (docs/rules.md), so keys spell them out with ¦ (itself
# doubled first): a key never holds a wildcard, and two names share a key only if equal (or
# equal but for ı and i, below).
KEY_ESCAPES = (("\u00a6", "\u00a6\u00a6"), ("~", "\u00a6t"), ("*", "\u00a6s"), ("?", "\u00a6q"),
               # ı: LibreOffice's = finds it equal to i, but "<" sorts it apart, so a binary
               # search for "kımya" misses "kimya" (measured): keys spell it i.
               ("\u0131", "i"))

# Why an entry gets its rate, numbered as the Basis Codes count (per determination; About
# lists them): the rule on exporter/producer pairs (and exporters for any producer), and the
# rule on companies (generator/kinds.py).
LISTED, PRODUCER_MISSING, EXPORTER_MISSING, EXPORTER_ONLY, PAIR_NOT_LISTED = 1, 2, 3, 4, 5
EXPORTER_ROW = 6
EXPORTER_RATE, PRODUCER_RATE, ALL_OTHERS = 1, 2, 3

_SPACES = re.compile(" +")


def excel_trim(text: str) -> str:
    """TRIM as Excel and LibreOffice compute it."""
    return _SPACES.sub(" ", text.strip(" "))


def excel_lower(text: str) -> str:
    """LOWER as LibreOffice computes it: Python's lower() (final sigma included), except
    that İ stays İ (lower() would give two characters)."""
    if "\u0130" not in text:
        return text.lower()
    return "\u0130".join(part.lower() for part in text.split("\u0130"))


# Letters that LibreOffice's = and MATCH find equal although LOWER keeps them apart
# (measured on LibreOffice 7.4; tests/test_property_lookup.py keeps it honest).
_LOOK_ALIKE = {"\u03c2": "\u03c3", "\u017f": "s", "\u00b5": "\u03bc",
               "\u0149": "\u02bcn"}  # ς σ, ſ s, µ μ, ŉ ʼn (ı i: keys spell ı as i)
_SPREADSHEET_EQUAL = str.maketrans(_LOOK_ALIKE)
LOOK_ALIKE_LETTERS = "".join(_LOOK_ALIKE)  # "<" still orders these apart from their twins


def match_key(key: str) -> str:
    """A lookup key as the spreadsheet compares it: two keys match when these are equal."""
    return key.translate(_SPREADSHEET_EQUAL)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The normalized form of a company name, as `LOWER(TRIM(name))` gives it."""
    return excel_lower(excel_trim(name))


def escape_key(key: str) -> str:
    for char, code in KEY_ESCAPES:
        key = key.replace(char, code)
    return key


# A name's loose key: its key (list_key) with spaces, punctuation, parentheses and the usual
# spellings of "Co., Ltd" and "&" set aside. Two names with one loose key but different keys
# are close but not equal (generator/names.py). Each step is one SUBSTITUTE in the workbook,
# applied in this order to the key cell (short: every entry row computes two). The key spells
# * ? ~ out (¦s ¦q ¦t), so they stay as written.
LOOSE_STEPS = ((" ", ""), (".", ""), (",", ""), ("(", ""), (")", ""), ("-", ""), ("'", ""),
               ("&", "and"), ("company", "co"), ("limited", "ltd"))


def loose_key(name: str) -> str:
    """The loose key, as the workbook's formula computes it from the name's key."""
    key = list_key(name)
    for old, new in LOOSE_STEPS:
        key = key.replace(old, new)
    return key


def list_key(name: str) -> str:
    """A name's key in the Rates sheet's sorted lists of exporters and producers."""
    return escape_key(name_key(name))


def pair_key(exporter: str, producer: str) -> str:
    """The lookup key of a combination, as the rates sheet computes it (after its "n|"
    determination number)."""
    return escape_key(name_key(exporter) + KEY_SEPARATOR + name_key(producer))


# Spreadsheets sort text with a locale collation (ICU's in LibreOffice): spaces, then
# punctuation in this order, then digits, then letters, accents and case second.
_PUNCTUATION_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|\u00a6~$"
# Letters that do not decompose but sort as their base letter(s) (measured in LibreOffice).
_BASE_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t",
                 "æ": "ae", "œ": "oe"}
_COLLATION = str.maketrans({**{c: chr(1 + i) for i, c in enumerate(_PUNCTUATION_ORDER)},
                            **_BASE_LETTERS})


def collation_key(key: str) -> tuple[str, str]:
    """Sort order close to a spreadsheet's text collation. It only speeds up the workbook's
    binary search: the formulas confirm every hit and fall back to an exact match, so no
    order gives a wrong rate."""
    base = key if key.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return base.casefold().translate(_COLLATION), key


def round_cents(amount: float) -> float:
    """ROUND(amount, 2) as spreadsheets do it: half away from zero on the decimal value
    shown to 15 significant digits (so 2.675 rounds to 2.68, unlike Python's round)."""
    return float(Decimal(f"{amount:.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def money_sum(amounts) -> float:
    """The sum of amounts in cents, added as decimals (floats would carry noise such as
    96989.61000000002 into a cached total); blanks ("") skipped."""
    return float(sum((Decimal(repr(a)) for a in amounts if a != ""), Decimal(0)))


def pct_to_fraction(pct: Decimal) -> float:
    """93.50 (percent as printed) -> 0.935, the nearest float to the exact quotient."""
    return float(pct / 100)


class Percentages:
    """Percent as printed (93.50) -> the fraction a cell holds (0.935)."""
    margin_pct: Decimal | None
    cash_deposit_pct: Decimal
    case_number: str

    @property
    def values(self) -> tuple:
        """What the rate says (two listings are the same rate when these are equal)."""
        return self.margin_pct, self.cash_deposit_pct, self.case_number

    @property
    def cash_deposit(self) -> float:
        return pct_to_fraction(self.cash_deposit_pct)

    @property
    def margin(self) -> float | None:
        return None if self.margin_pct is None else pct_to_fraction(self.margin_pct)


@dataclass(frozen=True)
class Rate(Percentages):
    """An AD rate: one exporter/producer combination; a blank producer is the exporter's
    rate for any producer."""
    exporter: str
    producer: str
    margin_pct: Decimal
    cash_deposit_pct: Decimal
    case_number: str = ""

    @property
    def key(self) -> str:
        return pair_key(self.exporter, self.producer)

    @property
    def any_producer(self) -> bool:
        """An exporter's rate for goods of any producer (its producer is blank)."""
        return not excel_trim(self.producer)

    @property
    def names(self) -> tuple[str, str]:
        return self.exporter, self.producer


@dataclass(frozen=True)
class CompanyRate(Percentages):
    """A company's rate (CVD, and AD in market-economy cases, with a margin), whether it
    exports or produces the goods."""
    company: str
    cash_deposit_pct: Decimal
    case_number: str = ""
    margin_pct: Decimal | None = None

    @property
    def key(self) -> str:
        return list_key(self.company)

    @property
    def names(self) -> tuple[str]:
        return (self.company,)


@dataclass(frozen=True)
class Fallback(Percentages):
    """The rate for every exporter/producer not listed: the country-wide entity, or All
    Others. A CVD fallback has no margin."""
    name: str
    margin_pct: Decimal | None
    cash_deposit_pct: Decimal
    case_number: str = ""
    note: str = ""


@dataclass(frozen=True)
class Lookup:
    """What a table's rule gives one entry: the listed rate that applies (None: the
    fallback) and why (a reason number above)."""
    rate: Rate | CompanyRate | None
    reason: int


class RateTable:
    """The combinations in lookup order (sorted by key), and the rule that picks one: the
    listed pair, else the exporter's row for any producer, else the fallback."""


    def __init__(self, rates: list[Rate], fallback: Fallback) -> None:
        self.rates = sorted(rates, key=lambda r: collation_key(r.key))
        self.fallback = fallback
        self._by_key = {match_key(r.key): r for r in self.rates}
        self._exporters = {match_key(list_key(r.exporter)) for r in self.rates}
        self.has_exporter_rows = any(r.any_producer for r in self.rates)

    def __len__(self) -> int:
        return len(self.rates)

    def exporters(self) -> list[str]:
        """Distinct exporter names, for the entry sheet's dropdown."""
        return distinct_sorted(r.exporter for r in self.rates)

    def producers(self) -> list[str]:
        return distinct_sorted(r.producer for r in self.rates if not r.any_producer)

    def lookup(self, exporter: str | None, producer: str | None) -> Lookup | None:
        """The rate for an exporter/producer pair; None for a blank row."""
        exporter, producer = exporter or "", producer or ""
        if not excel_trim(exporter) and not excel_trim(producer):
            return None
        rate = self._by_key.get(match_key(pair_key(exporter, producer)))
        if rate is None and excel_trim(exporter):
            rate = self._by_key.get(match_key(pair_key(exporter, "")))
        if rate is not None:
            return Lookup(rate, EXPORTER_ROW if rate.any_producer else LISTED)
        return Lookup(None, self._fallback_reason(exporter, producer))

    def _fallback_reason(self, exporter: str, producer: str) -> int:
        if not excel_trim(producer):
            return PRODUCER_MISSING
        if not excel_trim(exporter):
            return EXPORTER_MISSING
        if match_key(list_key(exporter)) in self._exporters:
            return EXPORTER_ONLY
        return PAIR_NOT_LISTED


class CompanyRateTable:
    """Rates per company: the exporter's rate, else the producer's, else the fallback."""
    has_exporter_rows = False

    def __init__(self, rates: list[CompanyRate], fallback: Fallback) -> None:
        self.rates = sorted(rates, key=lambda r: collation_key(r.key))
        self.fallback = fallback
        self._by_key = {match_key(r.key): r for r in self.rates}

    def __len__(self) -> int:
        return len(self.rates)

    def exporters(self) -> list[str]:
        return distinct_sorted(r.company for r in self.rates)

    producers = exporters

    def lookup(self, exporter: str | None, producer: str | None) -> Lookup | None:
        exporter, producer = exporter or "", producer or ""
        if not excel_trim(exporter) and not excel_trim(producer):
            return None
        for name, reason in ((exporter, EXPORTER_RATE), (producer, PRODUCER_RATE)):
            rate = self._by_key.get(match_key(list_key(name))) if excel_trim(name) else None
            if rate is not None:
                return Lookup(rate, reason)
        return Lookup(None, ALL_OTHERS)


def distinct_sorted(names) -> list[str]:
    first_spelling: dict[str, str] = {}
    for name in names:
        first_spelling.setdefault(list_key(name), name)
    return sorted(first_spelling.values(), key=lambda n: collation_key(list_key(n)))
