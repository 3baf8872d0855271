"""Entries: the input columns a user types (declared once, in templates/entries.toml), the
`Entry` record made from them, and the values their cells can hold (what the formulas show
for them is generator/pricing.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

from .data_files import MAX_CELL_CHARS
from .errors import InputError
from .templates import Column, TemplateError, sheet_template


MAX_AMOUNT = 1e15  # spreadsheets keep 15 significant digits
MAX_DATE_SERIAL = 2_958_465  # December 31, 9999: the last date a spreadsheet shows
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The value an Entry holds for each column type (None is a blank cell). From a workbook a
# text column keeps a number as a number; an Entry Date may be text ("not a date") or a
# spreadsheet date serial.
TYPES = {
    "text": str | float | None,
    "name": str | None,
    "date": dt.date | dt.datetime | str | float | None,
    "amount": float | None,
    "quantity": float | None,
}
NUMBER_TYPES = ("amount", "quantity")
# What a broker file may hold in a column of each type (the docs' column table, the help).
TYPE_VALUES = {
    "text": "text, kept exactly",
    "name": "text",
    "date": "`2026-02-01` or `02/01/2026` (MM/DD/YYYY), optionally with a time; a date cell",
    "amount": "`1234.56`, `$1,234.56`, a number cell",
    "quantity": "`1500`, `1,500`, `1,500 kg`, a number cell",
}


def input_columns() -> tuple[Column, ...]:
    """The input columns of the Entries sheet, in its order, each checked to have a type."""
    columns = tuple(c for c in sheet_template("entries").columns if c.kind == "input")
    for col in columns:
        if col.type not in TYPES:
            raise TemplateError(f"template entries.toml: input column {col.key} has type "
                                f"{col.type!r}; use one of {', '.join(TYPES)}")
    return columns


def _entry_class() -> type:
    """The Entry record: one field per input column, in the sheet's order. Amounts are
    keyword-only, so that a positional call can never put a quantity in a value column."""
    fields = [(c.key, TYPES[c.type],
               dataclasses.field(default=None, kw_only=c.type in NUMBER_TYPES))
              for c in input_columns()]

    def is_blank(self) -> bool:
        return all(getattr(self, key) in (None, "") for key in INPUT_KEYS)

    entry = dataclasses.make_dataclass(
        "Entry", fields, frozen=True,
        namespace={"is_blank": is_blank,
                   "__doc__": "One row of the Entries sheet's input columns "
                              "(templates/entries.toml); None is a blank cell."})
    entry.__module__ = __name__
    return entry


Entry = _entry_class()
INPUT_KEYS = tuple(f.name for f in dataclasses.fields(Entry))
COLUMN_TYPES = {c.key: c.type for c in input_columns()}


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
    file cannot carry, a number that is not finite or beyond a spreadsheet's 15 digits, a
    negative amount (a value or quantity below zero), or an Entry Date number that is no date
    (20250801 typed for 2025-08-01)."""
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
    if number and COLUMN_TYPES[key] in NUMBER_TYPES and value < 0:
        return f"{value:.15g} is negative: a value or quantity is zero or more"
    if number and COLUMN_TYPES[key] == "date" and not 1 <= value <= MAX_DATE_SERIAL:
        return (f"{value:g} is not a date: as a number, an Entry Date counts days from "
                "1900 (type the date as 2025-08-01)")
    return ""


def accepted_names(col: Column) -> list[str]:
    """The headers read as one input column, as a user would type them: the sheet's header,
    the same without its unit, the key, and the broker names."""
    names = [col.header, re.sub(r"\s*\(.*?\)", "", col.header), col.key,
             *col.broker_names, *col.code_names]
    return list(dict.fromkeys(names))


def columns_markdown() -> str:
    """The input columns as a Markdown table, for the docs (docs/reference.md)."""
    lines = ["| column | key | also accepted | values | what it holds |",
             "| --- | --- | --- | --- | --- |"]
    for col in input_columns():
        others = [f"`{name}`" for name in accepted_names(col)[1:] if name != col.key]
        values = TYPE_VALUES[col.type] + ("; needed in a broker file" if col.needed else "")
        lines.append(f"| {col.header} | `{col.key}` | {', '.join(others)} | {values} | "
                     f"{col.help.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
