"""Comparing an earlier workbook's rates with new ones, per determination, and the carried
entries priced under both. Every expected number is this file's own arithmetic."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator.kinds import AD, CVD
from generator.changes import ADDED, CHANGED, REMOVED, UNCHANGED, compare
from generator.entries import Entry
from generator.model import Case, Determination, Proceeding
from generator.pricing import price_entries
from generator.rates import CompanyRate, CompanyRateTable, Fallback, Rate, RateTable

D = dt.date


def ad_table(fallback_pct, *rates):
    return RateTable([Rate(e, p, Decimal(pct), Decimal(pct), n) for e, p, pct, n in rates],
                     Fallback("China-Wide Entity", Decimal(fallback_pct), Decimal(fallback_pct),
                              "A-570-999-000"))


def ad(*determinations) -> Proceeding:
    return Proceeding(AD, "A-570-999", "AD Investigation", tuple(
        Determination(name, effective, table=table) for name, effective, table in determinations))


def case(ad_proceeding, cvd=None) -> Case:
    return Case("A-570-999", "Test", "China", "", ["1"], ad_proceeding, [], cvd)


PRELIM = ("Preliminary", D(2025, 7, 24),
          ad_table("100", ("A", "B", "10", "A-570-999-001"), ("C", "D", "20", ""),
                   ("E", "F", "30", "")))
FINAL = ("Final", D(2026, 2, 17),
         ad_table("120", ("A", "B", "12", "A-570-999-001"), ("C", "D", "20", ""),
                  ("G", "H", "5", "")))


def report(old: Proceeding, new: Case, entries, old_cvd=None):
    olds = {"AD": old, **({"CVD": old_cvd} if old_cvd else {})}
    return compare(olds, new, entries, price_entries(new, entries), Path("old.xlsx"))


ENTRIES = [
    Entry("1", D(2025, 8, 1), exporter="A", producer="B", entered_value=100.0),   # prelim 10%
    Entry("2", D(2026, 2, 16), exporter="E", producer="F", entered_value=100.0),  # prelim 30%
    Entry(),
    Entry("3", D(2026, 2, 17), exporter="A", producer="B", entered_value=100.0),  # 10% -> 12%
    Entry("4", D(2026, 3, 1), exporter="E", producer="F", entered_value=100.0),   # 30% -> 120%
    Entry("5", D(2026, 3, 1), exporter="C", producer="D", entered_value=100.0),   # 20% -> 20%
    Entry("6", D(2026, 3, 1), exporter="X", producer="Y", entered_value=100.0),   # 100 -> 120
]


def test_a_new_determination_changes_only_the_entries_dated_in_its_period():
    result = report(ad(PRELIM), case(ad(PRELIM, FINAL)), ENTRIES)
    assert [c.entry.entry_number for c in result.changed_entries] == ["3", "4", "6"]
    moved = {c.entry.entry_number: (c.before.ad.deposit, c.after.ad.deposit)
             for c in result.changed_entries}
    assert moved == {"3": (10.0, 12.0), "4": (30.0, 120.0), "6": (100.0, 120.0)}
    assert result.entries == 6


def test_the_new_determination_is_compared_with_the_one_it_replaces():
    result = report(ad(PRELIM), case(ad(PRELIM, FINAL)), ENTRIES)
    prelim, final = result.determinations
    assert (prelim.name, prelim.status, prelim.rates) == ("Preliminary", UNCHANGED, [])
    assert (final.name, final.status, final.before.name) == ("Final", ADDED, "Preliminary")
    assert [(c.kind, c.rate.exporter) for c in final.rates] == [
        (CHANGED, "A"), (ADDED, "G"), (REMOVED, "E")]
    changed = final.of_kind(CHANGED)[0]
    assert (changed.old.cash_deposit_pct, changed.new.cash_deposit_pct) == (10, 12)
    assert (final.entries, final.changed) == (4, 3)   # entries 3, 4, 5, 6; 5 kept 20%
    assert (prelim.entries, prelim.changed) == (2, 0)


def test_a_corrected_rate_in_the_same_determination_is_a_change():
    corrected = ("Preliminary", D(2025, 7, 24),
                 ad_table("100", ("A", "B", "11", "A-570-999-001"), ("C", "D", "20", ""),
                          ("E", "F", "30", "")))
    result = report(ad(PRELIM), case(ad(corrected)), ENTRIES)
    [change] = result.determinations
    assert change.status == CHANGED
    assert [(c.kind, c.rate.exporter, c.old.cash_deposit_pct, c.new.cash_deposit_pct)
            for c in change.rates] == [(CHANGED, "A", 10, 11)]
    assert [c.entry.entry_number for c in result.changed_entries] == ["1", "3"]


def test_a_determination_left_out_of_the_new_data_is_reported_removed():
    result = report(ad(PRELIM, FINAL), case(ad(PRELIM)), ENTRIES)
    assert [(c.name, c.status) for c in result.determinations] == [
        ("Preliminary", UNCHANGED), ("Final", REMOVED)]


def test_totals_before_and_after_are_each_sides_own_sums():
    result = report(ad(PRELIM), case(ad(PRELIM, FINAL)), ENTRIES)
    before, after = result.before["AD"], result.after["AD"]
    # before: 10 + 30 + 10 + 30 + 20 + 100 (X/Y at the 100% fallback)
    assert before.deposit == 200.0
    # after: 10 + 30 + 12 + 120 (E/F not listed in the final) + 20 + 120
    assert after.deposit == 312.0
    assert (before.fallback, after.fallback) == (1, 2)
    assert (before.priced, after.priced) == (6, 6)


def test_a_new_fallback_rate_is_described():
    raised = ("Preliminary", D(2025, 7, 24), ad_table("150", ("A", "B", "10", "A-570-999-001"),
                                                      ("C", "D", "20", ""),
                                                      ("E", "F", "30", "")))
    result = report(ad(PRELIM), case(ad(raised)), ENTRIES)
    assert result.determinations[0].status == CHANGED
    assert "China-Wide Entity 100.00% -> 150.00%" in result.summary_lines()[1]


def test_a_period_without_rates_owes_nothing_and_is_a_change():
    lapse = ("Provisional Measures Expired", D(2026, 1, 21), None)
    result = report(ad(PRELIM), case(ad(PRELIM, lapse)), ENTRIES)
    moved = {c.entry.entry_number: c.after.ad.deposit for c in result.changed_entries}
    assert moved == {"2": 0.0, "3": 0.0, "4": 0.0, "5": 0.0, "6": 0.0}
    assert result.after["AD"].deposit == 10.0


def test_names_match_ignoring_case_and_spaces_when_comparing():
    respaced = ("Preliminary", D(2025, 7, 24),
                ad_table("100", (" a ", "b", "10", "A-570-999-001"), ("C", "D", "20", ""),
                         ("E", "F", "30", "")))
    result = report(ad(PRELIM), case(ad(respaced)), ENTRIES)
    assert result.determinations[0].status == UNCHANGED
    assert result.changed_entries == []


def test_a_companion_cvd_case_added_since_the_old_workbook_prices_every_entry_anew():
    cvd = Proceeding(CVD, "C-570-999", "CVD Investigation", (Determination(
        "Amended Preliminary", D(2025, 7, 2), table=CompanyRateTable(
            [CompanyRate("A", Decimal("3.5"), "C-570-999-001")],
            Fallback("All Others", None, Decimal("11.58"), "C-570-999-000"))),))
    result = report(ad(PRELIM), case(ad(PRELIM), cvd), ENTRIES)
    assert "CVD" not in result.before
    # CVD: A 3.5% on entries 1 and 3; 11.58% on the four others: 3.5*2 + 11.58*4
    assert result.after["CVD"].deposit == pytest.approx(53.32)
    assert len(result.changed_entries) == 6
    assert [(c.proceeding, c.status) for c in result.determinations] == [
        ("AD", UNCHANGED), ("CVD", ADDED)]


def test_a_new_case_number_with_the_same_rate_is_a_change_to_file():
    """C/D keeps 20% and gains the case number A-570-999-003: the rate is listed as changed,
    and entry 5 (C/D, the only entry of that pair) is listed with its new case number,
    though its deposit stays 20% of 100.00."""
    numbered = ("Preliminary", D(2025, 7, 24),
                ad_table("100", ("A", "B", "10", "A-570-999-001"), ("C", "D", "20", "A-570-999-003"),
                         ("E", "F", "30", "")))
    result = report(ad(PRELIM), case(ad(numbered)), ENTRIES)
    [change] = result.determinations
    assert change.status == CHANGED
    assert [(c.kind, c.rate.exporter, c.old.case_number, c.new.case_number, c.entries)
            for c in change.rates] == [(CHANGED, "C", "", "A-570-999-003", 1)]
    assert (change.entries, change.changed) == (6, 1)
    [moved] = result.changed_entries
    assert (moved.entry.entry_number, moved.new_deposit, moved.new_case_numbers) == (
        "5", False, ("AD",))
    assert (moved.before.ad.deposit, moved.after.ad.deposit) == (20.0, 20.0)
    assert (result.new_deposits, result.new_case_numbers_only) == ([], [moved])
    lines = result.summary_lines()
    assert lines[1] == ("  AD Preliminary: changed (effective 2025-07-24); combinations 0 added, "
                        "0 removed, 1 changed; 6 carried entries in its period, 1 with a new "
                        "deposit or case number")
    assert lines[2] == ("Entries carried: 6; 0 owe a different deposit now, 1 more a new case "
                        "number (same deposit)")
    assert lines[3] == ("  5 2026-03-01: AD $20.00 -> $20.00, AD case number (none) -> "
                        "A-570-999-003")
