"""The workbook travels: emailed, previewed, printed. What a recipient sees must hold up."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator import build_workbook
from generator.cli import ProgressReport, main
from generator.entries import Entry
from generator.libreoffice import convert
from generator.pdf import page_colours, page_count, page_text
from generator.templates import sheet_template
from tests.engines import poison, poisoned_cells
from tests.entry_cases import USER_ENTRIES

ROOT = Path(__file__).resolve().parent.parent
ERROR_VALUES = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}
INPUT_FILL = "FFF2CC"
CHINA_WIDE_FILL = (0xFC, 0xE4, 0xD6)
D = dt.date(2025, 8, 4)
SEED_ENTRIES = [
    Entry("AB1-2345678-9", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
          "Shanghai XFH Technology Co. Ltd.", 1_284_500.0, 152_000),
    Entry("AB1-2345679-7", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
          "Resonac Corporation", 642_318.4, 80_500),                     # China-wide
    Entry("AB1-2345680-5", D, "2504.10.5000", "Nobody Ltd.", None, 1_000.0, 1),
]


@pytest.fixture(scope="module")
def default_workbook(tmp_path_factory) -> Path:
    return build_workbook(ROOT / "data", tmp_path_factory.mktemp("default") / "wb.xlsx").path


@pytest.fixture
def pdf(libreoffice, tmp_path):
    """Render a workbook to PDF with LibreOffice, recalculating a poisoned copy first."""
    return lambda path: convert(poison(path, tmp_path / "poisoned" / Path(path).name),
                                tmp_path / "pdf", "pdf")


def zip_text(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


# Chart

def test_import_statistics_has_a_titled_two_axis_chart(default_workbook):
    with zipfile.ZipFile(default_workbook) as z:
        assert "xl/charts/chart1.xml" in z.namelist()
    chart = zip_text(default_workbook, "xl/charts/chart1.xml")
    assert "<c:barChart>" in chart and "<c:lineChart>" in chart
    assert chart.count("<c:valAx>") == 2
    assert "U.S. imports under HTSUS 2504.10.5000 and 3801.10.5000, 2021-2023" in chart
    assert "'Import Statistics'!$B$7:$B$9" in chart and "'Import Statistics'!$C$7:$C$9" in chart
    sheet = openpyxl.load_workbook(default_workbook)["Import Statistics"]
    notes = [c.value for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("Chart:")]
    assert notes and "Source: U.S. Census Bureau" in notes[0]


def test_chart_renders_in_libreoffice(default_workbook, pdf):
    rendered = pdf(default_workbook)
    page = next(p for p in range(1, page_count(rendered) + 1)
                if "Import Statistics" in page_text(rendered, p).splitlines()[0])
    # whitespace aside: the text of the rotated axis titles comes out in pieces, one a line
    text = re.sub(r"\s", "", page_text(rendered, page))
    for words in ["U.S. imports under HTSUS", "Volume (million kg)", "Value (million USD)",
                  "2022", "$350"]:
        assert re.sub(r"\s", "", words) in text


# Styles

def test_the_input_fill_marks_only_input_cells(tmp_path):
    path = build_workbook(ROOT / "data", tmp_path / "wb.xlsx", entries=SEED_ENTRIES,
                          rows=20).path
    layout = sheet_template("entries")
    inputs = {c.index + 1 for c in layout.columns if c.kind == "input"}
    book = openpyxl.load_workbook(path)
    wrong = [f"{ws.title}!{cell.coordinate}" for ws in book.worksheets
             for row in ws.iter_rows() for cell in row
             if (cell.fill.fgColor.rgb or "").endswith(INPUT_FILL)
             and (ws.title != layout.name or cell.column not in inputs
                  or cell.row < layout.first_data_row
                  or (isinstance(cell.value, str) and cell.value.startswith("=")))]
    assert wrong == []


def test_numbers_are_formatted_for_people(tmp_path):
    path = build_workbook(ROOT / "data", tmp_path / "wb.xlsx", entries=SEED_ENTRIES,
                          rows=5).path
    book = openpyxl.load_workbook(path)
    entries, rates, stats = book["Entries"], book["Rates"], book["Import Statistics"]
    assert entries["H7"].number_format == "0.00%"
    assert entries["K7"].number_format == "$#,##0.00"
    assert entries["F7"].number_format == "$#,##0.00"
    assert rates["D10"].number_format == "0.00%"
    assert stats["B7"].number_format == "#,##0"
    assert stats["C7"].number_format == "$#,##0"


def test_headers_carry_units_and_are_frozen(default_workbook):
    book = openpyxl.load_workbook(default_workbook)
    headers = [c.value for c in book["Entries"][6]] + [c.value for c in book["Rates"][9]]
    for header in ["Entered Value (USD)", "Quantity (kg)", "Cash Deposit Rate (%)",
                   "Estimated AD Cash Deposit (USD)", "Weighted-Average Dumping Margin (%)"]:
        assert header in headers
    assert book["Entries"].freeze_panes == "A7"
    assert book["Rates"].freeze_panes == "A10"


def test_china_wide_rows_are_shaded_when_libreoffice_renders_them(tmp_path, pdf):
    listed_only = build_workbook(ROOT / "data", tmp_path / "listed.xlsx",
                                 entries=SEED_ENTRIES[:1], rows=5).path
    with_fallback = build_workbook(ROOT / "data", tmp_path / "fallback.xlsx",
                                   entries=SEED_ENTRIES, rows=5).path
    assert CHINA_WIDE_FILL not in page_colours(pdf(listed_only), 1)
    assert CHINA_WIDE_FILL in page_colours(pdf(with_fallback), 1)


# Print

def test_every_sheet_prints_landscape_one_page_wide_with_case_and_pages(default_workbook):
    for sheet in openpyxl.load_workbook(default_workbook).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (None, 1), sheet.title
        assert sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.oddHeader.left.text == "A-570-194", sheet.title
        assert sheet.oddHeader.center.text == "&A", sheet.title
        assert sheet.oddHeader.right.text == "Page &P of &N", sheet.title
        assert sheet.oddFooter.left.text.startswith("Generated 20"), sheet.title


def test_header_rows_repeat_on_every_printed_page(default_workbook):
    book = openpyxl.load_workbook(default_workbook)
    assert book["Entries"].print_title_rows == "$6:$6"
    assert book["Rates"].print_title_rows == "$9:$9"
    assert book["Import Statistics"].print_title_rows == "$6:$6"


def test_helper_columns_are_not_printed(default_workbook):
    book = openpyxl.load_workbook(default_workbook)
    assert book["Entries"].print_area.endswith(":$K$7")      # L, M are helpers
    assert re.search(r":\$E\$\d+$", book["Rates"].print_area)  # F to I are helpers


def test_entries_print_only_down_to_the_last_entry(tmp_path):
    path = build_workbook(ROOT / "data", tmp_path / "wb.xlsx", entries=SEED_ENTRIES,
                          rows=500).path
    assert openpyxl.load_workbook(path)["Entries"].print_area.endswith(":$K$9")


def test_default_workbook_prints_at_most_15_pages(default_workbook, pdf):
    rendered = pdf(default_workbook)
    assert page_count(rendered) <= 15
    first = page_text(rendered, 1)
    assert "A-570-194" in first and "Page 1 of" in first and "Generated 20" in first


# Properties

def test_document_properties_say_what_and_where_from(default_workbook):
    props = openpyxl.load_workbook(default_workbook).properties
    assert props.title == "A-570-194 Active Anode Material from China: AD cash deposits"
    assert "Preliminary Affirmative Determination" in props.subject
    assert "A-570-194" in props.keywords
    assert "https://www.trade.gov/ec-adcvd-case-announcements" in props.description


def test_company_and_author_options_reach_the_document_properties(tmp_path, capsys):
    out = tmp_path / "wb.xlsx"
    assert main(["build", "--data", str(ROOT / "data"), "--out", str(out), "--rows", "5",
                 "--company", "Acme Customs Brokers", "--author", "J. Doe"]) == 0
    assert "<Company>Acme Customs Brokers</Company>" in zip_text(out, "docProps/app.xml")
    assert "<dc:creator>J. Doe</dc:creator>" in zip_text(out, "docProps/core.xml")


# Emailable

def test_no_macros_and_no_external_links(default_workbook):
    with zipfile.ZipFile(default_workbook) as z:
        parts = z.namelist()
        rels = "".join(z.read(p).decode() for p in parts if p.endswith(".rels"))
    assert not [p for p in parts if "vbaProject" in p or "externalLink" in p]
    assert 'TargetMode="External"' not in rels
    assert default_workbook.suffix == ".xlsx"


def test_default_workbook_is_under_200_kb(default_workbook):
    assert default_workbook.stat().st_size < 200 * 1024


def error_cells(path: Path) -> list[str]:
    """Cells holding an error value, or still the poison of a value not recalculated."""
    book = openpyxl.load_workbook(path, data_only=True)
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in book.worksheets
            for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and (c.value in ERROR_VALUES or c.value.startswith("Err:"))
            ] + poisoned_cells(path)


def test_no_error_values_after_recalculating_the_default_workbook(default_workbook, libreoffice,
                                                                  tmp_path):
    assert error_cells(libreoffice(default_workbook, tmp_path / "lo")) == []


def test_no_error_values_after_recalculating_filled_workbooks(tmp_path, libreoffice,
                                                             distinct_case):
    seed = build_workbook(ROOT / "data", tmp_path / "seed.xlsx", entries=SEED_ENTRIES,
                          rows=20).path
    distinct = build_workbook(distinct_case, tmp_path / "distinct.xlsx", entries=USER_ENTRIES,
                              rows=30).path
    assert error_cells(libreoffice(seed, tmp_path / "lo1")) == []
    assert error_cells(libreoffice(distinct, tmp_path / "lo2")) == []


# The command

def test_summary_names_path_sheets_combinations_entries_size_and_time(tmp_path):
    result = build_workbook(ROOT / "data", tmp_path / "wb.xlsx", entries=SEED_ENTRIES, rows=10)
    summary = result.summary()
    assert summary.startswith(f"Wrote {tmp_path / 'wb.xlsx'} (")
    for part in ["Entries, Rates, Import Statistics, About", "66 combinations",
                 "3 entries in 10 rows", " KB", " s)"]:
        assert part in summary
    assert "\n" not in summary


def test_progress_is_reported_while_entry_rows_are_written(tmp_path):
    calls = []
    build_workbook(ROOT / "data", tmp_path / "wb.xlsx", rows=1200,
                   progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 1200) and calls[-1] == (1200, 1200) and (500, 1200) in calls


def test_progress_lines_wait_for_a_slow_build_and_then_come_at_most_every_second():
    quick, slow = io.StringIO(), io.StringIO()
    quick_report = ProgressReport(after=60, stream=quick)
    for done in range(0, 100_001, 10_000):
        quick_report(done, 100_000)
    assert quick.getvalue() == ""
    slow_report = ProgressReport(after=0, every=3600, stream=slow)
    for done in range(0, 100_001, 10_000):
        slow_report(done, 100_000)
    assert slow.getvalue().splitlines() == ["writing entries: 0/100,000",
                                            "writing entries: 100,000/100,000"]


def test_readme_shows_a_small_screenshot_of_every_sheet():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in ["entries", "rates", "import-statistics", "about"]:
        png = ROOT / "docs" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size < 300 * 1024
        assert f"](docs/{name}.png)" in readme
