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


class ClassicFormulaWorksheet(Worksheet):
    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if (self.use_future_functions or expand_future_functions or formula.startswith("{")
                or not CLASSIC_FUNCTIONS.issuperset(_FUNCTION.findall(formula))):
            return super()._prepare_formula(formula, expand_future_functions)
        return formula.removeprefix("=")


class Workbook(xlsxwriter.Workbook):
    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> Worksheet:
        return super().add_worksheet(name, worksheet_class or ClassicFormulaWorksheet)
