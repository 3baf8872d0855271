"""The hand-worked expectations of the `distinct` fixture (tests/distinct_expectations.py)
hold: they cover every rate row and every fallback reason, their rates and case numbers are
those of the fixture's files, and the Python reference prices every entry as they say. The
engine tests check recalculated workbooks against the same literals."""

import csv
import tomllib

import pytest

from generator.case import load_case
from generator.pricing import price_entries
from generator.sheets.entries import entries_layout
from tests.conftest import FIXTURES
from tests.distinct_expectations import (BLANK, ENTRIES, EXPECTED, FALLBACK_REASONS,
                                         expected_rows, labels)
from tests.workbook_values import expected_outputs, mismatches

DISTINCT = FIXTURES / "distinct"


def test_every_entry_has_one_expectation():
    assert [entry.entry_number for entry in ENTRIES] == list(EXPECTED)


def test_the_expectations_cover_every_rate_row_and_every_fallback_reason():
    with open(DISTINCT / "rates.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    fallback = tomllib.loads((DISTINCT / "case.toml").read_text("utf-8"))["fallback"]
    used = {want[0] for want in EXPECTED.values() if want != BLANK}
    assert used == set(range(len(rows) + 1)) | {None}
    for number, _, pct, basis, case_number, _ in EXPECTED.values():
        if number is None:
            continue
        source = rows[number - 1] if number else {"cash_deposit_pct": fallback[
            "cash_deposit_pct"], "case_number": fallback["case_number"]}
        assert float(pct) == float(source["cash_deposit_pct"])
        assert (case_number or "") == source["case_number"]
        assert (basis in FALLBACK_REASONS) == (number == 0)
    assert {want[3] for want in EXPECTED.values()} >= FALLBACK_REASONS


@pytest.mark.parametrize("entry", ENTRIES, ids=labels(ENTRIES))
def test_the_reference_prices_each_entry_as_worked_by_hand(entry):
    case = load_case(DISTINCT)
    actual = expected_outputs(price_entries(case, [entry]), entries_layout(case))
    assert mismatches(actual, expected_rows([entry]), labels([entry])) == []
