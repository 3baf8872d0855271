"""A case number that changes with the same rate is a change the broker must file: the
Changes sheet lists the rate as changed, counts it, and lists each carried entry it moves,
with its old and new case numbers. The old rates: tests/fixtures/preliminary_blanks, where
Beta Anode Co., Ltd.'s CVD rate (9.99%) has no case number; the new: the same with
C-570-997-002 for it. Every entry is Alpha Trading (not a CVD company) / Beta Anode, on a
date the CVD preliminary prices: the producer's rate, 9.99% before and after."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator import build_workbook
from generator.entries import Entry
from tests.conftest import FIXTURES
from tests.test_carry_over import changes_table, summary

ALPHA, BETA = "Alpha Trading Co., Ltd.", "Beta Anode Co., Ltd."
NEW_CASE = "C-570-997-002"
NUMBERS = ["123-4567890-1", "123-4567890-2", "BRK-2025-000123-0001-A"]
ENTRIES = [Entry(n, dt.date(2025, 8, 1), "3801.10.5000", ALPHA, BETA, entered_value=v)
           for n, v in zip(NUMBERS, (1_000.0, 2_000.0, 3_000.0))]


def renumbered(folder: Path):
    """The new workbook's build: ENTRIES carried from the old one into the renumbered case."""
    old = build_workbook(FIXTURES / "preliminary_blanks", folder / "old.xlsx", entries=ENTRIES,
                         rows=5).path
    case = shutil.copytree(FIXTURES / "preliminary_blanks", folder / "renumbered")
    rates = case / "cvd-preliminary.csv"
    text = rates.read_text()
    assert f'"{BETA}",9.99,\n' in text
    rates.write_text(text.replace(f'"{BETA}",9.99,\n', f'"{BETA}",9.99,{NEW_CASE}\n'))
    return build_workbook(case, folder / "new.xlsx", entries_from=old)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return renumbered(tmp_path_factory.mktemp("renumbered"))


@pytest.fixture(scope="module")
def new_workbook(built) -> Path:
    return built.path


def test_the_rate_is_listed_as_changed_with_both_case_numbers(new_workbook):
    [row] = changes_table(new_workbook, "Rates added")
    assert (row["Case"], row["Change"], row["Exporter (AD) or Company (CVD)"]) == (
        "CVD", "Changed", BETA)
    assert (row["Old Case Number"], row["New Case Number"]) == (None, NEW_CASE)
    assert (row["Old Cash Deposit Rate (%)"], row["New Cash Deposit Rate (%)"]) == (
        pytest.approx(0.0999), pytest.approx(0.0999))
    assert row["Carried Entries with It"] == 3


def test_the_determination_counts_the_rate_and_its_entries(new_workbook):
    rows = {r["Case"]: r for r in changes_table(new_workbook, "What each determination")}
    assert (rows["CVD"]["Change"], rows["CVD"]["Rates Changed"],
            rows["CVD"]["Carried Entries in Its Period"],
            rows["CVD"]["of Which with a New Deposit or Case Number"]) == ("Changed", 1, 3, 3)
    assert (rows["AD"]["Change"], rows["AD"]["of Which with a New Deposit or Case Number"]) == (
        "Unchanged", 0)


def test_the_summary_counts_entries_whose_case_number_alone_changed(new_workbook):
    lines = summary(new_workbook)
    assert lines["Entries whose deposit changed"][1] == 0
    assert lines["Entries whose case number alone changed"][1] == 3
    # 9.99% of 1,000 + 2,000 + 3,000 both times
    assert lines["Total estimated CVD cash deposit (USD)"] == pytest.approx((599.40, 599.40, 0))


def test_each_entry_is_listed_with_its_old_and_new_case_number(new_workbook):
    rows = changes_table(new_workbook, "Carried entries whose deposit or case number changed")
    assert [(r["Entry Number"], r["Old CVD Deposit (USD)"], r["New CVD Deposit (USD)"],
             r["Change in Deposit (USD)"], r["AD Case Number (Old \u2192 New)"],
             r["CVD Case Number (Old \u2192 New)"]) for r in rows] == [
        (number, deposit, deposit, 0, None, f"(none)\n\u2192\n{NEW_CASE}")
        for number, deposit in zip(NUMBERS, (99.90, 199.80, 299.70))]


def test_the_command_line_summary_says_so(built):
    """AD: Alpha/Beta is listed at 34.85%, so 348.50 on the 1,000.00 entry."""
    lines = built.changes.summary_lines()
    assert ("Entries carried: 3; 0 owe a different deposit now, 3 more a new case number "
            "(same deposit)") in lines
    assert ("  123-4567890-1 2025-08-01: AD $348.50 -> $348.50, CVD $99.90 -> $99.90, "
            f"CVD case number (none) -> {NEW_CASE}") in lines
