"""The About sheet: what the workbook is for, how to fill it, where its numbers come from."""

from __future__ import annotations

from xlsxwriter import Workbook

from ..case import Case
from ..formulas import RATE_BASIS
from ..rates import BASES
from ..templates import sheet_template
from .layout import Formats, printed_columns, set_print, text_lines, write_title

LABEL_WIDTH, TEXT_WIDTH = 30, 110

HOW_TO = [
    "1. On Entries, type each entry in the shaded input columns (Entry Number to Quantity).",
    "2. Pick the exporter and the producer from the dropdowns, or type the names as invoiced. "
    "Goods a non-Chinese exporter without its own rate ships take the rate of the Chinese "
    "exporter/producer combination that supplied them: enter that combination.",
    "3. Read the Cash Deposit Rate, Rate Basis and Estimated AD Cash Deposit; the total is on top.",
    "4. When Commerce changes the rates, update the data files and rebuild, carrying these "
    "entries over: adcvd-workbook build --data DATA --entries THIS.xlsx --out NEW.xlsx "
    "(a Changes sheet then lists what changed).",
    "5. Printing prints the Entries rows the workbook was built with. After typing more, select "
    "A1 down to the last entry in column {last_column} and set it as the print area (Excel: Page Layout > "
    "Print Area > Set Print Area; LibreOffice: Format > Print Ranges > Define).",
]


def write_about_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                      version: str) -> None:
    sheet = workbook.add_worksheet("About")
    sheet.set_column(0, 0, LABEL_WIDTH)
    sheet.set_column(1, 1, TEXT_WIDTH)
    write_title(sheet, formats, f"About this workbook: {case.title}", [
        "Estimates the antidumping (AD) cash deposit to post on each entry of subject goods.",
        "It applies Commerce's rule for non-market economy cases: the rate of the listed "
        "exporter/producer pair, otherwise the China-wide rate.",
    ])
    fallback = case.rates.fallback
    facts = [
        ("How to fill it", "\n".join(HOW_TO).format(
            last_column=printed_columns(sheet_template("entries"))[-1].letter)),
        ("Case number", case.case_number),
        ("Product", case.product),
        ("Country", case.country_long or case.country),
        ("Proceeding", case.proceeding),
        ("Determination", f"{case.determination}, announced {case.announced_text}"),
        ("Source", case.source),
        ("HTSUS subheadings", ", ".join(case.hts)),
        ("Companion CVD case", case.companion_cvd_case or "(none given)"),
        ("Combinations listed", f"{len(case.rates)}"),
        ("Fallback", f"{fallback.name}: margin {fallback.margin_pct}%, cash deposit "
                     f"{fallback.cash_deposit_pct}%"),
        ("Generated", generated),
        ("From data", f"data/case.toml, data/rates.csv, data/import_stats.csv "
                      f"(fingerprint {case.fingerprint})"),
        ("Tool", f"adcvd-workbook {version}"),
    ]
    row = 4
    for label, value in facts:
        _fit_row(sheet, row, label, value)
        sheet.write_string(row, 0, label, formats["label_top"])
        sheet.write_string(row, 1, value, formats["wrap"])
        row += 1
    row += 1
    sheet.write_string(row, 0, "Columns of the Entries sheet", formats["label"])
    for col in sheet_template("entries").columns:
        row += 1
        _fit_row(sheet, row, col.header, f"({col.kind}) {col.help}")
        sheet.write_string(row, 0, col.header, formats["wrap"])
        sheet.write_string(row, 1, f"({col.kind}) {col.help}", formats["wrap"])
    row += 2
    sheet.write_string(row, 0, "Rate Basis, by Basis Code", formats["label"])
    for code, basis in enumerate(BASES, start=1):  # Rate Basis = INDEX(Rate_Basis, code)
        sheet.write_string(row + code, 0, f"Basis Code {code}", formats["wrap"])
        sheet.write_string(row + code, 1, basis, formats["wrap"])
    workbook.define_name(RATE_BASIS, f"='About'!$B${row + 2}:$B${row + 1 + len(BASES)}")
    row += len(BASES)
    set_print(sheet, None, case.case_number, generated, row, 1)


def _fit_row(sheet, row: int, label: str, value: str) -> None:
    """Make a row tall enough for its wrapped text (spreadsheets do not grow it on load)."""
    lines = max(text_lines(label, LABEL_WIDTH), text_lines(value, TEXT_WIDTH))
    if lines > 1:
        sheet.set_row(row, 15 * lines)
