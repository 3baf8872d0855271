"""The reference prices each entry by the determinations in force on its date
(generator/pricing.py). The expected rates are read off tests/fixtures/timeline by hand; the
deposits are this file's own arithmetic."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from generator.case import load_case
from generator.entries import Entry
from generator.pricing import BEFORE_FIRST, NOT_A_DATE, ProceedingPricer, price_entries
from tests.conftest import FIXTURES
from tests.timeline_entries import TIMELINE_ENTRIES

CASE = load_case(FIXTURES / "timeline")
PRELIM, AMENDED, LAPSE, ORDER = ("Preliminary Determination",
                                 "Amended Preliminary Determination",
                                 "Provisional Measures Expired", "Order")
BEFORE = "(before the first {} determination)"
LATEST = "Order (no entry date: latest)"
PRC, CHINA, ALL_OTHERS = "PRC-Wide Entity", "China-Wide Entity", "All Others"
NO_DEPOSIT = "No deposit: entered before the first determination in the data, in force from "

# entry: (AD determination, AD %, AD basis, AD case number,
#         CVD determination, CVD %, CVD basis, CVD case number); None: no rate
EXPECTED = {
    "T-01": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             BEFORE.format("CVD"), None, NO_DEPOSIT + "May 28, 2025", ""),
    "T-02": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             PRELIM, "3.33", "Exporter's own rate", "C-570-999-001"),
    "T-03": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             PRELIM, "4.44", "Producer's rate (exporter not listed)", "C-570-999-002"),
    "T-04": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             AMENDED, "4.75", "Producer's rate (exporter not listed)", "C-570-999-002"),
    "T-05": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-06": (PRELIM, "24.50", "Listed combination", "A-570-999-002",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-07": (PRELIM, "101.50", f"{PRC}: pair not listed", "A-570-999-000",
             AMENDED, "721.03", "Exporter's own rate", "C-570-999-003"),
    "T-08": (PRELIM, "43.21", "Listed combination", "A-570-999-004",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-09": (AMENDED, "109.25", f"{CHINA}: pair not listed", "A-570-999-000",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-10": (PRELIM, "101.50", f"{PRC}: pair not listed", "A-570-999-000",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-11": (AMENDED, "70.70", "Listed combination", "A-570-999-006",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-12": (AMENDED, "0.00", "Listed combination", "A-570-999-003",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-13": (AMENDED, "0.00", "Listed combination", "A-570-999-003",
             LAPSE, None, f"No deposit: {LAPSE}", ""),
    "T-14": (AMENDED, "109.25", f"{CHINA}: exporter listed with other producers only",
             "A-570-999-000", LAPSE, None, f"No deposit: {LAPSE}", ""),
    "T-15": (LAPSE, None, f"No deposit: {LAPSE}", "", LAPSE, None, f"No deposit: {LAPSE}", ""),
    "T-16": (LAPSE, None, f"No deposit: {LAPSE}", "", LAPSE, None, f"No deposit: {LAPSE}", ""),
    "T-17": (ORDER, "118.80", f"{CHINA}: pair not listed", "",
             ORDER, "2.22", "Producer's rate (exporter not listed)", "C-570-999-004"),
    "T-18": (ORDER, "118.80", f"{CHINA}: exporter listed with other producers only", "",
             ORDER, "5.05", "Exporter's own rate", "C-570-999-001"),
    "T-19": (ORDER, "1199.99", "Listed combination", "A-570-999-007",
             ORDER, "14.40", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-20": (LATEST, "14.14", "Listed combination", "A-570-999-001",
             LATEST, "5.05", "Exporter's own rate", "C-570-999-001"),
    "T-21": ("(Entry Date is not a date)", None, "No rate: the Entry Date is not a date", "",
             "(Entry Date is not a date)", None, "No rate: the Entry Date is not a date", ""),
    "T-22": (AMENDED, "0.00", "Listed combination", "A-570-999-003",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-23": (PRELIM, "11.11", "Listed combination", "A-570-999-001",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-24": (PRELIM, "5.25", "Listed combination", "",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-25": (AMENDED, "109.25", f"{CHINA}: pair not listed", "A-570-999-000",
             AMENDED, "11.58", f"{ALL_OTHERS}: neither name listed", "C-570-999-000"),
    "T-26": (PRELIM, "11.11", "Listed combination", "A-570-999-001",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-27": (PRELIM, "101.50", f"{PRC}: producer missing", "A-570-999-000",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-28": (PRELIM, "101.50", f"{PRC}: exporter missing", "A-570-999-000",
             AMENDED, "4.75", "Producer's rate (exporter not listed)", "C-570-999-002"),
    "T-29": (PRELIM, "101.50", f"{PRC}: pair not listed", "A-570-999-000",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-30": (BEFORE.format("AD"), None, NO_DEPOSIT + "July 24, 2025", "",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
    "T-31": (PRELIM, "11.11", "Listed combination", "A-570-999-001",
             AMENDED, "3.50", "Exporter's own rate", "C-570-999-001"),
}


def cents(value: float, pct: str) -> float:
    return float((Decimal(repr(value)) * Decimal(pct) / 100).quantize(Decimal("0.01"),
                                                                      ROUND_HALF_UP))


def expected_deposit(entry: Entry, pct: str | None):
    """The deposit by hand: on the Subject Merchandise Value when filled; blank without a
    value or with a date that is not a date; 0 when no rate is in force."""
    value = entry.subject_value if entry.subject_value is not None else entry.entered_value
    if value is None or isinstance(entry.entry_date, str):
        return ""
    return 0.0 if pct is None else cents(value, pct)


# Names close to a listed one get a note in the basis (generator/names.py); none here: the
# names listed as "Epsilon* Energy Co." and "Zeta? Anode Co." typed without * and ? are not
# close (* ? ~ count as letters)
NEAR_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("entry", TIMELINE_ENTRIES, ids=lambda e: e.entry_number)
def test_each_entry_gets_the_rates_in_force_on_its_date(entry):
    [priced] = price_entries(CASE, [entry])
    want = EXPECTED[entry.entry_number]
    for result, (name, pct, basis, case_number) in ((priced.ad, want[:4]),
                                                    (priced.cvd, want[4:])):
        if result is priced.cvd and pct is not None:   # the CVD basis names its determination
            basis = f"{basis} ({name.removesuffix(' (no entry date: latest)')})"
        if entry.entered_value is None and entry.subject_value is None:
            basis += "; no value: no deposit computed"
        basis += NEAR_MISSES.get(entry.entry_number, "")
        assert (result.determination, result.basis, result.case_number) == (
            name, basis, case_number)
        assert result.rate == ("" if pct is None else float(Decimal(pct) / 100))
        assert result.deposit == expected_deposit(entry, pct)
    deposits = [expected_deposit(entry, want[1]), expected_deposit(entry, want[5])]
    assert priced.total_deposit == ("" if "" in deposits else pytest.approx(sum(deposits)))


def test_every_entry_of_the_fixture_has_an_expectation():
    assert [e.entry_number for e in TIMELINE_ENTRIES] == list(EXPECTED)


@pytest.mark.parametrize("date, number", [
    (dt.date(2025, 7, 23), BEFORE_FIRST), (dt.date(2025, 7, 24), 1), (dt.date(2025, 8, 31), 1),
    (dt.date(2025, 9, 1), 2), (dt.datetime(2025, 8, 31, 23, 59), 1), (None, 4), ("", 4),
    ("07/24/2025", NOT_A_DATE), (True, NOT_A_DATE), (45_901, 2), (45_900.75, 1)])
def test_the_determination_in_force_is_the_last_one_effective_on_or_before_the_date(date,
                                                                                    number):
    """45901 is the spreadsheet serial of 2025-09-01 (45900.75: the evening before)."""
    assert ProceedingPricer(CASE.ad).number_on(date) == number


def test_a_first_determination_without_an_effective_date_is_in_force_from_the_start():
    seed = load_case(FIXTURES / "distinct")
    assert ProceedingPricer(seed.ad).number_on(dt.date(1990, 1, 1)) == 1


def test_a_blank_row_is_blank_in_every_column():
    [priced] = price_entries(CASE, [Entry()])
    assert priced.ad.deposit == priced.cvd.deposit == priced.total_deposit == ""
    assert priced.ad.number == priced.cvd.number == ""
