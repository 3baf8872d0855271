"""Every formula in the workbook, built from named parts in one place.

Only functions that Excel 2010+ and LibreOffice 7.4 share. A formula is the same all the way
down its column: each builder takes the row number and nothing else varies.

The lookup (DOMAIN.md): an entry's key is LOWER(TRIM(exporter)) & "|" & LOWER(TRIM(producer)),
the Rates sheet holds the same key per combination, sorted. The rate row is found by binary
search, MATCH(key, Rate_Key, 1), confirmed by an equality test. Binary search needs the keys
in the spreadsheet's own text order, which the generator can only approximate, so the Rates
sheet checks it with the spreadsheet's own "<" (Rate_Keys_In_Order), and that no key holds a
letter that = finds equal to another which "<" orders apart (ſ and s). Then a failed
equality test means "not listed". Out of order (a collation we did not foresee), or for a key
with * ? ~ (LibreOffice reads them as wildcards even in a binary search), an exact MATCH with
the wildcards escaped decides instead: slower, never wrong. So no text a user
types acts as a wildcard, and no collation can return a wrong row. The exporter-only test of
Rate Basis searches the sorted list of exporter keys the same way.
"""

from __future__ import annotations

from .rates import KEY_SEPARATOR, LOOK_ALIKE_LETTERS
from .rates import EXPORTER_MISSING, EXPORTER_ONLY, LISTED, PAIR_NOT_LISTED, PRODUCER_MISSING
from .templates import SheetTemplate

# Defined names (workbook scope) that formulas use.
RATE_KEY = "Rate_Key"
RATE_EXPORTER_KEY = "Rate_Exporter_Key"
RATE_KEYS_IN_ORDER = "Rate_Keys_In_Order"
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


def found_sorted(key: str, names: str) -> str:
    """TRUE when binary search in the sorted range `names` lands on `key` itself."""
    return f"IFERROR(INDEX({names},MATCH({key},{names},1))={key},FALSE)"


def unless_search_was_exact(key: str, exact_search: str, not_found: str) -> str:
    """After binary search missed `key`: `not_found` when that miss is final, else the
    `exact_search`. A miss is final when the keys are in the spreadsheet's order and `key`
    has no * ? ~ (LibreOffice's binary search reads them as wildcards too)."""
    plain = f"LEN({escape_wildcards(key)})=LEN({key})"
    return f"IF(AND({RATE_KEYS_IN_ORDER},{plain}),{not_found},{exact_search})"


def in_order(key_ref: str, next_ref: str) -> str:
    """One key against the next one down (blank below the last)."""
    return f'IF({next_ref}="",TRUE,{key_ref}<{next_ref})'


def no_look_alike(ref: str) -> str:
    """No letter that = finds equal to another one while "<" orders them apart (ſ and s):
    with such a key, a binary search can miss a pair = would match."""
    return ",".join(f"ISERROR(FIND({text(c)},{ref}))" for c in LOOK_ALIKE_LETTERS)


def binary_search_exact(lookup_ref: str, next_lookup: str, exporter_ref: str,
                        next_exporter: str) -> str:
    """One row of the Rates check that binary search finds every key: keys in order, and no
    look-alike letters."""
    return (f"=AND({in_order(lookup_ref, next_lookup)},{in_order(exporter_ref, next_exporter)},"
            f"{no_look_alike(lookup_ref)})")


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
        exact = f"IFERROR({exact_match(key, RATE_KEY)},0)"
        return (f'=IF({key}="","",IF({found_sorted(key, RATE_KEY)},{nearest},'
                f"{unless_search_was_exact(key, exact, '0')}))")

    def cash_deposit_rate(self, row: int) -> str:
        return self._by_rate_row(row, f"INDEX({RATE_CASH_DEPOSIT},{{r}})", CHINA_WIDE_CASH_DEPOSIT)

    def ad_case_number(self, row: int) -> str:
        return self._by_rate_row(row, f'INDEX({RATE_CASE_NUMBER},{{r}})&""',
                                 CHINA_WIDE_CASE_NUMBER)

    def exporter_listed(self, row: int) -> str:
        """For a pair not listed: is the exporter listed with some other producer?"""
        key = name_key(self.ref("exporter", row))
        exact = f"ISNUMBER({exact_match(key, RATE_EXPORTER_KEY)})"
        listed = (f"IF({found_sorted(key, RATE_EXPORTER_KEY)},TRUE,"
                  f"{unless_search_was_exact(key, exact, 'FALSE')})")
        rate_row = self.ref("rate_row", row)
        return f'=IF(OR({self.ref("lookup_key", row)}="",{rate_row}>0),"",{listed})'

    def rate_basis(self, row: int) -> str:
        exporter, producer = self.ref("exporter", row), self.ref("producer", row)
        china_wide = (f"IF({is_blank(producer)},{text(PRODUCER_MISSING)},"
                      f"IF({is_blank(exporter)},{text(EXPORTER_MISSING)},"
                      f"IF({self.ref('exporter_listed', row)},{text(EXPORTER_ONLY)},"
                      f"{text(PAIR_NOT_LISTED)})))")
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
