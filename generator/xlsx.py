"""The xlsxwriter workbook the generator writes with, with two additions for speed.

- xlsxwriter rewrites every formula with about thirty regular expressions, to prefix
  functions that Excel 365 added (XLOOKUP, FILTER...) with `_xlfn.`. Our formulas use only
  classic functions (tests/test_workbook_layout.py forbids the others), and that rewriting was
  70% of the time to write 100,000 entry rows. A formula whose functions are all classic
  skips it; any other goes through xlsxwriter's own rewriting as before.
- Shared formulas, as Excel itself writes a column of one formula: the first cell holds the
  formula text, the cells below only point at it (`<f t="shared" si="0"/>`). A spreadsheet
  then parses each column's formula once; the file is smaller. xlsxwriter cannot write them,
  so `share_formulas` marks a block whose formulas are the same down each column and the
  cell writer emits the shared form there. Every cell keeps its own cached value.

Both override private xlsxwriter methods (`Worksheet._prepare_formula`,
`_xml_formula_element`), which any release may change: pyproject.toml pins xlsxwriter to the
releases tested, and tests/test_xlsxwriter_hooks.py fails, naming the change, when a release
moves these hooks.
"""

from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

CLASSIC_FUNCTIONS = frozenset({
    "AND", "CHOOSE", "COUNT", "COUNTIF", "FIND", "IF", "IFERROR", "INDEX", "ISERROR",
    "ISNUMBER", "LEFT", "LOWER", "MATCH", "N", "NOT", "OR", "REPT", "ROUND", "ROWS",
    "SUBSTITUTE", "SUM", "TRIM", "VLOOKUP"})
_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9._]*)\(")
_DIGITS = str.maketrans("", "", "0123456789")
_CELL = re.compile(r"([A-Z]+)(\d+)")


class ClassicFormulaWorksheet(Worksheet):
    _classic: dict[str, bool] = {}  # formula with its digits taken out -> only classic?

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if self.use_future_functions or expand_future_functions or not self._is_classic(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        return formula.removeprefix("=")

    def _is_classic(self, formula: str) -> bool:
        shape = formula.translate(_DIGITS)
        if shape not in self._classic:
            self._classic[shape] = not shape.startswith("{") and CLASSIC_FUNCTIONS.issuperset(
                _FUNCTION.findall(shape))
        return self._classic[shape]

    def share_formulas(self, first_row: int, last_row: int, columns: list[str]) -> None:
        """Write the formulas of `columns` (letters) from `first_row` to `last_row` (1-based)
        as shared formulas. Each column's formula must be the same on every row but for its
        row-relative references (tests/test_workbook_layout.py checks this)."""
        self._shared = getattr(self, "_shared", {})
        for column in columns:
            self._shared[column] = (first_row, last_row, len(self._shared))

    def _xml_formula_element(self, formula, result, attributes=[]) -> None:
        column, row = _CELL.fullmatch(attributes[0][1]).groups()
        first, last, index = getattr(self, "_shared", {}).get(column, (0, -1, 0))
        if not first <= int(row) <= last:
            return super()._xml_formula_element(formula, result, attributes)
        attr = "".join(f' {key}="{self._escape_attributes(value)}"' for key, value in attributes)
        if int(row) == first:
            shared = (f'<f t="shared" ref="{column}{first}:{column}{last}" si="{index}">'
                      f"{self._escape_data(formula)}</f>")
        else:
            shared = f'<f t="shared" si="{index}"/>'
        self.fh.write(f"<c{attr}>{shared}<v>{self._escape_data(result)}</v></c>")


class Workbook(xlsxwriter.Workbook):
    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> Worksheet:
        return super().add_worksheet(name, worksheet_class or ClassicFormulaWorksheet)
