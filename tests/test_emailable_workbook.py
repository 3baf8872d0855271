"""The workbook travels: emailed, previewed, printed. What a recipient sees must hold up."""

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator import build_workbook
from generator.cli import ProgressReport, main
from generator.entries import Entry
from generator.templates import sheet_template
from testsupport.libreoffice import convert
from testsupport.pdf import page_colours, page_count, page_text
from tests.engines import poison, poisoned_cells
from tests.entry_cases import USER_ENTRIES

ROOT = Path(__file__).resolve().parent.parent
ERROR_VALUES = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}
INPUT_FILL = "FFF2CC"
CHINA_WIDE_FILL = (0xFC, 0xE4, 0xD6)
D = dt.date(2025, 8, 4)
SEED_ENTRIES = [
    Entry("AB1-2345678-9", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
          "Shanghai XFH Technology Co. Ltd.", entered_value=1_284_500.0, quantity_kg=152_000),
    Entry("AB1-2345679-7", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
          "Resonac Corporation", entered_value=642_318.4, quantity_kg=80_500),  # China-wide
    Entry("AB1-2345680-5", D, "2504.10.5000", "Nobody Ltd.", None, entered_value=1_000.0,
          quantity_kg=1),
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
    entries, rates, stats = book["Entries"], book["AD Rates"], book["Import Statistics"]
    layout = sheet_template("entries")
    formats = {header: entries.cell(layout.first_data_row, col).number_format
               for col, header in enumerate((c.value for c in entries[layout.header_row]),
                                            start=1)}
    assert formats["AD Cash Deposit Rate (%)"] == formats["CVD Cash Deposit Rate (%)"] == "0.00%"
    for money in ("Entered Value (USD)", "Subject Merchandise Value (USD)",
                  "Estimated AD Cash Deposit (USD)", "Estimated CVD Cash Deposit (USD)",
                  "Total Estimated Cash Deposit (USD)", "AD Refundable (USD)",
                  "CVD Refundable (USD)"):
        assert formats[money] == "$#,##0.00", money
    assert formats["Entry Date"] == "yyyy-mm-dd"
    first_rate = next(r for r in rates.iter_rows() if r[2].value == "Carbon ONE New Energy "
                      "Group Co., Ltd.")
    assert first_rate[5].number_format == "0.00%"
    assert stats["B7"].number_format == "#,##0"
    assert stats["C7"].number_format == "$#,##0"


def test_headers_carry_units_and_are_frozen(default_workbook):
    book = openpyxl.load_workbook(default_workbook)
    rates = sheet_template("rates")
    rates_header = rates_header_row(book)
    entries = sheet_template("entries")
    headers = [c.value for c in book["Entries"][entries.header_row]] + [c.value for c in
                                                        book["AD Rates"][rates_header]]
    for header in ["Entered Value (USD)", "Quantity (kg)", "AD Cash Deposit Rate (%)",
                   "Estimated AD Cash Deposit (USD)", "Weighted-Average Dumping Margin (%)",
                   "CVD Cash Deposit Rate (%)", "Total Estimated Cash Deposit (USD)"]:
        assert header in headers
    assert book["Entries"].freeze_panes == f"A{entries.first_data_row}" == "A9"
    assert book["AD Rates"].freeze_panes == f"A{rates_header + 1}"
    assert rates["exporter"].header in headers


def rates_header_row(book, sheet="AD Rates") -> int:
    """The 1-based row of a rates sheet's table header (below its fallback block)."""
    return next(r for r in range(1, 40) if book[sheet].cell(r, 1).value == "No."
                and book[sheet].cell(r, 2).value == "Determination")


def test_fallback_rows_are_shaded_when_libreoffice_renders_them(tmp_path, pdf):
    """Page 2 is the AD part of the printed rows (page 1 the inputs, page 3 CVD)."""
    listed_only = build_workbook(ROOT / "data", tmp_path / "listed.xlsx",
                                 entries=SEED_ENTRIES[:1], rows=5).path
    with_fallback = build_workbook(ROOT / "data", tmp_path / "fallback.xlsx",
                                   entries=SEED_ENTRIES, rows=5).path
    assert CHINA_WIDE_FILL not in page_colours(pdf(listed_only), 2)
    assert CHINA_WIDE_FILL in page_colours(pdf(with_fallback), 2)


# Print

def test_every_sheet_prints_landscape_on_letter_with_case_and_pages(default_workbook):
    for sheet in openpyxl.load_workbook(default_workbook).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 1, sheet.title   # US Letter
        if sheet.title == "Entries":   # in parts side by side, at one scale
            assert not (sheet.sheet_properties.pageSetUpPr
                        and sheet.sheet_properties.pageSetUpPr.fitToPage)
            assert 50 <= sheet.page_setup.scale <= 100
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
            assert sheet.page_setup.fitToWidth in (None, 1), sheet.title
            assert sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.oddHeader.left.text == "A-570-194", sheet.title
        assert sheet.oddHeader.center.text == "&A", sheet.title
        assert sheet.oddHeader.right.text == "Page &P of &N", sheet.title
        assert sheet.oddFooter.left.text.startswith("Generated 20"), sheet.title


def test_header_rows_and_the_entry_columns_repeat_on_every_printed_page(default_workbook):
    book = openpyxl.load_workbook(default_workbook)
    assert book["Entries"].print_title_rows == "$8:$8"
    assert book["Entries"].print_title_cols == "$A:$B"   # Entry Number, Entry Date
    for sheet in ("AD Rates", "CVD Rates"):
        header = rates_header_row(book, sheet)
        assert book[sheet].print_title_rows == f"${header}:${header}"
    assert book["Timeline"].print_title_rows == "$7:$7"
    assert book["Import Statistics"].print_title_rows == "$6:$6"


def test_entries_print_in_parts_inputs_then_ad_then_cvd(default_workbook):
    """A page break before the AD columns and before the CVD columns; pages across, then
    down, so that each row block's three parts follow each other."""
    xml = zip_text(default_workbook, "xl/worksheets/sheet1.xml")
    layout = sheet_template("entries")
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', xml)]
    assert breaks == [layout["ad_determination"].index, layout["cvd_rate"].index]
    assert 'pageOrder="overThenDown"' in xml


def print_area(path: Path, sheet: str = "Entries") -> str:
    """A sheet's print area as the file holds it (openpyxl drops one that is a formula)."""
    book = zip_text(path, "xl/workbook.xml")
    index = openpyxl.load_workbook(path, read_only=True).sheetnames.index(sheet)
    return html.unescape(re.search(rf'<definedName name="_xlnm.Print_Area" localSheetId='
                                   rf'"{index}">(.*?)</definedName>', book).group(1))


def test_helper_columns_are_not_printed(default_workbook):
    layout = sheet_template("entries")
    last = [c for c in layout.columns if c.kind != "helper"][-1]
    assert last.key == "total_deposit"
    assert re.search(rf"INDEX\(Entries!\$A:\${last.letter},.*\),{last.index + 1}\)$",
                     print_area(default_workbook))
    book = openpyxl.load_workbook(default_workbook)
    assert re.search(r":\$G\$\d+$", book["AD Rates"].print_area)   # helpers from H
    hidden = set()
    for first, last in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]*hidden="1"',
                                  zip_text(default_workbook, "xl/worksheets/sheet1.xml")):
        hidden |= set(range(int(first), int(last) + 1))
    assert hidden == {c.index + 1 for c in layout.columns if c.kind == "helper"}


def last_typed_row_expression(path: Path) -> str:
    """The row where the Entries print area ends, as its formula computes it."""
    area = print_area(path)
    return re.search(r"INDEX\(Entries!\$A:\$[A-Z]+,(MAX\(.*\)),\d+\)$", area).group(1)


def test_the_print_area_ends_at_the_last_typed_row(tmp_path, libreoffice):
    """Excel prints the print area a formula gives (docs/rules.md, Printing); the formula
    itself, put in a cell, finds the last row with anything typed, gaps and all (computed
    by LibreOffice; Gnumeric does not evaluate SUMPRODUCT(MAX(...)) as an array, Excel's
    idiom for it)."""
    path = build_workbook(ROOT / "data", tmp_path / "wb.xlsx", rows=100).path
    book = openpyxl.load_workbook(path)
    sheet = book["Entries"]
    layout = sheet_template("entries")
    for row, key, value in ((7, "entry_number", "A-1"), (8, "exporter", "X"),
                            (41, "quantity_kg", 5)):   # rows 9 to 40 left empty
        sheet.cell(row, layout[key].index + 1).value = value
    sheet["AZ1"] = "=" + last_typed_row_expression(path)
    book.save(tmp_path / "typed.xlsx")
    computed = openpyxl.load_workbook(libreoffice(tmp_path / "typed.xlsx", tmp_path / "out"),
                                      data_only=True)["Entries"]["AZ1"].value
    assert computed == 41


def type_entries(path: Path, entries: list[Entry], out: Path) -> Path:
    """The entries typed into a built workbook's input cells, as a user types them."""
    book = openpyxl.load_workbook(path)
    layout = sheet_template("entries")
    sheet = book[layout.name]
    for i, entry in enumerate(entries):
        for col in layout.columns:
            if col.kind == "input" and getattr(entry, col.key) is not None:
                sheet.cell(layout.first_data_row + i, col.index + 1).value = getattr(entry,
                                                                                     col.key)
    book.save(out)
    return out


def test_every_typed_entry_prints_in_libreoffice_and_a_filter_leaves_out_empty_rows(
        tmp_path, libreoffice):
    """LibreOffice reads only a plain print area, so it prints every row that holds formulas
    (all 500) and with them every typed entry. The Entries filter on AD Determination,
    "not empty" (as About says), leaves out the empty rows: the typed rows in one page per
    part."""
    blank = build_workbook(ROOT / "data", tmp_path / "blank.xlsx").path
    typed = [Entry(f"T-{i}", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
                   "Shanghai XFH Technology Co. Ltd.", entered_value=1000.0 * i, quantity_kg=1)
             for i in range(1, 6)]
    filled = type_entries(blank, typed, tmp_path / "filled.xlsx")
    everything = convert(filled, tmp_path / "all", "pdf")
    text = " ".join(page_text(everything, p) for p in range(1, page_count(everything) + 1))
    assert all(e.entry_number in text for e in typed)
    assert page_count(everything) > 20

    book = openpyxl.load_workbook(filled)
    sheet = book["Entries"]
    layout = sheet_template("entries")
    column = layout["ad_determination"].index
    sheet.auto_filter.add_filter_column(column, [], blank=False)
    for row in range(layout.first_data_row + len(typed), layout.first_data_row + 500):
        sheet.row_dimensions[row].hidden = True   # what the filter hides
    book.save(tmp_path / "filtered.xlsx")
    filtered = convert(tmp_path / "filtered.xlsx", tmp_path / "filtered", "pdf")
    entries_pages = [p for p in range(1, page_count(filtered) + 1)
                     if page_text(filtered, p).splitlines()[0].split()[1] == "Entries"]
    assert len(entries_pages) == 3   # inputs, AD, CVD and total
    for page in entries_pages:
        assert all(e.entry_number in page_text(filtered, page) for e in typed)


def test_default_workbook_prints_33_pages_in_libreoffice(default_workbook, pdf):
    """21 of them Entries: LibreOffice prints the 500 ready rows, in three parts
    (docs/using-the-workbook.md, Printing and emailing); About takes five (its basis lists)."""
    rendered = pdf(default_workbook)
    sheets = [page_text(rendered, p).splitlines()[0].split()[1]
              for p in range(1, page_count(rendered) + 1)]
    assert len(sheets) == 33 and sheets.count("Entries") == 21
    first = page_text(rendered, 1)
    assert "A-570-194" in first and "Page 1 of" in first and "Generated 20" in first


# Properties

def test_document_properties_say_what_and_where_from(default_workbook):
    props = openpyxl.load_workbook(default_workbook).properties
    assert props.title == ("A-570-194 Active Anode Material from China: AD and CVD cash "
                           "deposits")
    assert props.subject == ("Antidumping Duty Investigation, Investigation Terminated (ITC "
                             "negative final determination); Countervailing Duty "
                             "Investigation, Investigation Terminated (ITC negative final "
                             "determination)")   # the latest of each
    assert "A-570-194" in props.keywords and "C-570-195" in props.keywords
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


def test_default_workbook_is_under_100_kb(default_workbook):
    assert default_workbook.stat().st_size < 100 * 1024   # docs/using-the-workbook.md: under 100 KB


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
    for part in ["Entries, Timeline, AD Rates, CVD Rates, Import Statistics, About",
                 "132 AD combinations in 3 determinations; 13 CVD companies in 4 "
                 "determinations",
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


def test_the_guide_shows_a_small_screenshot_of_every_sheet_and_the_readme_the_entries():
    guide = (ROOT / "docs" / "using-the-workbook.md").read_text("utf-8")
    for name in ["entries", "entries-ad", "entries-cvd", "timeline", "ad-rates", "cvd-rates",
                 "import-statistics", "about"]:
        png = ROOT / "docs" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size < 300 * 1024
        assert f"]({name}.png)" in guide
    assert "](docs/entries.png)" in (ROOT / "README.md").read_text("utf-8")


def test_cached_totals_are_sums_of_cents_without_float_noise(tmp_path, distinct_case):
    """Deposits of 0.10 + 0.20 (+ ...) summed as floats give 0.30000000000000004; the cached
    totals are the cents added exactly. Zeta/Zeta is listed at 8.80% (fixtures/distinct)."""
    values = [1.14, 2.27, 1.14, 3.41, 2.27] * 20     # 8.80%: 0.10, 0.20, 0.10, 0.30, 0.20
    entries = [Entry(f"C-{i}", None, None, "Zeta Co.", "Zeta Co.", entered_value=v)
               for i, v in enumerate(values)]
    built = build_workbook(distinct_case, tmp_path / "wb.xlsx", entries=entries)
    assert sorted({r.ad.deposit for r in built.results[:100]}) == [0.1, 0.2, 0.3]
    sheet = openpyxl.load_workbook(built.path, data_only=True)["Entries"]
    layout = sheet_template("entries", cvd=False)
    total = sheet.cell(5, layout["ad_deposit"].index + 1).value
    assert repr(total) == "18.0"   # 20 x (0.10 + 0.20 + 0.10 + 0.30 + 0.20)
