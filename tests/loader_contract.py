"""The data contract of docs/maintaining-a-case.md ("What the build refuses, and why"), read
independently of generator/case.py: for a file's content, VALID with the values it must load
as, INVALID (it must be refused), or UNSURE where the docs do not settle it.
tests/test_fuzz_loaders.py holds the loader to these verdicts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import tomllib
import unicodedata
from decimal import Decimal

VALID, INVALID, UNSURE = "valid", "invalid", "unsure"
RATES_COLUMNS = ["exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"]
STATS_COLUMNS = ["year", "volume_kg", "value_usd"]
MAX_RATE = Decimal(10_000)
LOOKUP_LIMIT = 245  # Excel's MATCH looks up 255 characters; the Entries key adds "n|"


def worst(verdicts) -> str:
    verdicts = list(verdicts)
    return INVALID if INVALID in verdicts else UNSURE if UNSURE in verdicts else VALID


def decode(raw: bytes) -> str | None:
    """UTF-8 with or without Excel's BOM; None for anything else (UTF-16, Latin-1...)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def csv_records(raw: bytes, columns: list[str]) -> tuple[str, object]:
    """(VALID, [row dicts, emptied rows left out]) or (INVALID, why): encoding, CSV syntax,
    a header of the columns once each (in any order), the fields of every row."""
    text = decode(raw)
    if text is None:
        return INVALID, "not UTF-8"
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return INVALID, "not CSV"
    header = [h.strip() for h in records[0]] if records else []
    if sorted(header) != sorted(columns):
        return INVALID, f"header {header}"
    rows = [r for r in records[1:] if any(f.strip() for f in r)]
    if any(len(r) != len(columns) for r in rows):
        return INVALID, "a row with too few or too many fields"
    return VALID, [dict(zip(header, r)) for r in rows]


# --- rates.csv ------------------------------------------------------------------------------

def name_verdict(name: str, blank_ok: bool = False) -> str:
    """Blank (except a producer: the exporter's rate for any producer), '|', a control or
    invisible character, a space other than ' ', or longer than a cell: refused. Letters,
    marks, digits, punctuation, symbols and spaces: accepted."""
    if blank_ok and not name.strip():
        return VALID
    if not name.strip() or "|" in name or len(name.encode("utf-16-le")) // 2 > 32_767:
        return INVALID
    categories = {unicodedata.category(c) for c in name.replace(" ", "")}
    if categories & {"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"}:
        return INVALID
    return VALID if all(c[0] in "LMNPS" for c in categories) else UNSURE


def rate_verdict(text: str) -> tuple[str, Decimal | None]:
    """93.50, 93.5, 93.50% (spaces around) up to 10,000: accepted, with its value; blank, not
    a number (NaN, Infinity, 1e3, 93,50), negative or above 10,000: refused. '.5' and '5.'
    are not settled."""
    number = text.strip()
    number = number[:-1].strip() if number.endswith("%") else number
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", number):
        value = Decimal(number)
        return (VALID, value) if value <= MAX_RATE else (INVALID, None)
    if re.fullmatch(r"[0-9]+\.|\.[0-9]+", number):
        return UNSURE, None
    return INVALID, None


def case_number_verdict(text: str) -> str:
    """Blank (until CBP gives the suffix) or a 10-digit case number like A-570-194-001."""
    return VALID if re.fullmatch(r"([AC]-[0-9]{3}-[0-9]{3}-[0-9]{3})?", text.strip()) else INVALID


def fold(exporter: str, producer: str) -> str:
    """Looser than any comparison a spreadsheet makes: case, all spaces, look-alike letters."""
    return re.sub(r"\s", "", f"{exporter}\x00{producer}".lower().casefold().replace("ı", "i"))


def rates_verdict(raw: bytes) -> tuple[str, object]:
    """(VALID, the sorted (exporter, producer, margin, deposit, case number) it must load
    as), (INVALID, why) or (UNSURE, None)."""
    kind, rows = csv_records(raw, RATES_COLUMNS)
    if kind == INVALID:
        return kind, rows
    if not rows:
        return INVALID, "no combinations"
    verdicts, expected = [], []
    for row in rows:
        (margin_kind, margin), (deposit_kind, deposit) = (
            rate_verdict(row["margin_pct"]), rate_verdict(row["cash_deposit_pct"]))
        verdicts += [name_verdict(row["exporter"]), name_verdict(row["producer"], True),
                     margin_kind,
                     deposit_kind, case_number_verdict(row["case_number"])]
        expected.append((row["exporter"], row["producer"] if row["producer"].strip() else "",
                         margin, deposit,
                         row["case_number"].strip()))
    verdict = worst(verdicts)
    if verdict != VALID:
        return verdict, "a field" if verdict == INVALID else None
    folds = [fold(e, p) for e, p, *_ in expected]
    if len(set(folds)) < len(folds):  # repeats: tests/test_case_validation.py settles them
        return UNSURE, None
    if any(2 * (len(e) + len(p)) + 1 > LOOKUP_LIMIT for e, p, *_ in expected):
        return UNSURE, None  # maybe too long to look up, once lowered and * ? ~ spelled out
    if 0 < max(max(m, d) for *_, m, d, _ in expected) < 1:
        return UNSURE, None  # every rate below 1%: fractions for percents? (generator's rule)
    return VALID, sorted(expected)


# --- import_stats.csv -----------------------------------------------------------------------

def whole_verdict(text: str, dollar: bool) -> tuple[str, int | None]:
    """84290595 and 84,290,595 (and $347,108,288 for a value): accepted; blank, decimals
    (1,000.5), exponents (6.1E+07), '1,5' and negatives: refused."""
    number = text.strip()
    if number.startswith("$"):
        if not dollar:
            return UNSURE, None
        number = number[1:].strip()
    if re.fullmatch(r"[0-9]+|[0-9]{1,3}(,[0-9]{3})+", number):
        return VALID, int(number.replace(",", ""))
    return INVALID, None


def stats_verdict(raw: bytes) -> tuple[str, object]:
    """(VALID, the sorted (year, volume, value) rows), (INVALID, why) or (UNSURE, None)."""
    kind, rows = csv_records(raw, STATS_COLUMNS)
    if kind == INVALID:
        return kind, rows
    verdicts, expected = [UNSURE] if not rows else [], []
    for row in rows:
        year, volume, value = (whole_verdict(row[c], c == "value_usd") for c in STATS_COLUMNS)
        verdicts += [year[0], volume[0], value[0]]
        if year[0] == VALID:  # an implausible year is refused
            verdicts.append(UNSURE if "," in row["year"] else
                            VALID if 1950 <= year[1] <= 2050 else
                            INVALID if not 1800 <= year[1] <= 2200 else UNSURE)
        expected.append((year[1], volume[1], value[1]))
    years = [y for y, _, _ in expected if y is not None]
    if len(set(years)) < len(years):
        verdicts.append(INVALID)  # a year listed twice
    verdict = worst(verdicts)
    return verdict, (sorted(expected) if verdict == VALID else
                     "a field" if verdict == INVALID else None)


# --- case.toml ------------------------------------------------------------------------------

def toml_kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    return {str: "text", dt.date: "date", dt.time: "time", list: "list", dict: "table"}[
        type(value)]


def toml_keys(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Line index -> (table, key) for every `key = value` line of a case.toml."""
    keys, table = {}, ""
    for i, line in enumerate(lines):
        if re.match(r"\s*\[", line):
            table = line.strip().strip("[]")
        elif "=" in line and not line.lstrip().startswith("#"):
            keys[i] = (table, line.split("=")[0].strip())
    return keys


def text_verdict(table: str, key: str, text: str) -> str:
    """A case.toml text: one line of visible characters (a note or source may break lines);
    the case number like A-570-194, the fallback's like A-570-194-000."""
    categories = {unicodedata.category(c) for c in text
                  if not (c == "\n" and key in ("note", "source"))}
    if categories & {"Cc", "Cf", "Cs", "Zl", "Zp"}:
        return INVALID
    if (table, key) == ("", "case_number"):
        return VALID if re.fullmatch(r"[AC]-[0-9]{3}-[0-9]{3}", text) else INVALID
    if key == "case_number":
        return case_number_verdict(text) if text == text.strip() else UNSURE
    return VALID if text.strip() and len(text) <= 200 else UNSURE


def toml_value_verdict(table: str, key: str, original, text: str) -> tuple[str, object]:
    """(verdict, parsed value) for the line `key = text` in place of the `original` value:
    a value of another type, a rate that is negative, not a number or above 10,000, or a
    text or case number that breaks the rules is refused."""
    if "\n" in text or "\r" in text:
        return UNSURE, None
    try:
        parsed = tomllib.loads(f"v = {text}")
    except tomllib.TOMLDecodeError:
        return INVALID, None
    if list(parsed) != ["v"]:
        return INVALID, None
    value, kind = parsed["v"], toml_kind(parsed["v"])
    if kind != toml_kind(original):
        return INVALID, value
    if kind == "number" and key.endswith("_pct"):
        if value == 0 and math.copysign(1, value) < 0:
            return UNSURE, value  # -0.0
        return (INVALID if math.isnan(value) or not 0 <= value <= MAX_RATE else VALID), value
    if kind == "text":
        return text_verdict(table, key, value), value
    if kind == "list":
        if not all(isinstance(item, str) for item in value):
            return INVALID, value
        return (VALID if value and all(text_verdict(table, key, i) == VALID for i in value)
                else UNSURE), value
    return (VALID if kind == "date" else UNSURE), value
