"""Provisional measures that end by law, gap periods, the AD offset that ends with the CVD gap,
terminations and revocations (generator/course.py), on fixtures that follow real
investigations (tests/fixtures/course_*, dates from the CBP messages in
tests/fixtures/messages/; rates made up, every one different).

Every expected rate, basis and deposit below is worked by hand from the fixture's files and
the messages: a deposit is the value times the rate, to cents. The reference, the cached
values and each engine (LibreOffice, Gnumeric, `formulas`) must show exactly these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.entries import Entry
from generator.pricing import price_entries
from tests.conftest import FIXTURES
from tests.engines import formulas_package_outputs
from tests.workbook_values import entry_outputs

D = dt.date
GO_PAK = "Go-Pak Paper Products Vietnam Co., Ltd."
GAP = "No deposit: Provisional Measures Ended (gap period)"
BEFORE = "No deposit: entered before the first determination"


@dataclass(frozen=True)
class Side:
    """One proceeding's expected columns: rate in percent (None: no rate in force), deposit,
    refundable, and a text the Rate Basis must contain."""
    pct: str | None
    deposit: float
    refundable: float
    basis: str


def none(basis: str) -> Side:
    return Side(None, 0.0, 0.0, basis)


# (entry, AD, CVD or None)
PAPER_PLATES = [
    (Entry("P-01", D(2024, 7, 1), None, GO_PAK, GO_PAK, entered_value=10_000.0),
     none(BEFORE), Side("3.33", 333.00, 0, "Exporter's own rate (Preliminary Determination)")),
    (Entry("P-02", D(2024, 9, 4), None, "Plate Trading Co.", "Hanoi Pulp Mill", entered_value=20_000.0),
     none(BEFORE), Side("5.55", 1_110.00, 0, "Producer's rate")),
    # AD day 1, at the offset cash deposit: 12,345.67 x 28.75% = 3,549.380125
    (Entry("P-03", D(2024, 9, 5), None, GO_PAK, GO_PAK, entered_value=12_345.67),
     Side("28.75", 3_549.38, 0, "Listed combination"), Side("3.33", 411.11, 0, "Exporter's")),
    # 10/28/2024: the last day of CVD provisional measures (CBP 4305409)
    (Entry("P-04", D(2024, 10, 28), None, "Nobody Co.", "Nobody Mill", entered_value=1_000.0),
     Side("160.11", 1_601.10, 0, "Vietnam-Wide Entity: pair not listed"),
     Side("2.22", 22.20, 0, "All Others: neither name listed")),
    # 10/29/2024: the CVD gap, and "the full cash deposit rate" in AD (CBP 4305409: 165.27%)
    (Entry("P-05", D(2024, 10, 29), None, "Nobody Co.", "Nobody Mill", entered_value=1_000.0),
     Side("165.27", 1_652.70, 0, "pair not listed, at the margin"), none(GAP)),
    (Entry("P-06", D(2024, 12, 15), None, "Plate Trading Co.", "Hanoi Pulp Mill", entered_value=5_000.0),
     Side("45.60", 2_280.00, 0, "Listed combination, at the margin"), none(GAP)),
    # the final, published while AD provisional measures run (CBP 5065405: Go-Pak 30.42%)
    (Entry("P-07", D(2025, 1, 28), None, GO_PAK, GO_PAK, entered_value=5_000.0),
     Side("30.42", 1_521.00, 0, "Listed combination, at the margin"), none(GAP)),
    # day 180 counting 09/05/2024 as day 1 is 03/03/2025
    (Entry("P-08", D(2025, 3, 3), None, "Plate Trading Co.", "Hanoi Pulp Mill", entered_value=5_000.0),
     Side("44.44", 2_222.00, 0, "Listed combination"), none(GAP)),
    (Entry("P-09", D(2025, 3, 4), None, GO_PAK, GO_PAK, entered_value=5_000.0), none(GAP), none(GAP)),
    (Entry("P-10", None, None, GO_PAK, GO_PAK, entered_value=5_000.0), none(GAP), none(GAP)),
]

CRS_AUSTRALIA = [
    (Entry("C-01", D(2025, 4, 9), None, "Southern Coil Pty Ltd", "Southern Coil Pty Ltd",
           entered_value=10_000.0), none(BEFORE), None),
    (Entry("C-02", D(2025, 4, 10), None, "Southern Coil Pty Ltd", "Southern Coil Pty Ltd",
           entered_value=10_000.0), Side("4.56", 456.00, 0, "Listed combination"), None),
    # 10/06/2025: "the date provisional measures expired" (CBP 5336402), still priced
    (Entry("C-03", D(2025, 10, 6), None, "Other Steel", "Other Steel", entered_value=10_000.0),
     Side("12.34", 1_234.00, 0, "All Others: pair not listed"), None),
    # 10/07/2025 "(the first day provisional measures are no longer in effect)"
    (Entry("C-04", D(2025, 10, 7), None, "Southern Coil Pty Ltd", "Southern Coil Pty Ltd",
           entered_value=10_000.0), none(GAP), None),
    (Entry("C-05", D(2025, 12, 2), None, "Southern Coil Pty Ltd", "Southern Coil Pty Ltd",
           entered_value=10_000.0), none(GAP), None),
    (Entry("C-06", D(2025, 12, 3), None, "Southern Coil Pty Ltd", "Southern Coil Pty Ltd",
           entered_value=10_000.0), Side("3.21", 321.00, 0, "Listed combination"), None),
    (Entry("C-07", D(2025, 12, 3), None, "Other Steel", "Other Steel", entered_value=2_500.0),
     Side("9.87", 246.75, 0, "All Others: pair not listed"), None),
]

GE, FOSHAN = "Guangdong Extrusion Co.", "Foshan Alloy Co."
UNSOURCED = "[date not sourced]"
EXTRUSIONS = [
    (Entry("X-01", D(2024, 3, 10), None, GE, FOSHAN, entered_value=10_000.0), none(BEFORE), none(BEFORE)),
    # first suspension 03/11/2024 (CBP 4327415); AD announced May 1 only: nothing before it
    (Entry("X-02", D(2024, 3, 11), None, GE, FOSHAN, entered_value=10_000.0),
     none(BEFORE), Side("21.09", 2_109.00, 2_109.00, "Exporter's own rate")),
    (Entry("X-03", D(2024, 4, 30), None, "Other Co.", "Other Mill", entered_value=10_000.0),
     none(BEFORE), Side("14.56", 1_456.00, 1_456.00, "All Others")),
    (Entry("X-04", D(2024, 5, 1), None, GE, FOSHAN, entered_value=10_000.0),
     Side("12.70", 1_270.00, 1_270.00, UNSOURCED),
     Side("21.09", 2_109.00, 2_109.00, "Exporter's own rate")),
    # 07/08/2024: day 120 counting 03/11/2024 as day 1
    (Entry("X-05", D(2024, 7, 8), None, "Other Co.", "Other Mill", entered_value=1_000.0),
     Side("376.85", 3_768.50, 3_768.50, "China-Wide Entity: pair not listed"),
     Side("14.56", 145.60, 145.60, "All Others")),
    (Entry("X-06", D(2024, 7, 9), None, GE, FOSHAN, entered_value=1_000.0),
     Side("12.70", 127.00, 127.00, "at the margin"), none(GAP)),
    (Entry("X-07", D(2024, 11, 21), None, "Other Co.", "Other Mill", entered_value=1_000.0),
     Side("376.85", 3_768.50, 3_768.50, UNSOURCED), none(GAP)),
    # the ITC's negative final published 11/22/2024: terminated
    (Entry("X-08", D(2024, 11, 22), None, GE, FOSHAN, entered_value=1_000.0),
     none("No deposit: Investigation Terminated"), none("No deposit: Investigation Terminated")),
]

MAPLE = "Maple Steel Inc."
SSPC_CANADA = [
    (Entry("S-01", D(2004, 5, 20), None, MAPLE, MAPLE, entered_value=10_000.0),
     Side("7.77", 777.00, 0, "Listed combination"), None),
    # refunds from the revocation's effective date, May 21, 2004 (CBP 5217210)
    (Entry("S-02", D(2004, 5, 21), None, MAPLE, MAPLE, entered_value=10_000.0),
     Side("7.77", 777.00, 777.00, "Listed combination"), None),
    # deposits still required until the revocation's publication, July 18, 2005
    (Entry("S-03", D(2005, 7, 17), None, "Other Steel", "Other Steel", entered_value=10_000.0),
     Side("15.35", 1_535.00, 1_535.00, "All Others: pair not listed"), None),
    (Entry("S-04", D(2005, 7, 18), None, MAPLE, MAPLE, entered_value=10_000.0),
     none("No deposit: Order Revoked (sunset review)"), None),
    (Entry("S-05", None, None, MAPLE, MAPLE, entered_value=10_000.0),
     none("No deposit: Order Revoked (sunset review)"), None),
]

CASES = {"course_paper_plates": PAPER_PLATES, "course_crs_australia": CRS_AUSTRALIA,
         "course_extrusions": EXTRUSIONS, "course_sspc_canada": SSPC_CANADA}


def mismatches(rows: list[dict], expected: list) -> list[str]:
    """Each cell of `rows` (column key -> value) that differs from the hand expectations."""
    assert len(rows) == len(expected)
    found = []
    for row, (entry, *sides) in zip(rows, expected):
        for prefix, side in zip(("ad", "cvd"), sides):
            if side is None:
                continue
            rate = row[f"{prefix}_rate"]
            want = {"rate": None if side.pct is None else float(side.pct) / 100,
                    "deposit": side.deposit, "refundable": side.refundable}
            got = {"rate": rate, "deposit": row[f"{prefix}_deposit"],
                   "refundable": row[f"{prefix}_refundable"]}
            for key, value in want.items():
                if value is None and got[key] in (None, ""):
                    continue
                if not isinstance(got[key], (int, float)) or abs(got[key] - value) > 1e-9:
                    found.append(f"{entry.entry_number} {prefix}_{key}: {got[key]!r}, "
                                 f"expected {value!r}")
            if side.basis not in str(row[f"{prefix}_basis"]):
                found.append(f"{entry.entry_number} {prefix}_basis: {row[f'{prefix}_basis']!r}"
                             f" lacks {side.basis!r}")
    return found


@pytest.fixture(scope="module", params=list(CASES))
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    entries = [e for e, *_ in CASES[request.param]]
    result = build_workbook(FIXTURES / request.param, folder / "course.xlsx", entries=entries,
                            rows=len(entries) + 2)
    return result, CASES[request.param]


def test_the_reference_prices_every_entry_as_worked_by_hand(built):
    result, expected = built
    rows = [{f"{p}_{k}": getattr(getattr(r, p), k) for p in ("ad", "cvd") if getattr(r, p)
             for k in ("rate", "deposit", "refundable", "basis")}
            for r in result.results[:len(expected)]]
    assert mismatches(rows, expected) == []


def test_the_cached_values_are_the_hand_expectations(built):
    result, expected = built
    assert mismatches(entry_outputs(result.path, len(expected)), expected) == []


def test_each_engine_computes_the_hand_expectations(built, engine, tmp_path):
    result, expected = built
    recalculated = engine(result.path, tmp_path)
    assert mismatches(entry_outputs(recalculated, len(expected)), expected) == []


def test_formulas_package_computes_the_hand_expectations(built):
    result, expected = built
    assert mismatches(formulas_package_outputs(result.path, len(expected)), expected) == []


def test_the_summary_gives_deposits_at_entry_refundable_and_net(built):
    result, expected = built
    deposits = sum(s.deposit for _, *sides in expected for s in sides if s)
    refundable = sum(s.refundable for _, *sides in expected for s in sides if s)
    summary = result.summary()
    assert f"refundable ${refundable:,.2f}; net ${deposits - refundable:,.2f}" in summary
    assert f"total ${deposits:,.2f}" in summary


def test_the_entries_totals_show_deposits_refundable_and_net(built):
    result, expected = built
    sheet = openpyxl.load_workbook(result.path, data_only=True)["Entries"]
    labels = {}
    for row in sheet.iter_rows(min_row=3, max_row=7, values_only=True):
        cells = [c for c in row if c is not None]
        labels.update({a: b for a, b in zip(cells, cells[1:]) if isinstance(a, str)})
    ad = [s for _, s, _ in expected]
    assert labels["AD deposits at entry (USD)"] == pytest.approx(sum(s.deposit for s in ad))
    assert labels["AD refundable (USD)"] == pytest.approx(sum(s.refundable for s in ad))
    assert labels["AD net of refunds (USD)"] == pytest.approx(
        sum(s.deposit - s.refundable for s in ad))


# --- the computed rows, as CBP's messages state them -------------------------------------------

def test_a_180_day_ad_gap_starts_on_the_day_cbp_named():
    """CBP 5336402: provisional measures in place 180 days; suspension discontinued
    'effective 10/07/2025'. The fixture gives only the start (April 10, 2025)."""
    ad = load_case(FIXTURES / "course_crs_australia").ad
    gap = next(d for d in ad.determinations if d.computed)
    assert gap.effective == D(2025, 10, 7) and gap.priced_table is None
    assert "days 1 to 180 counting April 10, 2025" in gap.source
    assert "the last is October 6, 2025" in gap.source


def test_a_120_day_cvd_gap_follows_its_first_suspension():
    """CBP 4327415: first suspension 03/11/2024; 120 days end on July 8, 2024."""
    cvd = load_case(FIXTURES / "course_extrusions").cvd
    gap = next(d for d in cvd.determinations if d.computed)
    assert gap.effective == D(2024, 7, 9)
    assert "4 months (19 U.S.C. 1671b(d))" in gap.source


def test_a_last_day_given_by_a_message_wins_over_the_count():
    cvd = load_case(FIXTURES / "course_paper_plates").cvd
    gap = next(d for d in cvd.determinations if d.computed)
    assert gap.effective == D(2024, 10, 29)   # CBP 4305409: the day after 10/28/2024
    assert "as given for 'Preliminary Determination'" in gap.source


def test_the_ad_offset_ends_on_the_day_the_cvd_gap_begins():
    """CBP 4305409: 'effective 10/29/2024 ... the full cash deposit rate'."""
    ad = load_case(FIXTURES / "course_paper_plates").ad
    full = [d for d in ad.determinations if d.full_margins]
    assert full[0].effective == D(2024, 10, 29)
    assert full[0].priced_table.fallback.cash_deposit_pct == full[0].table.fallback.margin_pct


def test_a_provisional_final_after_the_end_never_applies_and_the_build_says_so(tmp_path):
    case_dir = copy_case(tmp_path, "course_crs_australia")
    text = (case_dir / "case.toml").read_text()
    text = text.replace('name = "Antidumping Duty Order"\n', 'name = "Final Determination"\n'
                        'provisional = true\n', 1)
    (case_dir / "case.toml").write_text(text)
    case = load_case(case_dir)
    final = next(d for d in case.ad.determinations if d.name == "Final Determination")
    assert final.lapsed and final.priced_table is None
    assert len(case.warnings) == 1 and "Final Determination" in case.warnings[0]
    [priced] = price_entries(case, [Entry("F", D(2026, 1, 5), None, "A", "B", entered_value=100.0)])
    assert priced.ad.deposit == 0 and "provisional measures had ended" in priced.ad.basis


def test_the_seed_case_says_it_ended_and_what_is_refundable(tmp_path):
    built = build_workbook(FIXTURES.parent.parent / "data", tmp_path / "anode.xlsx", rows=3)
    book = openpyxl.load_workbook(built.path)
    status = ("No deposit is owed on entries from March 12, 2026. Refundable: AD: every "
              "deposit posted; CVD: every deposit posted")
    notes = [row[0] for row in book["Entries"].iter_rows(max_row=6, values_only=True)]
    assert any(status in str(n) for n in notes)
    about = [row[1] for row in book["About"].iter_rows(values_only=True) if row[1]]
    assert any(status in str(v) for v in about)
    facts = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert "no later event changes it" in facts["Deposits and refunds"]
    assert "the gap period" in facts["Deposits and refunds"]
    assert "Refundable columns" in facts["Deposits and refunds"]
    timeline = [c for row in book["Timeline"].iter_rows(values_only=True) for c in row if c]
    assert any(status in str(v) for v in timeline)
    assert "Refunds: every deposit posted (Investigation Terminated" in " ".join(
        str(v) for v in timeline)


def test_an_unsourced_date_is_counted_in_the_summary(built):
    """Extrusions: X-04 to X-07 are priced by the AD preliminary (from its announcement,
    May 1, 2024) or by its at-margins row that follows it; no other fixture has one."""
    result, expected = built
    unsourced = {"X-04", "X-05", "X-06", "X-07"} & {e.entry_number for e, *_ in expected}
    summary = result.summary()
    if unsourced:
        assert "4 entries priced by a determination whose date is not sourced" in summary
        for (e, *_), priced in zip(expected, result.results):
            assert (UNSOURCED in priced.ad.basis) == (e.entry_number in unsourced), e
    else:
        assert "not sourced" not in summary


def copy_case(tmp_path, name: str):
    import shutil
    return shutil.copytree(FIXTURES / name, tmp_path / name)


# --- a termination or revocation added to a carried workbook -----------------------------------

def test_adding_a_revocation_lists_what_is_refundable_and_keeps_every_deposit(tmp_path):
    """SSPC from Canada without its revocation, then with it: S-02 and S-03 (entered from
    May 21, 2004) become refundable, 777.00 and 1,535.00; no deposit at entry changes."""
    before_dir = copy_case(tmp_path, "course_sspc_canada")
    text = (before_dir / "case.toml").read_text()
    (before_dir / "case.toml").write_text(text[:text.index("[[determination]]\nname = "
                                                           '"Order Revoked')])
    entries = [e for e, *_ in SSPC_CANADA[:4]]
    old = build_workbook(before_dir, tmp_path / "old.xlsx", entries=entries).path
    new = build_workbook(FIXTURES / "course_sspc_canada", tmp_path / "new.xlsx",
                         entries_from=old)
    report = new.changes
    assert [c.entry.entry_number for c in report.refunded_entries] == ["S-02", "S-03"]
    # S-04 (July 18, 2005) now owes nothing: the revocation ended deposits that day
    assert [c.entry.entry_number for c in report.changed_entries] == ["S-04"]
    assert (report.before["AD"].refundable, report.after["AD"].refundable) == (0, 2_312.00)
    lines = report.summary_lines()
    assert "  S-02 2004-05-21: AD refundable $0.00 -> $777.00" in lines
    assert "Refundable: AD $0.00 -> $2,312.00" in lines
    sheet = openpyxl.load_workbook(new.path, data_only=True)["Changes"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith(
        "Carried entries whose refundable amount changed"))
    refunded = {r[0]: r[-3:] for r in rows[start + 2:start + 4]}
    assert refunded == {"S-02": [0, 777.00, 777.00], "S-03": [0, 1_535.00, 1_535.00]}
    summary = {r[0]: r[1:] for r in rows if r and r[0] == "AD refundable (USD)"}
    assert summary["AD refundable (USD)"] == [0, 2_312.00, 2_312.00]
