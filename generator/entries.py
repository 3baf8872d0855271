"""Entries: the rows a user types, and what the workbook's formulas must show for them."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .data_files import MAX_CELL_CHARS
from .errors import InputError


MAX_AMOUNT = 1e15  # spreadsheets keep 15 significant digits
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

INPUT_KEYS = ("entry_number", "entry_date", "hts", "exporter", "producer", "entered_value",
              "subject_value", "quantity_kg")


@dataclass(frozen=True)
class Entry:
    """One row of the entry sheet's input columns; None is a blank cell."""
    entry_number: str | None = None
    entry_date: dt.date | dt.datetime | None = None
    hts: str | None = None
    exporter: str | None = None
    producer: str | None = None
    entered_value: float | None = None
    quantity_kg: float | None = None
    subject_value: float | None = None   # last, so that positional Entry(...) calls stay valid

    def is_blank(self) -> bool:
        return all(getattr(self, key) in (None, "") for key in INPUT_KEYS)


def check_entries(entries: list[Entry]) -> None:
    """Refuse entries a cell cannot hold as given: text longer than Excel's cell limit (it
    would be cut, and the cut text priced differently), a control character an xlsx file
    cannot carry, or a number that is not finite or beyond a spreadsheet's 15 digits."""
    for row, entry in enumerate(entries, start=1):
        for key in INPUT_KEYS:
            value = getattr(entry, key)
            problem = _cell_problem(value)
            if problem:
                raise InputError("entries", problem, line=row, column=key)


def _cell_problem(value) -> str:
    if isinstance(value, str):
        if len(value.encode("utf-16-le")) // 2 > MAX_CELL_CHARS:
            return f"text longer than an Excel cell holds ({MAX_CELL_CHARS:,} characters)"
        bad = _XML_INVALID.search(value)
        if bad:
            return (f"control character U+{ord(bad.group()):04X} in the text (an xlsx file "
                    "cannot hold it; retype the text)")
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) < MAX_AMOUNT):
        return f"{value} is not a number a cell can hold exactly (at most 15 digits)"
    return ""
