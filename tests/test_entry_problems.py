"""Every problem of an --entries file in one run (file, line or cell, column, why; at most 50,
then how many more), negative amounts refused, a missing value kept without a deposit, and a
CSV in Windows-1252 read as Excel writes it.

Deposits are worked by hand from tests/fixtures/distinct/rates.csv: Zeta Co./Zeta Co. 8.80%,
Alpha Trading/Gamma Graphite 24.50%, Beta (Shenzhen)/Alpha Trading 32.10%, the China-Wide
Entity 149.50%."""

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.carry import read_entries
from generator.cli import main
from generator.entries import Entry
from generator.errors import InputError, InputErrors
from generator.templates import sheet_template
from tests.conftest import FIXTURES

ENTRIES = FIXTURES / "entries"
ZETA = "Zeta Co."


def problems(err) -> list[tuple]:
    return [(p.path.name, p.line, p.column, p.message) for p in err.problems]


def test_every_bad_line_of_a_broker_file_is_reported_in_one_run(tmp_path, distinct_case):
    with pytest.raises(InputErrors) as err:
        build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=ENTRIES / "bad-lines.csv")
    assert problems(err.value) == [
        ("bad-lines.csv", 3, "Entry Date", "'2026-02-30' is not a date (YYYY-MM-DD or "
                                           "MM/DD/YYYY)"),
        ("bad-lines.csv", 4, "Line Value", "'about 900' is not an amount (such as 1234.56, "
                                           "$1,234.56)"),
        ("bad-lines.csv", 5, "Line Value", "-250 is negative: a value or quantity is zero or "
                                           "more"),
        ("bad-lines.csv", 6, "Qty", "-3 is negative: a value or quantity is zero or more"),
        ("bad-lines.csv", 7, None, "7 fields where the header has 6 (a comma inside a value "
                                   "needs quotes)"),
        ("bad-lines.csv", 9, "Line Value", "'12.5.0' is not an amount (such as 1234.56, "
                                           "$1,234.56)"),
    ]
    assert str(err.value).startswith(f"{ENTRIES / 'bad-lines.csv'}: 6 problems; fix them")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_prints_every_problem_and_writes_nothing(tmp_path, distinct_case, capsys):
    out = tmp_path / "o.xlsx"
    assert main(["build", "--data", str(distinct_case), "--entries",
                 str(ENTRIES / "bad-lines.csv"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"\n  {ENTRIES / 'bad-lines.csv'}, line 4, column 'Line Value': 'about 900'" in err
    assert err.count("bad-lines.csv, line") == 6 and err.endswith("Nothing was written.\n")
    assert not out.exists()


def test_fifty_problems_are_listed_then_how_many_more(tmp_path):
    lines = ["Exporter,Producer,Entered Value"] + [f"X,Y,bad{i}" for i in range(57)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputErrors) as err:
        read_entries(path)
    assert len(err.value.problems) == 57
    listed = str(err.value).splitlines()
    assert listed[0].endswith("57 problems; fix them and build again:")
    assert listed[1].endswith("line 2, column 'Entered Value': 'bad0' is not an amount "
                              "(such as 1234.56, $1,234.56)")
    assert listed[50].endswith("line 51, column 'Entered Value': 'bad49' is not an amount "
                               "(such as 1234.56, $1,234.56)")
    assert listed[51:] == ["  and 7 more"]


def set_cells(path, cells: dict[tuple[int, str], object]):
    """Type values into the Entries sheet of a workbook this tool made: {(entry, key): value},
    entry 0 on the first data row."""
    layout = sheet_template("entries", cvd=False)
    book = openpyxl.load_workbook(path)
    for (entry, key), value in cells.items():
        book[layout.name].cell(layout.first_data_row + entry, layout[key].index + 1, value)
    book.save(path)


def test_every_bad_cell_of_a_carried_workbook_is_reported(tmp_path, distinct_case):
    entries = [Entry(f"E-{i}", dt.date(2026, 2, 1), None, ZETA, ZETA, entered_value=100.0)
               for i in range(3)]
    old = build_workbook(distinct_case, tmp_path / "old.xlsx", entries=entries, rows=5).path
    set_cells(old, {(0, "entered_value"): "a lot", (1, "quantity_kg"): -2,
                    (2, "entered_value"): -100})
    with pytest.raises(InputErrors) as err:
        read_entries(old)
    layout = sheet_template("entries", cvd=False)
    row, value, kg = (layout.first_data_row, layout["entered_value"].letter,
                      layout["quantity_kg"].letter)
    assert [p.message for p in err.value.problems] == [
        f"sheet 'Entries', cell {value}{row} (Entered Value (USD)): 'a lot' is not an amount",
        f"sheet 'Entries', cell {kg}{row + 1} (Quantity (kg)): -2 is negative: a value or "
        "quantity is zero or more",
        f"sheet 'Entries', cell {value}{row + 2} (Entered Value (USD)): -100 is negative: a "
        "value or quantity is zero or more"]


def test_problems_of_several_files_come_in_one_run(tmp_path, distinct_case):
    missing = tmp_path / "missing.csv"
    with pytest.raises(InputErrors) as err:
        build_workbook(distinct_case, tmp_path / "o.xlsx",
                       entries_from=[ENTRIES / "bad-lines.csv", missing])
    assert [(p.path.name, p.line) for p in err.value.problems] == [
        ("bad-lines.csv", 3), ("bad-lines.csv", 4), ("bad-lines.csv", 5),
        ("bad-lines.csv", 6), ("bad-lines.csv", 7), ("bad-lines.csv", 9),
        ("missing.csv", None)]
    assert err.value.problems[-1].message == "file not found"
    assert str(err.value).startswith("7 problems; fix them and build again:")


def test_a_negative_value_given_from_python_is_refused(tmp_path, distinct_case):
    entry = Entry("E-1", None, None, ZETA, ZETA, entered_value=100.0, subject_value=-5.0)
    with pytest.raises(InputError) as err:
        build_workbook(distinct_case, tmp_path / "o.xlsx", entries=[entry])
    assert (err.value.column, err.value.message) == (
        "subject_value", "-5 is negative: a value or quantity is zero or more")


def test_zero_is_a_value(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text("Exporter,Producer,Entered Value,Quantity\nX,Y,0.00,0\n", "utf-8")
    assert read_entries(path).entries == [Entry(exporter="X", producer="Y", entered_value=0.0,
                                                quantity_kg=0.0)]


# --- a missing value -------------------------------------------------------------------------

MISSING = ("Entry No.,Exporter,Manufacturer,Line Value\n"
           "M-1,Zeta Co.,Zeta Co.,1000\n"
           "M-2,Zeta Co.,Zeta Co.,\n"
           '"M-3","Alpha Trading Co., Ltd.","Gamma Graphite Co., Ltd.",\n')


def test_an_entry_without_a_value_is_kept_with_a_blank_deposit(tmp_path, distinct_case):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING, "utf-8")
    result = build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=path)
    assert [e.entry_number for e in result.carried.entries] == ["M-1", "M-2", "M-3"]
    assert [r.ad.deposit for r in result.results[:3]] == [88.0, "", ""]   # 1000 x 8.80%
    assert [r.ad.rate for r in result.results[:3]] == [0.088, 0.088, 0.245]
    assert [r.ad.basis for r in result.results[:3]] == [
        "Listed combination", "Listed combination; no value: no deposit computed",
        "Listed combination; no value: no deposit computed"]
    sheet = openpyxl.load_workbook(result.path, data_only=True)["Entries"]
    layout = sheet_template("entries", cvd=False)
    cached = [sheet.cell(layout.first_data_row + i, layout["ad_deposit"].index + 1).value
              for i in range(3)]
    assert cached[0] == 88.0 and cached[1] in ("", None) and cached[2] in ("", None)


def test_the_summary_counts_entries_without_a_value_apart_from_the_money(tmp_path,
                                                                         distinct_case, capsys):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING, "utf-8")
    assert main(["build", "--data", str(distinct_case), "--entries", str(path),
                 "--out", str(tmp_path / "o.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "3 entries (2 entries without a value: no deposit computed) in 500 rows" in out
    assert "estimated deposit $88.00" in out   # M-1 only: 1000 x 8.80%


# --- Windows-1252 ----------------------------------------------------------------------------

def test_a_windows_1252_csv_is_read_as_excel_wrote_it(tmp_path, distinct_case):
    result = build_workbook(distinct_case, tmp_path / "o.xlsx",
                            entries_from=ENTRIES / "windows-1252.csv")
    assert [(e.exporter, e.producer) for e in result.carried.entries] == [
        ("Société Générale de Graphite", ZETA), (ZETA, ZETA),
        ("Ünïcode Ørsted ÅS", "Müller Graphit GmbH")]
    # 1,000 x 149.50% (Société is listed, with another producer); 500 x 8.80%; 100 x 149.50%
    assert [r.ad.deposit for r in result.results[:3]] == [1495.0, 44.0, 149.5]
    assert result.results[0].ad.basis == ("China-Wide Entity: exporter listed with other "
                                          "producers only")
    assert result.carried.summary_lines() == [
        "windows-1252.csv is not UTF-8: read as Windows-1252 (Excel's \"CSV (Comma "
        "delimited)\"); check the names with accented letters: Société Générale de Graphite, "
        "Ünïcode Ørsted ÅS, Müller Graphit GmbH"]


def test_the_cli_says_in_one_line_that_the_file_was_read_as_windows_1252(tmp_path,
                                                                          distinct_case,
                                                                          capsys):
    assert main(["build", "--data", str(distinct_case), "--entries",
                 str(ENTRIES / "windows-1252.csv"), "--out", str(tmp_path / "o.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum("Windows-1252" in line for line in out) == 1


def test_utf8_is_still_read_as_utf8(tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_bytes("Exporter,Producer,Entered Value\nSociété,Zeta Co.,1\n".encode("utf-8"))
    imported = read_entries(path)
    assert imported.entries[0].exporter == "Société" and imported.notes == []


def test_a_file_neither_utf8_nor_windows_1252_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_bytes(b"Exporter,Producer,Entered Value\nA\x81B,Zeta Co.,1\n")  # 0x81: unused
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_entries(path)
