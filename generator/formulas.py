"""Every formula in the workbook, built from named parts in one place.

Only functions that Excel 2010+ and LibreOffice 7.4 share. A formula is the same all the way
down its column: each builder takes the row number and nothing else varies.

How an entry row is priced, per proceeding (AD, and CVD when the case has one; the rules in
docs/rules.md, the Python reference in generator/pricing.py):
- Determination number: MATCH(Entry Date, the effective dates, 1), the last determination
  in force on that date; 0 before the first, -1 when the date is not a date, the latest
  when the date is blank.
- Keys: each name as LOWER(TRIM(name)) with * ? ~ spelled out and ı as i
  (rates.KEY_ESCAPES), so no text a user types acts as a wildcard, prefixed by the
  determination number. The rates sheets hold the same keys for every determination's rates,
  sorted, and check with the spreadsheet's own "<" that its order agrees (and that no key
  holds a letter that = finds equal to another which "<" orders apart, like ſ and s). Their
  Match Type is 1 then, else 0: every search is MATCH(key, keys, AD_Match), sorted or exact,
  and a found row counts only when its key = the entry's key. So no collation gives a wrong
  row. (An exact MATCH alone would need no check, but LibreOffice 7.4 takes twice as long
  with it: measured.)
- AD searches the exporter/producer pair; CVD the exporter, then the producer.

Length matters: LibreOffice reads and saves every formula cell's text in full (at 100,000
entry rows, most of its time goes into that, not into calculating), so per-row formulas stay
short: short defined names and few helper columns (a found row's MATCH is repeated in its
formula rather than given a column of its own). When it saves an xlsx, LibreOffice also
copies every token of a formula that holds IF, INDEX or ROUND, so every helper column and
Refundable do without them: REPT for a text only when (`when`), VLOOKUP for a table's column
(`table_column`, also to check the key a search stopped at), CHOOSE of the first condition
that holds for a chain of IFs (`cases`), IFERROR for a blank. The output columns a user reads
keep IF and INDEX.
"""

from __future__ import annotations

from .kinds import AD, ProceedingKind
from .model import Proceeding
from .pricing import GLOBAL_CODES, NO_VALUE
from .names import ALIASES_FILE, CLOSE
from .rates import (ALL_OTHERS, EXPORTER_MISSING, EXPORTER_ONLY, EXPORTER_RATE, EXPORTER_ROW,
                    KEY_ESCAPES, KEY_SEPARATOR, LISTED, LOOK_ALIKE_LETTERS, LOOSE_STEPS,
                    PAIR_NOT_LISTED,
                    PRODUCER_MISSING, PRODUCER_RATE)
from .templates import SheetTemplate, sheet_template

EXPORTER_LIST = "Exporter_List"     # the Entries dropdowns (names of every rate table)
PRODUCER_LIST = "Producer_List"
# The listed spellings by loose key (generator/names.py), on the AD Rates sheet: a table
# of these columns, searched by its first (VLOOKUP), and its Match Type
NEAR_TABLE, NEAR_MATCH = "Near_Table", "Near_Match"
NEAR_COLUMNS = ("near_key", "near_in_order", "near_text", "near_spelling")
ALIAS_TABLE = "Alias_Table"   # aliases.csv: each spelling's key, the other spelling
ALIAS_COLUMNS = ("alias_key", "alias_text")


class Names:
    """The defined names (workbook scope) of one proceeding: AD_Key, CVD_Key, ..."""

    def __init__(self, kind: ProceedingKind) -> None:
        self.kind = kind
        # Short: every entry row's formulas spell them out, and LibreOffice saves each in full
        self.key = f"{kind}_Key"                          # Rates: search column
        self.cash_deposit = f"{kind}_Rate"
        self.match_type = f"{kind}_Match"                 # 1 binary search, 0 exact
        self.margin = f"{kind}_Margin"
        self.case_number = f"{kind}_Case"
        self.producer = f"{kind}_Producers"               # AD pairs: blank for an exporter's
                                                          # rate for any producer
        self.exporter_key = f"{kind}_Exporters"           # AD: exporters, per determination
        self.fallback_cash_deposit = f"{kind}_Fallback_Rate"   # by determination number
        self.fallback_margin = f"{kind}_Fallback_Margin"
        self.fallback_case_number = f"{kind}_Fallback_Case"
        self.effective = f"{kind}_Effective"              # Timeline: date serials
        self.timeline = f"{kind}_Timeline"                # Timeline: No. to Has Rates (1/0)
        self.refunds_from = f"{kind}_Refunds"             # Timeline: a date serial, 0: all
        self.label = f"{kind}_Labels"                     # About: pricing.determination_labels
        self.basis = f"{kind}_Bases"                      # About: pricing.basis_texts


def text(value: str) -> str:
    """A string literal in a formula."""
    return '"' + value.replace('"', '""') + '"'


def escape_key(expr: str) -> str:
    """`expr` with * ? ~ spelled out as rates.escape_key does."""
    for char, code in KEY_ESCAPES:
        expr = f"SUBSTITUTE({expr},{text(char)},{text(code)})"
    return expr


def name_key(ref: str) -> str:
    """A name's key, as rates.list_key computes it."""
    return escape_key(f"LOWER(TRIM({ref}))")


def when(condition: str, text_expr: str) -> str:
    """`text_expr` where `condition` holds, else "". REPT, not IF: when LibreOffice saves an
    xlsx it copies every token of a formula that holds IF, INDEX or ROUND (to add Excel's
    missing arguments), which doubled the time to save a column of name keys (measured;
    docs/development.md, Benchmarks)."""
    return f"REPT({text_expr},{condition})"


def cases(branches: list[tuple[str, str]], otherwise: str) -> str:
    """IF(condition 1, value 1, IF(condition 2, value 2, ..., otherwise)) as CHOOSE of the
    first condition that holds, without IF (see `when`). Unlike IF's, every condition is
    computed, so none may be an error."""
    number = ""
    for condition, _ in reversed(branches):
        number = f"1+NOT({condition})" + (f"*({number})" if number else "")
    return f"CHOOSE({number},{','.join(value for _, value in branches)},{otherwise})"


def or_else(row: str, other_row: str) -> str:
    """`row`, or `other_row` where `row` is 0 (rows of a rates table, never negative)."""
    return f"{row}+({row}=0)*{other_row}"


def table_column(key: str, table: str, columns: tuple[str, ...], column: str,
                 match_type: str) -> str:
    """The `column` of `key`'s row in `table` (VLOOKUP: no INDEX, see `when`)."""
    return f"VLOOKUP({key},{table},{columns.index(column) + 1},{match_type})"


def loose_key(key_ref: str) -> str:
    """A name's loose key from its key cell, as rates.loose_key computes it."""
    expr = key_ref
    for old, new in LOOSE_STEPS:
        expr = f"SUBSTITUTE({expr},{text(old)},{text(new)})"
    return expr


def numbered(number_ref: str, *key_parts: str) -> str:
    """A key prefixed by its determination number: 1|exporter|producer."""
    return f"&{text(KEY_SEPARATOR)}&".join((number_ref, *key_parts))


def search(key: str, keys: str, match_type: str) -> str:
    """Where `key` is, or would be, in the sorted range `keys` (binary search or exact)."""
    return f"MATCH({key},{keys},{match_type})"


def stops_at(key: str, keys: str, match_type: str) -> str:
    """Whether the search for `key` in `keys` (or in a table's first column) stops at `key`
    itself: VLOOKUP's search is MATCH's, so a sorted search's nearest key never counts. An
    error when it stops nowhere."""
    return f"VLOOKUP({key},{keys},1,{match_type})={key}"


def found_at(key: str, names: "Names") -> str:
    """The row of `key` in the proceeding's rates search column, 0 when it is not there."""
    at = search(key, names.key, names.match_type)
    return f"IFERROR({at}*({stops_at(key, names.key, names.match_type)}),0)"


def is_in(key: str, keys: str, match_type: str) -> str:
    return f"IFERROR({stops_at(key, keys, match_type)},FALSE)"


def in_order(key_ref: str, next_ref: str) -> str:
    """One key against the next one down (blank below the last)."""
    return f'IF({next_ref}="",TRUE,{key_ref}<{next_ref})'


def no_look_alike(ref: str) -> str:
    """No letter that = finds equal to another one while "<" orders them apart (ſ and s):
    with such a key, a binary search can miss a pair = would match."""
    return ",".join(f"ISERROR(FIND({text(c)},{ref}))" for c in LOOK_ALIKE_LETTERS)


def binary_search_safe(key_ref: str, next_key: str, *other: str) -> str:
    """One row of the rates check that binary search finds every key: keys in order (and
    the exporter keys beside them, `other` = ref, next ref), and no look-alike letters."""
    pairs = [(key_ref, next_key)] + ([tuple(other)] if other else [])
    return f"=AND({','.join(in_order(a, b) for a, b in pairs)},{no_look_alike(key_ref)})"


def match_type(first_check: str, last_check: str) -> str:
    """Match Type: 1 (binary search) when every row of the rates check passes, else 0."""
    return f"=IF(AND({first_check}:{last_check}),1,0)"


def rate_key(number_ref: str, *name_refs: str) -> str:
    """The Rates sheet's search key of one rate: number|exporter|producer (AD) or
    number|company (CVD)."""
    return "=" + numbered(number_ref, *(name_key(ref) for ref in name_refs))


_ROW = "\x00"  # stands for the row number in a formula template


class EntryFormulas:
    """The formulas of one Entries row, by column key: `exporter_key`, `ad_rate`,
    `cvd_deposit`, `total_deposit`... (templates/entries.toml), for the case's
    proceedings."""

    def __init__(self, layout: SheetTemplate, proceedings: list[Proceeding],
                 aliases: bool = False) -> None:
        self.col = {c.key: c.letter for c in layout.columns}
        self.aliases = aliases   # the case has aliases.csv: its spellings are noted
        self.proceedings = {p.kind.prefix: ProceedingFormulas(self, p) for p in proceedings}

    def column_formula(self, key: str):
        """The formula of column `key` as a function of the row number, built once."""
        prefix, _, field = key.partition("_")
        owner = self.proceedings.get(prefix)
        template = getattr(owner, field)(_ROW) if owner else getattr(self, key)(_ROW)
        return lambda row: template.replace(_ROW, str(row))

    def ref(self, key: str, row: int | str) -> str:
        return f"{self.col[key]}{row}"

    def exporter_key(self, row) -> str:
        """The exporter's name key, blank on a blank row. It reads the AD determination
        number, not only the name: LibreOffice 7.4's multi-threaded calculation gave the
        first rows stale values when helpers read a column computed from the name cells
        alone, after many rows changed at once (measured; docs/rules.md)."""
        return self._name_key(row, "exporter")

    def producer_key(self, row) -> str:
        return self._name_key(row, "producer")

    def _name_key(self, row, name: str) -> str:
        return "=" + when(f'{self.ref("ad_number", row)}<>""', name_key(self.ref(name, row)))

    def exporter_loose(self, row) -> str:
        return "=" + loose_key(self.ref("exporter_key", row))

    def producer_loose(self, row) -> str:
        return "=" + loose_key(self.ref("producer_key", row))

    def name_note(self, row) -> str:
        """What the Rate Bases add: no value, and for each name an alias used or a near
        miss (names.note_for). No IF or INDEX (see `when`)."""
        subject, entered = self.ref("subject_value", row), self.ref("entered_value", row)
        no_value = when(f'AND({self.ref("ad_number", row)}<>"",{subject}="",{entered}="")',
                        text(NO_VALUE))
        return "=" + "&".join([no_value] + [self._near(row, role)
                                            for role in ("exporter", "producer")])

    def _near(self, row, role: str) -> str:
        loose, key = self.ref(f"{role}_loose", row), self.ref(f"{role}_key", row)

        def near(column: str) -> str:
            return table_column(loose, NEAR_TABLE, NEAR_COLUMNS, column, NEAR_MATCH)
        close = when(f'AND({stops_at(loose, NEAR_TABLE, NEAR_MATCH)},'
                     f'{near("near_spelling")}<>{key})',
                     f'{text(f"; {role} {CLOSE} ")}&{near("near_text")}')
        if not self.aliases:
            return f'IFERROR({close},"")'
        alias = table_column(key, ALIAS_TABLE, ALIAS_COLUMNS, "alias_text", "0")
        return (f'IFERROR({text(f"; {role} one company with ")}&{alias}'
                f'&{text(f" ({ALIASES_FILE})")},IFERROR({close},""))')

    def count_near(self, first: int, last: int) -> str:
        """Rows with a name close to a listed one."""
        col = self.col["name_note"]
        return f'=COUNTIF({col}{first}:{col}{last},{text("*" + CLOSE + "*")})'

    def deposit_base(self, row) -> str:
        """The Subject Merchandise Value when filled, else the Entered Value."""
        subject, entered = self.ref("subject_value", row), self.ref("entered_value", row)
        return f'IF({subject}="",{entered},{subject})'

    def total_deposit(self, row) -> str:
        ad, cvd = self.ref("ad_deposit", row), self.ref("cvd_deposit", row)
        return f'=IF(OR({ad}="",{cvd}=""),"",ROUND({ad}+{cvd},2))'

    def count_numbers(self, key: str, first: int, last: int) -> str:
        return f"=COUNT({self.col[key]}{first}:{self.col[key]}{last})"

    def count_fallback(self, kind: ProceedingKind, first: int, last: int) -> str:
        """Rows at the fallback rate: the row helper is 0 exactly there."""
        col = self.col[f"{kind.prefix}_row"]
        return f"=COUNTIF({col}{first}:{col}{last},0)"


class ProceedingFormulas:
    """The columns of one proceeding on an Entries row (ad_..., cvd_...), by its rule: pairs
    (with exporters' rates for any producer only when the data has some: the search is
    longer) or companies."""

    def __init__(self, entry: EntryFormulas, proceeding: Proceeding) -> None:
        self.entry, self.names = entry, Names(proceeding.kind)
        self.prefix = proceeding.kind.prefix
        self.rule = proceeding.rule
        self.reasons = self.rule.reason_count
        self.exporter_rows = proceeding.exporter_rows

    def ref(self, field: str, row) -> str:
        key = f"{self.prefix}_{field}" if f"{self.prefix}_{field}" in self.entry.col else field
        return self.entry.ref(key, row)

    def number(self, row) -> str:
        """The determination in force on the Entry Date (see the module docstring); CVD
        takes the blank row and the date that is not a date from the AD number."""
        date, effective = self.ref("entry_date", row), self.names.effective
        latest, dated = f"ROWS({effective})", f"IFERROR(MATCH({date},{effective},1),0)"
        if self.names.kind is not AD:   # the blank row and the text date as AD has them
            ad = self.ref("ad_number", row)
            return "=" + cases([(f'{ad}=""', '""'), (f"{ad}<0", "-1"),
                                (f'{date}=""', latest)], dated)
        names = f'{self.ref("exporter", row)}&{self.ref("producer", row)}'
        return "=" + cases([(f'TRIM({names})=""', '""'), (f'{date}=""', latest),
                            (f"ISNUMBER({date})", dated)], "-1")

    def _in_force(self, row, then: str) -> str:
        """`then` when a determination with rates is in force, else blank (a number below 1
        or blank is no row of the Timeline)."""
        keys = [c.key for c in sheet_template("timeline").columns]
        columns = tuple(keys[keys.index("number"):])   # the table starts at No.
        has_rates = table_column(self.ref("number", row), self.names.timeline, columns,
                                 "has_rates", "FALSE")
        return "=" + cases([(f"IFERROR({has_rates},0)=0", '""')], then)

    def _key(self, row, *names: str) -> str:
        """A search key: determination number|name key(s)."""
        return numbered(self.ref("number", row), *(self.ref(f"{n}_key", row) for n in names))

    def row(self, row) -> str:
        """The matched row of the rates table; 0 the fallback; "" no rate in force."""
        if self.rule.by_pair:
            pair = found_at(self._key(row, "exporter", "producer"), self.names)
            if self.exporter_rows:   # else the exporter's row for any producer ("n|e|")
                exporter = found_at(self._key(row, "exporter") + f"&{text(KEY_SEPARATOR)}",
                                    self.names)
                pair = or_else(pair, exporter)
            return self._in_force(row, pair)
        exporter_row, producer = self.ref("exporter_row", row), self.ref("producer_key", row)
        producer_row = f'{found_at(self._key(row, "producer"), self.names)}*({producer}<>"")'
        return "=" + cases([(f'{exporter_row}=""', '""')], or_else(exporter_row, producer_row))

    def exporter_row(self, row) -> str:
        """CVD: the exporter's own row, 0 when it has no rate."""
        exporter = self.ref("exporter_key", row)
        return self._in_force(
            row, f'{found_at(self._key(row, "exporter"), self.names)}*({exporter}<>"")')

    def _code(self, row) -> str:
        """The Basis Code: 2 + n for the numbers below 1, else the determination's block
        (pricing.basis_texts) plus the reason."""
        number, rate_row = self.ref("number", row), self.ref("row", row)
        block = f"{GLOBAL_CODES}+{self.reasons}*({number}-1)+"
        return (f"IF({number}<1,{GLOBAL_CODES}+{number},{block}"
                f'IF({rate_row}="",{self.reasons},{self._reason(row)}))')

    def _reason(self, row) -> str:
        rate_row = self.ref("row", row)
        if not self.rule.by_pair:
            return (f'IF({self.ref("exporter_row", row)}>0,{EXPORTER_RATE},'
                    f"IF({rate_row}>0,{PRODUCER_RATE},{ALL_OTHERS}))")
        # Is the exporter listed with another producer? An exporter holding a | is never
        # found: its key has two | where the list's keys have one.
        listed = is_in(self._key(row, "exporter"), self.names.exporter_key,
                       self.names.match_type)
        found = (f'IF(INDEX({self.names.producer},{rate_row})="",{EXPORTER_ROW},{LISTED})'
                 if self.exporter_rows else str(LISTED))
        return (f"IF({rate_row}>0,{found},"
                f'IF({self.ref("producer_key", row)}="",{PRODUCER_MISSING},'
                f'IF({self.ref("exporter_key", row)}="",{EXPORTER_MISSING},'
                f"IF({listed},{EXPORTER_ONLY},{PAIR_NOT_LISTED}))))")

    def determination(self, row) -> str:
        number, date = self.ref("number", row), self.ref("entry_date", row)
        return f'=IF({number}="","",INDEX({self.names.label},IF({date}="",1,{number}+3)))'

    def _by_row(self, row, listed: str, fallback: str, suffix: str = "") -> str:
        """"" without a rate, else the listed rate's `listed` or the determination's
        `fallback` (defined names indexed by row and by determination number)."""
        rate_row, number = self.ref("row", row), self.ref("number", row)
        return (f'=IF({rate_row}="","",IF({rate_row}>0,INDEX({listed},{rate_row}),'
                f"INDEX({fallback},{number})){suffix})")

    def rate(self, row) -> str:
        return self._by_row(row, self.names.cash_deposit, self.names.fallback_cash_deposit)

    def case_number(self, row) -> str:
        # &"" so that an empty case number cell shows blank, not 0 (LibreOffice)
        return self._by_row(row, self.names.case_number, self.names.fallback_case_number,
                            '&""')

    def basis(self, row) -> str:
        """The Rate Basis text of the row's Basis Code (one cell: LibreOffice saves every
        formula cell at a cost, so the code has no column of its own), and a note when the
        row has no value, so no deposit."""
        number = self.ref("number", row)
        return (f'=IF({number}="","",INDEX({self.names.basis},{self._code(row)})'
                f'&{self.ref("name_note", row)})')

    def refundable(self, row) -> str:
        """The deposit when a termination or revocation refunds entries of its date (on or
        after the proceeding's refund date; a blank date counts as 0), else 0; blank with
        the deposit (a blank times a number is an error). No IF (see `when`)."""
        deposit, date = self.ref("deposit", row), self.ref("entry_date", row)
        return f'=IFERROR({deposit}*({date}>={self.names.refunds_from}),"")'

    def deposit(self, row) -> str:
        """Blank without a value or a date; 0 when no deposit is owed; else value x rate,
        to cents."""
        number, rate_row = self.ref("number", row), self.ref("row", row)
        subject, entered = self.ref("subject_value", row), self.ref("entered_value", row)
        return (f'=IF(OR({number}="",AND({subject}="",{entered}="")),"",IF({number}<0,"",'
                f'IF({rate_row}="",0,ROUND({self.entry.deposit_base(row)}*'
                f'{self.ref("rate", row)},2))))')


def unit_value(value_ref: str, volume_ref: str) -> str:
    return f'=IF({volume_ref}>0,{value_ref}/{volume_ref},"")'


def change(this_ref: str, prior_ref: str) -> str:
    return f'=IF({prior_ref}>0,{this_ref}/{prior_ref}-1,"")'


def column_sum(col: str, first: int, last: int) -> str:
    return f"=SUM({col}{first}:{col}{last})"


def difference(after_ref: str, before_ref: str) -> str:
    return f"={after_ref}-{before_ref}"


def deposit_change(kinds: list[str]) -> str:
    """New deposits less old ones, a blank (no deposit on that side) as 0; the {new_AD}-style
    placeholders are filled with cell references by the Changes sheet."""
    new = "+".join(f"N({{new_{kind}}})" for kind in kinds)
    old = "-".join(f"N({{old_{kind}}})" for kind in kinds)
    return f"={new}-{old}"


def fell_back(row_ref: str) -> str:
    """Conditional-format rule: the row found no listed rate (its rates row is 0)."""
    return f"=AND(ISNUMBER({row_ref}),{row_ref}=0)"


def print_area(sheet: str, typed: str, first_row: int, last_col: str, columns: int) -> str:
    """From A1 down to the last row with anything typed in the range `typed` (at least
    `first_row`), across `columns` columns: Excel evaluates a Print_Area formula when it
    prints (docs/rules.md, Printing)."""
    last_typed = f'SUMPRODUCT(MAX(({typed}<>"")*ROW({typed})))'
    return (f"={sheet}!$A$1:INDEX({sheet}!$A:${last_col},MAX({first_row},{last_typed}),"
            f"{columns})")
