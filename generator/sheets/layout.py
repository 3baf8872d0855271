"""What every sheet shares: named cell formats, column set-up, the title block, printing."""

from __future__ import annotations

from functools import lru_cache

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..formulas import print_area
from ..templates import SheetTemplate, styles


class Formats:
    """The workbook's cell formats by name (templates/styles.toml), created once."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._formats = {name: workbook.add_format(props) for name, props in styles().items()}

    def __getitem__(self, name: str) -> Format:
        return self._formats[name]


def set_columns(sheet: Worksheet, layout: SheetTemplate, hide_helpers: bool = False) -> None:
    for col in layout.columns:
        hidden = hide_helpers and col.kind == "helper"
        sheet.set_column(col.index, col.index, col.width, None, {"hidden": hidden})


def write_headers(sheet: Worksheet, layout: SheetTemplate, formats: Formats,
                  row: int | None = None) -> None:
    """The header cells of `layout` on its header row (or 0-based `row`)."""
    row = layout.header_row - 1 if row is None else row
    lines = max(text_lines(col.header, col.width * 0.9) for col in layout.columns)  # bold
    sheet.set_row(row, 15 * max(3, lines))
    for col in layout.columns:
        style = {"input": "header_input", "helper": "header_helper"}.get(col.kind, "header")
        sheet.write_string(row, col.index, col.header, formats[style])


def write_title(sheet: Worksheet, formats: Formats, title: str, lines: list[str],
                wrap_to: SheetTemplate | None = None) -> None:
    """Row 1 the title, then one note line per row. With `wrap_to`, each note is merged
    across that layout's printed columns, wrapped, and its row made tall enough, so a narrow
    sheet prints the whole note instead of cutting it at the print area's edge."""
    sheet.write_string(0, 0, title, formats["title"])
    for row, line in enumerate(lines, start=1):
        if wrap_to is None:
            sheet.write_string(row, 0, line, formats["note"])
            continue
        sheet.set_row(row, 15 * text_lines(line, printed_width(wrap_to)))
        sheet.merge_range(row, 0, row, len(printed_columns(wrap_to)) - 1, line,
                          formats["note_wrap"])


# Character widths in a column's width unit (the digit width of the sheet's font): about
# Calibri's (Excel), a little above DejaVu Sans's (LibreOffice prints with it where Calibri
# is missing). An ASCII character not listed is as wide as a digit; from U+2E80 up (CJK and
# the like) a character takes two digits, any other one and a quarter.
_NARROWER = {**dict.fromkeys(" '.,:;|/\\ijlIJ", 0.5), **dict.fromkeys("!()[]frt-", 0.65),
             **dict.fromkeys("wM#&+<=>^~", 1.35), **dict.fromkeys("mW@%", 1.6),
             **dict.fromkeys("ABCDEGHKNOQRUVXZ", 1.25)}
_ASCII_WIDTHS = {chr(i): _NARROWER.get(chr(i), 1.0) for i in range(128)}
_WIDEST_ASCII, _SPACE, _WIDE_SCRIPTS = max(_ASCII_WIDTHS.values()), _ASCII_WIDTHS[" "], "\u2e80"


def _text_width(text: str) -> float:
    if text.isascii():
        return sum(map(_ASCII_WIDTHS.__getitem__, text))
    return sum(_ASCII_WIDTHS[c] if c.isascii() else 2.0 if c >= _WIDE_SCRIPTS else 1.25
               for c in text)


def text_lines(text: str, width: float) -> int:
    """About how many lines `text` wraps to in a cell `width` characters wide (11 pt): a
    rough count for titles, notes and headers (wrapped_lines counts a table's cells)."""
    per_line = max(1, int(width * 1.2))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


@lru_cache(maxsize=1 << 16)
def wrapped_lines(text: str, width: float, indent: int = 0) -> int:
    """How many lines `text` wraps to in a cell `width` characters wide (11 pt), breaking
    at spaces (a word longer than a line breaks inside), with `indent` levels of indent.
    Rounded up, so that a row this many lines tall prints the whole text. The room on a
    line: Excel draws a width unit 7 px wide and Calibri's digits 7.4 px (LibreOffice's
    units are wider than its digits); an indent level takes about one and a half digits."""
    room = max(1.0, 0.95 * width - 0.5 - 1.5 * indent)
    if len(text) * _WIDEST_ASCII <= room and text.isascii() and "\n" not in text:
        return 1   # short: no need to measure
    lines = 0
    for paragraph in text.split("\n"):
        used = None   # width used on the current line; None: nothing on it yet
        for word in paragraph.split(" "):
            size = _text_width(word)
            if used is not None and used + _SPACE + size <= room:
                used += _SPACE + size
                continue
            full, used = divmod(size, room)   # a new line, or more for a long word
            if full and not used:
                full, used = full - 1, room
            lines += int(full) + 1
    return max(1, lines)


LINE_HEIGHT = 15   # points a line of 11 pt text takes in a row


def wrapping_columns(columns) -> list[tuple[str, float, int]]:
    """(key, width, indent) of the `columns`, each (key, format name, width), whose format
    wraps text (templates/styles.toml): a row is made as tall as the longest text it shows
    in them (wrap_height)."""
    props = styles()
    return [(key, width, props[style].get("indent", 0)) for key, style, width in columns
            if props[style].get("text_wrap")]


def wrap_height(texts) -> float | None:
    """The height of a row that shows each (text, width, indent) of `texts` whole; None
    when one line is enough (the row keeps the default height). Neither Excel nor
    LibreOffice makes a row taller on opening a file: wrapped text would run into the
    next row."""
    lines = max((wrapped_lines(str(text), width, indent) for text, width, indent in texts
                 if text not in (None, "")), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None


def printed_columns(layout: SheetTemplate) -> list:
    """The columns a reader prints: everything up to the first helper column (helpers and
    dropdown lists are for formulas, not for paper)."""
    printed = []
    for col in layout.columns:
        if col.kind == "helper":
            break
        printed.append(col)
    return printed


def printed_width(layout: SheetTemplate) -> float:
    return sum(col.width for col in printed_columns(layout))


PRINTABLE_PX = (11 - 2 * 0.3) * 96 * 0.97  # landscape Letter between the margins, with slack


def set_print(sheet: Worksheet, layout: SheetTemplate | None, case_number: str, generated: str,
              last_row: int, last_col: int | None = None) -> None:
    """Landscape US Letter, one page wide, header rows repeated, helper columns left out of
    the print area, and case number, sheet name, page x of y and generation date in the
    margins."""
    _page_setup(sheet, layout, case_number, generated)
    sheet.fit_to_pages(1, 0)
    if layout is not None:
        last_col = len(printed_columns(layout)) - 1 if last_col is None else last_col
    sheet.print_area(0, 0, last_row, last_col if last_col is not None else 0)


def _page_setup(sheet: Worksheet, layout: SheetTemplate | None, case_number: str,
                generated: str) -> None:
    sheet.set_landscape()
    sheet.set_paper(1)  # US Letter
    sheet.set_margins(left=0.3, right=0.3, top=0.7, bottom=0.6)
    if layout is not None:
        sheet.repeat_rows(layout.header_row - 1)
    sheet.set_header(f"&L{case_number}&C&A&RPage &P of &N", {"scale_with_doc": False})
    sheet.set_footer(f"&LGenerated {generated}&Radcvd-workbook", {"scale_with_doc": False})


def set_print_in_parts(workbook: xlsxwriter.Workbook, sheet: Worksheet, layout: SheetTemplate,
                       case_number: str, generated: str, parts: list[int], last_row: int,
                       keep_columns: int) -> None:
    """A sheet too wide for one readable page, printed in parts side by side: a page break
    before each column of `parts` (0-based), the first `keep_columns` repeated on every
    page, pages across then down, at the one scale that fits the widest part. The print
    area runs down to the last row with anything typed in the input columns (a formula,
    so that rows typed after the build print too; Excel follows it, LibreOffice 7.4 reads
    only plain ranges and prints every row that holds formulas: docs/rules.md, Printing)."""
    _page_setup(sheet, layout, case_number, generated)
    printed = printed_columns(layout)
    starts = [0] + parts
    widths = [sum(_pixels(c.width) for c in printed[start:end])
              + (sum(_pixels(c.width) for c in printed[:keep_columns]) if start else 0)
              for start, end in zip(starts, parts + [len(printed)])]
    sheet.set_print_scale(max(10, min(100, int(100 * PRINTABLE_PX / max(widths)))))
    sheet.set_v_pagebreaks(parts)
    sheet.repeat_columns(0, keep_columns - 1)
    sheet.print_across()
    name = quote_sheetname(sheet.name)
    inputs = [c for c in layout.columns if c.kind == "input"]
    first = layout.first_data_row
    typed = f"{name}!${inputs[0].letter}${first}:${inputs[-1].letter}${max(last_row, first)}"
    workbook.define_name(f"{name}!_xlnm.Print_Area",
                         print_area(name, typed, first, xl_col_to_name(len(printed) - 1),
                                    len(printed)))


def _pixels(width: float) -> int:
    """A column's width in pixels at 100%, as wide as LibreOffice draws it where Calibri is
    missing (measured: 9.5 px a character with DejaVu Sans; Excel's Calibri takes 7)."""
    return int(width * 9.5 + 0.5) + 5


def column_range(sheet_name: str, col: int, first: int, last: int,
                 last_col: int | None = None) -> str:
    """A defined name's reference: column `col` (to `last_col`), rows `first` to `last`
    (0-based)."""
    return (f"='{sheet_name}'!{xl_rowcol_to_cell(first, col, True, True)}:"
            f"{xl_rowcol_to_cell(last, col if last_col is None else last_col, True, True)}")
