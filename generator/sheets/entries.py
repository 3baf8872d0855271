"""The Entries sheet: input columns a user fills, formula columns that price each entry."""

from __future__ import annotations

import datetime as dt

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from ..case import Case
from ..entries import INPUT_KEYS, Entry
from ..pricing import BLANK_RESULT, EntryResult
from ..formulas import EntryFormulas, column_sum
from ..templates import SheetTemplate, sheet_template
from .layout import Formats, set_columns, set_print, write_headers, write_title

PROGRESS_EVERY = 500  # rows between progress calls: cheap enough for the hot loop
OUTPUT_KEYS = ("cash_deposit_rate", "rate_basis", "ad_case_number", "deposit", "lookup_key",
               "rate_row", "basis_code")


def write_entries_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                        entries: list[Entry], priced: list[EntryResult], rows: int,
                        progress=None) -> None:
    """Write at least `rows` entry rows (more if `entries` has more), each formula with the
    value `priced` gives it. `progress(done, rows)`, if given, is called every PROGRESS_EVERY
    rows and at the end."""
    layout = sheet_template("entries")
    sheet = workbook.add_worksheet(layout.name)
    sheet.activate()
    rows = max(rows, len(entries), 1)
    first, last = layout.first_data_row, layout.first_data_row + rows - 1  # 1-based
    results = priced + [BLANK_RESULT] * (rows - len(priced))
    build = EntryFormulas(layout)

    set_columns(sheet, layout)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · {case.determination}, announced {case.announced_text} · "
        "rates from the Rates sheet",
        layout.intro,
    ])
    _write_totals(sheet, formats, layout, build, first, last, results)
    write_headers(sheet, layout, formats)
    sheet.share_formulas(first, last, [layout[key].letter for key in OUTPUT_KEYS])
    writer, blank = _RowWriter(sheet, formats, layout, build), Entry()
    for i, result in enumerate(results):
        writer.write(first + i, entries[i] if i < len(entries) else blank, result)
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, rows)
    if progress is not None:
        progress(rows, rows)

    _add_validation(sheet, layout, first, last)
    _mark_china_wide(sheet, formats, layout, first, last)
    sheet.freeze_panes(layout.header_row, 0)
    sheet.autofilter(layout.header_row - 1, 0, last - 1, len(layout.columns) - 1)
    used = max((i for i, e in enumerate(entries) if not e.is_blank()), default=-1)
    set_print(sheet, layout, case.case_number, generated, first + max(used, 0) - 1)


def _write_totals(sheet: Worksheet, formats: Formats, layout: SheetTemplate,
                  build: EntryFormulas, first: int, last: int,
                  results: list[EntryResult]) -> None:
    label_col, value_col = layout["ad_case_number"].index, layout["deposit"].index
    priced = [r for r in results if r.cash_deposit_rate != ""]
    lines = [
        ("Entries with a rate", build.count_numbers("cash_deposit_rate", first, last),
         len(priced), "label_int"),
        ("of which at the China-wide rate", build.count_china_wide(first, last),
         sum(1 for r in priced if r.rate_row == 0), "label_int"),
        ("Total estimated AD cash deposit (USD)", column_sum(layout["deposit"].letter, first, last),
         sum(r.deposit for r in priced if r.deposit != ""), "total_usd"),
    ]
    for row, (label, formula, value, style) in enumerate(lines, start=2):
        sheet.write_string(row, label_col, label, formats["label_right"])
        sheet.write_formula(row, value_col, formula, formats[style], value)


class _RowWriter:
    """Writes entry rows; the per-column work (formats, formula templates) is done once."""

    def __init__(self, sheet: Worksheet, formats: Formats, layout: SheetTemplate,
                 build: EntryFormulas) -> None:
        self.sheet = sheet
        self.inputs = [(key, layout[key].index, formats[layout[key].format])
                       for key in INPUT_KEYS]
        self.outputs = [(key, layout[key].index, formats[layout[key].format],
                         build.column_formula(key)) for key in OUTPUT_KEYS]

    def write(self, row: int, entry: Entry, result: EntryResult) -> None:
        sheet, r = self.sheet, row - 1
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
        for key, col, fmt, formula in self.outputs:
            sheet.write_formula(r, col, formula(row), fmt, getattr(result, key))


def _add_validation(sheet: Worksheet, layout: SheetTemplate, first: int, last: int) -> None:
    """Dropdowns from the Rates sheet that still accept any other name, and input help."""
    for col in layout.columns:
        if col.kind != "input":
            continue
        options = {"validate": "any", "input_title": col.header[:32], "input_message": col.help[:255]}
        if col.key in ("exporter", "producer"):
            options.update({
                "validate": "list", "source": f"=Rate_{col.key.title()}_List",
                "error_type": "information", "error_title": "Not on the Rates sheet",
                "error_message": f"This {col.key} is not on the Rates sheet. Keep it if it is "
                                 "right: a pair that is not listed gets the China-wide rate.",
            })
        elif col.key in ("entered_value", "quantity_kg"):
            options.update({"validate": "decimal", "criteria": ">=", "value": 0,
                            "error_title": "Not an amount",
                            "error_message": "Type a number zero or above."})
        sheet.data_validation(first - 1, col.index, last - 1, col.index, options)


def _mark_china_wide(sheet: Worksheet, formats: Formats, layout: SheetTemplate, first: int,
                     last: int) -> None:
    """Shade the output cells of rows that fell back to the China-wide rate."""
    rate_row = layout["rate_row"].letter
    sheet.conditional_format(first - 1, layout["cash_deposit_rate"].index, last - 1,
                             layout["deposit"].index, {
                                 "type": "formula", "criteria": f"=AND(ISNUMBER(${rate_row}{first}),${rate_row}{first}=0)",
                                 "format": formats["china_wide_row"]})
