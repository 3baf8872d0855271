"""Rebuilding with new rates carries every entry of the old workbook, priced anew."""

import datetime as dt
import hashlib

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.cli import main
from generator.entries import Entry, compute_entry
from generator.entry_import import read_entries
from generator.templates import sheet_template
from tests.entry_cases import USER_ENTRIES
from tests.workbook_values import (cell_values, entry_outputs, expected_outputs, formula_cells,
                                   mismatches, same)

CARRIED = [e for e in USER_ENTRIES if not e.is_blank()]


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


def test_every_entry_is_carried_into_the_workbook_with_new_rates(tmp_path, old_workbook,
                                                                  amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    assert built.entries == len(CARRIED) == 24
    assert read_entries(built.path).entries == CARRIED


def test_carried_entries_are_priced_by_the_new_rates_in_libreoffice(tmp_path, old_workbook,
                                                                    amended_case, libreoffice):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    table = load_case(amended_case).rates
    expected = expected_outputs([compute_entry(e, table) for e in CARRIED])
    actual = entry_outputs(libreoffice(built.path, tmp_path / "lo"), len(CARRIED))
    assert mismatches(actual, expected, CARRIED) == []
    assert expected_outputs(built.results[:len(CARRIED)]) == expected


def test_cached_values_equal_libreoffice_after_carrying(tmp_path, old_workbook, amended_case,
                                                        libreoffice):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    cached = cell_values(built.path)
    computed = cell_values(libreoffice(built.path, tmp_path / "lo"))
    cells = formula_cells(built.path)
    assert any(sheet == "Changes" for sheet, _ in cells)
    wrong = [f"{where}: cached {cached[where]!r}, LibreOffice {computed.get(where)!r}"
             for where in cells if not same(cached[where], computed.get(where))]
    assert wrong == []


def test_building_twice_with_the_same_rates_changes_no_input_cell(tmp_path, old_workbook,
                                                                  distinct_case):
    once = build_workbook(distinct_case, tmp_path / "once.xlsx", entries_from=old_workbook)
    twice = build_workbook(distinct_case, tmp_path / "twice.xlsx", entries_from=once.path)
    assert input_rows(old_workbook) == input_rows(once.path) == input_rows(twice.path)
    assert len(input_rows(twice.path)) == len(CARRIED)
    assert twice.changes.changes == [] and twice.changes.rate_changed == 0


def test_entries_saved_by_libreoffice_are_carried(tmp_path, old_workbook, amended_case,
                                                  libreoffice):
    resaved = libreoffice(old_workbook, tmp_path / "lo")
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=resaved)
    assert read_entries(built.path).entries == CARRIED
    assert built.changes is not None and len(built.changes.changes) == 8


def test_the_entry_sheet_grows_beyond_rows_when_more_entries_are_carried(tmp_path,
                                                                         distinct_case):
    many = [Entry(f"M-{i:03}", dt.date(2026, 1, 1) + dt.timedelta(days=i), "3801.10.5000",
                  "Zeta Co.", "Zeta Co.", float(i), 1.0) for i in range(120)]
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


def test_changes_sheet_lists_added_removed_and_changed_combinations(tmp_path, old_workbook,
                                                                    amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    layout = sheet_template("changes")
    assert built.sheets[:2] == ["Entries", "Changes"]
    sheet = openpyxl.load_workbook(built.path, data_only=True)[layout.name]
    rows = [r for r in sheet.iter_rows(min_row=layout.first_data_row, values_only=True)
            if r[0]]
    kinds = {(r[0], r[1], r[2]) for r in rows}
    assert ("Removed", "Delta  Double  Space Co.", "Epsilon Co.") in kinds
    assert ("Added", "Nobody Ltd.", "Nothing Ltd.") in kinds
    assert ("Changed", "Société Générale de Graphite", "北京石墨有限公司") in kinds
    assert [r[0] for r in rows].count("Changed") == 5
    alpha = next(r for r in rows if r[1] == "Alpha Trading Co., Ltd." and r[0] == "Changed")
    assert alpha[3:8] == (pytest.approx(0.1111), pytest.approx(0.15), pytest.approx(0.0389),
                          pytest.approx(0.1234), pytest.approx(0.16))


def test_changes_summary_has_fallback_and_deposits_before_and_after(tmp_path, old_workbook,
                                                                    distinct_case,
                                                                    amended_case):
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old_workbook)
    old_table, new_table = load_case(distinct_case).rates, load_case(amended_case).rates
    before = sum(r.deposit for r in (compute_entry(e, old_table) for e in CARRIED)
                 if r.deposit != "")
    after = sum(r.deposit for r in (compute_entry(e, new_table) for e in CARRIED)
                if r.deposit != "")
    report = built.changes
    assert report.before.deposit == pytest.approx(before)
    assert report.after.deposit == pytest.approx(after)
    assert report.fallback_changed
    assert (report.old_fallback.cash_deposit_pct, report.new_fallback.cash_deposit_pct) == (
        pytest.approx(149.5), pytest.approx(160))
    summary = {row[0]: row[3:6] for row in openpyxl.load_workbook(
        built.path, data_only=True)["Changes"].iter_rows(min_row=7, max_row=13,
                                                           values_only=True)}
    assert summary["Total estimated AD cash deposit (USD)"][:2] == (
        pytest.approx(before), pytest.approx(after))
    assert summary["Entries carried"][:2] == (24, 24)


def test_cli_prints_the_changes_and_writes_the_changes_sheet(tmp_path, old_workbook,
                                                             amended_case, capsys):
    out = tmp_path / "new.xlsx"
    code = main(["build", "--data", str(amended_case), "--entries", str(old_workbook),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "2 added, 1 removed, 5 changed, 8 unchanged" in printed
    assert "149.50% -> 160.00%" in printed
    assert "Entries carried: 24;" in printed
    assert "Changes" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_csv_entries_get_no_changes_sheet_but_a_count_summary(tmp_path, distinct_case, capsys):
    source = tmp_path / "broker.csv"
    source.write_text("entry_number,exporter,producer,entered_value\n"
                      "B-1,Zeta Co.,Zeta Co.,$1000\nB-2,Nobody,Nothing,50\n", "utf-8")
    out = tmp_path / "new.xlsx"
    assert main(["build", "--data", str(distinct_case), "--entries", str(source),
                 "--out", str(out)]) == 0
    assert "Entries carried from broker.csv: 2; 2 with a rate, 1 of them" in (
        capsys.readouterr().out)
    assert "Changes" not in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_a_workbook_from_the_first_layout_carries_entries_and_rates(tmp_path, amended_case):
    """tests/fixtures/workbook-v0.1.0-distinct.xlsx was built by commit cb6b71e (the first
    layout: headers without "(%)") from the distinct case with USER_ENTRIES."""
    old = tmp_path / "v0.1.0.xlsx"
    old.write_bytes((amended_case.parent / "workbook-v0.1.0-distinct.xlsx").read_bytes())
    built = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=old)
    assert read_entries(built.path).entries == CARRIED
    assert built.carried.warnings == []
    assert [len(built.changes.of_kind(k)) for k in ("Added", "Removed", "Changed")] == [2, 1, 5]
