"""Third-country case numbers kept in the data (issue 18, item 4): a determination's
`third_country_rates` file is read and checked (file, line, column), and the rates sheet lists
its rows in a block below the table, never as rates. Expected values are the fixture's own
text, typed here by hand; every rate differs."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.errors import InputError
from generator.sheets.rates import THIRD_COUNTRY_TITLE, read_rates_sheet
from generator.kinds import CVD
from tests.conftest import FIXTURES

THIRD = ("country,company,cash_deposit_pct,case_number\n"
         "Vietnam,Kyushu Graphite Co.,4.45,C-552-902-001\n"
         "Vietnam,All Others,5.56,C-552-902-000\n")


def case_with(tmp_path: Path, text: str = THIRD, key: str = 'third_country_rates = '
              '"cvd-third.csv"\n') -> Path:
    """tests/fixtures/ad_companies with a third-country file named by its CVD determination."""
    folder = tmp_path / "case"
    shutil.copytree(FIXTURES / "ad_companies", folder)
    toml = folder / "case.toml"
    toml.write_text(toml.read_text().replace('rates = "cvd-preliminary.csv"\n',
                                             'rates = "cvd-preliminary.csv"\n' + key))
    (folder / "cvd-third.csv").write_text(text)
    return folder


def test_the_loader_keeps_the_rows_with_their_country(tmp_path):
    case = load_case(case_with(tmp_path))
    det = case.cvd.determinations[0]
    assert det.third_country_file == "cvd-third.csv"
    assert [(r.country, r.company, r.cash_deposit_pct, r.case_number)
            for r in det.third_country] == [
        ("Vietnam", "Kyushu Graphite Co.", Decimal("4.45"), "C-552-902-001"),
        ("Vietnam", "All Others", Decimal("5.56"), "C-552-902-000")]
    assert "cvd-third.csv" in case.data_files   # in the fingerprint
    # not priced: the CVD table still holds Kyushu at 4.44 and All Others at 5.55
    assert det.table.fallback.cash_deposit_pct == Decimal("5.55")
    assert [r.cash_deposit_pct for r in det.table.rates] == [Decimal("4.44")]


@pytest.mark.parametrize("text, line, column, words", [
    ("country,company,cash_deposit_pct\nVietnam,X,1.00\n", 1, None, "missing column"),
    ("country,company,cash_deposit_pct,case_number\nVietnam,X,1.00,\n", 2, "case_number",
     "blank"),
    ("country,company,cash_deposit_pct,case_number\nVietnam,X,1.00,C-552-9\n", 2,
     "case_number", "not a 10-digit case number"),
    ("country,company,cash_deposit_pct,case_number\nVietnam,X,abc,C-552-902-001\n", 2,
     "cash_deposit_pct", "not a number"),
    ("country,company,cash_deposit_pct,case_number\n,X,1.00,C-552-902-001\n", 2, "country",
     "blank name"),
    ("country,company,cash_deposit_pct,case_number\nVietnam,X,1.00,C-552-902-001\n"
     "vietnam, x ,2.00,C-552-902-002\n", 3, "company", "listed again (first on line 2"),
    ("country,company,cash_deposit_pct,case_number\n", None, None, "no third-country rows"),
])
def test_a_bad_file_is_refused_naming_file_line_and_column(tmp_path, text, line, column,
                                                            words):
    folder = case_with(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_case(folder)
    assert err.value.path == folder / "cvd-third.csv"
    assert (err.value.line, err.value.column) == (line, column)
    assert words in err.value.message


def test_the_key_needs_a_file_and_rates(tmp_path):
    folder = case_with(tmp_path)
    (folder / "cvd-third.csv").unlink()
    with pytest.raises(InputError, match="file not found .*third_country_rates"):
        load_case(folder)
    folder = case_with(tmp_path / "2", key='third_country_rates = 3\n')
    with pytest.raises(InputError, match="third_country_rates' has the wrong type"):
        load_case(folder)
    folder = case_with(tmp_path / "3")
    toml = folder / "case.toml"
    toml.write_text(toml.read_text() + '\n[[cvd.determination]]\nname = "Ended"\n'
                    'effective = 2025-09-01\nthird_country_rates = "cvd-third.csv"\n')
    with pytest.raises(InputError, match="belongs to a determination with rates") as err:
        load_case(folder)
    assert err.value.column == "cvd.determination[2].third_country_rates"
    lines = toml.read_text().splitlines()
    assert err.value.line == len(lines)   # the key on the last line


def test_the_rates_sheet_lists_them_below_the_table_and_never_reads_them_back(tmp_path):
    folder = case_with(tmp_path)
    out = tmp_path / "book.xlsx"
    build_workbook(folder, out, rows=3)
    sheet = openpyxl.load_workbook(out)["CVD Rates"]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    title = next(i for i, row in enumerate(rows) if row[0] == THIRD_COUNTRY_TITLE)
    table = next(i for i, row in enumerate(rows) if row[0] == "No.")
    assert rows[table + 1][:5] == [1, "Preliminary Determination", "Kyushu Graphite Co.",
                                   pytest.approx(0.0444), "C-588-902-001"]
    assert title == table + 3   # the table's one row, then a blank row
    assert rows[title + 1][1:5] == ["Determination", "Third Country: Company",
                                    "Cash Deposit Rate (%)", "Case Number"]
    assert rows[title + 2][:5] == [None, "Preliminary Determination",
                                   "Vietnam: Kyushu Graphite Co.", pytest.approx(0.0445),
                                   "C-552-902-001"]
    assert rows[title + 3][:5] == [None, "Preliminary Determination", "Vietnam: All Others",
                                   pytest.approx(0.0556), "C-552-902-000"]
    assert sheet.print_area.endswith(f"$E${title + 4}")   # printed too
    fallbacks, rates, _ = read_rates_sheet(openpyxl.load_workbook(out, read_only=True), CVD)
    assert [(r.company, r.cash_deposit_pct) for r in rates[1]] == [
        ("Kyushu Graphite Co.", Decimal("4.44"))]
    assert fallbacks[1].cash_deposit_pct == Decimal("5.55")


def test_without_the_key_the_sheet_has_no_block(tmp_path):
    out = tmp_path / "book.xlsx"
    build_workbook(FIXTURES / "ad_companies", out, rows=3)
    book = openpyxl.load_workbook(out)
    for name in ("AD Rates", "CVD Rates"):
        assert not any(THIRD_COUNTRY_TITLE in str(v) for row in book[name].iter_rows(
            values_only=True) for v in row)
