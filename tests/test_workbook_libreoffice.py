"""Workbooks recalculated by spreadsheet engines agree with the Python reference, row by row,
and with the hand-worked expectations of the `distinct` fixture (tests/distinct_expectations.py).

The row-by-row tests run in each engine (`engine` fixture: LibreOffice, Gnumeric), always on a
copy whose cached values are poisoned (tests/engines.py), so only a recalculation can pass.
"""

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.entries import Entry
from generator.pricing import price_entries
from generator.sheets.entries import entries_layout
from generator.templates import sheet_template
from tests.distinct_expectations import ENTRIES, expected_rows, labels
from tests.engines import with_cached_values_of
from tests.timeline_entries import TIMELINE_ENTRIES
from tests.workbook_values import (cell_values, entry_outputs, expected_outputs, formula_cells,
                                   mismatches, same)

RATES_SHEETS = ("rates", "ad_company_rates", "cvd_rates")  # sheets with order checks


def match_type(book, name="AD_Match"):
    """The value of a Match Type cell: 1 binary search, 0 exact match."""
    sheet, cell = match_type_cell(book, name)
    return book[sheet][cell].value


def match_type_cell(book, name: str) -> tuple[str, str]:
    sheet, cell = book.defined_names[name].attr_text.split("!")
    return sheet.strip("'"), cell.replace("$", "")


def order_checks(book) -> list:
    """The AD Rates sheet's check, per combination, that binary search finds its key."""
    layout = sheet_template("rates")
    return [row[layout["in_order"].index] for row in book[layout.name].iter_rows(values_only=True)
            if isinstance(row[layout["number"].index], int)
            and isinstance(row[layout["lookup_key"].index], str)]


def collation_cells(path) -> set[tuple[str, str]]:
    """The cells that hold the spreadsheet's own text order: the Match Type cells and the
    order checks of every Rates sheet (its rates and the loose keys of listed names). The
    generator caches LibreOffice's answer; Gnumeric orders by code point."""
    book = openpyxl.load_workbook(path)
    cells = {match_type_cell(book, name) for name in book.defined_names
             if name.endswith("_Match")}
    for template in RATES_SHEETS:
        layout = sheet_template(template)
        if layout.name in book.sheetnames:
            for check in ("in_order", "near_in_order"):
                if check in {c.key for c in layout.columns}:
                    column = layout[check].letter
                    cells |= {(layout.name, cell.coordinate)
                              for cell in book[layout.name][column] if cell.data_type == "f"}
    return cells


def test_every_entry_row_matches_the_reference_and_the_hand_worked_values(tmp_path,
                                                                          distinct_case, engine):
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=ENTRIES, rows=40)
    recalculated = engine(built.path, tmp_path / engine.name)
    actual = entry_outputs(recalculated, 40)
    expected = expected_outputs(built.results, entries_layout(built.case))
    assert mismatches(actual, expected, labels(ENTRIES, 40)) == []
    assert mismatches(actual, expected_rows(ENTRIES, 40), labels(ENTRIES, 40)) == []


def test_entries_typed_into_a_blank_workbook_are_priced(tmp_path, distinct_case, engine):
    """Fill the generated workbook's input cells as a user does, then recalculate."""
    built = build_workbook(distinct_case, tmp_path / "blank.xlsx", rows=30)
    layout = entries_layout(built.case)
    book = openpyxl.load_workbook(built.path)
    sheet = book[layout.name]
    for i, entry in enumerate(ENTRIES):
        for col in layout.columns:
            if col.kind == "input":
                value = getattr(entry, col.key)
                sheet.cell(layout.first_data_row + i, col.index + 1).value = value
                if isinstance(value, str) and value.startswith(("=", "@")):
                    sheet.cell(layout.first_data_row + i, col.index + 1).data_type = "s"
    book.save(tmp_path / "filled.xlsx")
    actual = entry_outputs(engine(tmp_path / "filled.xlsx", tmp_path / engine.name),
                           len(ENTRIES))
    case = load_case(distinct_case)
    expected = expected_outputs(price_entries(case, ENTRIES), layout)
    assert mismatches(actual, expected, labels(ENTRIES)) == []
    assert mismatches(actual, expected_rows(ENTRIES), labels(ENTRIES)) == []


def test_cached_values_equal_what_each_engine_computes(tmp_path, distinct_case, engine):
    """Every formula cell's cached value is what the engine computes; in Gnumeric, whose text
    order differs, all but the order checks (test_match_type_follows_the_order_checks)."""
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=ENTRIES, rows=30)
    assert len(formula_cells(built.path)) > 200
    recalculated = engine(built.path, tmp_path / engine.name)
    assert cached_value_differences(built.path, recalculated, engine) == []


def cached_value_differences(path, recalculated, engine) -> list[str]:
    """The formula cells whose cached value differs from what the engine computed (in an
    engine other than LibreOffice, whose collation the generator follows, the cells that hold
    the engine's own text order left out)."""
    cached, computed = cell_values(path), cell_values(recalculated)
    cells = formula_cells(path).keys()
    if engine.name != "libreoffice":
        cells -= collation_cells(path)
    return [f"{where}: cached {cached[where]!r}, {engine.label} {computed.get(where)!r}"
            for where in sorted(cells) if not same(cached[where], computed.get(where))]


def test_dated_entries_of_the_timeline_case_match_the_reference(tmp_path, distinct_case,
                                                                engine):
    """Several AD and CVD determinations (tests/fixtures/timeline), entries dated around
    each: every entry row, and every cached value, as the engine computes them."""
    built = build_workbook(distinct_case.parent / "timeline", tmp_path / "wb.xlsx",
                           entries=TIMELINE_ENTRIES, rows=len(TIMELINE_ENTRIES))
    recalculated = engine(built.path, tmp_path / engine.name)
    actual = entry_outputs(recalculated, len(TIMELINE_ENTRIES))
    expected = expected_outputs(built.results, entries_layout(built.case))
    assert mismatches(actual, expected, [e.entry_number for e in TIMELINE_ENTRIES]) == []
    assert cached_value_differences(built.path, recalculated, engine) == []


def test_seed_workbook_prices_listed_and_unlisted_pairs(tmp_path, seed_case, engine):
    entries = [
        Entry("S-1", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Shanghai XFH Technology Co. Ltd.", entered_value=1000.0, quantity_kg=1.0),
        Entry("S-2", dt.date(2025, 8, 1), "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
              "Resonac Corporation", entered_value=1000.0, quantity_kg=1.0),
    ]
    built = build_workbook(seed_case, tmp_path / "seed.xlsx", entries=entries, rows=5)
    rows = entry_outputs(engine(built.path, tmp_path / engine.name), 2)
    assert [r["ad_rate"] for r in rows] == [pytest.approx(0.935), pytest.approx(1.0272)]
    assert [r["ad_deposit"] for r in rows] == [935.0, 1027.2]


def test_deposits_round_half_cents_like_the_reference(tmp_path, distinct_case, engine):
    """Values 5, 10, ... at 32.10% land on half cents (1.605, 4.815...), in both float
    directions; the reference must round them as the engines do."""
    entries = [Entry(f"R-{n}", None, None, "Beta (Shenzhen) Materials Co., Ltd.",
                     "Alpha Trading Co., Ltd.", entered_value=n * 5.0 + (n % 7) / 100)
               for n in range(1, 201)]
    built = build_workbook(distinct_case, tmp_path / "round.xlsx", entries=entries, rows=200)
    recalculated = engine(built.path, tmp_path / engine.name)
    actual = [r["ad_deposit"] for r in entry_outputs(recalculated, 200)]
    assert actual == [r.ad.deposit for r in built.results]


def test_match_type_follows_the_order_checks(tmp_path, distinct_case, engine):
    """AD_Match is 1 (binary search) exactly when the engine finds every Rates key in
    order. The generator's sort agrees with LibreOffice's collation for the fixture's names,
    so there it is 1; Gnumeric may find some out of order and search exactly (0)."""
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", rows=2)
    book = openpyxl.load_workbook(engine(built.path, tmp_path / engine.name), data_only=True)
    checks = order_checks(book)
    assert len(checks) == len(built.case.ad.latest.table)
    assert set(checks) <= {True, False}
    assert match_type(book) == (1 if all(checks) else 0)
    if engine.name == "libreoffice":
        assert checks == [True] * len(checks)


def test_keys_out_of_the_spreadsheets_order_still_give_every_right_rate(
        tmp_path, distinct_case, engine, request, monkeypatch):
    """Should a spreadsheet's collation disagree with the generator's sort, the formulas see
    it (AD_Match is 0) and search exactly: slower, still right."""
    import generator.pricing
    monkeypatch.setattr(generator.pricing, "collation_key",
                        lambda key: tuple(-ord(c) for c in key))  # reverse code point order
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=ENTRIES, rows=30)
    recalculated = engine(built.path, tmp_path / engine.name)
    assert match_type(openpyxl.load_workbook(recalculated, data_only=True)) == 0
    actual = entry_outputs(recalculated, 30)
    expected = expected_outputs(built.results, entries_layout(built.case))
    assert mismatches(actual, expected, labels(ENTRIES, 30)) == []
    assert mismatches(actual, expected_rows(ENTRIES, 30), labels(ENTRIES, 30)) == []


@pytest.mark.parametrize("case, entries", [("distinct", ENTRIES),
                                           ("timeline", TIMELINE_ENTRIES)])
def test_rows_rearranged_after_their_values_were_cached_are_computed_anew(
        tmp_path, distinct_case, engine, case, entries):
    """As after sorting the entry rows: each row holds the cached values of another row, and
    the engine computes every row from its own inputs. (LibreOffice 7.4's multi-threaded
    calculation gave the first rows stale values with an earlier layout of the helpers.)"""
    entries = [e for e in entries if not e.is_blank()]
    rows = (entries * (200 // len(entries) + 1))[:200]
    folder = distinct_case.parent / case
    before = build_workbook(folder, tmp_path / "before.xlsx", entries=rows, rows=200)
    after = build_workbook(folder, tmp_path / "after.xlsx", entries=rows[::-1], rows=200)
    sorted_stale = with_cached_values_of(before.path, after.path, tmp_path / "sorted.xlsx")
    actual = entry_outputs(engine.recalculate(sorted_stale, tmp_path / engine.name), 200)
    expected = expected_outputs(after.results, entries_layout(after.case))
    assert mismatches(actual, expected, [e.entry_number for e in rows[::-1]]) == []
    if case == "distinct":
        assert mismatches(actual, expected_rows(rows[::-1]), labels(rows[::-1])) == []
