"""Workbooks recalculated by spreadsheet engines agree with the Python reference, row by row.

The row-by-row tests run in each engine (`engine` fixture: LibreOffice, Gnumeric), always on a
copy whose cached values are poisoned (tests/engines.py), so only a recalculation can pass.
"""

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.entries import Entry, compute_entry
from generator.case import load_case
from generator.templates import sheet_template
from tests.entry_cases import USER_ENTRIES
from tests.workbook_values import (cell_values, entry_outputs, expected_outputs, formula_cells,
                                   mismatches, same)


def match_type(book):
    """The value of the Rate_Match_Type cell: 1 binary search, 0 exact match."""
    sheet, cell = rate_match_type_cell(book)
    return book[sheet][cell].value


def rate_match_type_cell(book) -> tuple[str, str]:
    sheet, cell = book.defined_names["Rate_Match_Type"].attr_text.split("!")
    return sheet.strip("'"), cell.replace("$", "")


def in_order_column(book, count: int) -> list:
    """The Rates sheet's check, per combination, that its key sorts before the next one."""
    layout = sheet_template("rates")
    return [row[layout["in_order"].index] for row in book[layout.name].iter_rows(
        min_row=layout.first_data_row, max_row=layout.first_data_row + count - 1,
        values_only=True)]


def collation_cells(path, count: int) -> set[tuple[str, str]]:
    """The cells that hold the spreadsheet's own text order: Rate_Match_Type and the in-order
    checks. The generator caches LibreOffice's answer; Gnumeric orders by code point."""
    book = openpyxl.load_workbook(path)
    layout = sheet_template("rates")
    column = layout["in_order"].letter
    return {rate_match_type_cell(book)} | {
        (layout.name, f"{column}{row}")
        for row in range(layout.first_data_row, layout.first_data_row + count)}


def test_every_entry_row_matches_the_reference(tmp_path, distinct_case, engine):
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=40)
    recalculated = engine(built.path, tmp_path / engine.name)
    actual = entry_outputs(recalculated, 40)
    expected = expected_outputs(built.results)
    assert mismatches(actual, expected, (USER_ENTRIES + [Entry()] * 40)[:40]) == []


def test_entries_typed_into_a_blank_workbook_are_priced(tmp_path, distinct_case, engine):
    """Fill the generated workbook's input cells as a user does, then recalculate."""
    built = build_workbook(distinct_case, tmp_path / "blank.xlsx", rows=30)
    layout = sheet_template("entries")
    book = openpyxl.load_workbook(built.path)
    sheet = book[layout.name]
    for i, entry in enumerate(USER_ENTRIES):
        for col in layout.columns:
            if col.kind == "input":
                value = getattr(entry, col.key)
                sheet.cell(layout.first_data_row + i, col.index + 1).value = value
                if isinstance(value, str) and value.startswith(("=", "@")):
                    sheet.cell(layout.first_data_row + i, col.index + 1).data_type = "s"
    book.save(tmp_path / "filled.xlsx")
    actual = entry_outputs(engine(tmp_path / "filled.xlsx", tmp_path / engine.name),
                           len(USER_ENTRIES))
    table = load_case(distinct_case).rates
    expected = expected_outputs([compute_entry(e, table) for e in USER_ENTRIES])
    assert mismatches(actual, expected, USER_ENTRIES) == []


def test_cached_values_equal_what_each_engine_computes(tmp_path, distinct_case, engine):
    """Every formula cell's cached value is what the engine computes; in Gnumeric, whose text
    order differs, all but the order checks (test_rate_match_type_follows_the_order_checks)."""
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=30)
    cached = cell_values(built.path)
    computed = cell_values(engine(built.path, tmp_path / engine.name))
    cells = formula_cells(built.path)
    assert len(cells) > 200
    if engine.name != "libreoffice":
        cells = cells.keys() - collation_cells(built.path, len(built.case.rates))
    wrong = [f"{where}: cached {cached[where]!r}, {engine.label} {computed.get(where)!r}"
             for where in cells if not same(cached[where], computed.get(where))]
    assert wrong == []


def test_seed_workbook_prices_listed_and_unlisted_pairs(tmp_path, seed_case, engine):
    entries = [
        Entry("S-1", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Shanghai XFH Technology Co. Ltd.", 1000.0, 1.0),
        Entry("S-2", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Resonac Corporation", 1000.0, 1.0),
    ]
    built = build_workbook(seed_case, tmp_path / "seed.xlsx", entries=entries, rows=5)
    rows = entry_outputs(engine(built.path, tmp_path / engine.name), 2)
    assert [r["cash_deposit_rate"] for r in rows] == [pytest.approx(0.935), pytest.approx(1.0272)]
    assert [r["deposit"] for r in rows] == [935.0, 1027.2]


def test_deposits_round_half_cents_like_the_reference(tmp_path, distinct_case, engine):
    """Values 5, 10, ... at 32.10% land on half cents (1.605, 4.815...), in both float
    directions; the reference must round them as the engines do."""
    entries = [Entry(f"R-{n}", None, None, "Beta (Shenzhen) Materials Co., Ltd.",
                     "Alpha Trading Co., Ltd.", n * 5.0 + (n % 7) / 100, None) for n in range(1, 201)]
    built = build_workbook(distinct_case, tmp_path / "round.xlsx", entries=entries, rows=200)
    recalculated = engine(built.path, tmp_path / engine.name)
    actual = [r["deposit"] for r in entry_outputs(recalculated, 200)]
    assert actual == [r.deposit for r in built.results]


def test_rate_match_type_follows_the_order_checks(tmp_path, distinct_case, engine):
    """Rate_Match_Type is 1 (binary search) exactly when the engine finds every Rates key in
    order. The generator's sort agrees with LibreOffice's collation for the fixture's names,
    so there it is 1; Gnumeric may find some out of order and search exactly (0)."""
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", rows=2)
    book = openpyxl.load_workbook(engine(built.path, tmp_path / engine.name), data_only=True)
    column = in_order_column(book, len(built.case.rates))
    assert set(column) <= {True, False}
    assert match_type(book) == (1 if all(column) else 0)
    if engine.name == "libreoffice":
        assert column == [True] * len(built.case.rates)


def test_keys_out_of_the_spreadsheets_order_still_give_every_right_rate(
        tmp_path, distinct_case, engine, monkeypatch):
    """Should a spreadsheet's collation disagree with the generator's sort, the formulas see
    it (Rate_Match_Type is 0) and search exactly: slower, still right."""
    import generator.rates
    monkeypatch.setattr(generator.rates, "collation_key",
                        lambda key: tuple(-ord(c) for c in key))  # reverse code point order
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=26)
    recalculated = engine(built.path, tmp_path / engine.name)
    assert match_type(openpyxl.load_workbook(recalculated, data_only=True)) == 0
    actual = entry_outputs(recalculated, 26)
    assert mismatches(actual, expected_outputs(built.results), USER_ENTRIES + [Entry()]) == []
