"""The engine tests can only pass by recalculating: cached values are poisoned first
(tests/engines.py), every engine removes all the poison, and an "engine" that keeps the
cached values fails. Also the loud line that says which engine tests were skipped."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build_workbook
from generator.sheets.entries import entries_layout
from tests.distinct_expectations import ENTRIES, expected_rows, labels
from tests.engines import (POISON_NUMBER, POISON_TEXT, Engine, copy_without_recalculating,
                           poison, poison_sheet_xml, poisoned_cells)
from tests.workbook_values import (cell_values, entry_outputs, expected_outputs, formula_cells,
                                   mismatches)

ROOT = Path(__file__).resolve().parent.parent
NUMBER, TEXT = f"<v>{POISON_NUMBER}</v>", f'<v>{POISON_TEXT}</v>'


@pytest.mark.parametrize("cell, poisoned", [
    ('<c r="A1" s="3"><f>1+1</f><v>2</v></c>', f'<c r="A1" s="3"><f>1+1</f>{NUMBER}</c>'),
    ('<c r="A1" t="n"><f>1+1</f><v>2</v></c>', f'<c r="A1"><f>1+1</f>{NUMBER}</c>'),
    ('<c r="A1" t="str"><f>""</f><v></v></c>', f'<c r="A1" t="str"><f>""</f>{TEXT}</c>'),
    ('<c r="A1" t="b"><f>TRUE()</f><v>1</v></c>', f'<c r="A1" t="str"><f>TRUE()</f>{TEXT}</c>'),
    ('<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', f'<c r="A1" t="str"><f>1/0</f>{TEXT}</c>'),
    ('<c r="A2" s="1"><f t="shared" si="0"/><v>7</v></c>',
     f'<c r="A2" s="1"><f t="shared" si="0"/>{NUMBER}</c>'),
    ('<c r="A1"><f>A2</f></c>', f'<c r="A1"><f>A2</f>{NUMBER}</c>'),  # openpyxl: no value
    ('<c r="A1"><f>A2</f><v/></c>', f'<c r="A1"><f>A2</f>{NUMBER}</c>'),
    ('<c r="A1" t="inlineStr"><f>A2</f><is><t>x</t></is></c>',
     f'<c r="A1" t="str"><f>A2</f>{TEXT}</c>'),
    # not formulas: kept as they are
    ('<c r="A1" t="inlineStr"><is><t>&lt;f&gt;</t></is></c>', None),
    ('<c r="A1" s="2"/>', None),
    ('<c r="A1"><v>5</v></c>', None),
    ('<cols><col min="1" max="1"/></cols>', None),
])
def test_poison_replaces_the_cached_value_of_every_kind_of_formula_cell(cell, poisoned):
    xml = f"<sheetData><row r=\"1\">{cell}<c r=\"Z1\"><v>1</v></c></row></sheetData>"
    assert poison_sheet_xml(xml) == xml.replace(cell, poisoned or cell)


@pytest.fixture
def workbook(tmp_path, distinct_case) -> Path:
    return build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=ENTRIES, rows=30).path


def test_the_poisoned_copy_shows_poison_in_every_formula_cell_and_nothing_else(workbook,
                                                                               tmp_path):
    poisoned = poison(workbook, tmp_path / "poisoned" / workbook.name)
    original, values = cell_values(workbook), cell_values(poisoned)
    formulas = formula_cells(workbook)
    assert formula_cells(poisoned) == formulas
    assert {values[where] for where in formulas} == {POISON_NUMBER, POISON_TEXT}
    assert {where: value for where, value in values.items() if where not in formulas} == {
        where: value for where, value in original.items() if where not in formulas}
    assert len(poisoned_cells(poisoned)) == len(formulas) > 200
    assert poisoned_cells(workbook) == []


def test_each_engine_removes_all_the_poison(workbook, tmp_path, engine):
    recalculated = engine(workbook, tmp_path / engine.name)
    assert poisoned_cells(tmp_path / engine.name / "poisoned" / workbook.name)
    assert poisoned_cells(recalculated) == []
    assert mismatches(entry_outputs(recalculated, 30), expected_rows(ENTRIES, 30),
                      labels(ENTRIES, 30)) == []


def test_an_engine_that_keeps_the_cached_values_fails_the_row_test(tmp_path, distinct_case):
    lazy = Engine("lazy", "Lazy", "true", "none", "REQUIRE_LAZY", lambda: "true",
                  copy_without_recalculating)
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=ENTRIES, rows=30)
    actual = entry_outputs(lazy(built.path, tmp_path / "lazy"), 30)
    expected = expected_outputs(built.results, entries_layout(built.case))
    assert len(mismatches(actual, expected, labels(ENTRIES, 30))) > 30
    assert len(mismatches(actual, expected_rows(ENTRIES, 30), labels(ENTRIES, 30))) > 30


def test_a_short_read_is_a_mismatch():
    row = {"deposit": 1.0}
    assert mismatches([row], [row, row], ["a", "b"]) == ["1 rows read, 2 expected (2 labels)"]
    assert mismatches([row, row], [row, row], ["a", "b"]) == []


def test_skipped_engine_tests_are_announced_in_one_loud_line(tmp_path):
    """Without soffice and ssconvert on PATH (and nothing required), the engine tests skip
    and the summary says so."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REQUIRE_")}
    env["PATH"] = str(tmp_path)  # no program at all: python is run by its full path
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "--basetemp",
         str(tmp_path / "inner"),
         "tests/test_workbook_libreoffice.py::test_seed_workbook_prices_listed_and_unlisted_pairs",
         "tests/test_engines.py::test_a_short_read_is_a_mismatch"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert [line for line in lines if "ENGINE TESTS" in line] == [
        "ENGINE TESTS SKIPPED: 1 LibreOffice test (soffice not found), 1 Gnumeric test "
        "(ssconvert not found); install libreoffice-calc-nogui gnumeric"], run.stdout
    # after the list of skips, just above the final counts
    assert lines[-2].startswith("ENGINE TESTS SKIPPED") and "1 passed, 2 skipped" in lines[-1]
