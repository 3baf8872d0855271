"""Entry Dates that are numbers: a spreadsheet date serial is carried, a number that is no
date (20250801 typed for 2025-08-01) is refused naming its cell, never a traceback."""

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.entries import Entry
from generator.carry import read_entries
from generator.errors import InputError

ENTRY = Entry("E-1", dt.date(2025, 8, 4), "3801.10.5000", "Zeta Co.", "Zeta Co.",
              entered_value=1000.0, quantity_kg=1.0)


@pytest.fixture
def old(tmp_path, distinct_case):
    return build_workbook(distinct_case, tmp_path / "old.xlsx", entries=[ENTRY], rows=5).path


def set_entry_date(path, value, number_format=None):
    book = openpyxl.load_workbook(path)
    sheet = book["Entries"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Entry Number")
    cell = sheet.cell(header + 1, 2)
    cell.value = value
    if number_format:
        cell.number_format = number_format
    book.save(path)
    return f"B{header + 1}"


@pytest.mark.parametrize("value, number_format", [(20250801, "General"),
                                                  (0, "General"), (-3, "General"),
                                                  (20250801, "yyyy-mm-dd")])
def test_an_entry_date_number_that_is_no_date_is_refused_naming_the_cell(old, value,
                                                                         number_format):
    cell = set_entry_date(old, value, number_format)
    with pytest.raises(InputError) as err:
        read_entries(old)
    assert err.value.path == old and f"cell {cell}" in err.value.message


def test_an_entry_date_serial_is_carried_as_a_date(old, tmp_path, distinct_case):
    set_entry_date(old, 45873, "General")   # 45873 is 2025-08-04 as a spreadsheet counts
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=old)
    [entry] = result.carried.entries
    assert entry.entry_date == 45873
    assert result.results[0].ad.deposit == pytest.approx(88.0)  # Zeta Co. 8.80%


@pytest.mark.parametrize("value", [3_000_000, 0, -1.5])
def test_an_entry_date_number_given_from_python_is_refused(tmp_path, distinct_case, value):
    entry = Entry("E-1", value, None, "Zeta Co.", "Zeta Co.", entered_value=1000.0)
    with pytest.raises(InputError) as err:
        build_workbook(distinct_case, tmp_path / "x.xlsx", entries=[entry])
    assert err.value.column == "entry_date" and "is not a date" in err.value.message
    assert not (tmp_path / "x.xlsx").exists()


def test_an_old_workbook_whose_timeline_lost_its_rows_carries_without_a_changes_sheet(
        old, tmp_path, distinct_case):
    book = openpyxl.load_workbook(old)
    sheet = book["Timeline"]
    for row in range(sheet.max_row, 0, -1):   # every determination row (No. 1, 2, ...)
        if isinstance(sheet.cell(row, 1).value, int):
            sheet.delete_rows(row)
    book.save(old)
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=old)
    assert result.changes is None and [e.entry_number for e in result.carried.entries] == ["E-1"]
    assert any("rates cannot be read" in w for w in result.carried.warnings)
