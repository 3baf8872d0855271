"""The Python reference of the rate rules (generator/rates.py), one behaviour per test: AD
on exporter/producer pairs, CVD on companies."""

import re
from decimal import Decimal

import pytest

from generator.rates import (ALL_OTHERS, EXPORTER_MISSING, EXPORTER_ONLY, EXPORTER_RATE,
                             LISTED, PAIR_NOT_LISTED, PRODUCER_MISSING, PRODUCER_RATE,
                             CompanyRate, CompanyRateTable, Fallback, Rate, RateTable,
                             excel_lower, excel_trim, round_cents)

FALLBACK = Fallback("China-Wide Entity", Decimal("150"), Decimal("149.50"), "A-570-999-000")
TABLE = RateTable([
    Rate("Alpha Co.", "Beta Co.", Decimal("12.34"), Decimal("11.11"), "A-570-999-001"),
    Rate("Beta Co.", "Alpha Co.", Decimal("33.30"), Decimal("32.10")),
    Rate("Zero Co.", "Zero Co.", Decimal("0"), Decimal("0")),
], FALLBACK)


def rate_of(found, table=TABLE):
    """The cash deposit the rule gives: the listed rate's, else the fallback's."""
    return (found.rate or table.fallback).cash_deposit


def test_listed_pair_gets_its_own_rate():
    found = TABLE.lookup("Alpha Co.", "Beta Co.")
    assert (rate_of(found), found.reason, found.rate.case_number) == (0.1111, LISTED,
                                                                      "A-570-999-001")


def test_swapped_pair_gets_the_other_rows_rate():
    assert rate_of(TABLE.lookup("Beta Co.", "Alpha Co.")) == 0.321


def test_match_ignores_case_and_extra_spaces():
    assert TABLE.lookup("  ALPHA   co. ", "beta CO.").reason == LISTED


def test_non_breaking_space_is_not_a_space():
    assert rate_of(TABLE.lookup("Alpha\u00a0Co.", "Beta Co.")) == 1.495


def test_exporter_listed_with_other_producers_gets_china_wide():
    found = TABLE.lookup("Alpha Co.", "Zero Co.")
    assert (rate_of(found), found.reason, found.rate) == (1.495, EXPORTER_ONLY, None)


def test_unlisted_pair_gets_china_wide():
    assert TABLE.lookup("Gamma Co.", "Beta Co.").reason == PAIR_NOT_LISTED


def test_missing_producer_or_exporter_gets_china_wide():
    assert TABLE.lookup("Alpha Co.", "  ").reason == PRODUCER_MISSING
    assert TABLE.lookup(None, "Beta Co.").reason == EXPORTER_MISSING


def test_blank_row_has_no_rate():
    assert TABLE.lookup(None, None) is None
    assert TABLE.lookup("   ", "") is None


def test_zero_rate_is_a_rate():
    found = TABLE.lookup("Zero Co.", "Zero Co.")
    assert (rate_of(found), found.reason) == (0.0, LISTED)


def test_wildcard_characters_match_only_themselves():
    assert TABLE.lookup("Alpha*", "Beta*").reason == PAIR_NOT_LISTED


@pytest.mark.parametrize("text, trimmed", [("  a   b  ", "a b"), ("a\u00a0 b", "a\u00a0 b"),
                                           ("\ta b", "\ta b")])
def test_trim_collapses_only_plain_spaces(text, trimmed):
    assert excel_trim(text) == trimmed


def test_lower_follows_libreoffice():
    assert excel_lower("ΟΔΟΣ ΑΣΑ") == "οδος ασα"   # final sigma, as LibreOffice's LOWER
    assert excel_lower("İstanbul") == "İstanbul"   # Python's lower() would give two characters


def test_letters_a_spreadsheet_finds_equal_match():
    table = RateTable([Rate("ſ Co.", "µ Ltd.", Decimal("1"), Decimal("1"))], FALLBACK)
    assert table.lookup("s co.", "μ ltd.").reason == LISTED


CVD = CompanyRateTable([
    CompanyRate("Alpha Co.", Decimal("3.33"), "C-570-999-001"),
    CompanyRate("Beta Co.", Decimal("4.44"), "C-570-999-002"),
    CompanyRate("Star* Co.", Decimal("5.55")),
], Fallback("All Others", None, Decimal("11.58"), "C-570-999-000"))


def test_cvd_exporter_listed_gets_its_own_rate():
    found = CVD.lookup("Alpha Co.", "Nobody Co.")
    assert (rate_of(found, CVD), found.reason) == (0.0333, EXPORTER_RATE)


def test_cvd_producer_rate_when_the_exporter_is_not_listed():
    found = CVD.lookup("Nobody Co.", "Beta Co.")
    assert (rate_of(found, CVD), found.reason, found.rate.case_number) == (
        0.0444, PRODUCER_RATE, "C-570-999-002")


def test_cvd_exporter_wins_when_both_are_listed():
    found = CVD.lookup("Beta Co.", "Alpha Co.")
    assert (rate_of(found, CVD), found.reason) == (0.0444, EXPORTER_RATE)


def test_cvd_neither_listed_gets_all_others():
    found = CVD.lookup("Nobody Co.", "Nothing Co.")
    assert (rate_of(found, CVD), found.reason, found.rate) == (0.1158, ALL_OTHERS, None)


def test_cvd_names_match_ignoring_case_and_spaces_but_not_wildcards():
    assert CVD.lookup(" ALPHA   co.", None).reason == EXPORTER_RATE
    assert CVD.lookup("Star Co.", "Star? Co.").reason == ALL_OTHERS
    assert CVD.lookup("star*  co.", None).reason == EXPORTER_RATE


def test_cvd_blank_row_has_no_rate():
    assert CVD.lookup("  ", None) is None


@pytest.mark.parametrize("amount, cents", [(2.675, 2.68), (1.005, 1.01), (-2.675, -2.68),
                                           (935.0000000000001, 935.0), (0.125, 0.13)])
def test_round_cents_rounds_half_away_from_zero_like_a_spreadsheet(amount, cents):
    assert round_cents(amount) == cents


@pytest.mark.parametrize("entry, words", [
    ({"exporter": "Acme\x0bCo"}, "control character U+000B"),
    ({"entered_value": 1e16}, "at most 15 digits"),
    ({"entered_value": float("nan")}, "not a number a cell can hold"),
])
def test_entries_a_cell_cannot_hold_are_refused(entry, words):
    from generator.entries import Entry, check_entries
    from generator.errors import InputError
    with pytest.raises(InputError, match=re.escape(words)):
        check_entries([Entry(**entry)])
