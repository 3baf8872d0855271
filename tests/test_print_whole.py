"""Printed, every text shows whole: long names, bases and entry numbers wrap within their
cells, and each row is as tall as its longest text, so no wrapped line runs into the next
row. LibreOffice prints a poisoned copy (so it recalculates every formula first); the PDF's
text is read column by column. The expected texts are read by hand off
tests/fixtures/preliminary_blanks and the basis wording (generator/pricing.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import build_workbook
from generator.entries import Entry
from generator.sheets.layout import wrapped_lines
from testsupport.libreoffice import convert
from testsupport.pdf import find_text, page_count, page_text, text_boxes, text_in
from tests.conftest import FIXTURES
from tests.engines import poison

SHENZHEN = "Shenzhen Extraordinarily Long Name New Energy Materials Technology Holdings Co., Ltd."
MONGOLIA = ("Inner Mongolia Exceptionally Long Name Graphite Anode Materials Manufacturing "
            "Co., Ltd.")
ALPHA, BETA = "Alpha Trading Co., Ltd.", "Beta Anode Co., Ltd."
LONG_NUMBER = "BRK-2025-000123-0001-A"   # a broker's own number, longer than a CBP one
ENTRIES = [
    Entry("123-4567890-1", None, "3801.10.5000", SHENZHEN, MONGOLIA, entered_value=1_000.0),
    Entry("123-4567891-9", dt.date(2025, 6, 1), "3801.10.5000", ALPHA, BETA,
          entered_value=2_000.0),
    Entry(LONG_NUMBER, dt.date(2025, 8, 1), "3801.10.5000", ALPHA, BETA, entered_value=3_000.0),
]
BEFORE = "No deposit: entered before the first determination in the data, in force from "
# Per printed part of the Entries rows: column -> the texts it shows, each whole. A column
# is read between its header and the next header (the first line of each is given).
PARTS = {
    "inputs": {("Entry Number", "Entry Date"): [e.entry_number for e in ENTRIES],
               ("Exporter", "Producer"): [SHENZHEN, ALPHA],
               ("Producer", "Entered Value"): [MONGOLIA, BETA]},
    "AD": {("Entry Number", "Entry Date"): [e.entry_number for e in ENTRIES],
           ("AD Determination", "AD Cash"): [
               "Preliminary Affirmative Determination (no entry date: latest)",
               "(before the first AD determination)"],
           ("AD Rate Basis", "AD Case"): [BEFORE + "July 23, 2025", "Listed combination"]},
    "CVD": {("CVD Rate Basis", "CVD Case"): [
        BEFORE + "July 2, 2025", "Exporter's own rate (Preliminary Affirmative Determination)",
        "Producer's rate (exporter not listed) (Preliminary Affirmative Determination)"]},
}


def squeezed(text: str) -> str:
    """The text without spaces and line ends: a wrapped text reads as the same."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory, libreoffice) -> Path:
    folder = tmp_path_factory.mktemp("print")
    built = build_workbook(FIXTURES / "preliminary_blanks", folder / "wb.xlsx", entries=ENTRIES,
                           rows=5)
    return convert(poison(built.path, folder / "poisoned" / "wb.xlsx"), folder / "pdf", "pdf")


def sheet_pages(pdf: Path, sheet: str) -> list[int]:
    """The pages of `sheet`, whose name the page header carries."""
    return [p for p in range(1, page_count(pdf) + 1)
            if page_text(pdf, p).splitlines()[0].split()[1] == sheet]


def header_row(pdf: Path, page: int) -> float:
    """The top of the header row: where "Entry Number" is printed first."""
    return find_text(pdf, page, "Entry Number")[0][1]


def column_text(pdf: Path, page: int, header: str, next_header: str | None) -> str:
    """The column's printed text, squeezed, from its header down to the footer, between
    the left edges of its header and of the next column's header on the header row (the
    page's edge after the last column)."""
    width, height, _ = text_boxes(pdf, page)
    top = header_row(pdf, page)

    def left(text: str | None) -> float:
        return width + 1 if text is None else next(
            box[0] for box in find_text(pdf, page, text) if abs(box[1] - top) < 1)

    return squeezed(text_in(pdf, page, (left(header) - 1, top - 1, left(next_header) - 1,
                                        height - 50)))


def overlapping_lines(pdf: Path, page: int) -> list[str]:
    """Printed lines of text below the header row that run into one another."""
    _, _, boxes = text_boxes(pdf, page)
    below = [b for b in boxes if b[1] > header_row(pdf, page) + 1]
    return [f"{text_in(pdf, page, a)!r} over {text_in(pdf, page, b)!r}"
            for i, a in enumerate(below) for b in below[i + 1:]
            if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5]


@pytest.mark.parametrize("text, width, indent, lines", [
    # room on a line: 0.95 x 15 - 0.5 - 1.5 (an indent) = 12.25; the text: A 1.25, three
    # hyphens 0.65 each, nine digits 1 each = 12.2
    ("A-570-194-000", 15, 1, 1),
    ("A-570-194-0000", 15, 1, 2),            # one digit more: 13.2
    ("aaaa bbbb", 6, 0, 2),                  # room 5.2: 4, then 4 + 0.5 + 4 = 8.5
    ("aaaa bbbb", 10, 0, 1),                 # room 9: 8.5 fits
    ("x" * 40, 10, 0, 5),                    # room 9: a word of 40 breaks inside, 4 x 9 + 4
    ("one\ntwo", 30, 0, 2),                  # a line end starts a line
    ("\u4e2d" * 10, 20, 0, 2),               # room 18.5: ten CJK characters of 2 = 20
])
def test_a_text_is_counted_in_the_lines_it_wraps_to(text, width, indent, lines):
    assert wrapped_lines(text, width, indent) == lines


def test_entries_print_in_three_parts_one_page_each(printed):
    assert len(sheet_pages(printed, "Entries")) == 3


@pytest.mark.parametrize("part", list(PARTS))
def test_long_names_bases_and_entry_numbers_print_whole(printed, part):
    page = sheet_pages(printed, "Entries")[list(PARTS).index(part)]
    missing = [(header, text) for (header, next_header), texts in PARTS[part].items()
               for text in texts
               if squeezed(text) not in column_text(printed, page, header, next_header)]
    assert missing == []


def test_no_printed_line_runs_into_the_next_row(printed):
    assert [line for page in sheet_pages(printed, "Entries")
            for line in overlapping_lines(printed, page)] == []



@pytest.fixture(scope="module")
def changes_printed(tmp_path_factory, libreoffice) -> Path:
    from tests.test_case_number_changes import renumbered

    folder = tmp_path_factory.mktemp("changes")
    built = renumbered(folder)
    return convert(poison(built.path, folder / "poisoned" / "new.xlsx"), folder / "pdf", "pdf")


def test_the_changes_sheet_prints_entry_numbers_and_case_numbers_whole(changes_printed):
    """Two entry numbers that differ in their last digit, a longer broker number, and the
    CVD case number each changed to (tests/test_case_number_changes.py)."""
    from tests.test_case_number_changes import NEW_CASE, NUMBERS

    [page] = sheet_pages(changes_printed, "Changes")
    numbers = column_text(changes_printed, page, "Entry Number", "Exporter")
    assert [n for n in NUMBERS if squeezed(n) not in numbers] == []
    case_numbers = column_text(changes_printed, page, "CVD Case", None)   # the last
    assert case_numbers.count(squeezed(f"(none)\u2192{NEW_CASE}")) == 3


def test_no_line_of_the_changes_sheet_runs_into_another(changes_printed):
    [page] = sheet_pages(changes_printed, "Changes")
    assert overlapping_lines(changes_printed, page) == []
