"""The Entries sheet: input columns a user fills, formula columns that price each entry by the
determinations in force on its date. It renders what generator/pricing.py computed."""

from __future__ import annotations

import datetime as dt

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from ..entries import INPUT_KEYS, Entry
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..course import status_line
from ..formulas import (EXPORTER_LIST, PRODUCER_LIST, EntryFormulas, column_sum, difference,
                        fell_back)
from ..kinds import ProceedingKind
from ..names import CLOSE
from ..model import Case, Proceeding
from ..pricing import PricedEntry, blank_entry, column_value
from ..rates import money_sum
from ..templates import SheetTemplate, sheet_template
from .layout import (Formats, set_columns, set_print_in_parts, wrap_height,
                     wrapping_columns, write_headers)

NEAR_LABEL = "Entries with a name close to a listed one"
PROGRESS_EVERY = 500  # rows between progress calls: cheap enough for the hot loop
TOTALS_ROW = 2        # 0-based first row of the totals block above the header
KEEP_ON_EVERY_PAGE = 2  # Entry Number and Entry Date print on every page of a row's parts


def entries_layout(case: Case) -> SheetTemplate:
    features = frozenset({"ad_companies"} if not case.ad.rule.by_pair else ())
    return sheet_template("entries", cvd=case.cvd is not None, features=features)


def write_entries_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                        entries: list[Entry], priced: list[PricedEntry], rows: int,
                        progress=None) -> None:
    """Write at least `rows` entry rows (more if `entries` has more), each formula with the
    value `priced` gives it. `progress(done, rows)`, if given, is called every PROGRESS_EVERY
    rows and at the end."""
    layout = entries_layout(case)
    sheet = workbook.add_worksheet(layout.name)
    sheet.activate()
    rows = max(rows, len(entries), 1)
    first, last = layout.first_data_row, layout.first_data_row + rows - 1  # 1-based
    results = priced + [blank_entry(case)] * (rows - len(priced))
    build = EntryFormulas(layout, case.proceedings, aliases=bool(case.aliases))

    set_columns(sheet, layout, hide_helpers=True)  # not printed, even where a print area is not read
    _write_title_and_totals(sheet, formats, layout, build, case, first, last, results)
    write_headers(sheet, layout, formats)
    outputs = [c.key for c in layout.columns if c.kind != "input"]
    sheet.share_formulas(first, last, [layout[key].letter for key in outputs])
    writer, no_entry = _RowWriter(sheet, formats, layout, build, outputs), Entry()
    for i, result in enumerate(results):
        writer.write(first + i, entries[i] if i < len(entries) else no_entry, result)
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, rows)
    if progress is not None:
        progress(rows, rows)

    _add_validation(sheet, layout, first, last)
    for proceeding in case.proceedings:
        _mark_fallback(sheet, formats, layout, proceeding.kind, first, last)
    sheet.freeze_panes(layout.header_row, 0)
    sheet.autofilter(layout.header_row - 1, 0, last - 1, len(layout.columns) - 1)
    parts = [first_output(layout, p.kind).index for p in case.proceedings]
    set_print_in_parts(workbook, sheet, layout, case.case_number, generated, parts, last,
                       KEEP_ON_EVERY_PAGE)


def first_output(layout: SheetTemplate, kind: ProceedingKind):
    """The first output column of a proceeding: where its part of a printed row begins."""
    prefix = kind.prefix + "_"
    return next(c for c in layout.columns if c.kind == "output" and c.key.startswith(prefix))


def _in_force(proceeding: Proceeding) -> str:
    count = len(proceeding.determinations)
    return (f"{proceeding.kind} {proceeding.case_number}: {count} determination"
            f"{'s' * (count != 1)}, latest {proceeding.latest.name}")


def _write_title_and_totals(sheet: Worksheet, formats: Formats, layout: SheetTemplate,
                            build: EntryFormulas, case: Case, first: int, last: int,
                            results: list[PricedEntry]) -> None:
    """The title and its notes on the left; above each proceeding's deposit column: entries
    with a rate, of which at the fallback rate, and the total deposit; above the Total
    column, the sum of both. Written row by row: constant-memory mode drops a cell written
    after a later row."""
    cells: dict[int, list] = {0: [(0, sheet.write_string, (layout.title, formats["title"]))]}
    totals: dict[str, list[str]] = {}   # per proceeding: its deposits, refundable, net cells
    notes = [case.title, *(_in_force(p) for p in case.proceedings), status_line(case),
             layout.intro]
    for row, note in enumerate(notes, start=1):
        cells[row] = [(0, sheet.write_string, (note, formats["note"]))]
    for proceeding in case.proceedings:
        p = proceeding.kind.prefix
        rate, row, deposit, refundable = (column_value(f"{p}_{k}") for k in
                                          ("rate", "row", "deposit", "refundable"))
        deposits = money_sum(deposit(r) for r in results)
        refunds = money_sum(refundable(r) for r in results)
        value_col = layout[f"{p}_deposit"]
        totals[p] = [cell(TOTALS_ROW + 2 + i, value_col.index) for i in range(3)]
        lines = [
            (f"Entries with {proceeding.kind.article} {proceeding.kind} rate", build.count_numbers(f"{p}_rate", first,
                                                                           last),
             sum(1 for r in results if rate(r) != ""), "label_int"),
            (f"of which at the {proceeding.fallback_name} rate",
             build.count_fallback(proceeding.kind, first, last),
             sum(1 for r in results if row(r) == 0), "label_int"),
            (f"{proceeding.kind} deposits at entry (USD)",
             column_sum(value_col.letter, first, last), deposits, "total_usd"),
            (f"{proceeding.kind} refundable (USD)",
             column_sum(layout[f"{p}_refundable"].letter, first, last), refunds, "total_usd"),
            (f"{proceeding.kind} net of refunds (USD)",
             difference(totals[p][0], totals[p][1]), money_sum([deposits, -refunds]),
             "total_usd"),
        ]
        label_col, value_col = layout[f"{p}_case_number"].index, value_col.index
        for offset, (label, formula, value, style) in enumerate(lines):
            cells.setdefault(TOTALS_ROW + offset, []).extend([
                (label_col, sheet.write_string, (label, formats["label_right"])),
                (value_col, sheet.write_formula, (formula, formats[style], value))])
    ad_label, ad_value = layout["ad_case_number"].index, layout["ad_deposit"].index
    cells.setdefault(TOTALS_ROW - 1, []).extend([
        (ad_label, sheet.write_string, (NEAR_LABEL, formats["label_right"])),
        (ad_value, sheet.write_formula, (build.count_near(first, last), formats["label_int"],
                                         sum(CLOSE in r.name_note for r in results)))])
    if case.cvd is not None:
        total = layout["total_deposit"]
        cells[TOTALS_ROW + 1].append((total.index, sheet.write_string,
                                      ("AD + CVD", formats["label_right"])))
        cached = [money_sum(r.total_deposit for r in results),
                  money_sum(x for r in results for x in (r.ad.refundable, r.cvd.refundable))]
        cached.append(money_sum([cached[0], -cached[1]]))
        formulas = [column_sum(total.letter, first, last),
                    "=" + "+".join(totals[p][1] for p in totals),
                    difference(cell(TOTALS_ROW + 2, total.index),
                               cell(TOTALS_ROW + 3, total.index))]
        for i, (formula, value) in enumerate(zip(formulas, cached)):
            cells[TOTALS_ROW + 2 + i].append((total.index, sheet.write_formula, (
                formula, formats["total_usd"], value)))
    for row in sorted(cells):
        for col, write, args in sorted(cells[row], key=lambda cell: cell[0]):
            write(row, col, *args)


class _RowWriter:
    """Writes entry rows; the per-column work (formats, formula templates) is done once."""

    def __init__(self, sheet: Worksheet, formats: Formats, layout: SheetTemplate,
                 build: EntryFormulas, outputs: list[str]) -> None:
        self.sheet = sheet
        self.inputs = [(key, layout[key].index, formats[layout[key].format])
                       for key in INPUT_KEYS]
        self.outputs = [(layout[key].index, formats[layout[key].format],
                         build.column_formula(key), column_value(key)) for key in outputs]
        self.wrapping = [((lambda e, r, k=key: getattr(e, k)) if key in INPUT_KEYS else
                          (lambda e, r, value=column_value(key): value(r)), width, indent)
                         for key, width, indent in wrapping_columns(
                             (c.key, c.format, c.width) for c in layout.columns)]

    def write(self, row: int, entry: Entry, result: PricedEntry) -> None:
        sheet, r = self.sheet, row - 1
        height = wrap_height((text(entry, result), width, indent)
                             for text, width, indent in self.wrapping)
        if height is not None:   # before the row's cells: constant-memory mode
            sheet.set_row(r, height)
        for key, col, fmt in self.inputs:
            value = getattr(entry, key)
            if value is None or value == "":
                sheet.write_blank(r, col, None, fmt)
            elif isinstance(value, (dt.date, dt.datetime)):
                sheet.write_datetime(r, col, value, fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value, fmt)
            else:
                sheet.write_string(r, col, str(value), fmt)
        for col, fmt, formula, value in self.outputs:
            sheet.write_formula(r, col, formula(row), fmt, value(result))


def _add_validation(sheet: Worksheet, layout: SheetTemplate, first: int, last: int) -> None:
    """Dropdowns of the listed names that still accept any other name, a date check, and
    input help."""
    for col in layout.columns:
        if col.kind != "input":
            continue
        options = {"validate": "any", "input_title": col.header[:32],
                   "input_message": col.help[:255]}
        if col.type == "name":
            options.update({
                "validate": "list",
                "source": f"={EXPORTER_LIST if col.key == 'exporter' else PRODUCER_LIST}",
                "error_type": "information", "error_title": "Not on the rates sheets",
                "error_message": f"This {col.key} is not on the rates sheets. Keep it if it "
                                 "is right: a name that is not listed gets the fallback rate.",
            })
        elif col.type == "date":
            options.update({"validate": "date", "criteria": ">=", "value": dt.date(1900, 1, 1),
                            "error_type": "warning", "error_title": "Not a date",
                            "error_message": "Type the date of entry, e.g. 2025-08-01. A text "
                                             "that is not a date gets no rate."})
        elif col.type in ("amount", "quantity"):
            options.update({"validate": "decimal", "criteria": ">=", "value": 0,
                            "error_title": "Not an amount",
                            "error_message": "Type a number zero or above."})
        sheet.data_validation(first - 1, col.index, last - 1, col.index, options)


def _mark_fallback(sheet: Worksheet, formats: Formats, layout: SheetTemplate,
                   kind: ProceedingKind, first: int, last: int) -> None:
    """Shade a proceeding's output cells on rows that fell back to its fallback rate."""
    row = layout[f"{kind.prefix}_row"].letter
    sheet.conditional_format(first - 1, first_output(layout, kind).index, last - 1,
                             layout[f"{kind.prefix}_deposit"].index, {
                                 "type": "formula",
                                 "criteria": fell_back(f"${row}{first}"),
                                 "format": formats["fallback_cell"]})
