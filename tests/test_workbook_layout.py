"""What the generated workbook holds, read back with openpyxl (no recalculation needed)."""

import re

import openpyxl
import pytest

from generator import build_workbook
from generator.sheets.entries import entries_layout
from generator.templates import sheet_template
from tests.conftest import FIXTURES
from tests.entry_cases import USER_ENTRIES
from tests.timeline_entries import TIMELINE_ENTRIES

FORBIDDEN = ("XLOOKUP", "LET(", "LAMBDA", "FILTER(", "TEXTJOIN", "CONCAT(", "IFS(", "SWITCH(",
             "UNIQUE(", "SORT(", "SEQUENCE(", "_xlfn")


@pytest.fixture
def workbook(tmp_path, distinct_case):
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=USER_ENTRIES, rows=30)
    return built, openpyxl.load_workbook(built.path)


@pytest.fixture(params=["distinct", "timeline"])
def either_workbook(request, tmp_path):
    """The AD-only workbook, and the one with a CVD timeline (more columns)."""
    entries = USER_ENTRIES if request.param == "distinct" else TIMELINE_ENTRIES
    built = build_workbook(FIXTURES / request.param, tmp_path / "wb.xlsx", entries=entries,
                           rows=40)
    return built, openpyxl.load_workbook(built.path)


def test_sheets_in_order(workbook, tmp_path):
    _, book = workbook
    assert book.sheetnames == ["Entries", "Timeline", "AD Rates", "Import Statistics", "About"]
    with_cvd = build_workbook(FIXTURES / "timeline", tmp_path / "cvd.xlsx", rows=3)
    assert with_cvd.sheets == ["Entries", "Timeline", "AD Rates", "CVD Rates",
                               "Import Statistics", "About"]


def test_rates_are_stored_as_fractions_shown_as_percent(workbook):
    """Alpha/Beta is listed at 12.34% margin, 11.11% cash deposit (fixtures/distinct)."""
    built, book = workbook
    sheet = book["AD Rates"]
    row = next(r for r in sheet.iter_rows() if r[2].value == "Alpha Trading Co., Ltd."
               and r[3].value == "Beta (Shenzhen) Materials Co., Ltd.")
    rates = sheet_template("rates")
    margin, deposit = row[rates["margin"].index], row[rates["cash_deposit"].index]
    assert (margin.value, deposit.value) == (0.1234, 0.1111)
    assert margin.number_format == deposit.number_format == "0.00%"


def test_every_formula_range_has_a_defined_name(workbook, tmp_path):
    _, book = workbook
    names = set(book.defined_names)
    per_proceeding = {"Key", "Match", "Rate", "Case", "Fallback_Rate", "Fallback_Case",
                      "Effective", "Timeline", "Labels", "Bases"}
    assert {f"AD_{n}" for n in per_proceeding | {"Exporters", "Margin"}} | {
        "Exporter_List", "Producer_List"} <= names
    assert not any(n.startswith("CVD_") for n in names)
    with_cvd = build_workbook(FIXTURES / "timeline", tmp_path / "cvd.xlsx", rows=3)
    cvd_names = set(openpyxl.load_workbook(with_cvd.path).defined_names)
    assert {f"CVD_{n}" for n in per_proceeding - {"Labels"}} <= cvd_names
    assert "CVD_Labels" not in cvd_names   # no CVD Determination column reads them


def test_one_formula_per_column_all_the_way_down(either_workbook):
    """Each output column's formula is the same once its row number is taken out."""
    built, book = either_workbook
    layout = entries_layout(built.case)
    sheet = book[layout.name]
    for col in layout.columns:
        if col.kind == "input":
            continue
        shapes = {re.sub(rf"(?<=[A-Z]){r}(?!\d)", "#", str(sheet.cell(r, col.index + 1).value))
                  for r in range(layout.first_data_row, layout.first_data_row + 40)}
        assert len(shapes) == 1, col.key


def test_only_portable_functions_and_no_typed_numbers_in_lookups(workbook):
    _, book = workbook
    formulas = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas
    assert [f for f in formulas if any(bad in f.upper() for bad in FORBIDDEN)] == []
    assert [f for f in formulas if "1.495" in f or "0.1111" in f] == []


# LibreOffice copies every token of a formula holding one of these when it saves an xlsx
# (docs/development.md, Benchmarks): the helper columns and Refundable do without them.
COPIED_ON_SAVE = ("IF(", "INDEX(", "ROUND(")
WITHOUT_COPIED = ("exporter_key", "producer_key", "exporter_loose", "producer_loose",
                  "name_note", "ad_refundable", "cvd_refundable", "ad_number", "ad_row",
                  "ad_exporter_row", "cvd_number", "cvd_exporter_row", "cvd_row")


def test_the_helpers_hold_no_function_libreoffice_copies_on_save(either_workbook):
    built, book = either_workbook
    layout = entries_layout(built.case)
    sheet = book[layout.name]
    checked = [c for c in layout.columns if c.key in WITHOUT_COPIED]
    assert len(checked) >= 8
    for col in checked:
        formula = sheet.cell(layout.first_data_row, col.index + 1).value
        assert not any(f in formula for f in COPIED_ON_SAVE), col.key


def test_entry_text_that_looks_like_a_formula_is_stored_as_text(workbook):
    _, book = workbook
    layout = sheet_template("entries")
    row = layout.first_data_row + [e.entry_number for e in USER_ENTRIES].index("E-16")
    cell = book[layout.name].cell(row, layout["exporter"].index + 1)
    assert (cell.value, cell.data_type) == ("=Formula Looking Co.", "s")


def test_dropdowns_point_at_the_rates_sheet_and_accept_other_names(workbook):
    _, book = workbook
    validations = book["Entries"].data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    assert sorted(v.formula1 for v in lists) == ["Exporter_List", "Producer_List"]
    assert {v.errorStyle for v in lists} == {"information"}


def test_about_sheet_names_the_data_fingerprint_and_version(workbook):
    built, book = workbook
    text = " ".join(str(c.value) for row in book["About"].iter_rows() for c in row if c.value)
    assert built.case.fingerprint in text and "adcvd-workbook 0.1.0" in text
    assert built.case.source in text


def test_fingerprint_changes_when_a_rate_changes(tmp_path, distinct_case):
    from generator.case import fingerprint
    data = tmp_path / "data"
    data.mkdir()
    for f in distinct_case.iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    before = fingerprint(data)
    (data / "rates.csv").write_text((data / "rates.csv").read_text().replace("11.11", "11.12"))
    assert fingerprint(data) != before
    assert len(before) == 12


def test_blank_rows_have_blank_cached_outputs(workbook):
    built, book = workbook
    layout = entries_layout(built.case)
    values = openpyxl.load_workbook(built.path, data_only=True)[layout.name]
    row = layout.first_data_row + len(USER_ENTRIES) + 1
    assert [values.cell(row, c.index + 1).value for c in layout.columns] == [None] * len(layout.columns)


def test_entry_formulas_are_shared_down_each_column(either_workbook):
    """One formula text per column (a shared formula), as Excel writes it: smaller files,
    and the spreadsheet parses each column once."""
    import re
    import zipfile

    built, _ = either_workbook
    layout = entries_layout(built.case)
    with zipfile.ZipFile(built.path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    first, last = layout.first_data_row, layout.first_data_row + 39
    masters = re.findall(r'<f t="shared" ref="([A-Z]+)(\d+):([A-Z]+)(\d+)" si="\d+">', xml)
    formula_columns = [c.letter for c in layout.columns if c.kind != "input"]
    assert sorted(m[0] for m in masters) == sorted(formula_columns)
    assert {(int(m[1]), int(m[3])) for m in masters} == {(first, last)}
    assert xml.count('<f t="shared" si=') == len(formula_columns) * 39


def test_no_range_read_by_index_is_a_single_cell(tmp_path, distinct_case):
    """Gnumeric 1.12 computes INDEX over a one-cell range as #REF!: a case with one
    determination (one fallback, one Has Rates flag) must still give two-cell ranges."""
    from tests.engines import one_cell_index_names
    built = build_workbook(distinct_case, tmp_path / "seed.xlsx", rows=3)
    assert len(built.case.ad.determinations) == 1
    assert one_cell_index_names(built.path) == []


def about_fact(path, label: str) -> str:
    sheet = openpyxl.load_workbook(path)["About"]
    return next(row[1].value for row in sheet.iter_rows() if row[0].value == label)


def test_provenance_names_the_data_folder_used_relative_to_where_the_command_ran(
        tmp_path, monkeypatch, distinct_case):
    import shutil
    shutil.copytree(distinct_case, tmp_path / "cases" / "final")
    monkeypatch.chdir(tmp_path)
    built = build_workbook("cases/final", tmp_path / "wb.xlsx", rows=2)
    assert about_fact(built.path, "From data").startswith(
        "cases/final/ (case.toml, rates.csv, import_stats.csv; fingerprint ")


def test_a_data_folder_elsewhere_is_named_without_its_path(tmp_path, monkeypatch,
                                                           distinct_case):
    import shutil
    import zipfile
    folder = tmp_path / "home" / "analyst" / "private" / "amended"
    shutil.copytree(distinct_case, folder)
    monkeypatch.chdir(distinct_case)   # the command runs somewhere else
    built = build_workbook(folder, tmp_path / "wb.xlsx", rows=2)
    assert about_fact(built.path, "From data").startswith("amended/ (case.toml")
    with zipfile.ZipFile(built.path) as book:
        text = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                       if n.endswith(".xml"))
    assert "analyst" not in text and str(tmp_path) not in text
