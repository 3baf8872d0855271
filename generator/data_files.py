"""Reading the case's files field by field: UTF-8 text as Excel saves it, TOML, CSV rows
under an exact header, and the fields (names, percents, case numbers, whole numbers). Every
problem raises InputError naming the file, line and column."""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .rates import KEY_SEPARATOR

MAX_RATE_PCT = Decimal(10_000)
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell, in UTF-16 code units
CASE_NUMBER = re.compile(r"^[AC]-[0-9]{3}-[0-9]{3}-[0-9]{3}$")
PERCENT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
WHOLE = re.compile(r"[0-9]{1,3}(,[0-9]{3})+|[0-9]+")

def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8'",
                         line=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # line ends: \r\n (Excel on Windows), \n, or \r (Excel for Mac's "CSV (Macintosh)")
        ends = list(re.finditer(rb"\r\n|\r|\n", raw[:err.start]))
        line, line_start = len(ends) + 1, ends[-1].end() if ends else 0
        before = raw[line_start:err.start].decode("utf-8", "replace")
        raise InputError(path, f"not UTF-8 text (byte 0x{raw[err.start]:02x} after "
                               f"'{before[-20:]}'); an accent such as é saved as Latin-1 or "
                               "Windows-1252? Save it as 'CSV UTF-8' or UTF-8 text",
                         line=line, column=_column_at(path, raw, line_start, before)) from None


def _column_at(path: Path, raw: bytes, line_start: int, before: str) -> str | None:
    """The name of the column (CSV header) or key (TOML) where `before` ends on its line."""
    if path.suffix == ".toml":
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*=", before)
        return match.group(1) if match else None
    first_line = (raw.decode("utf-8-sig", "replace").splitlines() or [""])[0]
    try:
        header = next(csv.reader([first_line]), [])
        index = len(next(csv.reader([before.replace("\r", " ")]), [""])) - 1
    except csv.Error:
        return None
    return header[index].strip() if 0 <= index < len(header) else None


def read_toml(path: Path) -> dict:
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        line = int(match.group(1)) if match else None
        key = re.match(r"\s*([A-Za-z0-9_.-]+)\s*=", text.splitlines()[line - 1]) if (
            line and line <= len(text.splitlines())) else None
        raise InputError(path, f"not valid TOML: {str(err).split(' (at')[0]}"
                               f"{f' at character {match.group(2)}' if match else ''} (texts "
                               "need double quotes, dates are written 2025-07-17)",
                         line=line, column=key and key.group(1)) from None


def check_text(path: Path, line: int | None, column: str, text: str,
                multiline: bool = False) -> None:
    for position, char in enumerate(text, start=1):
        if multiline and char == "\n":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            what = {"\n": "a line break", "\r": "a carriage return (line break)",
                    "\t": "a tab"}.get(char) or f"the invisible character {describe(char)}"
            raise InputError(path, f"{what} at character {position}; this text must be one "
                                   "line of visible characters, as a user can type it",
                             line=line, column=column)


def describe(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


def csv_header(path: Path) -> list[str]:
    """A CSV file's column names (its first row), stripped."""
    try:
        first = next(csv.reader(io.StringIO(read_text(path), newline="")), [])
    except csv.Error:
        return []   # csv_rows names the problem with its line
    return [h.strip() for h in first]


def csv_rows(path: Path, columns: list[str]):
    """Yield (line number, row dict) after checking the header names exactly `columns`."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        unknown = [h for h in header if h not in columns]
        twice = sorted({h for h in header if header.count(h) > 1})
        if missing or unknown or twice:
            problem = "; ".join(filter(None, [
                missing and f"missing column(s) {', '.join(missing)}",
                unknown and f"unknown column(s) {', '.join(repr(u) for u in unknown)}"
                            + (" (a header cell is empty: delete that column)" * ("" in unknown)),
                twice and f"column(s) given twice {', '.join(twice)}"]))
            hint = (" The file is separated by semicolons: save it as 'CSV UTF-8 (comma "
                    "delimited)'." if len(header) == 1 and ";" in header[0] else "")
            raise InputError(path, f"{problem} (expected: {','.join(columns)}).{hint}", line=1)
        while True:
            line = reader.line_num + 1  # where the record starts (a quoted name may span lines)
            fields = next(reader, None)
            if fields is None:
                break
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise InputError(path, f"{len(fields)} fields where the header has "
                                       f"{len(header)} (a comma inside a name needs quotes)",
                                 line=line)
            yield line, dict(zip(header, fields))
    except csv.Error as err:
        raise InputError(path, f"malformed CSV: {err}", line=reader.line_num) from None


def company_name(path: Path, line: int, column: str, text: str) -> str:
    units = len(text.encode("utf-16-le")) // 2
    if units > MAX_CELL_CHARS:
        raise InputError(path, f"name is {units:,} characters; an Excel cell holds at most "
                               f"{MAX_CELL_CHARS:,}", line=line, column=column)
    if not text.strip():
        raise InputError(path, "blank name", line=line, column=column)
    if KEY_SEPARATOR in text:
        raise InputError(path, f"'{KEY_SEPARATOR}' is not allowed in a name (the workbook "
                               "uses it to join exporter and producer)", line=line, column=column)
    check_text(path, line, column, text)
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) == "Zs" and char != " ":
            raise InputError(path, f"the space character {describe(char)} at character "
                                   f"{position}; a user types an ordinary space, which would "
                                   "not match. Replace it with a space", line=line, column=column)
    return text


def number_text(value: int | float) -> str:
    """A TOML number as a plain decimal text (1e-07 -> 0.0000001)."""
    try:
        return format(Decimal(repr(value)), "f")
    except (InvalidOperation, ValueError):
        return repr(value)


def percent(path: Path, line: int | None, column: str, text: str) -> Decimal:
    """A percent as printed in the notice: 93.50, 93.5 or 93.50%."""
    number = text.strip().removesuffix("%").strip()
    if not number:
        raise InputError(path, "blank; type the percent as printed in the notice, e.g. 93.50",
                         line=line, column=column)
    if number.startswith("-") and PERCENT.fullmatch(number[1:]):
        raise InputError(path, f"{text.strip()} is negative; a rate is 0 or more percent",
                         line=line, column=column)
    if not PERCENT.fullmatch(number):
        hint = (" (use a point for decimals and no thousands separator: 1234.56)"
                if "," in number else " (a percent such as 93.50)")
        raise InputError(path, f"'{text.strip()[:40]}' is not a number{hint}",
                         line=line, column=column)
    value = Decimal(number)
    if value > MAX_RATE_PCT:
        raise InputError(path, f"{text.strip()} is above {MAX_RATE_PCT:,} percent: is it a "
                               "typing error?", line=line, column=column)
    return value


def case_number(path: Path, line: int | None, column: str, text: str) -> str:
    text = text.strip()
    if text and not CASE_NUMBER.match(text):
        raise InputError(path, f"'{text[:40]}' is not a 10-digit case number like A-570-194-001",
                         line=line, column=column)
    return text


def whole_number(path: Path, line: int, column: str, text: str) -> int:
    """A whole number as Excel may save it: 84290595, 84,290,595 or $347,108,288."""
    cleaned = text.strip().removeprefix("$").strip()
    if not WHOLE.fullmatch(cleaned):
        hint = ("blank; write a whole number" if not cleaned else
                "negative" if cleaned.startswith("-") else
                "not a whole number; write it out in full, without decimals")
        raise InputError(path, f"'{text.strip()[:40]}' is {hint}" if cleaned else hint,
                         line=line, column=column)
    value = int(cleaned.replace(",", ""))
    if column == "year" and not 1900 <= value <= 2100:
        raise InputError(path, f"{value} is not a plausible year", line=line, column=column)
    return value

