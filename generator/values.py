"""Values read from an --entries file, by the input column's type (templates/entries.toml):
dates, amounts and text, from a CSV field or a spreadsheet cell. A value that cannot be read
raises ValueProblem with the reason; the reader adds the file, line or cell, and column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TIME_PART = re.compile(r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
NUMBER_TYPES = ("amount", "quantity")


class ValueProblem(ValueError):
    """Why a value cannot be read as its column's type."""


def text_value(kind: str, raw: str):
    """A CSV field (or a text cell of a broker workbook) as the entry holds it: text as in
    the file, dates and amounts read."""
    if kind == "date":
        return parse_date(raw, f"'{raw}' is not a date (YYYY-MM-DD or MM/DD/YYYY)")
    if kind in NUMBER_TYPES:
        return parse_amount(raw, f"'{raw}' is not an amount (such as 1234.56, $1,234.56)",
                            allow_kg=kind == "quantity")
    return raw


def typed_value(kind: str, value: object):
    """A typed cell of a broker workbook (a number, a date) as the entry holds it."""
    if isinstance(value, str):
        return text_value(kind, value)
    if isinstance(value, dt.datetime):
        value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
        value = value.date() if value.time() == dt.time(0) else value
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        raise ValueProblem(f"{value!r} is not a date (a number: format the column as dates "
                           "in the export)")
    if kind in NUMBER_TYPES:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueProblem(f"{value!r} is not an amount")
        return float(value)
    return number_text(value) if isinstance(value, (int, float)) else str(value)


def cell_value(kind: str, value: object):
    """A cell of a workbook this tool made, as the entry holds it: text exactly (a number in
    a text column stays a number), dates as dates, amounts as numbers, names as text."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if kind in NUMBER_TYPES:
        if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
            raise ValueProblem(f"{value!r} is not an amount")
        if isinstance(value, (int, float)):
            return float(value)
        return parse_amount(value, f"{value!r} is not an amount", allow_kg=kind == "quantity")
    if kind == "name" and not isinstance(value, str):
        return number_text(value)  # the lookup compares names as text
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def number_text(value: object) -> str:
    """A number or date as a spreadsheet shows it in a General cell (123, 1.5)."""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def parse_date(text: str, problem: str) -> dt.date | dt.datetime:
    """ISO (2026-02-01) or US (02/01/2026, 2/1/2026), optionally with a time; else
    ValueProblem(problem)."""
    text = text.strip()
    for pattern, order in ((ISO_DATE, (0, 1, 2)), (US_DATE, (2, 0, 1))):
        match = pattern.match(text)
        if not match:
            continue
        time = TIME_PART.fullmatch(text[match.end():].rstrip("Z"))
        if not time:
            raise ValueProblem(problem)
        parts = match.groups()
        year, month, day = (int(parts[i]) for i in order)
        hour, minute, second = (int(t or 0) for t in time.groups())
        try:
            stamp = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise ValueProblem(problem) from None
        return stamp.date() if stamp.time() == dt.time(0) else stamp
    raise ValueProblem(problem)


def parse_amount(text: str, problem: str, allow_kg: bool = False) -> float:
    """1234.56, $1,234.56, USD 1234.56 (and 1,500 kg with `allow_kg`); else
    ValueProblem(problem)."""
    cleaned = re.sub(r"[\s,$]", "", text)
    if allow_kg and cleaned.lower().endswith("kg"):
        cleaned = cleaned[:-2]
    if cleaned.upper().startswith("USD"):
        cleaned = cleaned[3:]
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueProblem(problem)
    try:
        return float(Decimal(cleaned))
    except InvalidOperation:
        raise ValueProblem(problem) from None
