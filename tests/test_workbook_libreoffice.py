"""The workbook recalculated by LibreOffice agrees with the Python reference, row by row."""

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
    sheet, cell = book.defined_names["Rate_Match_Type"].attr_text.split("!")
    return book[sheet.strip("'")][cell.replace("$", "")].value


def test_every_entry_row_matches_the_reference(tmp_path, distinct_case, libreoffice):
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=40)
    recalculated = libreoffice(built.path, tmp_path / "lo")
    actual = entry_outputs(recalculated, 40)
    expected = expected_outputs(built.results)
    assert mismatches(actual, expected, (USER_ENTRIES + [Entry()] * 40)[:40]) == []


def test_entries_typed_into_a_blank_workbook_are_priced(tmp_path, distinct_case, libreoffice):
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
    actual = entry_outputs(libreoffice(tmp_path / "filled.xlsx", tmp_path / "lo"),
                           len(USER_ENTRIES))
    table = load_case(distinct_case).rates
    expected = expected_outputs([compute_entry(e, table) for e in USER_ENTRIES])
    assert mismatches(actual, expected, USER_ENTRIES) == []


def test_cached_values_equal_what_libreoffice_computes(tmp_path, distinct_case, libreoffice):
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=30)
    cached = cell_values(built.path)
    computed = cell_values(libreoffice(built.path, tmp_path / "lo"))
    cells = formula_cells(built.path)
    assert len(cells) > 200
    wrong = [f"{where}: cached {cached[where]!r}, LibreOffice {computed.get(where)!r}"
             for where in cells if not same(cached[where], computed.get(where))]
    assert wrong == []


def test_seed_workbook_prices_listed_and_unlisted_pairs(tmp_path, seed_case, libreoffice):
    entries = [
        Entry("S-1", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Shanghai XFH Technology Co. Ltd.", 1000.0, 1.0),
        Entry("S-2", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Resonac Corporation", 1000.0, 1.0),
    ]
    built = build_workbook(seed_case, tmp_path / "seed.xlsx", entries=entries, rows=5)
    rows = entry_outputs(libreoffice(built.path, tmp_path / "lo"), 2)
    assert [r["cash_deposit_rate"] for r in rows] == [pytest.approx(0.935), pytest.approx(1.0272)]
    assert [r["deposit"] for r in rows] == [935.0, 1027.2]


def test_deposits_round_half_cents_like_the_reference(tmp_path, distinct_case, libreoffice):
    """Values 5, 10, ... at 32.10% land on half cents (1.605, 4.815...), in both float
    directions; the reference must round them as LibreOffice does."""
    entries = [Entry(f"R-{n}", None, None, "Beta (Shenzhen) Materials Co., Ltd.",
                     "Alpha Trading Co., Ltd.", n * 5.0 + (n % 7) / 100, None) for n in range(1, 201)]
    built = build_workbook(distinct_case, tmp_path / "round.xlsx", entries=entries, rows=200)
    actual = [r["deposit"] for r in entry_outputs(libreoffice(built.path, tmp_path / "lo"), 200)]
    assert actual == [r.deposit for r in built.results]


def test_libreoffice_finds_the_rate_keys_in_its_own_order(tmp_path, distinct_case, libreoffice):
    """The generator's sort agrees with LibreOffice's collation for the fixture's names, so
    the entry formulas use binary search (Rate_Match_Type 1), not the slow exact match."""
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", rows=2)
    book = openpyxl.load_workbook(libreoffice(built.path, tmp_path / "lo"), data_only=True)
    assert match_type(book) == 1
    layout = sheet_template("rates")
    column = [row[layout["in_order"].index] for row in book["Rates"].iter_rows(
        min_row=layout.first_data_row, max_row=layout.first_data_row + len(built.case.rates) - 1,
        values_only=True)]
    assert column == [True] * len(built.case.rates)


def test_keys_out_of_the_spreadsheets_order_still_give_every_right_rate(
        tmp_path, distinct_case, libreoffice, monkeypatch):
    """Should a spreadsheet's collation disagree with the generator's sort, the formulas see
    it (Rate_Match_Type is 0) and search exactly: slower, still right."""
    import generator.rates
    monkeypatch.setattr(generator.rates, "collation_key",
                        lambda key: tuple(-ord(c) for c in key))  # reverse code point order
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=26)
    recalculated = libreoffice(built.path, tmp_path / "lo")
    assert match_type(openpyxl.load_workbook(recalculated, data_only=True)) == 0
    actual = entry_outputs(recalculated, 26)
    assert mismatches(actual, expected_outputs(built.results), USER_ENTRIES + [Entry()]) == []
