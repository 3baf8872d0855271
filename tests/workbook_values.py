"""Read generated or recalculated workbooks back, for comparison with the reference."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl

from generator.templates import sheet_template


def entry_outputs(path: Path, count: int) -> list[dict]:
    """The formula columns of the first `count` entry rows, by column key (values as
    stored: cached by the generator or computed by LibreOffice)."""
    layout = sheet_template("entries")
    sheet = openpyxl.load_workbook(path, data_only=True, read_only=True)[layout.name]
    keys = [c.key for c in layout.columns if c.kind != "input"]
    rows = sheet.iter_rows(min_row=layout.first_data_row, max_row=layout.first_data_row + count - 1,
                           values_only=True)
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


def expected_outputs(results) -> list[dict]:
    return [{k: blank(v) for k, v in r.as_dict().items()} for r in results]


def mismatches(actual: list[dict], expected: list[dict], labels) -> list[str]:
    """Each output of each row that differs from the expected one, the row named by its label
    (the entry, say); a different number of rows (a short read) is a mismatch too."""
    wrong = [] if len(actual) == len(expected) <= len(labels) else [
        f"{len(actual)} rows computed, {len(expected)} expected ({len(labels)} labels)"]
    return wrong + [f"row {i + 1} {labels[i]}: {key} = {got.get(key)!r}, expected {want[key]!r}"
                    for i, (got, want) in enumerate(zip(actual, expected))
                    for key in want if not same(got.get(key), want[key])]
