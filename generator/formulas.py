"""Every formula in the workbook, built from named parts in one place.

Only functions that Excel 2010+ and LibreOffice 7.4 share. A formula is the same all the way
down its column: each builder takes the row number and nothing else varies.

The lookup (DOMAIN.md): an entry's key is LOWER(TRIM(exporter)) & "|" & LOWER(TRIM(producer)),
the Rates sheet holds the same key per combination, sorted. The rate row is found by binary
search, MATCH(key, Rate_Key, 1), confirmed by an equality test; when the test fails (not
listed, or the spreadsheet's collation orders the keys differently from the sort), an exact
MATCH with the wildcards * ? ~ escaped decides. So no text a user types acts as a wildcard,
and no collation can return a wrong row.
"""

from __future__ import annotations

from .rates import KEY_SEPARATOR
from .rates import EXPORTER_MISSING, EXPORTER_ONLY, LISTED, PAIR_NOT_LISTED, PRODUCER_MISSING
from .templates import SheetTemplate

# Defined names (workbook scope) that formulas use.
RATE_KEY = "Rate_Key"
RATE_EXPORTER_KEY = "Rate_Exporter_Key"
RATE_CASH_DEPOSIT = "Rate_Cash_Deposit"
RATE_CASE_NUMBER = "Rate_Case_Number"
CHINA_WIDE_CASH_DEPOSIT = "China_Wide_Cash_Deposit"
CHINA_WIDE_CASE_NUMBER = "China_Wide_Case_Number"


def text(value: str) -> str:
    """A string literal in a formula."""
    return '"' + value.replace('"', '""') + '"'


def name_key(ref: str) -> str:
    return f"LOWER(TRIM({ref}))"


def is_blank(ref: str) -> str:
    return f'TRIM({ref})=""'


def escape_wildcards(expr: str) -> str:
    """The text of `expr` as a MATCH criterion that matches only itself."""
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({expr},"~","~~"),"*","~*"),"?","~?")'


def exact_match(expr: str, names: str) -> str:
    return f"MATCH({escape_wildcards(expr)},{names},0)"


def pair_key(exporter_ref: str, producer_ref: str) -> str:
    return f"{name_key(exporter_ref)}&{text(KEY_SEPARATOR)}&{name_key(producer_ref)}"


def rate_key(exporter_ref: str, producer_ref: str) -> str:
    """The Rates sheet's lookup key of one combination."""
    return "=" + pair_key(exporter_ref, producer_ref)


def exporter_key(exporter_ref: str) -> str:
    return "=" + name_key(exporter_ref)


_ROW = "\x00"  # stands for the row number in a formula template


class EntryFormulas:
    """The formulas of one Entries row, by column key."""

    def __init__(self, layout: SheetTemplate) -> None:
        self.col = {c.key: c.letter for c in layout.columns}

    def column_formula(self, key: str):
        """The formula of column `key` as a function of the row number, built once."""
        template = getattr(self, key)(_ROW)
        return lambda row: template.replace(_ROW, str(row))

    def ref(self, key: str, row: int | str) -> str:
        return f"{self.col[key]}{row}"

    def lookup_key(self, row: int) -> str:
        exporter, producer = self.ref("exporter", row), self.ref("producer", row)
        return (f'=IF(AND({is_blank(exporter)},{is_blank(producer)}),"",'
                f"{pair_key(exporter, producer)})")

    def rate_row(self, row: int) -> str:
        key = self.ref("lookup_key", row)
        nearest = f"MATCH({key},{RATE_KEY},1)"
        confirmed = f"IFERROR(INDEX({RATE_KEY},{nearest})={key},FALSE)"
        exact = f"IFERROR({exact_match(key, RATE_KEY)},0)"
        return f'=IF({key}="","",IF({confirmed},{nearest},{exact}))'

    def cash_deposit_rate(self, row: int) -> str:
        return self._by_rate_row(row, f"INDEX({RATE_CASH_DEPOSIT},{{r}})", CHINA_WIDE_CASH_DEPOSIT)

    def ad_case_number(self, row: int) -> str:
        return self._by_rate_row(row, f'INDEX({RATE_CASE_NUMBER},{{r}})&""',
                                 CHINA_WIDE_CASE_NUMBER)

    def rate_basis(self, row: int) -> str:
        exporter, producer = self.ref("exporter", row), self.ref("producer", row)
        exporter_listed = f"ISNUMBER({exact_match(name_key(exporter), RATE_EXPORTER_KEY)})"
        china_wide = (f"IF({is_blank(producer)},{text(PRODUCER_MISSING)},"
                      f"IF({is_blank(exporter)},{text(EXPORTER_MISSING)},"
                      f"IF({exporter_listed},{text(EXPORTER_ONLY)},{text(PAIR_NOT_LISTED)})))")
        return self._by_rate_row(row, text(LISTED), china_wide)

    def deposit(self, row: int) -> str:
        value, rate = self.ref("entered_value", row), self.ref("cash_deposit_rate", row)
        key = self.ref("lookup_key", row)
        return f'=IF(OR({key}="",{value}=""),"",ROUND({value}*{rate},2))'

    def _by_rate_row(self, row: int, listed: str, china_wide: str) -> str:
        """Blank for a blank row, `listed` (with {r} as the rate row) when the pair is listed,
        else `china_wide`."""
        rate_row = self.ref("rate_row", row)
        return (f'=IF({self.ref("lookup_key", row)}="","",'
                f"IF({rate_row}>0,{listed.format(r=rate_row)},{china_wide}))")

    def total(self, key: str, first: int, last: int) -> str:
        return f"=SUM({self.col[key]}{first}:{self.col[key]}{last})"

    def count_numbers(self, key: str, first: int, last: int) -> str:
        return f"=COUNT({self.col[key]}{first}:{self.col[key]}{last})"

    def count_china_wide(self, first: int, last: int) -> str:
        """Rows at the China-wide rate: the rate row helper is 0 exactly there."""
        col = self.col["rate_row"]
        return f"=COUNTIF({col}{first}:{col}{last},0)"


def unit_value(value_ref: str, volume_ref: str) -> str:
    return f'=IF({volume_ref}>0,{value_ref}/{volume_ref},"")'


def change(this_ref: str, prior_ref: str) -> str:
    return f'=IF({prior_ref}>0,{this_ref}/{prior_ref}-1,"")'


def column_sum(col: str, first: int, last: int) -> str:
    return f"=SUM({col}{first}:{col}{last})"
