"""Rebuilding with new rates carries every entry of the old workbook; entries dated before a
new determination keep their deposits, and the Changes sheet says what changed."""

import datetime as dt
import hashlib
import re
import shutil

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.cli import main
from generator.entries import Entry
from generator.carry import read_entries
from generator.pricing import price_entries
from generator.sheets.entries import entries_layout
from generator.templates import sheet_template
from tests.entry_cases import USER_ENTRIES
from tests.timeline_entries import TIMELINE_ENTRIES
from tests.workbook_values import (cell_values, entry_outputs, expected_outputs, formula_cells,
                                   mismatches, same)

CARRIED = [e for e in USER_ENTRIES if not e.is_blank()]
ORDER_DATE = dt.date(2026, 3, 16)


@pytest.fixture
def amended_case(distinct_case):
    return distinct_case.parent / "distinct_amended"


@pytest.fixture
def old_workbook(tmp_path, distinct_case):
    return build_workbook(distinct_case, tmp_path / "old.xlsx", entries=USER_ENTRIES,
                          rows=30).path


def input_rows(path):
    """The entry sheet's input cells, row by row, as (value, type); fully blank rows left
    out (carrying drops them)."""
    layout = sheet_template("entries")
    sheet = openpyxl.load_workbook(path)[layout.name]
    inputs = [c.index + 1 for c in layout.columns if c.kind == "input"]
    rows = [tuple((sheet.cell(row, col).value, sheet.cell(row, col).data_type)
                  for col in inputs)
            for row in range(layout.first_data_row, sheet.max_row + 1)]
    return [row for row in rows if any(value is not None for value, _ in row)]


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changes_table(path, title_start: str) -> list[dict]:
    """A table of the Changes sheet, found by its title: one dict per row, by header."""
    rows = list(openpyxl.load_workbook(path, data_only=True)["Changes"].iter_rows(
        values_only=True))
    start = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith(title_start))
    header = rows[start + 1]
    table = []
    for row in rows[start + 2:]:
        if row[0] is None:
            break
        table.append({h: v for h, v in zip(header, row) if h})
    return table


def summary(path) -> dict[str, tuple]:
    """The Changes sheet's summary: label -> (before, after, difference)."""
    rows = list(openpyxl.load_workbook(path, data_only=True)["Changes"].iter_rows(
        values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Summary")
    found = {}
    for row in rows[start + 1:]:
        if row[0] is None:
            break
        found[row[0]] = row[5:8]
    return found


# --- the distinct case and its amendment (the single-table form) ----------------------------

def test_every_entry_is_carried_into_the_workbook_with_new_rates(tmp_path, old_workbook,
                                                                  amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    assert built.entries == len(CARRIED) == 24
    assert read_entries(built.path).entries == CARRIED


def test_carried_entries_are_priced_by_the_new_rates_in_libreoffice(tmp_path, old_workbook,
                                                                    amended_case, libreoffice):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    case = load_case(amended_case)
    expected = expected_outputs(price_entries(case, CARRIED), entries_layout(case))
    actual = entry_outputs(libreoffice(built.path, tmp_path / "lo"), len(CARRIED))
    assert mismatches(actual, expected, CARRIED) == []


def test_cached_values_equal_libreoffice_after_carrying(tmp_path, old_workbook, amended_case,
                                                        libreoffice):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    cached = cell_values(built.path)
    computed = cell_values(libreoffice(built.path, tmp_path / "lo"))
    cells = formula_cells(built.path)
    assert sum(sheet == "Changes" for sheet, _ in cells) > 10
    wrong = [f"{where}: cached {cached[where]!r}, LibreOffice {computed.get(where)!r}"
             for where in cells if not same(cached[where], computed.get(where))]
    assert wrong == []


def test_building_twice_with_the_same_rates_changes_no_input_cell(tmp_path, old_workbook,
                                                                  distinct_case):
    once = build_workbook(distinct_case, tmp_path / "once.xlsx", entries_from=old_workbook)
    twice = build_workbook(distinct_case, tmp_path / "twice.xlsx", entries_from=once.path)
    assert input_rows(old_workbook) == input_rows(once.path) == input_rows(twice.path)
    assert len(input_rows(twice.path)) == len(CARRIED)
    assert [d.status for d in twice.changes.determinations] == ["Unchanged"]
    assert twice.changes.changed_entries == []


def test_entries_saved_by_libreoffice_are_carried(tmp_path, old_workbook, amended_case,
                                                  libreoffice):
    resaved = libreoffice(old_workbook, tmp_path / "lo")
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=resaved)
    assert read_entries(built.path).entries == CARRIED
    [new, old] = built.changes.determinations
    assert (new.status, old.status, len(new.rates)) == ("Added", "Removed", 8)


def test_the_entry_sheet_grows_beyond_rows_when_more_entries_are_carried(tmp_path,
                                                                         distinct_case):
    many = [Entry(f"M-{i:03}", dt.date(2026, 1, 1) + dt.timedelta(days=i), "3801.10.5000",
                  "Zeta Co.", "Zeta Co.", entered_value=float(i), quantity_kg=1.0)
            for i in range(120)]
    old = build_workbook(distinct_case, tmp_path / "old.xlsx", entries=many, rows=120)
    new = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=old.path, rows=10)
    assert read_entries(new.path).entries == many


def test_out_equal_to_entries_keeps_the_old_file_byte_for_byte_as_backup(tmp_path,
                                                                          old_workbook,
                                                                          amended_case):
    before = sha256(old_workbook)
    built = build_workbook(amended_case, old_workbook, entries_from=old_workbook)
    assert built.backup is not None and sha256(built.backup) == before
    assert sha256(old_workbook) != before
    assert read_entries(old_workbook).entries == CARRIED


def test_a_text_cell_typed_with_a_leading_apostrophe_survives(tmp_path, distinct_case):
    """Excel stores '0123 as the text 0123 with a quote prefix; a typed ''x keeps one '."""
    blank = build_workbook(distinct_case, tmp_path / "blank.xlsx", rows=5).path
    layout = sheet_template("entries")
    book = openpyxl.load_workbook(blank)
    sheet = book[layout.name]
    row = layout.first_data_row
    for key, value in (("entry_number", "0123"), ("hts", "'3801"), ("exporter", "Zeta Co."),
                       ("producer", "Zeta Co.")):
        target = sheet.cell(row, layout[key].index + 1)
        target.value, target.data_type = value, "s"
        target.quotePrefix = key == "entry_number"
    book.save(blank)
    new = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=blank)
    [entry] = read_entries(new.path).entries
    assert (entry.entry_number, entry.hts) == ("0123", "'3801")
    written = openpyxl.load_workbook(new.path)[layout.name]
    assert written.cell(row, layout["entry_number"].index + 1).data_type == "s"


def test_formula_looking_text_is_carried_as_text(tmp_path, old_workbook, amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    layout = sheet_template("entries")
    sheet = openpyxl.load_workbook(built.path)[layout.name]
    row = layout.first_data_row + CARRIED.index(
        next(e for e in CARRIED if e.exporter == "=Formula Looking Co."))
    cell = sheet.cell(row, layout["exporter"].index + 1)
    assert (cell.value, cell.data_type) == ("=Formula Looking Co.", "s")


def test_changes_sheet_lists_each_rate_change_with_its_old_and_new_rates(tmp_path, old_workbook,
                                                                         amended_case):
    """Numbers from the two fixtures' rates.csv: the amendment raises Alpha/Beta from 11.11%
    to 15.00%, adds Kappa/Lambda at 21.00% (before: the old 149.50% fallback), removes
    Delta/Epsilon at 40.01% (now: the new 160.00% fallback)."""
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    assert built.sheets[:2] == ["Entries", "Changes"]
    rows = changes_table(built.path, "Rates added")
    by_pair = {(r["Change"], r["Exporter (AD) or Company (CVD)"], r["Producer (AD)"]): r
               for r in rows}
    assert [r["Change"] for r in rows].count("Changed") == 5 and len(rows) == 8
    rate = ("Old Cash Deposit Rate (%)", "New Cash Deposit Rate (%)",
            "Change in Cash Deposit Rate (% points)")
    alpha = by_pair[("Changed", "Alpha Trading Co., Ltd.", "Beta (Shenzhen) Materials Co., Ltd.")]
    assert [alpha[k] for k in rate] == [pytest.approx(0.1111), pytest.approx(0.15),
                                        pytest.approx(0.0389)]
    assert (alpha["Old Dumping Margin (%)"], alpha["New Dumping Margin (%)"]) == (
        pytest.approx(0.1234), pytest.approx(0.16))
    kappa = by_pair[("Added", "Kappa Carbon Co., Ltd.", "Lambda Anode Co., Ltd.")]
    assert [kappa[k] for k in rate] == [pytest.approx(1.495), pytest.approx(0.21),
                                        pytest.approx(-1.285)]
    delta = by_pair[("Removed", "Delta  Double  Space Co.", "Epsilon Co.")]
    assert [delta[k] for k in rate] == [pytest.approx(0.4001), pytest.approx(1.6),
                                        pytest.approx(1.1999)]
    nobody = by_pair[("Added", "Nobody Ltd.", "Nothing Ltd.")]
    assert nobody["Carried Entries with It"] == 1   # E-06 uses that pair


def test_changes_sheet_shades_the_fallback_rates_it_shows(tmp_path, old_workbook,
                                                          amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    sheet = openpyxl.load_workbook(built.path)["Changes"]
    shaded = [(c.value, c.row) for row in sheet.iter_rows() for c in row
              if c.fill.fgColor.rgb == "FFFCE4D6"]
    values = sorted(round(v, 4) for v, _ in shaded)
    # three added pairs' old rate (old fallback), one removed pair's new rate (new fallback)
    assert values == [1.495, 1.495, 1.6]


def test_changes_summary_totals_equal_the_deposits_libreoffice_computes(
        tmp_path, old_workbook, amended_case, libreoffice):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    old_rows = entry_outputs(libreoffice(old_workbook, tmp_path / "lo-old"), len(USER_ENTRIES))
    new_rows = entry_outputs(libreoffice(built.path, tmp_path / "lo-new"), len(CARRIED))
    old_rows = [r for e, r in zip(USER_ENTRIES, old_rows) if not e.is_blank()]
    lines = summary(built.path)
    assert lines["Entries carried"][:2] == (24, 24)
    assert lines["Total estimated AD cash deposit (USD)"] == (
        pytest.approx(sum(r["ad_deposit"] or 0 for r in old_rows)),
        pytest.approx(sum(r["ad_deposit"] or 0 for r in new_rows)),
        pytest.approx(sum(r["ad_deposit"] or 0 for r in new_rows)
                      - sum(r["ad_deposit"] or 0 for r in old_rows)))
    fallback_rows = (sum(r["ad_row"] == 0 for r in old_rows),
                     sum(r["ad_row"] == 0 for r in new_rows))
    assert lines["Entries at an AD fallback rate"][:2] == fallback_rows
    moved = sum(not same(a["ad_deposit"], b["ad_deposit"]) for a, b in zip(old_rows, new_rows))
    assert lines["Entries whose deposit changed"][1] == moved


def test_cli_prints_the_changes_and_writes_the_changes_sheet(tmp_path, old_workbook,
                                                             amended_case, capsys):
    out = tmp_path / "new.xlsx"
    code = main(["build", "--data", str(amended_case), "--entries", str(old_workbook),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "AD Amended Final Determination: added (in force from the start); combinations " \
           "2 added, 1 removed, 5 changed; China-Wide Entity 149.50% -> 160.00%" in printed
    assert "AD Final Determination: removed" in printed
    assert "Entries carried: 24;" in printed
    assert "E-01 2026-02-01: AD $1,111.00 -> $1,500.00" in printed
    assert "Changes" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_csv_entries_get_no_changes_sheet_but_a_count_summary(tmp_path, distinct_case, capsys):
    source = tmp_path / "broker.csv"
    source.write_text("entry_number,exporter,producer,entered_value\n"
                      "B-1,Zeta Co.,Zeta Co.,$1000\nB-2,Nobody,Nothing,50\n", "utf-8")
    out = tmp_path / "new.xlsx"
    assert main(["build", "--data", str(distinct_case), "--entries", str(source),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    # Zeta/Zeta 8.80% of 1000 = 88.00; Nobody/Nothing 149.50% of 50 = 74.75
    assert ("Entries carried from broker.csv: 2; AD: 2 with a rate, 1 of them at the "
            "China-Wide Entity rate, estimated deposit $162.75") in printed
    assert "Changes" not in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_a_workbook_from_the_first_layout_carries_entries_and_rates(tmp_path, amended_case):
    """tests/fixtures/workbook-v0.1.0-distinct.xlsx was built by commit cb6b71e (the first
    layout: headers without "(%)") from the distinct case with USER_ENTRIES."""
    old = tmp_path / "v0.1.0.xlsx"
    old.write_bytes((amended_case.parent / "workbook-v0.1.0-distinct.xlsx").read_bytes())
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old)
    assert read_entries(built.path).entries == CARRIED
    assert built.carried.warnings == []
    [new, old_det] = built.changes.determinations
    assert (old_det.name, old_det.status) == ("Final Determination", "Removed")
    assert [len(new.of_kind(k)) for k in ("Added", "Removed", "Changed")] == [2, 1, 5]


# --- a timeline: a new determination re-prices only its own period ---------------------------

def timeline_without_orders(tmp_path, timeline_case):
    """The timeline fixture as it stood before its orders: the last AD and CVD
    determinations ("Order") left out."""
    folder = tmp_path / "before-orders"
    shutil.copytree(timeline_case, folder)
    text = (folder / "case.toml").read_text("utf-8")
    text = re.sub(r'\[\[(cvd\.)?determination\]\]\nname = "Order".*?(?=\n\[cvd\]|\n\[import_stats\])',
                  "", text, flags=re.S)
    (folder / "case.toml").write_text(text, "utf-8")
    assert [d.name for d in load_case(folder).ad.determinations][-1] == (
        "Provisional Measures Expired")
    return folder


@pytest.fixture
def timeline_case(distinct_case):
    return distinct_case.parent / "timeline"


def test_entries_dated_before_a_new_determination_keep_their_deposits_exactly(
        tmp_path, timeline_case, libreoffice):
    before = build_workbook(timeline_without_orders(tmp_path, timeline_case),
                            tmp_path / "old.xlsx", entries=TIMELINE_ENTRIES)
    after = build_workbook(timeline_case, tmp_path / "new.xlsx", entries_from=before.path)
    old = entry_outputs(libreoffice(before.path, tmp_path / "lo-old"), len(TIMELINE_ENTRIES))
    new = entry_outputs(libreoffice(after.path, tmp_path / "lo-new"), len(TIMELINE_ENTRIES))
    keys = ("ad_deposit", "cvd_deposit", "total_deposit")
    kept = [e.entry_number for e, a, b in zip(TIMELINE_ENTRIES, old, new)
            if all(a[k] == b[k] for k in keys)]
    moved = {e.entry_number: tuple(b[k] for k in keys)
             for e, a, b in zip(TIMELINE_ENTRIES, old, new) if any(a[k] != b[k] for k in keys)}
    dated_before = [e.entry_number for e in TIMELINE_ENTRIES
                    if isinstance(e.entry_date, str) or e.entry_date is not None
                    and dt.date(*e.entry_date.timetuple()[:3]) < ORDER_DATE]
    assert len(dated_before) == 27 and set(dated_before) <= set(kept)
    # After the orders (own arithmetic from tests/fixtures/timeline/*order.csv):
    assert moved == {
        "T-17": (831.6, 15.54, 847.14),     # 700 x 118.80% fallback; Gamma 2.22% as producer
        "T-18": (3564.0, 151.5, 3715.5),    # 3000 x 118.80% (exporter only); Alpha 5.05%
        "T-19": (1199.99, 14.4, 1214.39),   # 100 x 1199.99%; All Others 14.40%
        "T-20": (141.4, 50.5, 191.9),       # no date: the latest, Alpha/Beta 14.14%, 5.05%
    }
    old_after = {e.entry_number: tuple(a[k] for k in keys)
                 for e, a in zip(TIMELINE_ENTRIES, old) if e.entry_number in moved}
    assert set(old_after.values()) == {(0, 0, 0)}   # both lapsed before the orders


def test_changes_sheet_names_each_new_determination_and_the_entries_it_moved(
        tmp_path, timeline_case):
    before = build_workbook(timeline_without_orders(tmp_path, timeline_case),
                            tmp_path / "old.xlsx", entries=TIMELINE_ENTRIES)
    after = build_workbook(timeline_case, tmp_path / "new.xlsx", entries_from=before.path)
    dets = changes_table(after.path, "What each determination changes")
    status = [(d["Case"], d["Determination"], d["Change"]) for d in dets]
    assert status == [
        ("AD", "Preliminary Determination", "Unchanged"),
        ("AD", "Amended Preliminary Determination", "Unchanged"),
        ("AD", "Provisional Measures Expired", "Unchanged"),
        ("AD", "Order", "Added"),
        ("CVD", "Preliminary Determination", "Unchanged"),
        ("CVD", "Amended Preliminary Determination", "Unchanged"),
        ("CVD", "Provisional Measures Expired", "Unchanged"),
        ("CVD", "Order", "Added")]
    ad_order = dets[3]
    assert ad_order["Compared with (the old workbook's rates for that period)"] == (
        "Provisional Measures Expired")
    assert (ad_order["Carried Entries in Its Period"],
            ad_order["of Which with a New Deposit or Case Number"]) == (4, 4)
    assert ad_order["Rates Added"] == 4   # nothing was listed in the lapse
    lines = summary(after.path)
    # fallback rows before: T-07, T-09, T-10, T-14, T-25, T-27, T-28, T-29; after also T-17,
    # T-18 (AD order fallback); CVD before: T-08..T-12, T-22, T-24, T-25; after also T-19
    assert lines["Entries at an AD fallback rate"] == (8, 10, 2)
    assert lines["Entries at a CVD fallback rate"] == (8, 9, 1)
    assert lines["Total estimated cash deposit (USD)"][2] == pytest.approx(
        847.14 + 3715.5 + 1214.39 + 191.9)
    entries = changes_table(after.path, "Carried entries whose deposit or case number changed")
    assert [(e["Entry Number"], e["Old AD Deposit (USD)"], e["New AD Deposit (USD)"],
             e["Old CVD Deposit (USD)"], e["New CVD Deposit (USD)"],
             e["Change in Deposit (USD)"]) for e in entries] == [
        ("T-17", 0, 831.6, 0, 15.54, pytest.approx(847.14)),
        ("T-18", 0, 3564.0, 0, 151.5, pytest.approx(3715.5)),
        ("T-19", 0, 1199.99, 0, 14.4, pytest.approx(1214.39)),
        ("T-20", 0, 141.4, 0, 50.5, pytest.approx(191.9))]
