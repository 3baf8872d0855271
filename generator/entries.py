"""Entries: the rows a user types, and the values their cells can hold (what the formulas
show for them is generator/pricing.py)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .data_files import MAX_CELL_CHARS
from .errors import InputError


MAX_AMOUNT = 1e15  # spreadsheets keep 15 significant digits
MAX_DATE_SERIAL = 2_958_465  # December 31, 9999: the last date a spreadsheet shows
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

INPUT_KEYS = ("entry_number", "entry_date", "hts", "exporter", "producer", "entered_value",
              "subject_value", "quantity_kg")


@dataclass(frozen=True)
class Entry:
    """One row of the entry sheet's input columns; None is a blank cell."""
    entry_number: str | float | None = None   # from a workbook, as typed (a number stays one)
    entry_date: dt.date | dt.datetime | str | float | None = None   # text: "not a date"
    hts: str | float | None = None
    exporter: str | None = None
    producer: str | None = None
    entered_value: float | None = None
    quantity_kg: float | None = None
    subject_value: float | None = None   # last, so that positional Entry(...) calls stay valid

    def is_blank(self) -> bool:
        return all(getattr(self, key) in (None, "") for key in INPUT_KEYS)


def check_entries(entries: list[Entry]) -> None:
    """Refuse entries (given from Python) that a cell cannot hold as given; the file readers
    check each value with `cell_problem` where they can name its line or cell."""
    for row, entry in enumerate(entries, start=1):
        for key in INPUT_KEYS:
            problem = cell_problem(key, getattr(entry, key))
            if problem:
                raise InputError("entries", problem, line=row, column=key)


def cell_problem(key: str, value) -> str:
    """What makes `value` unfit for input column `key`, or "": text longer than Excel's cell
    limit (it would be cut, and the cut text priced differently), a control character an xlsx
    file cannot carry, a number that is not finite or beyond a spreadsheet's 15 digits, or an
    Entry Date number that is no date (20250801 typed for 2025-08-01)."""
    if isinstance(value, str):
        if len(value.encode("utf-16-le")) // 2 > MAX_CELL_CHARS:
            return f"text longer than an Excel cell holds ({MAX_CELL_CHARS:,} characters)"
        bad = _XML_INVALID.search(value)
        if bad:
            return (f"control character U+{ord(bad.group()):04X} in the text (an xlsx file "
                    "cannot hold it; retype the text)")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and not (math.isfinite(value) and abs(value) < MAX_AMOUNT):
        return f"{value} is not a number a cell can hold exactly (at most 15 digits)"
    if number and key == "entry_date" and not 1 <= value <= MAX_DATE_SERIAL:
        return (f"{value:g} is not a date: as a number, an Entry Date counts days from "
                "1900 (type the date as 2025-08-01)")
    return ""
