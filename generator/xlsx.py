"""The xlsxwriter workbook the generator writes with.

xlsxwriter rewrites every formula with about thirty regular expressions, to prefix functions
that Excel 365 added (XLOOKUP, FILTER...) with `_xlfn.`. Our formulas use only classic
functions (tests/test_workbook_layout.py forbids the others), and that rewriting was 70% of
the time to write 100,000 entry rows. A formula whose functions are all classic skips it;
any other goes through xlsxwriter's own rewriting as before.
"""

from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

CLASSIC_FUNCTIONS = frozenset({
    "AND", "COUNT", "COUNTIF", "IF", "IFERROR", "INDEX", "ISNUMBER", "LOWER", "MATCH", "OR",
    "ROUND", "SUBSTITUTE", "SUM", "TRIM"})
_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9._]*)\(")
_DIGITS = str.maketrans("", "", "0123456789")


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


class Workbook(xlsxwriter.Workbook):
    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> Worksheet:
        return super().add_worksheet(name, worksheet_class or ClassicFormulaWorksheet)
