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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .rates import KEY_SEPARATOR, Fallback, Rate, RateTable

RATES_COLUMNS = ["exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"]
STATS_COLUMNS = ["year", "volume_kg", "value_usd"]
CASE_KEYS = {"case_number": str, "product": str, "country": str, "proceeding": str,
             "determination": str, "announced": dt.date, "source": str, "hts": list}
OPTIONAL_CASE_KEYS = {"country_long": str, "companion_cvd_case": str}
FALLBACK_KEYS = {"name": str, "margin_pct": (int, float), "cash_deposit_pct": (int, float)}
OPTIONAL_FALLBACK_KEYS = {"case_number": str, "note": str}
MAX_RATE_PCT = Decimal(10_000)
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
CASE_NUMBER = re.compile(r"^[AC]-\d{3}-\d{3}-\d{3}$")
DATA_FILES = ("case.toml", "rates.csv", "import_stats.csv")


@dataclass(frozen=True)
class ImportYear:
    year: int
    volume_kg: int
    value_usd: int


@dataclass
class Case:
    case_number: str
    product: str
    country: str
    proceeding: str
    determination: str
    announced: dt.date
    source: str
    hts: list[str]
    rates: RateTable
    import_stats: list[ImportYear]
    import_stats_source: str = ""
    import_stats_note: str = ""
    country_long: str = ""
    companion_cvd_case: str = ""
    fingerprint: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.case_number} {self.product} from {self.country}"


def load_case(data_dir: Path | str) -> Case:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found")
    info = _read_toml(data_dir / "case.toml")
    warnings: list[str] = []
    fallback = _fallback(data_dir / "case.toml", info.pop("fallback", None))
    stats_meta = info.pop("import_stats", {}) or {}
    _check_keys(data_dir / "case.toml", info, CASE_KEYS, OPTIONAL_CASE_KEYS, "")
    rates = _read_rates(data_dir / "rates.csv", warnings)
    return Case(
        **info,
        rates=RateTable(rates, fallback),
        import_stats=_read_import_stats(data_dir / "import_stats.csv"),
        import_stats_source=str(stats_meta.get("source", "")),
        import_stats_note=str(stats_meta.get("note", "")),
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
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as "
                               "'CSV UTF-8' or UTF-8 text", line=line) from None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        line = int(match.group(1)) if match else None
        raise InputError(path, f"not valid TOML: {str(err).split(' (at')[0]}", line=line) from None


def _check_keys(path: Path, table: dict, required: dict, optional: dict, prefix: str) -> None:
    for key in table:
        if key not in required and key not in optional:
            raise InputError(path, f"unknown key '{prefix}{key}' (expected one of: "
                                   f"{', '.join(list(required) + list(optional))})")
    for key, kind in required.items():
        if key not in table:
            raise InputError(path, f"missing key '{prefix}{key}'")
    for key, kind in {**required, **optional}.items():
        if key in table and (not isinstance(table[key], kind) or isinstance(table[key], bool)):
            raise InputError(path, f"key '{prefix}{key}' has the wrong type "
                                   f"({type(table[key]).__name__})")


def _fallback(path: Path, table: dict | None) -> Fallback:
    if not isinstance(table, dict):
        raise InputError(path, "missing table [fallback] (the China-wide rate)")
    _check_keys(path, table, FALLBACK_KEYS, OPTIONAL_FALLBACK_KEYS, "fallback.")
    margin, deposit = (_percent(path, None, f"fallback.{k}", str(table[k]))
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
        if missing or unknown:
            problem = "; ".join(filter(None, [
                missing and f"missing column(s) {', '.join(missing)}",
                unknown and f"unknown column(s) {', '.join(repr(u) for u in unknown)}"]))
            raise InputError(path, f"{problem} (expected: {','.join(columns)})", line=1)
        for fields in reader:
            line = reader.line_num
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
    for line, row in _csv_rows(path, RATES_COLUMNS):
        rate = Rate(_name(path, line, "exporter", row["exporter"]),
                    _name(path, line, "producer", row["producer"]),
                    _percent(path, line, "margin_pct", row["margin_pct"]),
                    _percent(path, line, "cash_deposit_pct", row["cash_deposit_pct"]),
                    _case_number(path, line, "case_number", row["case_number"]))
        if rate.key in rates:
            first_line, first = rates[rate.key]
            if (first.margin_pct, first.cash_deposit_pct, first.case_number) != (
                    rate.margin_pct, rate.cash_deposit_pct, rate.case_number):
                raise InputError(path, f"the pair is listed again with other values (first on "
                                       f"line {first_line}; names match ignoring case and "
                                       f"spaces)", line=line, column="exporter")
            warnings.append(f"{path}, line {line}: same pair and rates as line {first_line}; "
                            "the repeat is ignored")
            continue
        rates[rate.key] = (line, rate)
    if not rates:
        raise InputError(path, "no combinations listed")
    return [rate for _, rate in rates.values()]


def _name(path: Path, line: int, column: str, text: str) -> str:
    if not text.strip():
        raise InputError(path, "blank name", line=line, column=column)
    if KEY_SEPARATOR in text:
        raise InputError(path, f"'{KEY_SEPARATOR}' is not allowed in a name (the workbook "
                               "uses it to join exporter and producer)", line=line, column=column)
    if len(text) > MAX_CELL_CHARS:
        raise InputError(path, f"name is {len(text):,} characters; a cell holds at most "
                               f"{MAX_CELL_CHARS:,}", line=line, column=column)
    return text


def _percent(path: Path, line: int | None, column: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip().removesuffix("%").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise InputError(path, f"'{text}' is not a number (a percent such as 93.50)",
                         line=line, column=column)
    if value < 0 or value > MAX_RATE_PCT:
        raise InputError(path, f"{text} is outside 0 to {MAX_RATE_PCT:,} percent",
                         line=line, column=column)
    return value


def _case_number(path: Path, line: int | None, column: str, text: str) -> str:
    text = text.strip()
    if text and not CASE_NUMBER.match(text):
        raise InputError(path, f"'{text}' is not a 10-digit case number like A-570-194-001",
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
    cleaned = text.strip().replace(",", "").removeprefix("$")
    if not re.fullmatch(r"\d+", cleaned):
        raise InputError(path, f"'{text}' is not a whole number", line=line, column=column)
    return int(cleaned)
