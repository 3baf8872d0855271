"""`adcvd-workbook add-message FILE [--data DIR] [--dry-run]` (issue 18, items 2 and 5).

Every expected row, date and rate below is read by hand from the message texts in
tests/fixtures/messages/ and from the fixture cases tests/fixtures/add_* (whose own rates are
made up, every one different); none comes from the reader or the code under test.

Cut-off text: add-message refuses a message with unread text (a copy cut before its end could
lose rows, and a review would then keep old rates silently), with one exception, used by the
item 5 test: a cut inside the third-country block. 5204403's capture ends in its Japan block
("Case Number: C-588-1"), after every row of the case's own (China, C-570-195): those rows are
whole, so they are added; the third-country rows read whole are recorded, and the
determination's note says the rest were cut off. The test uses the capture as it is."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tomllib
from pathlib import Path

import pytest

from generator import build_workbook
from generator.case import load_case
from generator.cli import main
from generator.entries import Entry
from generator.pricing import price_entries
from tests.conftest import FIXTURES, ROOT
from tests.test_course import Side, mismatches
from tests.workbook_values import entry_outputs

MESSAGES = FIXTURES / "messages"
D = dt.date


def folder_of(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / name if name != "data" else ROOT / "data", folder)
    return folder


def add(folder: Path, number: str, *options: str) -> int:
    return main(["add-message", str(MESSAGES / f"{number}.txt"), "--data", str(folder),
                 *options])


def toml(folder: Path) -> dict:
    return tomllib.loads((folder / "case.toml").read_text())


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def before_amendment(tmp_path) -> Path:
    """data/ as it stood before the CVD amended preliminary: the CVD timeline holds only the
    preliminary (the amended preliminary, the final and the termination came later)."""
    folder = folder_of(tmp_path, "data")
    text = (folder / "case.toml").read_text()
    cut = text.index('\n[[cvd.determination]]\nname = "Amended Preliminary Determination"')
    (folder / "case.toml").write_text(text[:cut + 1])
    (folder / "cvd-amended-preliminary.csv").unlink()
    return folder


# --- item 5: data/ from the message --------------------------------------------------------

def test_5204403_gives_todays_amended_preliminary_rates_file(before_amendment, capsys):
    old_text = (before_amendment / "case.toml").read_text()
    assert add(before_amendment, "5204403") == 0
    new = (before_amendment / "cvd-5204403.csv").read_text()
    assert new == (ROOT / "data" / "cvd-amended-preliminary.csv").read_text()
    # read by hand from the message: one row per name of "A; B", the same case number
    assert new.splitlines() == [
        "company,cash_deposit_pct,case_number",
        "Panasonic Corporation of China,11.58,C-570-195-001",
        '"Panasonic Global Procurement China Co., Ltd.",11.58,C-570-195-001',
        "Shanghai Shaosheng Knitted Sweat,721.03,C-570-195-002",
        '"Huzhou Kaijin New Energy Technology Corp., Ltd.",721.03,C-570-195-003']
    # the Japan block's first row, read whole; the second is cut off ("C-588-1")
    assert (before_amendment / "cvd-5204403-third-country.csv").read_text() == (
        "country,company,cash_deposit_pct,case_number\nJapan,All Others,11.58,C-588-195-000\n")
    new_text = (before_amendment / "case.toml").read_text()
    assert new_text.startswith(old_text)      # the CVD timeline ends the file: appended
    added = toml(before_amendment)["cvd"]["determination"][-1]
    note = added.pop("note")
    assert added == {
        "name": "Amended Preliminary Determination", "effective": D(2025, 7, 2),
        "provisional": True, "source": "CBP message 5204403 (correcting message 5192404); "
        "90 FR 28994", "rates": "cvd-5204403.csv",
        "third_country_rates": "cvd-5204403-third-country.csv",
        "fallback": {"name": "All Others", "cash_deposit_pct": 11.58,
                     "case_number": "C-570-195-000"}}
    assert "cut off in its third-country block" in note and "C-588-195-000" in note
    out = capsys.readouterr().out
    assert "changed 3, added 0, moved 0, carried 0, unchanged 0" in out
    assert "Huzhou Kaijin New Energy Technology Corp., Ltd. 721.03% (C-570-195-003): was " \
           "712.03%, case number was blank" in out
    assert "adcvd-workbook build --data" in out and "--entries OLD.xlsx" in out


def test_an_amendment_keeps_a_company_it_does_not_list(before_amendment):
    """5204403 gives All Others, yet it amends ("changes the cash deposit rate for certain
    producers and/or exporters"): a company of the preliminary it does not list keeps its
    row, in its place."""
    path = before_amendment / "cvd-preliminary.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:4] + ["Extra Anode Co.,9.99,C-570-195-009\n"] + lines[4:]))
    assert add(before_amendment, "5204403") == 0
    assert (before_amendment / "cvd-5204403.csv").read_text().splitlines()[1:] == [
        "Panasonic Corporation of China,11.58,C-570-195-001",
        '"Panasonic Global Procurement China Co., Ltd.",11.58,C-570-195-001',
        "Shanghai Shaosheng Knitted Sweat,721.03,C-570-195-002",
        "Extra Anode Co.,9.99,C-570-195-009",
        '"Huzhou Kaijin New Energy Technology Corp., Ltd.",721.03,C-570-195-003']


KAIJIN, PANASONIC = ("Huzhou Kaijin New Energy Technology Corp., Ltd.",
                     "Panasonic Global Procurement China Co., Ltd.")
# CVD side of entries under the rebuilt case, worked by hand: deposit = value x rate.
ANODE = [
    # the preliminary (reported 712.03% for Kaijin) until July 1, 2025
    (Entry("A-1", D(2025, 7, 1), None, KAIJIN, "Any Mill", entered_value=1_000.0), None,
     Side("712.03", 7_120.30, 0, "Exporter's own rate")),
    # the amended preliminary from 07/02/2025: 721.03% (CBP 5204403)
    (Entry("A-2", D(2025, 7, 2), None, KAIJIN, "Any Mill", entered_value=1_000.0), None,
     Side("721.03", 7_210.30, 0, "Exporter's own rate")),
    (Entry("A-3", D(2025, 7, 10), None, "Trader Co.", PANASONIC, entered_value=2_000.0), None,
     Side("11.58", 231.60, 0, "Producer's rate")),
    (Entry("A-4", D(2025, 7, 10), None, "Trader Co.", "Other Mill", entered_value=500.0), None,
     Side("11.58", 57.90, 0, "All Others")),
]


def test_the_rebuilt_workbook_prices_an_entry_of_a_listed_company(before_amendment, tmp_path,
                                                                   libreoffice):
    assert add(before_amendment, "5204403") == 0
    case = load_case(before_amendment)
    entries = [e for e, *_ in ANODE]
    rows = [{f"cvd_{k}": getattr(r.cvd, k) for k in ("rate", "deposit", "refundable", "basis")}
            for r in price_entries(case, entries)]
    assert mismatches(rows, [(e, None, cvd) for e, _, cvd in ANODE]) == []
    result = build_workbook(before_amendment, tmp_path / "anode.xlsx", entries=entries, rows=6)
    recalculated = libreoffice(result.path, tmp_path / "lo")
    assert mismatches(entry_outputs(recalculated, len(ANODE)), ANODE) == []


# --- layout of case.toml ----------------------------------------------------------------------

def test_an_ad_determination_goes_before_the_comment_and_table_that_follow(tmp_path):
    folder = folder_of(tmp_path, "add_staples")
    tail = ("\n# The companion CVD case (made up for this test); this comment leads into it.\n"
            "[cvd]\ncase_number = \"C-570-113\"\nproceeding = \"Countervailing Duty Order\"\n\n"
            "[[cvd.determination]]\nname = \"Order\"\neffective = 2020-07-08\n"
            "source = \"Illustrative\"\nrates = \"cvd.csv\"\n[cvd.determination.fallback]\n"
            "name = \"All Others\"\ncash_deposit_pct = 7.07   # a comment kept\n")
    (folder / "cvd.csv").write_text("company,cash_deposit_pct,case_number\nHebei Fastening "
                                    "Co.,8.08,C-570-113-001\n")
    old = (folder / "case.toml").read_text() + tail
    (folder / "case.toml").write_text(old)
    assert add(folder, "3045407") == 0
    new = (folder / "case.toml").read_text()
    at = old.index(tail)
    assert new.startswith(old[:at]) and new.endswith(tail)
    block = new[at:len(new) - len(tail)]
    assert block.startswith("\n[[determination]]\nname = \"Final Results of Administrative "
                            "Review (POR 1/8/2020 - 6/30/2021)\"\neffective = 2023-02-10\n")
    assert "\n[determination.fallback]\nname = \"China-Wide Entity\"\n" in block


def test_setting_a_key_changes_two_lines_only(tmp_path):
    folder = folder_of(tmp_path, "add_crs_australia")
    old = (folder / "case.toml").read_text().splitlines()
    assert add(folder, "5336402") == 0
    new = (folder / "case.toml").read_text().splitlines()
    at = old.index("provisional = true")
    assert new[:at + 1] == old[:at + 1] and new[at + 3:] == old[at + 2:]
    assert new[at + 1:at + 3] == ["provisional_end = 2025-10-06",
                                  'source = "Illustrative; provisional_end: CBP message 5336402"']


# --- reviews, moves, corrections --------------------------------------------------------------

def test_a_review_replaces_the_companies_it_lists_and_carries_the_others(tmp_path, capsys):
    folder = folder_of(tmp_path, "add_staples")
    assert add(folder, "3045407") == 0
    # 3045407: Tianjin Hweschun 0.00% under A-570-112-010 (its chain -001 deactivated);
    # "Zhejiang Best Nail Industrial Co., Ltd./Shaoxing Bohui ..." 0.00% under -009 (its
    # exporter number -008 deactivated); Shandong and Hebei are not listed: carried.
    assert (folder / "ad-3045407.csv").read_text().splitlines() == [
        "exporter,producer,margin_pct,cash_deposit_pct,case_number",
        '"Tianjin Hweschun Fasteners Manufacturing Co., Ltd.",,0.00,0.00,A-570-112-010',
        '"Shandong Staple Works Co., Ltd.",Linyi Wire Mill,33.33,30.30,A-570-112-003',
        "Hebei Fastening Co.,,44.44,40.40,A-570-112-004",
        '"Zhejiang Best Nail Industrial Co., Ltd./Shaoxing Bohui Import & Export Co., Ltd.",,'
        "0.00,0.00,A-570-112-009"]
    det = toml(folder)["determination"][-1]
    assert det["fallback"] == {"name": "China-Wide Entity", "margin_pct": 122.52,
                               "cash_deposit_pct": 121.51, "case_number": "A-570-112-000"}
    assert "carried from 'Antidumping Duty Order'" in det["note"]
    assert "margin_pct is written equal to the cash deposit rate" in det["note"]
    out = capsys.readouterr().out
    assert "changed 1, added 1, moved 1, carried 2, unchanged 0" in out
    assert ("Zhejiang Best Nail Industrial Co., Ltd. / (any producer) (A-570-112-008) -> "
            "deactivated, entries now under A-570-112-009") in out
    # priced: Tianjin at 0.00 for any producer; Zhejiang alone now China-wide; Shandong kept
    case = load_case(folder)
    after = D(2023, 2, 10)
    results = price_entries(case, [
        Entry("R-1", after, None, "Tianjin Hweschun Fasteners Manufacturing Co., Ltd.",
              "Any Mill", entered_value=1_000.0),
        Entry("R-2", after, None, "Zhejiang Best Nail Industrial Co., Ltd.", "Any Mill",
              entered_value=1_000.0),
        Entry("R-3", after, None, "Shandong Staple Works Co., Ltd.", "Linyi Wire Mill",
              entered_value=1_000.0),
        Entry("R-4", D(2023, 2, 9), None, "Zhejiang Best Nail Industrial Co., Ltd.",
              "Any Mill", entered_value=1_000.0)])
    assert [(r.ad.rate, r.ad.deposit) for r in results] == [
        (0.0, 0.0), (pytest.approx(1.2151), 1_215.10), (pytest.approx(0.303), 303.00),
        (pytest.approx(0.202), 202.00)]


def test_a_deactivated_case_number_moves_the_company_to_the_country_wide_entity(tmp_path,
                                                                                 capsys):
    folder = folder_of(tmp_path, "add_shrimp")
    assert add(folder, "3062402") == 0
    # 3062402: both Shantou Red Garden companies under A-570-893-000 at 112.81%, their
    # number A-570-893-106 deactivated; Zhanjiang (not listed) is carried
    assert (folder / "ad-3062402.csv").read_text().splitlines() == [
        "exporter,producer,margin_pct,cash_deposit_pct,case_number",
        '"Zhanjiang Regal Marine Co., Ltd.",,7.77,7.76,A-570-893-107']
    det = toml(folder)["determination"][-1]
    assert det["name"] == "Final Results of Administrative Review (POR 2/1/2021 - 1/31/2022)"
    assert det["fallback"] == {"name": "China-Wide Entity", "margin_pct": 112.81,
                               "cash_deposit_pct": 112.81, "case_number": "A-570-893-000"}
    out = capsys.readouterr().out
    assert "changed 0, added 0, moved 2, carried 1, unchanged 0" in out
    for name in ("Shantou Red Garden Food Processing Co., Ltd.",
                 "Shantou Red Garden Foodstuff Co., Ltd."):
        assert f"{name} / (any producer) (A-570-893-106) -> the country-wide entity" in out
    result = price_entries(load_case(folder), [Entry(
        "S-1", D(2023, 3, 1), None, "Shantou Red Garden Foodstuff Co., Ltd.", "Any Plant",
        entered_value=1_000.0)])[0]
    assert (result.ad.rate, result.ad.deposit) == (pytest.approx(1.1281), 1_128.10)
    assert "China-Wide Entity" in result.ad.basis


def test_a_row_under_the_country_wide_number_moves_a_company_by_its_name(tmp_path, capsys):
    folder = folder_of(tmp_path, "add_innerspring")
    assert add(folder, "0045405") == 0
    # 0045405: Jietai and Green Asia under A-570-928-000 (234.51%), no deactivated number;
    # Green Asia's row (no case number) goes, Foshan's is carried
    assert (folder / "ad-0045405.csv").read_text().splitlines() == [
        "exporter,producer,margin_pct,cash_deposit_pct,case_number",
        "Foshan Spring Co.,,13.13,13.12,A-570-928-005"]
    out = capsys.readouterr().out
    assert "Green Asia Parts, LTD. / (any producer) (no case number) -> the country-wide " \
           "entity" in out
    assert "in the country-wide entity, with no row before: Jietai Machinery Ltd. (HK)" in out
    note = toml(folder)["determination"][-1]["note"]
    assert "margin_pct" not in note     # it lists no rate of its own


def test_a_correction_replaces_the_determination_of_the_message_it_corrects(tmp_path):
    folder = folder_of(tmp_path, "add_paper_plates")
    old = (folder / "case.toml").read_text()
    assert add(folder, "5065405") == 0
    dets = toml(folder)["determination"]
    assert len(dets) == 2    # replaced, not appended
    assert dets[1] | {"note": ""} == {
        "name": "Final Determination", "effective": D(2025, 1, 28), "provisional": True,
        "source": "CBP message 5065405 (correcting message 5029403); 90 FR 8265",
        "note": "", "rates": "ad-5065405.csv",
        "fallback": {"name": "Vietnam-Wide Entity", "margin_pct": 165.27,
                     "cash_deposit_pct": 165.27, "case_number": "A-552-839-000"}}
    # 5065405: Exporter and Producer Go-Pak, A-552-839-001, 30.42%; a full list
    assert (folder / "ad-5065405.csv").read_text().splitlines() == [
        "exporter,producer,margin_pct,cash_deposit_pct,case_number",
        '"Go-Pak Paper Products Vietnam Co., Ltd.","Go-Pak Paper Products Vietnam Co., Ltd.",'
        "30.42,30.42,A-552-839-001"]
    new = (folder / "case.toml").read_text()
    start = old.index("[[determination]]\nname = \"Final Determination\"")
    assert new[:start] == old[:start]   # the comment above the replaced table is kept
    case = load_case(folder)
    assert "ad-final-5029403.csv" not in case.data_files
    assert (folder / "ad-final-5029403.csv").exists()


def test_a_termination_ends_deposits_and_refunds_every_one(tmp_path):
    folder = folder_of(tmp_path, "add_extrusions")
    assert add(folder, "4327415") == 0
    assert toml(folder)["cvd"]["determination"][-1] == {
        "name": "Investigation Terminated (ITC negative final determination)",
        "effective": D(2024, 11, 22), "refunds_from": "start",
        "source": "CBP message 4327415; 89 FR 92720"}
    results = price_entries(load_case(folder), [
        Entry("T-1", D(2024, 3, 11), None, "Guangdong Extrusion Co.", "Foshan Alloy Co.",
              entered_value=1_000.0),
        Entry("T-2", D(2024, 11, 22), None, "Guangdong Extrusion Co.", "Foshan Alloy Co.",
              entered_value=1_000.0)])
    assert (results[0].cvd.deposit, results[0].cvd.refundable) == (210.90, 210.90)
    assert results[1].cvd.deposit == 0 and "Investigation Terminated" in results[1].cvd.basis


def test_provisional_measures_ended_sets_their_last_day(tmp_path):
    folder = folder_of(tmp_path, "add_crs_australia")
    coil = "Southern Coil Pty Ltd"
    entries = [Entry(f"P-{i}", day, None, coil, coil, entered_value=1_000.0)
               for i, day in enumerate((D(2025, 10, 6), D(2025, 10, 7)))]
    before = price_entries(load_case(folder), entries)
    assert before[0].ad.deposit == 0       # 4 months counted: ended August 7, 2025
    assert add(folder, "5336402") == 0
    assert toml(folder)["determination"][0]["provisional_end"] == D(2025, 10, 6)
    after = price_entries(load_case(folder), entries)
    assert after[0].ad.deposit == 45.60    # 10/06/2025: the last day, 4.56%
    assert after[1].ad.deposit == 0 and "gap period" in after[1].ad.basis


def test_a_gap_period_message_sets_the_day_before_it_as_the_last_day(tmp_path):
    folder = folder_of(tmp_path, "add_flanges")
    mill = "Mumbai Flange Works"
    entry = [Entry("G-1", D(2018, 5, 21), None, mill, "Pune Forge Ltd.", entered_value=1_000.0)]
    assert price_entries(load_case(folder), entry)[0].cvd.deposit == 0   # 120 days: April 30
    assert add(folder, "8248305") == 0
    # 8248305: refunds "during the period 05/22/2018 (the day after the final day of
    # provisional measures) through 08/12/2018"
    cvd = toml(folder)["cvd"]["determination"][0]
    assert cvd["provisional_end"] == D(2018, 5, 21)
    assert "provisional_end" not in toml(folder)["determination"][0]
    assert price_entries(load_case(folder), entry)[0].cvd.deposit == 40.40


def test_a_revocation_ends_deposits_from_its_publication(tmp_path):
    """5217210: revoked with effect from May 21, 2004, published July 18, 2005 (70 FR 41270)."""
    folder = folder_of(tmp_path, "course_sspc_canada")
    text = (folder / "case.toml").read_text()
    text = text[:text.index("\n[[determination]]\nname = \"Order Revoked")].replace(
        "CBP message 5217210 (derived)", "Illustrative")
    (folder / "case.toml").write_text(text + "\n")
    assert add(folder, "5217210") == 0
    assert toml(folder)["determination"][-1] == {
        "name": "Order Revoked (sunset review)", "effective": D(2005, 7, 18),
        "refunds_from": D(2004, 5, 21), "source": "CBP message 5217210; 70 FR 41270"}
    result = price_entries(load_case(folder), [Entry(
        "V-1", D(2004, 5, 21), None, "Maple Steel Inc.", "Maple Steel Inc.",
        entered_value=10_000.0)])[0]
    assert (result.ad.deposit, result.ad.refundable) == (777.00, 777.00)


# --- refusals: one line, nothing written ------------------------------------------------------

def _same_date(folder: Path) -> None:
    with open(folder / "case.toml", "a") as toml_file:
        toml_file.write('\n[[cvd.determination]]\nname = "Suspension Ended"\n'
                        "effective = 2024-11-22\nsource = \"Illustrative\"\n")


def _late_start(folder: Path) -> None:
    path = folder / "case.toml"
    path.write_text(path.read_text().replace("effective = 2025-04-10", "effective = 2025-10-10"))


def _taken_name(folder: Path) -> None:
    (folder / "ad-3045407.csv").write_text("exporter\n")


def _twice(folder: Path) -> None:
    assert add(folder, "4327415") == 0


REFUSALS = {
    "another case": ("add_staples", "3062402", None,
                     "a message of another case: it names A-570-893, and this folder holds "
                     "AD A-570-112"),
    "another case by its words": ("add_extrusions", "5336402", None,
                                  "names no case number and not this case's 'Aluminum "
                                  "Extrusions' or 'China'"),
    "the same message twice": ("add_extrusions", "4327415", _twice,
                               "message 4327415 is in the case already"),
    "the same effective date": ("add_extrusions", "4327415", _same_date,
                                "'Suspension Ended' has the same effective date (2024-11-22)"),
    "a revocation in part": ("add_staples", "2223410", None,
                             "revokes the case in part only"),
    "a liquidation": ("add_staples", "3271405", None, "a liquidation message"),
    "an unread row": ("add_staples", "9295301", None,
                      "the text is cut off ('Effective 10/21/2' is not read whole)"),
    "a cut-off row": ("add_staples", "2291414", None, "the text is cut off ('Producer and/or "
                                                      "Exporter: Chint'"),
    "what the loader refuses": ("add_crs_australia", "5336402", _late_start,
                                "the case would not load: "),
    "a file of that name": ("add_staples", "3045407", _taken_name, "ad-3045407.csv exists "
                                                                   "already"),
}


@pytest.mark.parametrize("why", list(REFUSALS))
def test_each_refusal_says_why_in_one_line_and_writes_nothing(tmp_path, capsys, why):
    fixture, number, setup, words = REFUSALS[why]
    folder = folder_of(tmp_path, fixture)
    if setup:
        setup(folder)
    capsys.readouterr()
    files = snapshot(folder)
    assert add(folder, number) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error, outcome = captured.err.splitlines()
    assert error.startswith(f"error: {MESSAGES / number}.txt: ") and words in error
    assert outcome == "Nothing was written."
    assert snapshot(folder) == files


def test_the_loaders_refusal_names_the_real_file_and_line(tmp_path, capsys):
    folder = folder_of(tmp_path, "add_crs_australia")
    _late_start(folder)
    add(folder, "5336402")
    error = capsys.readouterr().err.splitlines()[0]
    assert f"{folder / 'case.toml'}, line " in error and "add-message-" not in error
    assert "provisional_end 2025-10-06 is before provisional measures started" in error


def test_a_dry_run_prints_the_same_and_writes_nothing(tmp_path, capsys):
    folder = folder_of(tmp_path, "add_staples")
    files = snapshot(folder)
    assert add(folder, "3045407", "--dry-run") == 0
    dry = capsys.readouterr().out
    assert snapshot(folder) == files
    assert dry.endswith("Dry run: nothing was written (the case loads with the message "
                        "added).\n")
    assert add(folder, "3045407") == 0
    wet = capsys.readouterr().out
    assert wet.startswith(dry.rsplit("\n", 2)[0]) and "Wrote " in wet


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["add-message", "--help"])
    out = capsys.readouterr().out
    for words in ("--data DIR", "--dry-run", "examples:", "add-message 5204403.txt",
                  "refused, writing nothing"):
        assert words in out
