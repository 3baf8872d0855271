"""The AD Rates and CVD Rates sheets: each determination's fallback on top, then one table of
every determination's rates, sorted by determination number and lookup key (the Entries
formulas search it). They also read themselves back from an earlier workbook, and read the
single Rates sheet of the first releases."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from .. import formulas as f
from ..kinds import ProceedingKind, RateRule
from ..model import Case, Proceeding
from ..pricing import numbered_key, sorted_exporters, sorted_rates
from ..rates import LOOK_ALIKE_LETTERS, Fallback, distinct_sorted, list_key
from ..templates import SheetTemplate, sheet_template
from .layout import (Formats, column_range, set_columns, set_print, write_headers,
                     write_title)

FALLBACK_LABEL_ROW = 5          # 0-based; the fallback lines follow, one per determination
ANY_PRODUCER = "(any producer)"  # the AD fallback line's producer cell
NO_DEPOSIT = "No deposit in this period"


def rates_layout(proceeding: Proceeding) -> SheetTemplate:
    """The sheet's layout, its table header below the fallback block and its notes."""
    layout = sheet_template(proceeding.template)
    header = FALLBACK_LABEL_ROW + 1 + len(proceeding.determinations) + len(_notes(proceeding))
    return dataclasses.replace(layout, header_row=header + 2)


def _notes(proceeding: Proceeding) -> list[str]:
    return [f"* {d.priced_table.fallback.name}, {d.name}: {d.priced_table.fallback.note}"
            for d in proceeding.determinations if d.priced_table is not None and d.priced_table.fallback.note]


def write_rates_sheet(workbook: Workbook, formats: Formats, case: Case, proceeding: Proceeding,
                      generated: str) -> None:
    layout = rates_layout(proceeding)
    names = f.Names(proceeding.kind)
    sheet = workbook.add_worksheet(layout.name)
    set_columns(sheet, layout)
    files = ", ".join(dict.fromkeys(d.rates_file for d in proceeding.determinations
                                    if d.rates_file))
    write_title(sheet, formats, layout.title, [
        f"{case.title} · {proceeding.case_number} {proceeding.name} · "
        f"{len(proceeding.determinations)} determination(s), dates and sources on the "
        "Timeline sheet",
        f"From {files} in {case.data_label.split(' (')[0]}; edit those files and rebuild rather "
        "than this sheet. Percentages as printed in the notices.",
        "Each entry is priced by the determination in force on its Entry Date: filter the No. "
        "column to read one determination's table."
        + (" A blank Producer: that exporter's rate for goods of any producer (its listed pairs "
           "come first)." if proceeding.exporter_rows else ""),
    ])
    rows = sorted_rates(proceeding)
    first = layout.first_data_row - 1  # 0-based
    last = first + len(rows) - 1
    # Rows are written top down (constant-memory mode drops a row written after a later one).
    _write_fallbacks(workbook, sheet, formats, layout, case, proceeding, names, first, last)
    write_headers(sheet, layout, formats)
    lists = _helper_lists(case, proceeding, names)
    for i in range(max([len(rows)] + [len(values) for _, _, values in lists])):
        row = first + i
        if i < len(rows):
            _write_rate(sheet, formats, layout, row, *rows[i], proceeding)
        for key, _, values in lists:
            if i < len(values):
                LIST_WRITERS.get(key, _write_name)(sheet, formats, layout, row, key,
                                                   values[i])

    ranges = [("lookup_key", names.key), ("cash_deposit", names.cash_deposit),
              ("case_number", names.case_number)]
    if proceeding.kind.has_margin:
        ranges.append(("margin", names.margin))
    if proceeding.exporter_rows:
        ranges.append(("producer", names.producer))
    for key, name in ranges:
        workbook.define_name(name, _range(layout.name, first, last, layout[key].index))
    for key, name, values in lists:
        if name:
            workbook.define_name(name, _range(layout.name, first, first + len(values) - 1,
                                              layout[key].index))
    if lists:
        define_near_names(workbook, layout, first, case)
    sheet.freeze_panes(layout.header_row, 0)
    sheet.autofilter(layout.header_row - 1, 0, max(last, first), layout["case_number"].index)
    bottom = first + max([len(rows), 1] + [len(values) for _, _, values in lists]) + 1
    bottom = _write_third_country(sheet, formats, layout, proceeding, bottom)
    set_print(sheet, layout, case.case_number, generated, max(last, first, bottom))


def _write_fallbacks(workbook: Workbook, sheet, formats: Formats, layout, case: Case,
                     proceeding: Proceeding, names,
                     first: int, last: int) -> None:
    """One line per determination: the rate of everything not listed (or no deposit), and
    beside it the check that the keys are in the spreadsheet's own order (the Match Type:
    the Entries formulas use binary search only then)."""
    check = layout["in_order"].index
    sheet.write_string(FALLBACK_LABEL_ROW, 0, f"Fallback: the rate of every "
                                              f"{proceeding.rule.noun} not "
                                              "listed below, by determination",
                       formats["label"])
    sheet.write_string(FALLBACK_LABEL_ROW, check, "Match type (1: binary search)",
                       formats["helper"])
    top = FALLBACK_LABEL_ROW + 1
    sheet.write_formula(top, check, f.match_type(cell(first, check), cell(max(last, first),
                                                                           check)),
                        formats["helper"], int(all(_search_safe(r) for _, r in
                                                   sorted_rates(proceeding))))
    workbook.define_name(names.match_type, f"='{layout.name}'!{cell(top, check, True, True)}")
    if proceeding.kind.holds_lists:   # the same for the loose keys of listed names
        near = layout["near_in_order"].index
        sheet.write_formula(top, near, f.match_type(cell(first, near), cell(
            first + max(len(case.near), 1) - 1, near)), formats["helper"],
            int(not any(c in g.key for g in case.near for c in LOOK_ALIKE_LETTERS)))
        workbook.define_name(f.NEAR_MATCH, f"='{layout.name}'!{cell(top, near, True, True)}")
    name_col, deposit_col = layout[proceeding.rule.name_columns[0]].index, layout[
        "cash_deposit"].index
    for number, det in enumerate(proceeding.determinations, start=1):
        row = top + number - 1
        sheet.write_number(row, layout["number"].index, number, formats["fallback_int"])
        sheet.write_string(row, layout["determination"].index, det.name, formats["fallback_row"])
        if det.priced_table is None:
            sheet.write_string(row, name_col, NO_DEPOSIT, formats["fallback_row"])
            continue
        fallback = det.priced_table.fallback
        sheet.write_string(row, name_col, fallback.name + "*" * bool(fallback.note),
                           formats["fallback_row"])
        if proceeding.rule.by_pair:
            sheet.write_string(row, layout["producer"].index, ANY_PRODUCER,
                               formats["fallback_row"])
        if proceeding.kind.has_margin:
            sheet.write_number(row, layout["margin"].index, fallback.margin,
                               formats["fallback_percent"])
        sheet.write_number(row, deposit_col, fallback.cash_deposit, formats["fallback_percent"])
        sheet.write_string(row, layout["case_number"].index, fallback.case_number,
                           formats["fallback_case_number"])
    end = top + len(proceeding.determinations) - 1
    fallback_names = [("cash_deposit", names.fallback_cash_deposit),
                      ("case_number", names.fallback_case_number)]
    if proceeding.kind.has_margin:
        fallback_names.append(("margin", names.fallback_margin))
    for key, name in fallback_names:
        workbook.define_name(name, _range(layout.name, top, end, layout[key].index))
    for i, note in enumerate(_notes(proceeding), start=1):
        sheet.write_string(end + i, 0, note, formats["note"])


THIRD_COUNTRY_TITLE = "Third-country case numbers (not used to price entries)"


def _write_third_country(sheet, formats: Formats, layout, proceeding: Proceeding,
                         row: int) -> int:
    """Below the table (a blank row between), the third-country case numbers of each
    determination that lists them; the last row written (row - 2 when there are none). Their
    No. cells stay blank, so that reading the sheet back never takes them for rates."""
    listed = [d for d in proceeding.determinations if d.third_country and not d.computed]
    if not listed:
        return row - 2
    name_col = layout[proceeding.rule.name_columns[0]].index
    columns = {"determination": layout["determination"].index, "name": name_col,
               "cash_deposit": layout["cash_deposit"].index,
               "case_number": layout["case_number"].index}
    sheet.write_string(row, 0, THIRD_COUNTRY_TITLE, formats["label"])
    headers = {"determination": "Determination", "name": "Third Country: Company",
               "cash_deposit": "Cash Deposit Rate (%)", "case_number": "Case Number"}
    for key, text in headers.items():
        sheet.write_string(row + 1, columns[key], text, formats["header"])
    row += 1
    for det in listed:
        for rate in det.third_country:
            row += 1
            sheet.write_string(row, columns["determination"], det.name, formats["text"])
            sheet.write_string(row, columns["name"], f"{rate.country}: {rate.company}",
                               formats["text"])
            sheet.write_number(row, columns["cash_deposit"], rate.cash_deposit,
                               formats["percent"])
            sheet.write_string(row, columns["case_number"], rate.case_number,
                               formats["case_number"])
    return row


def _write_rate(sheet, formats: Formats, layout, row: int, number: int, rate,
                proceeding: Proceeding) -> None:
    sheet.write_number(row, layout["number"].index, number, formats["int"])
    sheet.write_string(row, layout["determination"].index,
                       proceeding.determinations[number - 1].name, formats["text"])
    refs = []
    for key, name in zip(proceeding.rule.name_columns, rate.names):
        sheet.write_string(row, layout[key].index, name)
        refs.append(cell(row, layout[key].index))
    if proceeding.kind.has_margin:
        sheet.write_number(row, layout["margin"].index, rate.margin, formats["percent"])
    sheet.write_number(row, layout["cash_deposit"].index, rate.cash_deposit, formats["percent"])
    sheet.write_string(row, layout["case_number"].index, rate.case_number,
                       formats["case_number"])
    key = layout["lookup_key"].index
    sheet.write_formula(row, key, f.rate_key(cell(row, layout["number"].index), *refs),
                        formats["helper"], numbered_key(number, rate.key))
    # The generator sorted the keys; the spreadsheet checks that its own order agrees.
    exporter_keys = ([cell(row, layout["exporter_key"].index),
                      cell(row + 1, layout["exporter_key"].index)]
                     if proceeding.rule.by_pair else [])
    sheet.write_formula(row, layout["in_order"].index, f.binary_search_safe(
        cell(row, key), cell(row + 1, key), *exporter_keys), formats["helper"],
        _search_safe(rate))


def _search_safe(rate) -> bool:
    """The generator's view of a row's check: sorted by it, so only look-alikes fail."""
    return not any(c in rate.key for c in LOOK_ALIKE_LETTERS)


def _helper_lists(case: Case, proceeding: Proceeding, names: f.Names) -> list:
    """(column key, defined name, values) of the helper lists: on the AD sheet the Entries
    dropdowns (every name of every AD and CVD table) and, for pairs, the exporters by
    determination (the exporter-only test of Rate Basis searches them)."""
    if not proceeding.kind.holds_lists:
        return []
    tables = [d.priced_table for p in case.proceedings for d in p.determinations if d.priced_table]
    lists = [("exporter_list", f.EXPORTER_LIST,
              distinct_sorted(n for t in tables for n in t.exporters())),
             ("producer_list", f.PRODUCER_LIST,
              distinct_sorted(n for t in tables for n in t.producers()))]
    if proceeding.rule.by_pair:
        lists.insert(0, ("exporter_key", names.exporter_key, sorted_exporters(proceeding)))
    lists.append(("near_key", None, case.near))   # tables: define_near_names
    if case.aliases:
        lists.append(("alias_key", None, alias_rows(case.aliases)))
    return lists


def alias_rows(aliases) -> list[tuple[str, str]]:
    """(spelling's key, the other spelling quoted) for both spellings of each alias."""
    return [(list_key(a), f"'{b}'") for alias in aliases
            for a, b in ((alias.name, alias.same_as), (alias.same_as, alias.name))]


def _write_near(sheet, formats: Formats, layout, row: int, key: str, group) -> None:
    """One loose key's row: the key, its order check, the spellings and their keys."""
    col = {k: layout[k].index for k in (*f.NEAR_COLUMNS, "near_companies")}
    sheet.write_string(row, col["near_key"], group.key, formats["helper"])
    sheet.write_formula(row, col["near_in_order"], f.binary_search_safe(
        cell(row, col["near_key"]), cell(row + 1, col["near_key"])), formats["helper"],
        not any(c in group.key for c in LOOK_ALIKE_LETTERS))
    sheet.write_string(row, col["near_text"], group.text, formats["helper"])
    sheet.write_string(row, col["near_spelling"], group.spelling, formats["helper"])
    sheet.write_number(row, col["near_companies"], group.companies, formats["helper_int"])


def _write_alias(sheet, formats: Formats, layout, row: int, key: str, pair) -> None:
    sheet.write_string(row, layout["alias_key"].index, pair[0], formats["helper"])
    sheet.write_string(row, layout["alias_text"].index, pair[1], formats["helper"])


def define_near_names(workbook: Workbook, layout, first: int, case: Case) -> None:
    """The tables the Entries Name Note searches: listed spellings by loose key, aliases."""
    tables = [(f.NEAR_TABLE, f.NEAR_COLUMNS, len(case.near))]
    if case.aliases:
        tables.append((f.ALIAS_TABLE, f.ALIAS_COLUMNS, 2 * len(case.aliases)))
    for name, columns, rows in tables:
        cols = [layout[key].index for key in columns]
        if cols != list(range(cols[0], cols[0] + len(cols))):
            raise ValueError(f"{layout.name}: the columns of {name} must be {columns}, in order")
        workbook.define_name(name, _range(layout.name, first, first + rows - 1, cols[0],
                                          cols[-1]))


def _write_exporter_key(sheet, formats: Formats, layout, row: int, key: str, value) -> None:
    number, exporter = value
    cols = {k: layout[k].index for k in ("exporter_number", "exporter_name", "exporter_key")}
    sheet.write_number(row, cols["exporter_number"], number, formats["helper_int"])
    sheet.write_string(row, cols["exporter_name"], exporter, formats["helper"])
    sheet.write_formula(row, cols["exporter_key"], f.rate_key(
        cell(row, cols["exporter_number"]), cell(row, cols["exporter_name"])),
        formats["helper"], numbered_key(number, list_key(exporter)))


def _write_name(sheet, formats: Formats, layout, row: int, key: str, name: str) -> None:
    sheet.write_string(row, layout[key].index, name, formats["helper"])


LIST_WRITERS = {"exporter_key": _write_exporter_key, "near_key": _write_near,
                "alias_key": _write_alias}


def _range(sheet_name: str, first: int, last: int, col: int, last_col: int | None = None
           ) -> str:
    """A column range (or a table from `col` to `last_col`) for a defined name, at least two
    rows long: Gnumeric 1.12 gives #REF! for INDEX over one cell (the extra row is blank, and
    no index reaches it)."""
    return column_range(sheet_name, col, first, max(first + 1, last), last_col)


# --- reading an earlier workbook ------------------------------------------------------------

def read_rates_sheet(book, kind: ProceedingKind) -> tuple[
        dict[int, Fallback], dict[int, list], RateRule] | None:
    """An earlier workbook's AD or CVD Rates sheet: the fallback and the rates of each
    determination number, and the rule its table follows (told by its header); None when
    the sheet is missing."""
    layouts = {rule: sheet_template(kind.templates[rule.name]) for rule in kind.rules}
    name = next(iter(layouts.values())).name
    if name not in book.sheetnames:
        return None
    sheet = book[name]
    sheet.reset_dimensions()
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    rule, layout = next(((r, lay) for r, lay in layouts.items() if any(
        _is_header(row, lay, r) for row in rows)), next(iter(layouts.items())))
    col = {c.key: c.index for c in layout.columns}
    names = rule.name_columns
    fallbacks: dict[int, Fallback] = {}
    rates: dict[int, list] = {}
    in_table = False
    for row in rows:
        row = row + (None,) * (len(layout.columns) - len(row))
        if _is_header(row, layout, rule):
            in_table = True
            continue
        number = row[col["number"]]
        if not isinstance(number, (int, float)) or isinstance(number, bool):
            continue
        values = {k: row[i] for k, i in col.items()}
        if in_table:
            rates.setdefault(int(number), []).append(_rate(kind, rule, values))
        elif values[names[0]] != NO_DEPOSIT:
            fallbacks[int(number)] = Fallback(
                str(values[names[0]]).removesuffix("*"),
                fraction_to_pct(values["margin"]) if kind.has_margin else None,
                fraction_to_pct(values["cash_deposit"]), str(values["case_number"] or ""))
    return fallbacks, rates, rule


def _is_header(row: tuple, layout: SheetTemplate, rule: RateRule) -> bool:
    """The table's header row: No., Determination and the rule's name columns."""
    count = len(rule.name_columns) + 2
    return list(row[:count]) == [c.header for c in layout.columns[:count]]


def _rate(kind: ProceedingKind, rule: RateRule, values: dict):
    fields = {key: str(values[key] or "") for key in rule.name_columns}
    if kind.has_margin:
        fields["margin_pct"] = fraction_to_pct(values["margin"])
    return rule.rate_class(**fields, cash_deposit_pct=fraction_to_pct(values["cash_deposit"]),
                           case_number=str(values["case_number"] or ""))


def fraction_to_pct(fraction) -> Decimal:
    """0.935 (as a rates sheet stores it) -> Decimal('93.5')."""
    if not isinstance(fraction, (int, float)) or isinstance(fraction, bool):
        raise ValueError(f"{fraction!r} is not a rate")
    return (Decimal(repr(float(fraction))) * 100).quantize(Decimal("1e-10")).normalize()
