"""Fuzzing the case loaders: whatever bytes or text the three data files hold, load_case either
returns a case or raises InputError (a message for the analyst), never another exception."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.case import load_case
from generator.errors import InputError

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
RATES_HEADER = "exporter,producer,margin_pct,cash_deposit_pct,case_number"
STATS_HEADER = "year,volume_kg,value_usd"
CSV_CHARS = ',"\r\n \t;|%$.-+=@*?~0123456789eEaAnNfIé€Σς北\x00\x1b\u00a0\u200b\ufeff'


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    from tests.conftest import FIXTURES
    folder = tmp_path_factory.mktemp("fuzz") / "case"
    shutil.copytree(FIXTURES / "distinct", folder)
    return folder


def loads_or_refuses(folder, name: str, content: bytes) -> None:
    original = (folder / name).read_bytes()
    (folder / name).write_bytes(content)
    try:
        load_case(folder)
    except InputError as err:
        assert str(err).startswith(str(folder / name)), str(err)
        assert err.message
    finally:
        (folder / name).write_bytes(original)


def encoded(text: str, how: str) -> bytes:
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(how, errors="replace")


csv_text = st.text(st.sampled_from(CSV_CHARS), max_size=200)
encodings = st.sampled_from(["utf-8", "bom", "cp1252", "utf-16", "latin-1"])


@FUZZ
@given(content=st.binary(max_size=400))
def test_random_bytes_as_rates_csv_are_loaded_or_refused(case_dir, content):
    loads_or_refuses(case_dir, "rates.csv", content)


@FUZZ
@given(body=csv_text, how=encodings, header=st.booleans())
def test_random_csv_text_as_rates_csv_is_loaded_or_refused(case_dir, body, how, header):
    loads_or_refuses(case_dir, "rates.csv", encoded((RATES_HEADER + "\r\n") * header + body, how))


field = st.one_of(csv_text, st.sampled_from(["", " ", "93.50", "93.50%", "0", "10000", "1e3",
                                             "NaN", "-Infinity", "-0", ".5", "5.", "A-570-999-001",
                                             "=1+1", "x" * 40_000, "1,234", "٣"]))


def quoted_lines(header: str, rows: list[list[str]]) -> list[str]:
    """The header, then each row with every field quoted as CSV quotes it."""
    return [header] + [",".join('"' + f.replace('"', '""') + '"' for f in row) for row in rows]


@FUZZ
@given(rows=st.lists(st.lists(field, min_size=3, max_size=6), max_size=6))
def test_random_rows_in_rates_csv_are_loaded_or_refused(case_dir, rows):
    lines = quoted_lines(RATES_HEADER, rows)
    loads_or_refuses(case_dir, "rates.csv", "\n".join(lines).encode("utf-8"))


@FUZZ
@given(body=csv_text, how=encodings, header=st.booleans())
def test_random_text_as_import_stats_is_loaded_or_refused(case_dir, body, how, header):
    loads_or_refuses(case_dir, "import_stats.csv",
                     encoded((STATS_HEADER + "\n") * header + body, how))


@FUZZ
@given(rows=st.lists(st.lists(field, min_size=3, max_size=3), max_size=5))
def test_random_rows_in_import_stats_are_loaded_or_refused(case_dir, rows):
    lines = quoted_lines(STATS_HEADER, rows)
    loads_or_refuses(case_dir, "import_stats.csv", "\n".join(lines).encode("utf-8"))


@FUZZ
@given(content=st.binary(max_size=400))
def test_random_bytes_as_case_toml_are_loaded_or_refused(case_dir, content):
    loads_or_refuses(case_dir, "case.toml", content)


toml_value = st.one_of(
    st.text(max_size=30).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["1", "-1", "1e400", "nan", "inf", "true", "2025-07-17", "2025-07-17T10:00:00",
                     "10:00:00", "[]", "[1, 2]", '["a", 1]', "{}", '{ a = 1 }', '""', '"  "',
                     '"A-570-194"', '"../x"', "150.00", "1e6", '"\\u0000"', "[[1]]"]),
    st.text(max_size=20))


@FUZZ
@given(data=st.data())
def test_case_toml_with_a_value_replaced_is_loaded_or_refused(case_dir, data):
    lines = (case_dir / "case.toml").read_text("utf-8").splitlines()
    keyed = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("#")]
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from(keyed))
        key = lines[i].split("=")[0]
        lines[i] = f"{key}= {data.draw(toml_value)}"
    if data.draw(st.booleans()):
        lines.insert(data.draw(st.integers(0, len(lines))),
                     data.draw(st.sampled_from(["[fallback]", "[import_stats]", "x = 1",
                                                "import_stats = 1", "fallback = 2", "[[hts]]"])))
    loads_or_refuses(case_dir, "case.toml", "\n".join(lines).encode("utf-8"))
