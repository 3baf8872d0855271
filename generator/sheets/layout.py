"""What every sheet shares: named cell formats, column set-up, the title block, printing."""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..templates import SheetTemplate, styles


class Formats:
    """The workbook's cell formats by name (templates/styles.toml), created once."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._formats = {name: workbook.add_format(props) for name, props in styles().items()}

    def __getitem__(self, name: str) -> Format:
        return self._formats[name]


def set_columns(sheet: Worksheet, layout: SheetTemplate, formats: Formats,
                hidden: frozenset[str] = frozenset()) -> None:
    for col in layout.columns:
        options = {"hidden": True} if col.key in hidden else None
        sheet.set_column(col.index, col.index, col.width, None, options)


def write_headers(sheet: Worksheet, layout: SheetTemplate, formats: Formats) -> None:
    row = layout.header_row - 1
    sheet.set_row(row, 45)
    for col in layout.columns:
        style = "header_input" if col.kind == "input" else "header"
        sheet.write_string(row, col.index, col.header, formats[style])


def write_title(sheet: Worksheet, formats: Formats, title: str, lines: list[str]) -> None:
    """Row 1 the title, then one note line per row."""
    sheet.write_string(0, 0, title, formats["title"])
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 0, line, formats["note"])


def set_print(sheet: Worksheet, layout: SheetTemplate, case_number: str, generated: str,
              last_row: int) -> None:
    """Landscape, one page wide, header rows repeated, case number and pages in the margins."""
    sheet.set_landscape()
    sheet.set_paper(1)  # US Letter
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(layout.header_row - 1)
    sheet.print_area(0, 0, last_row, len(layout.columns) - 1)
    sheet.set_header(f"&L{case_number}&C&A&R&P of &N", {"scale_with_doc": False})
    sheet.set_footer(f"&LGenerated {generated}&Radcvd-workbook", {"scale_with_doc": False})
