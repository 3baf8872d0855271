"""Sheets are protected: formulas and rates are locked, only the entry input cells take typing;
and the workbook stays within Excel's limits."""

import re

import openpyxl
import pytest
from openpyxl.utils.protection import hash_password

from generator import build_workbook
from generator.cli import main
from generator.templates import sheet_template
from tests.conftest import FIXTURES
from tests.entry_cases import USER_ENTRIES
from tests.timeline_entries import TIMELINE_ENTRIES

ROWS = 30


@pytest.fixture(scope="module", params=["distinct", "timeline"])
def book(request, tmp_path_factory):
    """A workbook of the AD-only case and one of the case with a CVD timeline."""
    out = tmp_path_factory.mktemp("protect") / "wb.xlsx"
    entries = USER_ENTRIES if request.param == "distinct" else TIMELINE_ENTRIES
    build_workbook(FIXTURES / request.param, out, entries=entries, rows=ROWS)
    return openpyxl.load_workbook(out)


def reference_sheets(book) -> list[str]:
    return [name for name in book.sheetnames if name != sheet_template("entries").name]


def test_every_sheet_is_protected_without_a_password_by_default(book):
    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert sheet.protection.password is None, sheet.title


def test_entry_sheet_allows_filter_sort_resize_and_selection(book):
    protection = book[sheet_template("entries").name].protection
    # openpyxl: True means the action is forbidden
    assert not protection.autoFilter and not protection.sort
    assert not protection.formatColumns
    assert not protection.selectLockedCells and not protection.selectUnlockedCells
    assert protection.insertRows and protection.deleteRows and protection.formatCells


def test_reference_sheets_allow_filter_and_resize_but_not_sort(book):
    assert len(reference_sheets(book)) >= 4
    for name in reference_sheets(book):
        protection = book[name].protection
        assert not protection.autoFilter and not protection.formatColumns, name
        assert protection.sort and protection.insertRows, name


def test_entry_input_cells_are_unlocked_and_everything_else_locked(book):
    layout = sheet_template("entries", cvd="CVD Rates" in book.sheetnames)
    sheet = book[layout.name]
    first, last = layout.first_data_row, layout.first_data_row + ROWS - 1
    for col in layout.columns:
        cells = [sheet.cell(row, col.index + 1) for row in range(first, last + 1)]
        locked = {cell.protection.locked for cell in cells}
        assert locked == {col.kind != "input"}, col.key
    headers_and_totals = [c for row in sheet.iter_rows(max_row=layout.header_row) for c in row]
    assert all(cell.protection.locked for cell in headers_and_totals)


def test_every_formula_cell_is_locked(book):
    formulas = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"]
    assert len(formulas) > 200
    assert [cell.coordinate for cell in formulas if not cell.protection.locked] == []


def test_reference_sheets_have_no_unlocked_cell(book):
    for name in reference_sheets(book):
        cells = [c for row in book[name].iter_rows() for c in row]
        assert all(cell.protection.locked for cell in cells), name


def test_password_is_applied_when_given(tmp_path, distinct_case):
    out = tmp_path / "wb.xlsx"
    build_workbook(distinct_case, out, rows=3, password="s3cret pass")
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        assert sheet.protection.sheet
        assert sheet.protection.password == hash_password("s3cret pass"), sheet.title


def test_cli_password_option_sets_the_password(tmp_path, distinct_case):
    out = tmp_path / "wb.xlsx"
    assert main(["build", "--data", str(distinct_case), "--out", str(out), "--rows", "3",
                 "--password", "abc"]) == 0
    book = openpyxl.load_workbook(out)
    assert {s.protection.password for s in book.worksheets} == {hash_password("abc")}


def test_cli_refuses_a_password_excel_may_not_take_back(tmp_path, distinct_case, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["build", "--data", str(distinct_case), "--out", str(tmp_path / "wb.xlsx"),
              "--password", "pässword"])
    assert exited.value.code == 2
    assert "ASCII" in capsys.readouterr().err
    assert not (tmp_path / "wb.xlsx").exists()


def test_build_workbook_refuses_a_password_longer_than_excel_takes(tmp_path, distinct_case):
    with pytest.raises(ValueError, match="255"):
        build_workbook(distinct_case, tmp_path / "wb.xlsx", password="x" * 256)


# --- Excel limits -------------------------------------------------------------------------

def test_sheet_names_are_valid_in_excel(book):
    for name in book.sheetnames:
        assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
        assert name.lower() != "history" and not name.startswith("'"), name


def test_name_dropdowns_point_at_ranges_not_inline_lists(book):
    sheet = book[sheet_template("entries").name]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert sorted(v.formula1 for v in lists) == ["Exporter_List", "Producer_List"]
    for validation in lists:
        destination = book.defined_names[validation.formula1].attr_text
        assert re.fullmatch(r"'AD Rates'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+", destination)
