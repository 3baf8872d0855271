"""AD rates files in their three shapes (generator/kinds.py): pairs, pairs with exporters
listed alone (a blank producer: any producer; a listed pair wins), and companies (the
exporter's rate, else the producer's, else the fallback). Expected rates, bases, case
numbers and deposits are read by hand off tests/fixtures/ad_pairs_and_exporters and
ad_companies; every entry is worth 1,000.00, so each deposit is ten times the rate."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.entries import Entry
from generator.errors import InputError
from tests.conftest import FIXTURES
from tests.engines import formulas_package_outputs
from tests.test_course import Side, mismatches
from tests.workbook_values import entry_outputs

DAY = dt.date(2025, 6, 1)
ALPHA, BETA, GAMMA, DELTA = ("Alpha Export Co.", "Beta Factory Co.", "Gamma Trading Co.",
                             "Delta Works Co.")
ANY = "Exporter's rate for any producer"
CW = "China-Wide Entity"


def entry(number: str, exporter, producer) -> Entry:
    return Entry(number, DAY, None, exporter, producer, entered_value=1_000.0)


def side(pct: str, case: str, basis: str) -> Side:
    return Side(pct, round(float(pct) * 10, 2), 0.0, basis), case


PAIRS = [
    (entry("E1", ALPHA, BETA), side("10.10", "A-570-901-001", "Listed combination")),
    (entry("E2", ALPHA, "Other Mill"), side("20.20", "A-570-901-002", ANY)),
    (entry("E3", ALPHA, None), side("20.20", "A-570-901-002", ANY)),
    (entry("E4", GAMMA, DELTA), side("30.30", "A-570-901-003", "Listed combination")),
    (entry("E5", GAMMA, BETA), side("40.40", "A-570-901-004", ANY)),
    (entry("E6", "Epsilon Co.", "Other Mill"),
     side("98.98", "A-570-901-000", f"{CW}: exporter listed with other producers only")),
    (entry("E7", "Other Export", BETA), side("98.98", "A-570-901-000", f"{CW}: pair not listed")),
    (entry("E8", "  alpha  EXPORT co. ", "Nobody"), side("20.20", "A-570-901-002", ANY)),
    (entry("E9", None, BETA), side("98.98", "A-570-901-000", f"{CW}: exporter missing")),
]

HOKKAIDO, KYUSHU = "Hokkaido Anode K.K.", "Kyushu Graphite Co."
EXPORTER, PRODUCER = "Exporter's own rate", "Producer's rate (exporter not listed)"
OTHERS = "All Others: neither name listed"
COMPANIES = [
    (entry("J1", HOKKAIDO, KYUSHU), side("11.11", "A-588-901-001", EXPORTER),
     side("4.44", "C-588-902-001", PRODUCER)),
    (entry("J2", "Other Co.", KYUSHU), side("22.22", "A-588-901-002", PRODUCER),
     side("4.44", "C-588-902-001", PRODUCER)),
    (entry("J3", KYUSHU, HOKKAIDO), side("22.22", "A-588-901-002", EXPORTER),
     side("4.44", "C-588-902-001", EXPORTER)),
    (entry("J4", "Other Co.", "Other Mill"), side("33.33", "A-588-901-000", OTHERS),
     side("5.55", "C-588-902-000", OTHERS)),
    (entry("J5", None, HOKKAIDO), side("11.11", "A-588-901-001", PRODUCER),
     side("5.55", "C-588-902-000", OTHERS)),
]

CASES = {"ad_pairs_and_exporters": PAIRS, "ad_companies": COMPANIES}


def expectations(rows):
    """(entry, AD side, CVD side or None) for tests.test_course.mismatches."""
    return [(e, ad[0], cvd[0] if cvd else None) for e, ad, *rest in rows
            for cvd in [rest[0] if rest else None]]


def case_numbers(rows) -> list[tuple]:
    return [(ad[1], rest[0][1] if rest else None) for _, ad, *rest in rows]


@pytest.fixture(scope="module", params=list(CASES))
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    rows = CASES[request.param]
    result = build_workbook(FIXTURES / request.param, folder / "shapes.xlsx",
                            entries=[e for e, *_ in rows])
    return result, rows


def shown_case_numbers(outputs: list[dict], rows) -> list[tuple]:
    cvd = len(rows[0]) > 2
    return [(o["ad_case_number"], o["cvd_case_number"] if cvd else None) for o in outputs]


def test_the_reference_prices_each_shape_as_worked_by_hand(built):
    result, rows = built
    got = [{f"{p}_{k}": getattr(getattr(r, p), k) for p in ("ad", "cvd") if getattr(r, p)
            for k in ("rate", "deposit", "refundable", "basis", "case_number")}
           for r in result.results[:len(rows)]]
    assert mismatches(got, expectations(rows)) == []
    assert shown_case_numbers(got, rows) == case_numbers(rows)


def test_the_cached_values_are_the_hand_expectations(built):
    result, rows = built
    outputs = entry_outputs(result.path, len(rows))
    assert mismatches(outputs, expectations(rows)) == []
    assert shown_case_numbers(outputs, rows) == case_numbers(rows)


def test_each_engine_prices_each_shape_as_worked_by_hand(built, engine, tmp_path):
    result, rows = built
    outputs = entry_outputs(engine(result.path, tmp_path), len(rows))
    assert mismatches(outputs, expectations(rows)) == []
    assert shown_case_numbers(outputs, rows) == case_numbers(rows)


def test_formulas_package_prices_each_shape_as_worked_by_hand(built):
    result, rows = built
    rows_without_spaces = [r for r in rows if r[0].entry_number != "E8"]   # TRIM (rules.md)
    outputs = formulas_package_outputs(result.path, len(rows))
    kept = [o for o, r in zip(outputs, rows) if r[0].entry_number != "E8"]
    assert mismatches(kept, expectations(rows_without_spaces)) == []


def test_an_exporter_row_shows_any_producer_blank_on_the_rates_sheet(built):
    result, rows = built
    sheet = openpyxl.load_workbook(result.path)["AD Rates"]
    cells = [[c.value or None for c in row[:7]] for row in sheet.iter_rows()]
    if rows is PAIRS:
        assert [1, "Final Results of Review", ALPHA, None, 0.222, 0.202,
                "A-570-901-002"] in cells
        assert any("A blank Producer: that exporter's rate for goods of any producer" in str(c)
                   for r in cells for c in r)
    else:
        header = next(r for r in cells if r[0] == "No.")
        assert header[:6] == ["No.", "Determination", "Producer and/or Exporter",
                              "Weighted-Average Dumping Margin (%)",
                              "Cash Deposit Rate (%, adj. for subsidy offsets)",
                              "AD Case Number"]


def test_pairs_and_companies_in_one_case_are_refused(tmp_path):
    import shutil
    folder = shutil.copytree(FIXTURES / "ad_companies", tmp_path / "mixed")
    (folder / "ad-review.csv").write_text(
        "exporter,producer,margin_pct,cash_deposit_pct,case_number\nA,B,1,1,\n")
    text = (folder / "case.toml").read_text()
    (folder / "case.toml").write_text(text.replace("\n[cvd]", '''
[[determination]]
name = "Final Determination"
effective = 2025-09-01
source = "Fictional"
rates = "ad-review.csv"
[determination.fallback]
name = "All Others"
margin_pct = 1
cash_deposit_pct = 1

[cvd]'''))
    with pytest.raises(InputError) as caught:
        load_case(folder)
    assert "companies (ad-preliminary.csv) and combinations (ad-review.csv)" in str(caught.value)
