"""A case number the data leaves blank shows blank, never 0, in every engine: for a listed
rate and for the fallback rate, AD and CVD alike. (A formula that returns an empty cell shows
0 in LibreOffice: the case-number formula appends &"" to it.) Expectations read by hand off
tests/fixtures/preliminary_blanks: every entry is worth 1,000.00 and dated August 1, 2025,
when both preliminaries are in force."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import build_workbook
from generator.entries import Entry
from tests.conftest import FIXTURES
from tests.test_print_whole import ALPHA, BETA, MONGOLIA, SHENZHEN
from tests.workbook_values import entry_outputs

DAY = dt.date(2025, 8, 1)
# entry, then (rate, case number) for AD and for CVD; None is a blank cell
ROWS = [
    # AD: the listed pair, no case number; CVD: Alpha has no rate, Beta's is 9.99%, none
    (Entry("B1", DAY, None, ALPHA, BETA, entered_value=1_000.0),
     (0.3485, None), (0.0999, None)),
    # AD: the China-Wide Entity, A-570-998-000; CVD: All Others 11.58%, no case number
    (Entry("B2", DAY, None, "Gamma Co.", "Delta Co.", entered_value=1_000.0),
     (1.0111, "A-570-998-000"), (0.1158, None)),
    # both listed with a case number
    (Entry("B3", DAY, None, SHENZHEN, MONGOLIA, entered_value=1_000.0),
     (0.2025, "A-570-998-001"), (0.0777, "C-570-997-001")),
]


def shown(outputs: list[dict]) -> list[tuple]:
    return [((o["ad_rate"], o["ad_case_number"]), (o["cvd_rate"], o["cvd_case_number"]))
            for o in outputs]


def expected() -> list[tuple]:
    return [(tuple(ad), tuple(cvd)) for _, ad, cvd in ROWS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_workbook(FIXTURES / "preliminary_blanks",
                          tmp_path_factory.mktemp("blanks") / "wb.xlsx",
                          entries=[e for e, *_ in ROWS], rows=5).path


def rounded(rows: list[tuple]) -> list[tuple]:
    return [tuple((round(rate, 6) if isinstance(rate, float) else rate, case)
                  for rate, case in row) for row in rows]


def test_the_cached_case_numbers_are_blank_where_the_data_gives_none(built):
    assert rounded(shown(entry_outputs(built, len(ROWS)))) == expected()


def test_each_engine_shows_a_blank_case_number_blank_not_0(built, engine, tmp_path):
    outputs = entry_outputs(engine(built, tmp_path), len(ROWS))
    assert rounded(shown(outputs)) == expected()
