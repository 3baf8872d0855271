"""Every formula in the workbook, built from named parts in one place.

Only functions that Excel 2010+ and LibreOffice 7.4 share. A formula is the same all the way
down its column: each builder takes the row number and nothing else varies.

The lookup (DOMAIN.md): an entry's key is LOWER(TRIM(exporter)) & "|" & LOWER(TRIM(producer))
with * ? ~ spelled out (rates.KEY_ESCAPES), so no text a user types acts as a wildcard. The
Rates sheet holds the same key per combination, sorted, and checks with the spreadsheet's own
"<" that its order agrees (a collation we did not foresee) and that no key holds a letter
that = finds equal to another which "<" orders apart (ſ and s). Rate_Match_Type is 1 then,
else 0: every search is MATCH(key, keys, Rate_Match_Type), binary search or exact match, and
a found row counts only when its key = the entry's key. So no collation gives a wrong row.
The exporter-only test of Rate Basis searches the sorted list of exporter keys the same way.

Length matters: LibreOffice saves every formula cell's text in full (276 MB of XML for the
100,000-row benchmark before these formulas were shortened), so per-row formulas stay short.
"""

from __future__ import annotations

from .rates import KEY_ESCAPES, KEY_SEPARATOR, LOOK_ALIKE_LETTERS
from .rates import (BASES, EXPORTER_MISSING, EXPORTER_ONLY, LISTED, PAIR_NOT_LISTED,
                    PRODUCER_MISSING)
from .templates import SheetTemplate

# Defined names (workbook scope) that formulas use.
RATE_KEY = "Rate_Key"
RATE_EXPORTER_KEY = "Rate_Exporter_Key"
RATE_MATCH_TYPE = "Rate_Match_Type"
RATE_CASH_DEPOSIT = "Rate_Cash_Deposit"
RATE_CASE_NUMBER = "Rate_Case_Number"
RATE_BASIS = "Rate_Basis"  # the texts of rates.BASES, in code order (About sheet)
CHINA_WIDE_CASH_DEPOSIT = "China_Wide_Cash_Deposit"
CHINA_WIDE_CASE_NUMBER = "China_Wide_Case_Number"


def text(value: str) -> str:
    """A string literal in a formula."""
    return '"' + value.replace('"', '""') + '"'


def is_blank(ref: str) -> str:
    return f'TRIM({ref})=""'


def both_blank(ref: str, other_ref: str) -> str:
    """Both cells blank or spaces only (one TRIM: fewer calls on every row)."""
    return f'TRIM({ref}&{other_ref})=""'


def escape_key(expr: str) -> str:
    """`expr` with * ? ~ spelled out as rates.escape_key does."""
    for char, code in KEY_ESCAPES:
        expr = f"SUBSTITUTE({expr},{text(char)},{text(code)})"
    return expr


def name_key(ref: str) -> str:
    return f"LOWER(TRIM({ref}))"


def pair_key(exporter_ref: str, producer_ref: str) -> str:
    return escape_key(f"{name_key(exporter_ref)}&{text(KEY_SEPARATOR)}&{name_key(producer_ref)}")


def search(key: str, keys: str) -> str:
    """Where `key` is, or would be, in the sorted range `keys` (binary search or exact)."""
    return f"MATCH({key},{keys},{RATE_MATCH_TYPE})"


def found_at(key: str, keys: str) -> str:
    """The position of `key` in `keys`, 0 when it is not there."""
    at = search(key, keys)
    return f"IFERROR(IF(INDEX({keys},{at})={key},{at},0),0)"


def is_in(key: str, keys: str) -> str:
    return f"IFERROR(INDEX({keys},{search(key, keys)})={key},FALSE)"


def in_order(key_ref: str, next_ref: str) -> str:
    """One key against the next one down (blank below the last)."""
    return f'IF({next_ref}="",TRUE,{key_ref}<{next_ref})'


def no_look_alike(ref: str) -> str:
    """No letter that = finds equal to another one while "<" orders them apart (ſ and s):
    with such a key, a binary search can miss a pair = would match."""
    return ",".join(f"ISERROR(FIND({text(c)},{ref}))" for c in LOOK_ALIKE_LETTERS)


def binary_search_safe(lookup_ref: str, next_lookup: str, exporter_ref: str,
                        next_exporter: str) -> str:
    """One row of the Rates check that binary search finds every key: keys in order, and no
    look-alike letters."""
    return (f"=AND({in_order(lookup_ref, next_lookup)},{in_order(exporter_ref, next_exporter)},"
            f"{no_look_alike(lookup_ref)})")


def match_type(first_check: str, last_check: str) -> str:
    """Rate_Match_Type: 1 (binary search) when every row of the Rates check passes, else 0."""
    return f"=IF(AND({first_check}:{last_check}),1,0)"


def rate_key(exporter_ref: str, producer_ref: str) -> str:
    """The Rates sheet's lookup key of one combination."""
    return "=" + pair_key(exporter_ref, producer_ref)


def exporter_key(exporter_ref: str) -> str:
    return "=" + escape_key(name_key(exporter_ref))


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
        return f'=IF({both_blank(exporter, producer)},"",{pair_key(exporter, producer)})'

    def rate_row(self, row: int) -> str:
        key = self.ref("lookup_key", row)
        return f'=IF({key}="","",{found_at(key, RATE_KEY)})'

    def cash_deposit_rate(self, row: int) -> str:
        return self._by_rate_row(row, f"INDEX({RATE_CASH_DEPOSIT},{{r}})", CHINA_WIDE_CASH_DEPOSIT)

    def ad_case_number(self, row: int) -> str:
        return self._by_rate_row(row, f'INDEX({RATE_CASE_NUMBER},{{r}})&""',
                                 CHINA_WIDE_CASE_NUMBER)

    def basis_code(self, row: int) -> str:
        """Why this rate, as a position in rates.BASES: listed, else why China-wide."""
        exporter, producer = self.ref("exporter", row), self.ref("producer", row)
        code = {basis: i for i, basis in enumerate(BASES, start=1)}
        key, rate_row = self.ref("lookup_key", row), self.ref("rate_row", row)
        return (f'=IF({key}="","",IF({rate_row}>0,{code[LISTED]},'
                f"IF({is_blank(producer)},{code[PRODUCER_MISSING]},"
                f"IF({is_blank(exporter)},{code[EXPORTER_MISSING]},"
                f"IF({self._exporter_listed(row)},{code[EXPORTER_ONLY]},"
                f"{code[PAIR_NOT_LISTED]})))))")

    def _exporter_listed(self, row: int) -> str:
        """Is the exporter listed with some producer? Its key is the lookup key up to the
        first |, unless the exporter itself holds a | (never listed: rate names cannot)."""
        exporter, key = self.ref("exporter", row), self.ref("lookup_key", row)
        exporter_part = f"LEFT({key},FIND({text(KEY_SEPARATOR)},{key})-1)"
        return (f"AND(ISERROR(FIND({text(KEY_SEPARATOR)},{exporter})),"
                f"{is_in(exporter_part, RATE_EXPORTER_KEY)})")

    def rate_basis(self, row: int) -> str:
        code = self.ref("basis_code", row)
        return f'=IF({code}="","",INDEX({RATE_BASIS},{code}))'

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
