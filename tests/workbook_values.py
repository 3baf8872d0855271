"""Read generated or recalculated workbooks back, for comparison with the reference."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl

from generator.pricing import column_value
from generator.templates import SheetTemplate, sheet_template


def entries_layout_of(path: Path) -> SheetTemplate:
    """The Entries layout a workbook was written with (with CVD columns or without)."""
    layout = sheet_template("entries")
    sheet = openpyxl.load_workbook(path, read_only=True)[layout.name]
    header = next(sheet.iter_rows(min_row=layout.header_row, max_row=layout.header_row,
                                  values_only=True))
    return sheet_template("entries", cvd=layout["cvd_rate"].header in header)


def entry_outputs(path: Path, count: int) -> list[dict]:
    """The formula columns of the first `count` entry rows, by column key (values as
    stored: cached by the generator or computed by an engine)."""
    layout = entries_layout_of(path)
    sheet = openpyxl.load_workbook(path, data_only=True, read_only=True)[layout.name]
    keys = [c.key for c in layout.columns if c.kind != "input"]
    rows = list(sheet.iter_rows(min_row=layout.first_data_row,
                                max_row=layout.first_data_row + count - 1, values_only=True))
    width = len(layout.columns)
    rows = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    return [{key: blank(row[layout[key].index]) for key in keys} for row in rows]


def formula_cells(path: Path) -> dict[tuple[str, str], object]:
    """Every formula cell of the workbook: (sheet, cell) -> formula text (not text that only
    starts with "=", such as a company named "=Formula Looking Co.")."""
    book = openpyxl.load_workbook(path)
    return {(ws.title, cell.coordinate): cell.value
            for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if cell.data_type == "f"}


def cell_values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, cell.coordinate): blank(cell.value)
            for ws in book.worksheets for row in ws.iter_rows() for cell in row}


def blank(value):
    return None if value == "" else value


def same(a, b) -> bool:
    """Equal values, numbers within 1e-9 (a spreadsheet's float may differ in the last bit)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def expected_outputs(results, layout: SheetTemplate) -> list[dict]:
    """What the reference (PricedEntry results) says each formula column shows."""
    keys = [c.key for c in layout.columns if c.kind != "input"]
    values = {key: column_value(key) for key in keys}
    return [{key: blank(values[key](r)) for key in keys} for r in results]


def mismatches(actual: list[dict], expected: list[dict], labels) -> list[str]:
    """Every cell where `actual` differs from `expected`, the row named by its label (the
    entry, say); a different number of rows (a short read must not compare fewer rows) or
    fewer labels than rows is a difference too."""
    wrong = [] if len(actual) == len(expected) <= len(labels) else [
        f"{len(actual)} rows read, {len(expected)} expected ({len(labels)} labels)"]
    return wrong + [f"row {i + 1} {labels[i]}: {key} = {got.get(key)!r}, expected {want[key]!r}"
                    for i, (got, want) in enumerate(zip(actual, expected))
                    for key in want if not same(got.get(key), want[key])]
