"""Load and validate the case files in `data/` (the contract in DOMAIN.md) into typed objects.

Every problem raises InputError naming the file, line and column; nothing is written before
the whole case has loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import tomllib
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .model import Case, Determination, ImportYear, Proceeding
from .rates import KEY_SEPARATOR, Fallback, Rate, RateTable, match_key

RATES_COLUMNS = ["exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"]
STATS_COLUMNS = ["year", "volume_kg", "value_usd"]
CASE_KEYS = {"case_number": str, "product": str, "country": str, "proceeding": str,
             "determination": str, "announced": dt.date, "source": str, "hts": list}
OPTIONAL_CASE_KEYS = {"country_long": str, "companion_cvd_case": str}
FALLBACK_KEYS = {"name": str, "margin_pct": (int, float), "cash_deposit_pct": (int, float)}
OPTIONAL_FALLBACK_KEYS = {"case_number": str, "note": str}
STATS_META_KEYS = {"source": str, "note": str}
MAX_RATE_PCT = Decimal(10_000)
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell, in UTF-16 code units
MAX_LOOKUP_CHARS = 255  # Excel's MATCH gives #VALUE! for longer text to look up
MAX_CASE_TEXT_CHARS = 2_000  # a case.toml text longer than this is a pasting accident
CASE_NUMBER = re.compile(r"^[AC]-[0-9]{3}-[0-9]{3}-[0-9]{3}$")
CASE = re.compile(r"^[AC]-[0-9]{3}-[0-9]{3}$")
PERCENT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
WHOLE = re.compile(r"[0-9]{1,3}(,[0-9]{3})+|[0-9]+")
MULTILINE_KEYS = {"note", "source"}  # case.toml texts that may hold a line break
DATA_FILES = ("case.toml", "rates.csv", "import_stats.csv")


def load_case(data_dir: Path | str) -> Case:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found")
    info, fallback, stats_meta = _read_case_toml(data_dir / "case.toml")
    warnings: list[str] = []
    rates = _read_rates(data_dir / "rates.csv", warnings)
    ad = Proceeding("AD", info["case_number"], info.pop("proceeding"), (Determination(
        info.pop("determination"), None, info.pop("announced"), info["source"],
        table=RateTable(rates, fallback), rates_file="rates.csv"),))
    return Case(
        **info,
        ad=ad,
        import_stats=_read_import_stats(data_dir / "import_stats.csv"),
        import_stats_source=str(stats_meta.get("source", "")),
        import_stats_note=str(stats_meta.get("note", "")),
        data_dir=data_dir,
        data_files=DATA_FILES,
        fingerprint=fingerprint(data_dir),
        warnings=warnings,
    )


def fingerprint(data_dir: Path) -> str:
    """SHA-256 over the three data files (names and bytes), shortened to 12 hex digits."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode() + b"\0" + (data_dir / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _read_text(path: Path) -> str:
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


def _read_case_toml(path: Path) -> tuple[dict, Fallback, dict]:
    """case.toml checked key by key; an error about a key names the key's line."""
    info = _read_toml(path)
    try:
        fallback = _fallback(path, info.pop("fallback", None))
        stats_meta = info.pop("import_stats", {})
        if not isinstance(stats_meta, dict):
            raise InputError(path, "'import_stats' must be a table [import_stats] with keys "
                                   "source and note", column="import_stats")
        _check_keys(path, stats_meta, {}, STATS_META_KEYS, "import_stats.")
        _check_keys(path, info, CASE_KEYS, OPTIONAL_CASE_KEYS, "")
        _check_case_texts(path, {**info, **{f"import_stats.{k}": v
                                            for k, v in stats_meta.items()}})
    except InputError as err:
        if err.line is None and err.column:
            raise InputError(path, err.message, line=_toml_line(path, err.column),
                             column=err.column) from None
        raise
    return info, fallback, stats_meta


def _toml_line(path: Path, dotted_key: str) -> int | None:
    """The line where `table.key` (or a top-level key) is set in a TOML file, if found."""
    table, _, key = dotted_key.rpartition(".")
    current = ""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        header = re.match(r"\s*\[([^\]]*)\]", line)
        if header:
            current = header.group(1).strip()
        elif current == table and re.match(rf'\s*"?{re.escape(key)}"?\s*=', line):
            return number
    return None


def _read_toml(path: Path) -> dict:
    text = _read_text(path)
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


def _check_keys(path: Path, table: dict, required: dict, optional: dict, prefix: str) -> None:
    for key in table:
        if key not in required and key not in optional:
            raise InputError(path, f"unknown key '{prefix}{key}' (expected one of: "
                                   f"{', '.join(list(required) + list(optional))})",
                             column=f"{prefix}{key}")
    for key, kind in required.items():
        if key not in table:
            raise InputError(path, f"missing key '{prefix}{key}'")
    for key, kind in {**required, **optional}.items():
        if key in table and (not isinstance(table[key], kind) or isinstance(table[key], bool)):
            raise InputError(path, f"key '{prefix}{key}' has the wrong type "
                                   f"({type(table[key]).__name__}; expected "
                                   f"{_KIND_NAMES.get(kind, 'a number')})",
                             column=f"{prefix}{key}")


_KIND_NAMES = {str: 'a text in double quotes', dt.date: 'a date like 2025-07-17, no quotes',
               list: 'a list like ["3801.10.5000"]'}


def _check_case_texts(path: Path, info: dict) -> None:
    """Texts of case.toml: no control characters, not absurdly long; the case number is used
    in file names and page headers, so it must look like one."""
    for key, value in info.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(value, list) and not isinstance(item, str):
                raise InputError(path, f"key '{key}' must hold texts in double quotes "
                                       f"(found {type(item).__name__})", column=key)
            if not isinstance(item, str):
                continue
            _check_case_text(path, key, item)
            if not item.strip():
                raise InputError(path, f"key '{key}' is blank", column=key)
    if not info["hts"]:
        raise InputError(path, "key 'hts' lists no HTSUS subheading", column="hts")
    if not CASE.match(info["case_number"]):
        raise InputError(path, f"case_number '{info['case_number']}' is not a case number like "
                               "A-570-194", column="case_number")


def _check_text(path: Path, line: int | None, column: str, text: str,
                multiline: bool = False) -> None:
    for position, char in enumerate(text, start=1):
        if multiline and char == "\n":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            what = {"\n": "a line break", "\r": "a carriage return (line break)",
                    "\t": "a tab"}.get(char) or f"the invisible character {_describe(char)}"
            raise InputError(path, f"{what} at character {position}; this text must be one "
                                   "line of visible characters, as a user can type it",
                             line=line, column=column)


def _check_case_text(path: Path, key: str, text: str) -> None:
    _check_text(path, None, key, text, multiline=key.split(".")[-1] in MULTILINE_KEYS)
    if len(text) > MAX_CASE_TEXT_CHARS:
        raise InputError(path, f"key '{key}' is {len(text):,} characters long; at most "
                               f"{MAX_CASE_TEXT_CHARS:,}", column=key)


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


def _fallback(path: Path, table: dict | None) -> Fallback:
    if not isinstance(table, dict):
        raise InputError(path, "missing table [fallback] (the China-wide rate)")
    _check_keys(path, table, FALLBACK_KEYS, OPTIONAL_FALLBACK_KEYS, "fallback.")
    for key in ("name", "case_number", "note"):
        if key in table:
            _check_case_text(path, f"fallback.{key}", table[key])
    if not table["name"].strip():
        raise InputError(path, "blank name", column="fallback.name")
    margin, deposit = (_percent(path, None, f"fallback.{k}", _number_text(table[k]))
                       for k in ("margin_pct", "cash_deposit_pct"))
    return Fallback(table["name"], margin, deposit, _case_number(
        path, None, "fallback.case_number", table.get("case_number", "")), table.get("note", ""))


def _csv_rows(path: Path, columns: list[str]):
    """Yield (line number, row dict) after checking the header names exactly `columns`."""
    reader = csv.reader(io.StringIO(_read_text(path), newline=""), strict=True)
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


def _read_rates(path: Path, warnings: list[str]) -> list[Rate]:
    rates: dict[str, tuple[int, Rate]] = {}
    looks_alike: dict[str, tuple[int, Rate]] = {}
    for line, row in _csv_rows(path, RATES_COLUMNS):
        rate = Rate(_name(path, line, "exporter", row["exporter"]),
                    _name(path, line, "producer", row["producer"]),
                    _percent(path, line, "margin_pct", row["margin_pct"]),
                    _percent(path, line, "cash_deposit_pct", row["cash_deposit_pct"]),
                    _case_number(path, line, "case_number", row["case_number"]))
        if len(rate.key) > MAX_LOOKUP_CHARS:
            raise InputError(path, f"exporter and producer together make a lookup key of "
                                   f"{len(rate.key):,} characters (counting * ? ~ ¦ twice); "
                                   f"Excel cannot look up more than {MAX_LOOKUP_CHARS}, so no "
                                   "entry could match this pair", line=line, column="producer")
        alike = looks_alike.setdefault(_spreadsheet_fold(rate.key), (line, rate))
        if alike[1].key != rate.key and _values(alike[1]) != _values(rate):
            raise InputError(path, f"this pair differs from the pair on line {alike[0]} only by "
                                   "letters that Excel and LibreOffice may compare as equal (such "
                                   "as ς and σ, ſ and s, ı and i); a spreadsheet could give either "
                                   "rate. Spell the names as the notice does",
                             line=line, column="exporter")
        key = match_key(rate.key)
        if key in rates:
            first_line, first = rates[key]
            if _values(first) != _values(rate):
                raise InputError(path, f"the pair is listed again with other values (first on "
                                       f"line {first_line}; names match ignoring case and "
                                       f"spaces)", line=line, column="exporter")
            warnings.append(f"{path}, line {line}: same pair and rates as line {first_line}; "
                            "the repeat is ignored")
            continue
        rates[key] = (line, rate)
    if not rates:
        raise InputError(path, "no combinations listed")
    return [rate for _, rate in rates.values()]


def _values(rate: Rate) -> tuple:
    return rate.margin_pct, rate.cash_deposit_pct, rate.case_number


def _spreadsheet_fold(key: str) -> str:
    """A lookup key as loosely as a spreadsheet's case-insensitive = and MATCH may compare it:
    LibreOffice 7.4 finds ς = σ, ſ = s, ı = i, µ = μ, ŉ = ʼn (casefold covers these, and more)."""
    return key.casefold().replace("\u0131", "i")


def _name(path: Path, line: int, column: str, text: str) -> str:
    units = len(text.encode("utf-16-le")) // 2
    if units > MAX_CELL_CHARS:
        raise InputError(path, f"name is {units:,} characters; an Excel cell holds at most "
                               f"{MAX_CELL_CHARS:,}", line=line, column=column)
    if not text.strip():
        raise InputError(path, "blank name", line=line, column=column)
    if KEY_SEPARATOR in text:
        raise InputError(path, f"'{KEY_SEPARATOR}' is not allowed in a name (the workbook "
                               "uses it to join exporter and producer)", line=line, column=column)
    _check_text(path, line, column, text)
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) == "Zs" and char != " ":
            raise InputError(path, f"the space character {_describe(char)} at character "
                                   f"{position}; a user types an ordinary space, which would "
                                   "not match. Replace it with a space", line=line, column=column)
    return text


def _number_text(value: int | float) -> str:
    """A TOML number as a plain decimal text (1e-07 -> 0.0000001)."""
    try:
        return format(Decimal(repr(value)), "f")
    except (InvalidOperation, ValueError):
        return repr(value)


def _percent(path: Path, line: int | None, column: str, text: str) -> Decimal:
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


def _case_number(path: Path, line: int | None, column: str, text: str) -> str:
    text = text.strip()
    if text and not CASE_NUMBER.match(text):
        raise InputError(path, f"'{text[:40]}' is not a 10-digit case number like A-570-194-001",
                         line=line, column=column)
    return text


def _read_import_stats(path: Path) -> list[ImportYear]:
    years: dict[int, ImportYear] = {}
    for line, row in _csv_rows(path, STATS_COLUMNS):
        year = ImportYear(*(_whole(path, line, c, row[c]) for c in STATS_COLUMNS))
        if year.year in years:
            raise InputError(path, f"year {year.year} appears twice", line=line, column="year")
        years[year.year] = year
    return sorted(years.values(), key=lambda y: y.year)


def _whole(path: Path, line: int, column: str, text: str) -> int:
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
