"""Comparing old rates with new ones, and the carried entries priced under both."""

from decimal import Decimal

import pytest

from generator import build_workbook
from generator.case import load_case
from generator.changes import ADDED, CHANGED, REMOVED, compare_rates as compare_priced
from generator.entries import Entry
from generator.entry_import import fraction_to_pct, read_entries
from generator.rates import Fallback, Rate, RateTable
from generator.pricing import BLANK_RESULT, compute_entry
from tests.entry_cases import USER_ENTRIES

FALLBACK = Fallback("China-Wide Entity", Decimal("100"), Decimal("100"), "A-570-999-000")


def table(*rates, fallback=FALLBACK):
    return RateTable([Rate(e, p, Decimal(m), Decimal(d), n) for e, p, m, d, n in rates],
                     fallback)


def compare_rates(old, new, entries, source):
    priced = [BLANK_RESULT if e.is_blank() else compute_entry(e, new) for e in entries]
    return compare_priced(old, new, entries, priced, source)


OLD = table(("A", "B", "10", "10", ""), ("C", "D", "20", "20", ""), ("E", "F", "30", "30", ""))


def test_a_combination_only_in_the_new_rates_is_added():
    new = table(("A", "B", "10", "10", ""), ("C", "D", "20", "20", ""),
                ("E", "F", "30", "30", ""), ("G", "H", "5", "5", ""))
    report = compare_rates(OLD, new, [], "old.xlsx")
    assert [(c.kind, c.new.exporter) for c in report.changes] == [(ADDED, "G")]
    assert report.unchanged == 3


def test_a_combination_only_in_the_old_rates_is_removed():
    report = compare_rates(OLD, table(("A", "B", "10", "10", "")), [], "old.xlsx")
    assert sorted((c.kind, c.old.exporter) for c in report.changes) == [
        (REMOVED, "C"), (REMOVED, "E")]


def test_names_match_ignoring_case_and_spaces_when_comparing():
    report = compare_rates(OLD, table((" a ", "b", "10", "10", ""), ("C", "D", "20", "20", ""),
                                      ("E", "F", "30", "30", "")), [], "old.xlsx")
    assert report.changes == [] and report.unchanged == 3


def test_a_new_margin_deposit_or_case_number_is_a_change():
    new = table(("A", "B", "11", "10", ""), ("C", "D", "20", "25", ""),
                ("E", "F", "30", "30", "A-570-999-007"))
    report = compare_rates(OLD, new, [], "old.xlsx")
    assert [c.kind for c in report.changes] == [CHANGED] * 3
    assert [(c.old.cash_deposit_pct, c.new.cash_deposit_pct) for c in report.changes] == [
        (10, 10), (20, 25), (30, 30)]


def test_a_new_fallback_is_reported():
    raised = Fallback(FALLBACK.name, Decimal("120"), Decimal("110"), FALLBACK.case_number)
    report = compare_rates(OLD, RateTable(OLD.rates, raised), [], "old.xlsx")
    assert report.fallback_changed and report.changes == []
    assert "cash deposit 100.00% -> 110.00%" in report.summary_lines()[0]


def test_entries_whose_rate_changed_are_counted_and_priced_before_and_after():
    entries = [Entry("1", exporter="A", producer="B", entered_value=100.0),   # 10% -> 12%
               Entry("2", exporter="C", producer="D", entered_value=100.0),   # 20% -> 20%
               Entry(),
               Entry("3", exporter="X", producer="Y", entered_value=100.0),   # 100% -> 100%
               Entry("4", exporter="E", producer="F", entered_value=100.0)]   # 30% -> fallback
    new = table(("A", "B", "12", "12", ""), ("C", "D", "20", "20", ""))
    report = compare_rates(OLD, new, entries, "old.xlsx")
    assert report.entries == 4
    assert report.rate_changed == 2 and report.changed_rows == [0, 4]
    assert (report.before.deposit, report.after.deposit) == (160.0, 232.0)
    assert (report.before.china_wide, report.after.china_wide) == (1, 2)
    removed = next(c for c in report.changes if c.kind == REMOVED)
    assert removed.entries == 1


def test_old_rates_read_from_the_rates_sheet_equal_the_case_they_came_from(tmp_path,
                                                                          distinct_case):
    built = build_workbook(distinct_case, tmp_path / "old.xlsx", entries=USER_ENTRIES, rows=5)
    old = read_entries(built.path).old_rates
    case = load_case(distinct_case).rates
    assert old.rates == case.rates
    assert (old.fallback.name, old.fallback.margin_pct, old.fallback.cash_deposit_pct,
            old.fallback.case_number) == (case.fallback.name, case.fallback.margin_pct,
                                          case.fallback.cash_deposit_pct,
                                          case.fallback.case_number)


@pytest.mark.parametrize("fraction, pct", [(0.935, "93.5"), (1.0272, "102.72"), (0.0, "0"),
                                           (12.0, "1200"), (0.1111, "11.11")])
def test_a_stored_fraction_reads_back_as_the_printed_percent(fraction, pct):
    assert fraction_to_pct(fraction) == Decimal(pct)
