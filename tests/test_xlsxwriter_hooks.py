"""generator/xlsx.py overrides two private xlsxwriter methods. These tests fail, saying what
changed, when an xlsxwriter release moves those hooks: re-check generator/xlsx.py against it,
then widen the xlsxwriter pin in pyproject.toml."""

import inspect
import re
import zipfile

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from generator.xlsx import ClassicFormulaWorksheet, Workbook

WHAT_TO_DO = (f"xlsxwriter {xlsxwriter.__version__} differs from the versions generator/xlsx.py "
              "was written for: re-check its overrides against this version, then widen the "
              "xlsxwriter pin in pyproject.toml")

HOOKS = {  # method -> the parameters our override takes and passes on (name, default)
    "_prepare_formula": [("self", None), ("formula", None), ("expand_future_functions", False)],
    "_xml_formula_element": [("self", None), ("formula", None), ("result", None),
                             ("attributes", [])],
}


@pytest.mark.parametrize("name", HOOKS)
def test_the_overridden_hooks_keep_their_signatures(name):
    hook = getattr(Worksheet, name, None)
    assert callable(hook), f"Worksheet.{name} is gone. {WHAT_TO_DO}"
    found = [(p.name, None if p.default is p.empty else p.default)
             for p in inspect.signature(hook).parameters.values()]
    assert found == HOOKS[name], (
        f"Worksheet.{name} takes {found}, generator/xlsx.py expects {HOOKS[name]}. {WHAT_TO_DO}")


def test_the_helpers_the_shared_formula_writer_uses_are_there():
    for name in ("_escape_attributes", "_escape_data"):
        assert callable(getattr(Worksheet, name, None)), f"Worksheet.{name} is gone. {WHAT_TO_DO}"


def _sheet_xml(tmp_path, constant_memory: bool) -> str:
    path = tmp_path / "hooks.xlsx"
    book = Workbook(str(path), {"constant_memory": constant_memory})
    sheet = book.add_worksheet("S")
    assert isinstance(sheet, ClassicFormulaWorksheet)
    sheet.share_formulas(1, 3, ["B"])
    for row in range(3):
        sheet.write_number(row, 0, row + 1)
        sheet.write_formula(row, 1, f"=ROUND(A{row + 1}*2,2)", None, (row + 1) * 2)
    sheet.write_formula(3, 1, "=SUM(B1:B3)", None, 12)
    sheet.write_formula(3, 2, "=XLOOKUP(1,A1:A3,B1:B3)", None, 2)
    book.close()
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


@pytest.mark.parametrize("constant_memory", [True, False])
def test_shared_formulas_are_written_with_their_cached_values(tmp_path, constant_memory):
    xml = _sheet_xml(tmp_path, constant_memory)
    cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*>(.*?)</c>', xml))
    expected = {
        "B1": '<f t="shared" ref="B1:B3" si="0">ROUND(A1*2,2)</f><v>2</v>',
        "B2": '<f t="shared" si="0"/><v>4</v>',
        "B3": '<f t="shared" si="0"/><v>6</v>',
        "B4": "<f>SUM(B1:B3)</f><v>12</v>",  # below the shared block: an ordinary formula
    }
    found = {cell: cells.get(cell) for cell in expected}
    assert found == expected, f"the cell writer no longer goes through our hook. {WHAT_TO_DO}"


def test_a_function_excel_365_added_still_gets_the_xlfn_prefix(tmp_path):
    xml = _sheet_xml(tmp_path, constant_memory=True)
    assert ">_xlfn.XLOOKUP(1,A1:A3,B1:B3)</f>" in xml, (  # (xlsxwriter makes it a dynamic array)
        f"XLOOKUP lost its _xlfn. prefix (Excel would show #NAME?). {WHAT_TO_DO}")


def test_classic_formulas_still_go_through_the_fast_path(tmp_path, monkeypatch):
    checked = []
    original = ClassicFormulaWorksheet._is_classic
    monkeypatch.setattr(ClassicFormulaWorksheet, "_is_classic",
                        lambda self, formula: checked.append(formula) or original(self, formula))
    _sheet_xml(tmp_path, constant_memory=True)
    assert "=ROUND(A1*2,2)" in checked, (
        f"write_formula no longer calls Worksheet._prepare_formula. {WHAT_TO_DO}")
