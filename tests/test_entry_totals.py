"""The block above the Entries columns: entries with a rate, of which at the fallback rate,
each proceeding's total deposit and AD + CVD. Expected from the hand expectations of
tests/test_pricing.py, summed here; checked as cached by the generator and as each engine
computes them."""

from decimal import Decimal

import openpyxl
import pytest

from generator import build_workbook
from tests.conftest import FIXTURES
from tests.test_pricing import EXPECTED, expected_deposit
from tests.timeline_entries import TIMELINE_ENTRIES

FALLBACK_NAMES = {"AD": ("PRC-Wide Entity", "China-Wide Entity"), "CVD": ("All Others",)}


def expected_block() -> dict[str, object]:
    block: dict[str, object] = {}
    for kind, (pct, basis) in (("AD", (1, 2)), ("CVD", (5, 6))):
        rated = [(e, EXPECTED[e.entry_number]) for e in TIMELINE_ENTRIES
                 if EXPECTED[e.entry_number][pct] is not None]
        block[f"Entries with {'an' if kind == 'AD' else 'a'} {kind} rate"] = len(rated)
        block[f"{kind} fallback"] = sum(1 for _, want in rated
                                        if want[basis].startswith(FALLBACK_NAMES[kind]))
        deposits = sum(Decimal(repr(d)) for e, want in rated
                       if (d := expected_deposit(e, want[pct])) != "")
        block[f"{kind} deposits at entry (USD)"] = deposits
        block[f"{kind} refundable (USD)"] = 0   # the fixture has no termination or revocation
        block[f"{kind} net of refunds (USD)"] = deposits
    block["AD + CVD"] = (block["AD deposits at entry (USD)"]
                         + block["CVD deposits at entry (USD)"])
    return block


def shown_block(path) -> dict[str, object]:
    """Each label of rows 3-7 with the number to its right; the two "of which at the …
    rate" lines (AD's left of CVD's) named by proceeding, as their labels name the fallback."""
    sheet = openpyxl.load_workbook(path, data_only=True)["Entries"]
    block: dict[str, object] = {}
    for row in sheet.iter_rows(min_row=3, max_row=7):
        cells = [c.value for c in row[1:] if c.value is not None]
        fallbacks = iter(["AD fallback", "CVD fallback"])
        for label, value in zip(cells, cells[1:]):
            if isinstance(label, str) and isinstance(value, (int, float)):
                block[next(fallbacks) if label.startswith("of which") else label] = value
    [total] = [c.column for c in sheet[4] if c.value == "AD + CVD"]
    block["AD + CVD"] = sheet.cell(5, total).value
    return block


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("totals")
    return build_workbook(FIXTURES / "timeline", folder / "totals.xlsx",
                          entries=TIMELINE_ENTRIES).path


def assert_block(shown: dict, want: dict) -> None:
    assert set(shown) == set(want)
    for label, value in want.items():
        assert shown[label] == pytest.approx(float(value), abs=0.001), label


def test_the_cached_totals_are_the_sums_of_the_hand_expectations(built):
    want = expected_block()
    # no AD rate: T-01..05, 15, 16, 21, 30; no CVD rate: T-01, 13..16, 21
    assert (want["Entries with an AD rate"], want["Entries with a CVD rate"]) == (22, 25)
    assert (want["AD fallback"], want["CVD fallback"]) == (10, 9)
    assert_block(shown_block(built), want)


def test_each_engine_computes_the_same_totals(built, engine, tmp_path):
    assert_block(shown_block(engine(built, tmp_path)), expected_block())
