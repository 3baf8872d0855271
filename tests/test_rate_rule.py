"""The Python reference of the rate rule (generator/rates.py), one behaviour per test."""

import re
from decimal import Decimal

import pytest

from generator.rates import (EXPORTER_MISSING, EXPORTER_ONLY, LISTED, PAIR_NOT_LISTED,
                             PRODUCER_MISSING, Fallback, Rate, RateTable, excel_lower,
                             excel_trim, round_cents)

FALLBACK = Fallback("China-Wide Entity", Decimal("150"), Decimal("149.50"), "A-570-999-000")
TABLE = RateTable([
    Rate("Alpha Co.", "Beta Co.", Decimal("12.34"), Decimal("11.11"), "A-570-999-001"),
    Rate("Beta Co.", "Alpha Co.", Decimal("33.30"), Decimal("32.10")),
    Rate("Zero Co.", "Zero Co.", Decimal("0"), Decimal("0")),
], FALLBACK)


def test_listed_pair_gets_its_own_rate():
    found = TABLE.lookup("Alpha Co.", "Beta Co.")
    assert (found.cash_deposit, found.basis, found.case_number) == (0.1111, LISTED, "A-570-999-001")


def test_swapped_pair_gets_the_other_rows_rate():
    assert TABLE.lookup("Beta Co.", "Alpha Co.").cash_deposit == 0.321


def test_match_ignores_case_and_extra_spaces():
    assert TABLE.lookup("  ALPHA   co. ", "beta CO.").basis == LISTED


def test_non_breaking_space_is_not_a_space():
    assert TABLE.lookup("Alpha\u00a0Co.", "Beta Co.").cash_deposit == 1.495


def test_exporter_listed_with_other_producers_gets_china_wide():
    found = TABLE.lookup("Alpha Co.", "Zero Co.")
    assert (found.cash_deposit, found.basis, found.row) == (1.495, EXPORTER_ONLY, 0)


def test_unlisted_pair_gets_china_wide():
    assert TABLE.lookup("Gamma Co.", "Beta Co.").basis == PAIR_NOT_LISTED


def test_missing_producer_or_exporter_gets_china_wide():
    assert TABLE.lookup("Alpha Co.", "  ").basis == PRODUCER_MISSING
    assert TABLE.lookup(None, "Beta Co.").basis == EXPORTER_MISSING


def test_blank_row_has_no_rate():
    assert TABLE.lookup(None, None) is None
    assert TABLE.lookup("   ", "") is None


def test_zero_rate_is_a_rate():
    found = TABLE.lookup("Zero Co.", "Zero Co.")
    assert (found.cash_deposit, found.basis) == (0.0, LISTED)


def test_wildcard_characters_match_only_themselves():
    assert TABLE.lookup("Alpha*", "Beta*").basis == PAIR_NOT_LISTED


@pytest.mark.parametrize("text, trimmed", [("  a   b  ", "a b"), ("a\u00a0 b", "a\u00a0 b"),
                                           ("\ta b", "\ta b")])
def test_trim_collapses_only_plain_spaces(text, trimmed):
    assert excel_trim(text) == trimmed


def test_lower_follows_libreoffice():
    assert excel_lower("ΟΔΟΣ ΑΣΑ") == "οδος ασα"   # final sigma, as LibreOffice's LOWER
    assert excel_lower("İstanbul") == "İstanbul"   # Python's lower() would give two characters


def test_letters_a_spreadsheet_finds_equal_match():
    table = RateTable([Rate("ſ Co.", "µ Ltd.", Decimal("1"), Decimal("1"))], FALLBACK)
    assert table.lookup("s co.", "μ ltd.").basis == LISTED


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
