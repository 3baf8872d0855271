"""Fuzzing the case loaders against the contract of docs/maintaining-a-case.md ("What the build
refuses, and why"):

- a valid file, generated, must load with exactly the values it holds;
- a valid file with one violation of that list planted must be refused, naming the
  file, line and column (one test per violation, so each is tried every run);
- whatever else the files hold (random bytes, text, fields), load_case returns a case or raises
  InputError, never another exception, and which of the two is the contract's verdict
  (tests/loader_contract.py) whenever the docs settle it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tomllib
from decimal import Decimal
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from generator.case import load_case
from generator.errors import InputError
from tests.loader_contract import (INVALID, MAX_RATE, RATES_COLUMNS, STATS_COLUMNS, UNSURE,
                                   VALID, decode, rate_verdict, rates_verdict, stats_verdict,
                                   toml_keys, toml_kind, toml_value_verdict, worst)

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
PLANTED = settings(FUZZ, max_examples=12)  # per violation


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    from tests.conftest import FIXTURES
    folder = tmp_path_factory.mktemp("fuzz") / "case"
    shutil.copytree(FIXTURES / "distinct", folder)
    return folder


# --- What the loader gives back: the one place that knows the loaded case's form ----------

def loaded_rates(case) -> list[tuple]:
    return sorted((r.exporter, r.producer, r.margin_pct, r.cash_deposit_pct, r.case_number)
                  for r in case.ad.latest.table.rates)


def loaded_stats(case) -> list[tuple]:
    return [(y.year, y.volume_kg, y.value_usd) for y in case.import_stats]


def loaded_toml_value(case, table: str, key: str):
    """The value of `key` in `table` of the fixture's (single-table) case.toml, as loaded."""
    if table == "fallback":
        return getattr(case.ad.latest.table.fallback, key)
    if table == "import_stats":
        return getattr(case, f"import_stats_{key}")
    if key in ("announced", "determination", "proceeding"):
        determination = case.ad.determinations[0]
        return {"announced": determination.announced, "determination": determination.name,
                "proceeding": case.ad.name}[key]
    return getattr(case, key)


# --- Running the loader on one file -------------------------------------------------------

def load_with(folder, name: str, content: bytes):
    """load_case with `name` holding `content`: the case, or the InputError it raised (any
    other exception fails the test). The file is put back afterwards."""
    original = (folder / name).read_bytes()
    (folder / name).write_bytes(content)
    try:
        return load_case(folder)
    except InputError as err:
        assert str(err).startswith(str(folder / name)), str(err)
        assert err.message
        return err
    finally:
        (folder / name).write_bytes(original)


def refused(folder, name: str, content: bytes, why: str) -> InputError:
    result = load_with(folder, name, content)
    assert isinstance(result, InputError), f"accepted {name} although {why}"
    return result


def loaded(folder, name: str, content: bytes):
    result = load_with(folder, name, content)
    assert not isinstance(result, InputError), f"refused a valid {name}: {result}"
    return result


def check_verdict(folder, name: str, content: bytes, verdict: tuple[str, object], expected):
    """Hold the loader to the contract's verdict: refused if invalid, loaded with the
    expected values (`expected(case)`) if valid; either, without a traceback, if unsure."""
    kind, values = verdict
    event(f"verdict: {kind}")  # pytest --hypothesis-show-statistics counts them
    if kind == INVALID:
        refused(folder, name, content, f"the contract refuses it: {values}")
    elif kind == VALID:
        assert expected(loaded(folder, name, content)) == values
    else:
        load_with(folder, name, content)


# --- Files as an analyst or Excel writes them ----------------------------------------------

class CsvFile(NamedTuple):
    header: list[str]
    records: list[list[str]]
    newline: str = "\n"
    bom: bool = False
    quote_all: bool = False
    encoding: str = "utf-8"
    delimiter: str = ","

    def bytes(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=self.newline, delimiter=self.delimiter,
                            quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(self.header)
        writer.writerows(self.records)
        text = out.getvalue()
        if self.encoding == "utf-16":
            return text.encode("utf-16")
        return b"\xef\xbb\xbf" * self.bom + text.encode(self.encoding)

    def line_of(self, index: int | None) -> int:
        """The line where record `index` starts; the header's (1) for None."""
        if index is None:
            return 1
        before = self._replace(records=self.records[:index], encoding="utf-8", bom=False)
        return 1 + len(re.findall(r"\r\n|\r|\n", before.bytes().decode()))


NAME_CHAR = st.characters(categories=("L", "M", "N", "P", "S"), exclude_characters="|")
name_text = st.text(st.one_of(NAME_CHAR, st.just(" ")), min_size=1, max_size=30).filter(str.strip)
percent = st.decimals(min_value=0, max_value=MAX_RATE, places=2).map(Decimal.copy_abs)  # no -0
PERCENT_STYLES = [lambda d: f"{d:.2f}", lambda d: format(d.normalize(), "f"),
                  lambda d: f"{d:.2f}%", lambda d: f" {d:.2f} % "]
case_number = st.one_of(st.just(""),
                        st.from_regex(r"[AC]-[0-9]{3}-[0-9]{3}-[0-9]{3}", fullmatch=True))
newlines = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def valid_rates(draw) -> list[tuple]:
    """(exporter, producer, margin, deposit, case number) rows, distinct pairs by
    construction (each producer starts with its own number), exporters repeating, names
    loaded as written (spaces around included)."""
    exporters = draw(st.lists(st.tuples(st.sampled_from(["", " ", "  "]), name_text,
                                        st.sampled_from(["", " "])).map("".join),
                              min_size=1, max_size=3))  # outer spaces are kept
    rows = [(draw(st.sampled_from(exporters)), f"#{i}: {draw(name_text)}", draw(percent),
             draw(percent), draw(case_number)) for i in range(draw(st.integers(1, 8)))]
    largest = max(max(margin, deposit) for _, _, margin, deposit, _ in rows)
    if 0 < largest < 1:  # every rate below 1% reads as fractions typed for percents
        rows[0] = (*rows[0][:2], largest + 1, *rows[0][3:])
    return rows


@st.composite
def rates_files(draw, rows: list[tuple]) -> CsvFile:
    """`rows` with rates written 93.50, 93.5 or 93.50%, any line ends, a BOM or not, quoted
    or not, blank lines and emptied rows (,,,,) between them."""
    records = []
    for exporter, producer, margin, deposit, number in rows:
        if draw(st.integers(0, 5)) == 0:
            records.append(draw(st.sampled_from([[""] * 5, [" "] * 5])))
        records.append([exporter, producer, draw(st.sampled_from(PERCENT_STYLES))(margin),
                        draw(st.sampled_from(PERCENT_STYLES))(deposit), number])
    return CsvFile(RATES_COLUMNS, records, draw(newlines), draw(st.booleans()),
                   draw(st.booleans()))


# --- rates.csv ----------------------------------------------------------------------------

@FUZZ
@given(data=st.data())
def test_valid_rates_load_with_the_values_they_hold(case_dir, data):
    rows = sorted(data.draw(valid_rates()))
    content = data.draw(rates_files(rows)).bytes()
    case = loaded(case_dir, "rates.csv", content)
    assert loaded_rates(case) == rows
    assert case.warnings == []
    assert rates_verdict(content) == (VALID, rows)


# Each violation: (file, index of a row with a field) -> (file, index of the row refused or
# None for the header, its column or columns, why).
RATE_COLUMNS = st.sampled_from(["margin_pct", "cash_deposit_pct"])
NAME_COLUMNS = st.sampled_from(["exporter", "producer"])


def set_field(file: CsvFile, k: int, column: str, value: str) -> CsvFile:
    records = [list(r) for r in file.records]
    records[k][RATES_COLUMNS.index(column)] = value
    return file._replace(records=records, quote_all=True)


def bad_rate(values):
    def plant(data, file, k):
        column, value = data.draw(RATE_COLUMNS), data.draw(values)
        return set_field(file, k, column, value), k, column, f"{column} is {value!r}"
    return plant


def bad_name(values, columns=NAME_COLUMNS):
    """`values` maps the name to a bad one, in one of `columns`."""
    def plant(data, file, k):
        column = data.draw(columns)
        name = file.records[k][RATES_COLUMNS.index(column)]
        bad = data.draw(values(name))
        return set_field(file, k, column, bad), k, column, f"{column} is {bad[:40]!r}"
    return plant


def with_char(chars):
    """A strategy: the name with one of `chars` put somewhere in it."""
    return lambda name: st.tuples(st.integers(0, len(name)), chars).map(
        lambda at_char: name[:at_char[0]] + at_char[1] + name[at_char[0]:])


def pair_too_long(data, file, k):
    length = data.draw(st.integers(256, 400))  # the key: exporter|producer, lowered
    file = set_field(file, k, "exporter", "E" * (length - 101))
    return set_field(file, k, "producer", "P" * 100), k, {"exporter", "producer"}, (
        f"the pair's key is {length} characters")


def same_pair_other_margin(data, file, k):
    again = list(file.records[k])
    again[0] = f" {again[0].swapcase() if again[0].isascii() else again[0]}  "
    margin = rate_verdict(again[2])[1]
    again[2] = str(margin + 1 if margin < 9_000 else margin - 1)
    records = file.records[:k + 1] + [again] + file.records[k + 1:]
    return file._replace(records=records, quote_all=True), k + 1, "exporter", (
        "it lists a pair again, re-cased and re-spaced, with another margin")


def look_alike(one: str, other: str):
    def plant(data, file, k):
        exporter, producer = file.records[k][:2]
        pairs = [[exporter, f"{producer} {one}", "1.00", "1.00", ""],
                 [exporter, f"{producer} {other}", "2.00", "2.00", ""]]
        records = file.records[:k + 1] + pairs + file.records[k + 1:]
        return file._replace(records=records, quote_all=True), k + 2, "exporter", (
            f"two pairs differ only by {one}/{other}, with other rates")
    return plant


def field_count(data, file, k):
    records = [list(r) for r in file.records]
    records[k] = records[k][:4] if data.draw(st.booleans()) else records[k] + ["x"]
    return file._replace(records=records), k, None, f"a row has {len(records[k])} fields"


def latin1_accent(data, file, k):
    records = [[f.encode("ascii", "replace").decode() for f in r] for r in file.records]
    column = data.draw(NAME_COLUMNS)
    records[k][RATES_COLUMNS.index(column)] += " Société"
    return file._replace(records=records, encoding="cp1252", bom=False), k, column, (
        "it is Windows-1252")


def header(change):
    def plant(data, file, k):
        columns, records = list(file.header), [list(r) for r in file.records]
        i = data.draw(st.integers(0, len(columns) - 1))
        if change == "missing":
            columns, records = columns[:i] + columns[i + 1:], [r[:i] + r[i + 1:] for r in records]
        else:
            columns.append("comment" if change == "unknown" else columns[i])
            records = [r + ["x"] for r in records]
        return file._replace(header=columns, records=records), None, None, (
            f"a column is {change}")
    return plant


RATES_VIOLATIONS = {
    "rate blank": bad_rate(st.sampled_from(["", " ", "%"])),
    "rate not a number": bad_rate(st.sampled_from([
        "NaN", "nan", "Infinity", "-Infinity", "inf", "1e3", "9.35E1", "93,50", "1,234.00",
        "1_000", "١٢", "93.50.1", "abc", "0x10"])),
    "rate negative": bad_rate(st.decimals(min_value=Decimal("0.01"), max_value=MAX_RATE,
                                          places=2).map(lambda d: f"-{d}")),
    "rate above 10,000": bad_rate(st.decimals(min_value=MAX_RATE + Decimal("0.01"),
                                              max_value=10**9, places=2).map(str)),
    # a blank producer is the exporter's rate for any producer (the docs); a blank exporter, no
    "name blank": bad_name(lambda name: st.sampled_from(["", "   "]), st.just("exporter")),
    "name longer than a cell": bad_name(lambda name: st.sampled_from(["A" * 32_768,
                                                                      "😀" * 16_384])),
    "name with |": bad_name(with_char(st.just("|"))),
    "name with a line break": bad_name(with_char(st.sampled_from(
        ["\n", "\r", "\r\n", "\u2028", "\u2029"]))),
    "name with a control character": bad_name(with_char(st.characters(categories=("Cc",)))),
    "name with an invisible character": bad_name(with_char(st.characters(categories=("Cf",)))),
    "name with an unusual space": bad_name(with_char(st.characters(categories=("Zs",),
                                                                   exclude_characters=" "))),
    "pair too long to look up": pair_too_long,
    "case number": lambda data, file, k: (lambda bad: (
        set_field(file, k, "case_number", bad), k, "case_number", f"case_number is {bad!r}"))(
        data.draw(st.sampled_from(["A-570-999", "A570999001", "570-999-001", "A-570-999-0001",
                                   "B-570-999-001", "x", "A-570-999-001-002"]))),
    "same pair, other values": same_pair_other_margin,
    **{f"look-alike {one}/{other}": look_alike(one, other)
       for one, other in [("σ", "ς"), ("s", "ſ"), ("i", "ı"), ("μ", "µ"), ("ʼn", "ŉ")]},
    "too few or too many fields": field_count,
    "latin-1 accent": latin1_accent,
    "missing column": header("missing"),
    "unknown column": header("unknown"),
    "column twice": header("twice"),
    "utf-16": lambda data, file, k: (file._replace(encoding="utf-16"), None, None, "UTF-16"),
    "semicolons": lambda data, file, k: (file._replace(delimiter=";"), None, None, "semicolons"),
}


@pytest.mark.parametrize("violation", RATES_VIOLATIONS)
@PLANTED
@given(data=st.data())
def test_a_violation_planted_in_valid_rates_is_refused_at_its_line(case_dir, violation, data):
    good = data.draw(rates_files(data.draw(valid_rates())))
    k = data.draw(st.sampled_from([i for i, r in enumerate(good.records)
                                   if any(map(str.strip, r))]))
    bad, index, column, why = RATES_VIOLATIONS[violation](data, good, k)
    err = refused(case_dir, "rates.csv", bad.bytes(), why)
    assert err.line == bad.line_of(index), f"{why}: {err}"
    assert err.column in column if isinstance(column, set) else err.column == column, str(err)
    assert rates_verdict(bad.bytes())[0] in (INVALID, UNSURE)


# --- import_stats.csv ---------------------------------------------------------------------

years = st.lists(st.integers(1950, 2050), min_size=1, max_size=6, unique=True)
WHOLE_STYLES = [str, lambda n: f"{n:,}", lambda n: f" {n} "]


@FUZZ
@given(data=st.data(), years=years)
def test_valid_import_stats_load_with_the_values_they_hold(case_dir, data, years):
    rows = [(y, data.draw(st.integers(0, 10**12)), data.draw(st.integers(0, 10**12)))
            for y in years]
    records = [[str(y), data.draw(st.sampled_from(WHOLE_STYLES))(v),
                data.draw(st.sampled_from(WHOLE_STYLES + [lambda n: f"${n:,}"]))(u)]
               for y, v, u in rows]
    content = CsvFile(STATS_COLUMNS, records, data.draw(newlines), data.draw(st.booleans()),
                      data.draw(st.booleans())).bytes()
    assert loaded_stats(loaded(case_dir, "import_stats.csv", content)) == sorted(rows)
    assert stats_verdict(content) == (VALID, sorted(rows))


NOT_WHOLE = ["1,000.5", "6.1E+07", "1,5", "", "1000.0", "12kg", "١٢"]
STATS_VIOLATIONS = {  # (column, bad values)
    "year not a whole number": ("year", NOT_WHOLE + ["2023.5", "MMXXIII"]),
    "year implausible": ("year", ["0", "1492", "1799", "2201", "20233", "99999"]),
    "year negative": ("year", ["-2023"]),
    "volume not a whole number": ("volume_kg", NOT_WHOLE),
    "volume negative": ("volume_kg", ["-1000", "-1"]),
    "value not a whole number": ("value_usd", NOT_WHOLE + ["$1,000.00", "USD 5"]),
    "value negative": ("value_usd", ["-1000", "-$1000", "$-1000"]),
}


@pytest.mark.parametrize("violation", [*STATS_VIOLATIONS, "year twice"])
@PLANTED
@given(data=st.data(), years=years)
def test_a_violation_planted_in_valid_import_stats_is_refused_at_its_line(case_dir, violation,
                                                                          data, years):
    records = [[str(y), "1000", "$2,500"] for y in years]
    k = data.draw(st.integers(0, len(records) - 1))
    if violation == "year twice":
        records.insert(k + 1, [records[k][0], "1", "1"])
        k, column = k + 1, "year"
    else:
        column, values = STATS_VIOLATIONS[violation]
        records[k][STATS_COLUMNS.index(column)] = data.draw(st.sampled_from(values))
    bad = CsvFile(STATS_COLUMNS, records, data.draw(newlines))
    err = refused(case_dir, "import_stats.csv", bad.bytes(), f"row {k}: {violation}")
    assert (err.line, err.column) == (bad.line_of(k), column), str(err)
    assert stats_verdict(bad.bytes())[0] == INVALID


# --- case.toml ----------------------------------------------------------------------------

def fixture_toml(case_dir) -> tuple[list[str], dict[int, tuple[str, str]], dict]:
    lines = (case_dir / "case.toml").read_text("utf-8").splitlines()
    return lines, toml_keys(lines), tomllib.loads("\n".join(lines))


OPTIONAL_KEYS = {("", "country_long"), ("", "companion_cvd_case"), ("fallback", "case_number"),
                 ("fallback", "note")}
OTHER_KIND = {  # a value of another TOML type, by the key's type
    "text": ["1", "93.50", "true", "2025-07-17", '["x"]', "{ a = 1 }"],
    "number": ['"150.00"', "true", "2025-07-17", "[150]", '"93.50%"'],
    "date": ['"2025-07-17"', "20250717", "10:00:00", '["2025-07-17"]'],
    "list": ['"3801.10.5000"', "3801.10", "true", "{ a = 1 }"],
}
TOML_VIOLATIONS = {  # which keys (table, key, type) it applies to, and the values
    "value of another type": (lambda t, k, kind: True, None),
    "rate negative": (lambda t, k, kind: k.endswith("_pct"), ["-0.01", "-1", "-1e-9"]),
    "rate not a number": (lambda t, k, kind: k.endswith("_pct"), ["nan", "inf", "-inf"]),
    "rate above 10,000": (lambda t, k, kind: k.endswith("_pct"), ["10000.01", "1e6"]),
    "control or invisible character": (
        lambda t, k, kind: kind == "text",
        ['"x\\u0007y"', '"\\u200bx"', '"x\\ty"', '"\\u0000"', '"x\\u2028y"']),
    "case number unlike A-570-194": (
        lambda t, k, kind: (t, k) == ("", "case_number"),
        ['"A-570-19"', '"A-570-1944"', '"../x"', '"A570194"', '"570-194"', '"A-570-194-001"']),
    "fallback case number unlike A-570-194-000": (
        lambda t, k, kind: (t, k) == ("fallback", "case_number"),
        ['"A-570-999"', '"A570999000"', '"A-570-999-0000"']),
    "HTS not texts": (lambda t, k, kind: kind == "list", ['["3801.10.5000", 1]', "[1]"]),
}


@pytest.mark.parametrize("violation", TOML_VIOLATIONS)
@PLANTED
@given(data=st.data())
def test_a_violation_planted_in_case_toml_is_refused_at_its_line(case_dir, violation, data):
    lines, keys, original = fixture_toml(case_dir)
    applies, values = TOML_VIOLATIONS[violation]
    kind_of = {i: toml_kind(original[t][k] if t else original[k]) for i, (t, k) in keys.items()}
    i = data.draw(st.sampled_from([i for i, (t, k) in sorted(keys.items())
                                   if applies(t, k, kind_of[i])]))
    table, key = keys[i]
    value = data.draw(st.sampled_from(values or OTHER_KIND[kind_of[i]]))
    lines[i] = f"{key} = {value}"
    name = f"{table}.{key}" if table else key
    err = refused(case_dir, "case.toml", "\n".join(lines).encode("utf-8"), f"{name} = {value}")
    if not (name == "determination" and value.startswith("[")):  # a list: the timeline form,
        assert (err.line, err.column) == (i + 1, name), str(err)  # refused for its other keys


@PLANTED
@given(data=st.data())
def test_case_toml_without_a_required_key_is_refused(case_dir, data):
    lines, keys, _ = fixture_toml(case_dir)
    i = data.draw(st.sampled_from([i for i, k in sorted(keys.items())
                                   if k not in OPTIONAL_KEYS]))
    refused(case_dir, "case.toml", "\n".join(lines[:i] + lines[i + 1:]).encode("utf-8"),
            f"{keys[i]} is missing")


@PLANTED
@given(data=st.data(), line=st.sampled_from(["[fallback]", "x = 1", "import_stats = 1",
                                             "fallback = 2", "[[hts]]", "hts = []",
                                             'product = "again"', 'fallback.x = "y"']))
def test_case_toml_with_an_unknown_or_repeated_key_is_refused(case_dir, data, line):
    lines, _, _ = fixture_toml(case_dir)
    lines.insert(data.draw(st.integers(0, len(lines))), line)
    refused(case_dir, "case.toml", "\n".join(lines).encode("utf-8"), f"it has {line!r} added")


toml_value = st.one_of(
    st.text(max_size=30).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["1", "-1", "1e400", "-1e400", "nan", "inf", "true", "2025-07-17",
                     "2025-07-17T10:00:00", "10:00:00", "[]", "[1, 2]", '["a", 1]', '["a", "b"]',
                     "{}", '{ a = 1 }', '""', '"  "', '"A-570-194"', '"A-570-194-001"', '"../x"',
                     "150.00", "1e6", "10000", "10000.01", "0", "-0.01", '"\\u0000"',
                     '"\\u200b x"', "[[1]]", '"Valid text"']),
    st.text(max_size=20))


@FUZZ
@given(data=st.data())
def test_case_toml_with_values_replaced_is_judged_by_the_contract(case_dir, data):
    """Values of the right type and form load as they are; the others are refused."""
    lines, keys, original = fixture_toml(case_dir)
    replaced = {}
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from(sorted(keys)))
        replaced[keys[i]] = data.draw(toml_value)
        lines[i] = f"{keys[i][1]} = {replaced[keys[i]]}"
    verdicts = {(t, k): toml_value_verdict(t, k, original[t][k] if t else original[k], text)
                for (t, k), text in replaced.items()}
    content = "\n".join(lines).encode("utf-8")
    kind = worst(v for v, _ in verdicts.values())
    note(f"{verdicts}")
    event(f"verdict: {kind}")
    if kind == INVALID:
        refused(case_dir, "case.toml", content, f"a value breaks the contract: {verdicts}")
    elif kind == VALID:
        case = loaded(case_dir, "case.toml", content)
        for (table, key), (_, value) in verdicts.items():
            got = loaded_toml_value(case, table, key)
            assert got == (Decimal(repr(value)) if isinstance(got, Decimal) else value), key
    else:
        load_with(case_dir, "case.toml", content)


@FUZZ
@given(content=st.binary(max_size=400))
def test_random_bytes_as_case_toml_are_refused(case_dir, content):
    text = decode(content)
    try:
        parsed = tomllib.loads(text) if text is not None else None
    except tomllib.TOMLDecodeError:
        parsed = None
    if parsed is None or "fallback" not in parsed or "case_number" not in parsed:
        refused(case_dir, "case.toml", content, "it is not a case")
    else:
        load_with(case_dir, "case.toml", content)


# --- Anything else: as the contract says, never a traceback --------------------------------

CSV_CHARS = ',"\r\n \t;|%$.-+=@*?~0123456789eEaAnNfIé€Σς北\x00\x1b\u00a0\u200b\ufeff'
csv_text = st.text(st.sampled_from(CSV_CHARS), max_size=200)
encodings = st.sampled_from(["utf-8", "bom", "cp1252", "utf-16", "latin-1"])
field = st.one_of(csv_text, st.sampled_from(["", " ", "93.50", "93.50%", "0", "10000", "1e3",
                                             "NaN", "-Infinity", "-0", ".5", "5.", "A-570-999-001",
                                             "=1+1", "x" * 40_000, "1,234", "٣", "-1", "-93.50",
                                             "10000.01", "Alpha Co.", "ALPHA  co.", "2023",
                                             "$1,234", "84,290,595"]))


def encoded(text: str, how: str) -> bytes:
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(how, errors="replace")


def quoted(columns: list[str], rows: list[list[str]]) -> bytes:
    """The header, then each row with every field quoted as CSV quotes it."""
    lines = [",".join(columns)] + [",".join('"' + f.replace('"', '""') + '"' for f in row)
                                   for row in rows]
    return "\n".join(lines).encode("utf-8")


def judged(case_dir, name: str, content: bytes) -> None:
    verdict, expected = {"rates.csv": (rates_verdict, loaded_rates),
                         "import_stats.csv": (stats_verdict, loaded_stats)}[name]
    check_verdict(case_dir, name, content, verdict(content), expected)


CSV_FILES = {"rates.csv": RATES_COLUMNS, "import_stats.csv": STATS_COLUMNS}


@pytest.mark.parametrize("name", CSV_FILES)
@FUZZ
@given(content=st.binary(max_size=400))
def test_random_bytes_as_a_csv_file_are_judged_by_the_contract(case_dir, name, content):
    judged(case_dir, name, content)


@pytest.mark.parametrize("name", CSV_FILES)
@FUZZ
@given(body=csv_text, how=encodings, header=st.booleans(), newline=newlines)
def test_random_text_as_a_csv_file_is_judged_by_the_contract(case_dir, name, body, how, header,
                                                             newline):
    judged(case_dir, name, encoded((",".join(CSV_FILES[name]) + newline) * header + body, how))


NAME_TEXTS = ["Alpha Co.", "ALPHA  co.", " Alpha Co. ", "Alpha|Co.", "Alpha\u00a0Co.",
              "Alpha\u200bCo.", "Alpha\tCo.", "Alpha\nCo.", " ", "", "Alpha Coſ", "Alpha Cos",
              "Alpha Cı", "Alpha Ci", "=Alpha", "*?~"]
RATE_TEXTS = ["93.50", "93.5", "93.50%", " 93.50 ", "0", "10000", "10000.01", "-1", "-0.5",
              "1e3", "NaN", "Infinity", "93,50", ".5", "5.", "", "٣", "93.50%%"]
name_field = st.one_of(name_text, st.sampled_from(NAME_TEXTS), field)
rate_field = st.one_of(percent.map(str), st.sampled_from(RATE_TEXTS), field)
mixed_rates_row = st.tuples(name_field, name_field, rate_field, rate_field,
                            st.one_of(case_number, field)).map(list)


WHOLE_TEXTS = ["2023", "1000", "84,290,595", "$347,108,288", "0", "-1", "1,000.5", "6.1E+07",
               "1,5", "", "1899", "2201", "99999", "$2023", "2,023"]
mixed_stats_row = st.tuples(
    st.one_of(st.integers(1950, 2050).map(str), st.sampled_from(WHOLE_TEXTS), field),
    st.one_of(st.integers(0, 10**12).map(str), st.sampled_from(WHOLE_TEXTS), field),
    st.one_of(st.integers(0, 10**12).map(lambda n: f"${n:,}"), st.sampled_from(WHOLE_TEXTS),
              field)).map(list)


ROWS = {"rates.csv": mixed_rates_row, "import_stats.csv": mixed_stats_row}


@pytest.mark.parametrize("name", CSV_FILES)
@FUZZ
@given(data=st.data())
def test_good_bad_and_random_rows_are_judged_by_the_contract(case_dir, name, data):
    """Rows of fields that are valid, invalid in one way the docs name, or random text."""
    rows = data.draw(st.lists(st.one_of(ROWS[name], st.lists(field, min_size=3, max_size=6)),
                              min_size=1, max_size=6))
    judged(case_dir, name, quoted(CSV_FILES[name], rows))
