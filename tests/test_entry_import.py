"""Reading entries: broker CSV files, earlier workbook layouts, and files that must be refused."""

import datetime as dt
import hashlib
import os
import zipfile

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
import pytest

from generator import build_workbook
from generator.cli import main
from generator.entries import Entry
from generator.carry import read_entries
from generator.errors import InputError
from tests.entry_cases import USER_ENTRIES


def write_csv(tmp_path, text, name="broker.csv"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_csv_dates_in_iso_and_us_format_are_read_as_dates(tmp_path):
    path = write_csv(tmp_path, "entry_date,exporter,producer,entered_value\n2026-02-01,X,Y,1\n"
                               "02/03/2026,X,Y,1\n2/3/2026,X,Y,1\n2026-02-01 13:45,X,Y,1\n")
    assert [e.entry_date for e in read_entries(path).entries] == [
        dt.date(2026, 2, 1), dt.date(2026, 2, 3), dt.date(2026, 2, 3),
        dt.datetime(2026, 2, 1, 13, 45)]


def test_csv_amounts_may_have_dollar_signs_and_thousands_commas(tmp_path):
    path = write_csv(tmp_path, 'exporter,producer,entered_value,quantity_kg\n'
                               'X,Y,"$1,234.56","1,500"\nX,Y,$0.50,12 kg\nX,Y,1000,\n')
    assert [(e.entered_value, e.quantity_kg) for e in read_entries(path).entries] == [
        (1234.56, 1500.0), (0.5, 12.0), (1000.0, None)]


def test_csv_headers_match_ignoring_case_spaces_and_order(tmp_path):
    path = write_csv(tmp_path, "QUANTITY (KG), entered_value ,Producer,EXPORTER,hts,"
                               "Entry  Date,entry number\n"
                               "5,10,Zeta Co.,Zeta Co.,3801.10.5000,2026-01-02,E-1\n")
    imported = read_entries(path)
    assert imported.entries == [Entry("E-1", dt.date(2026, 1, 2), "3801.10.5000", "Zeta Co.",
                                      "Zeta Co.", entered_value=10.0, quantity_kg=5.0)]
    assert imported.warnings == []


def test_csv_text_is_kept_exactly(tmp_path):
    path = write_csv(tmp_path, 'entry_number,exporter,producer,entered_value\n'
                               '\'0123,"=Formula Looking Co.","O\'Brien & Sons ""Carbon"" Ltd.",1\n'
                               '0042,"  Alpha  Trading ",北京石墨有限公司,1\n')
    assert [(e.entry_number, e.exporter, e.producer) for e in read_entries(path).entries] == [
        ("'0123", "=Formula Looking Co.", 'O\'Brien & Sons "Carbon" Ltd.'),
        ("0042", "  Alpha  Trading ", "北京石墨有限公司")]


def test_csv_unknown_columns_are_reported(tmp_path):
    path = write_csv(tmp_path, "entry_number,Broker Ref,exporter,Notes,producer,entered_value\n"
                               "A,77,Zeta Co.,x,Zeta Co.,5\n")
    imported = read_entries(path)
    assert imported.entries == [Entry("A", exporter="Zeta Co.", producer="Zeta Co.",
                                      entered_value=5.0)]
    assert len(imported.warnings) == 1
    assert "'Broker Ref', 'Notes'" in imported.warnings[0]


def test_csv_with_excel_bom_and_semicolons_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffEntry Number;Exporter;Producer;Entered Value (USD)\r\nA;X;Y;12.5\r\n"
                     .encode("utf-8"))
    assert read_entries(path).entries == [Entry("A", exporter="X", producer="Y",
                                                entered_value=12.5)]


def test_csv_blank_lines_are_dropped(tmp_path):
    path = write_csv(tmp_path, "entry_number,exporter,producer,entered_value\nA,X,Y,1\n,,,\n\n"
                               "B,X,Y,1\n")
    assert [e.entry_number for e in read_entries(path).entries] == ["A", "B"]


@pytest.mark.parametrize("text, column", [
    ("entry_date,exporter,producer,entered_value\n13/01/2026,X,Y,1\n", "entry_date"),
    ("entry_date,exporter,producer,entered_value\n01/02/26,X,Y,1\n", "entry_date"),
    ("entry_date,exporter,producer,entered_value\n,X,Y,12 USD each\n", "entered_value"),
])
def test_csv_bad_date_or_amount_names_the_line_and_column(tmp_path, text, column):
    with pytest.raises(InputError) as err:
        read_entries(write_csv(tmp_path, text))
    assert (err.value.line, err.value.column) == (2, column)


def test_csv_without_any_known_column_is_refused(tmp_path):
    with pytest.raises(InputError, match="no column for Exporter, Producer and Entered Value"):
        read_entries(write_csv(tmp_path, "foo,bar\n1,2\n"))


def test_cli_reports_unknown_csv_columns(tmp_path, distinct_case, capsys):
    path = write_csv(tmp_path, "entry_number,Broker Ref,exporter,producer,entered_value\n"
                               "A,1,X,Y,1\n")
    assert main(["build", "--data", str(distinct_case), "--entries", str(path),
                 "--out", str(tmp_path / "o.xlsx")]) == 0
    assert "unknown column(s) not carried: 'Broker Ref'" in capsys.readouterr().err


# --- earlier layouts --------------------------------------------------------------------------

def earlier_layout(path, extra_header=None, extra_value=None):
    """A workbook shaped like an earlier version: header on row 3, other column order, no HTS
    column, a computed column under an old name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Entries"
    sheet["A1"] = "Entries (old layout)"
    headers = ["Exporter", "Producer", "Entry Number", "Entry Date", "Entered Value (USD)",
               "Quantity (kg)", "Deposit (old formula)"] + ([extra_header] if extra_header else [])
    for col, header in enumerate(headers, start=1):
        sheet.cell(3, col, header)
    sheet.append(["Zeta Co.", "Zeta Co.", "E-1", dt.datetime(2026, 1, 5), 100, 2, "=E4*0.1"]
                 + ([extra_value] if extra_header else []))
    sheet.append([])
    sheet.append(["Nobody", None, "E-2", None, 5.5, None, "=E6*0.1"])
    book.defined_names["Rate_Key"] = DefinedName("Rate_Key", attr_text="Entries!$A$1:$A$2")
    book.save(path)
    return path


def test_an_earlier_layout_is_carried_by_header(tmp_path):
    imported = read_entries(earlier_layout(tmp_path / "old.xlsx"))
    assert imported.entries == [
        Entry("E-1", dt.date(2026, 1, 5), None, "Zeta Co.", "Zeta Co.", entered_value=100.0,
              quantity_kg=2.0),
        Entry("E-2", None, None, "Nobody", None, entered_value=5.5)]
    assert imported.old == {}


def test_a_value_in_a_column_the_new_layout_lacks_stops_the_build(tmp_path, distinct_case):
    old = earlier_layout(tmp_path / "old.xlsx", "Notes", "call the broker")
    with pytest.raises(InputError) as err:
        build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=old)
    assert "cell H4" in str(err.value) and "'Notes'" in str(err.value)
    assert not (tmp_path / "new.xlsx").exists()


def test_a_typed_value_over_a_formula_column_is_reported(tmp_path, distinct_case):
    old = build_workbook(distinct_case, tmp_path / "old.xlsx", entries=USER_ENTRIES[:2],
                         rows=5).path
    book = openpyxl.load_workbook(old)
    book["Entries"]["K9"] = 123.45   # a formula column of the first entry row
    book.save(old)
    imported = read_entries(old)
    assert len(imported.entries) == 2
    assert "K9" in imported.warnings[0]


def test_a_formula_typed_in_an_input_column_carries_its_result(tmp_path, distinct_case,
                                                               libreoffice):
    old = build_workbook(distinct_case, tmp_path / "old.xlsx", rows=5).path
    book = openpyxl.load_workbook(old)
    book["Entries"]["A9"] = "E-1"     # the first entry row
    book["Entries"]["F9"] = "=1000*2"
    book.save(old)
    saved = libreoffice(old, tmp_path / "lo")
    assert read_entries(saved).entries == [Entry("E-1", entered_value=2000.0)]


# --- files that must be refused ---------------------------------------------------------------

def junk_random(path, case):
    path.write_bytes(os.urandom(4096))


def junk_empty(path, case):
    path.write_bytes(b"")


def junk_truncated(path, case):
    """A workbook cut off half way, as a crashed copy or download leaves it."""
    full = build_workbook(case, path.with_name("full.xlsx"), entries=USER_ENTRIES, rows=10)
    path.write_bytes(full.path.read_bytes()[: full.size // 2])


def junk_no_entries_sheet(path, case):
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["Invoice", "Amount"])
    book.active.append(["I-1", 10])
    book.save(path)


def junk_encrypted(path, case):
    """Excel saves a password-protected workbook as an OLE2 container, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2048))


def junk_zip_not_workbook(path, case):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")


@pytest.mark.parametrize("make, message", [
    (junk_random, "not an .xlsx workbook"),
    (junk_empty, "empty"),
    (junk_truncated, "cannot be read"),
    (junk_no_entries_sheet, "no column for Exporter, Producer and Entered Value"),
    (junk_encrypted, "password-protected"),
    (junk_zip_not_workbook, "cannot be read"),
])
def test_junk_entries_file_stops_the_build_and_leaves_out_untouched(tmp_path, distinct_case,
                                                                    make, message, capsys):
    junk_dir = tmp_path / "junk"
    junk_dir.mkdir()
    junk = junk_dir / "entries.xlsx"
    make(junk, distinct_case)
    out_dir = tmp_path / "out"
    out = build_workbook(distinct_case, out_dir / "new.xlsx", rows=3).path
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    code = main(["build", "--data", str(distinct_case), "--entries", str(junk),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(junk) in err and message in err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["new.xlsx"]


def test_an_entries_file_of_another_kind_is_refused(tmp_path, distinct_case):
    path = tmp_path / "entries.txt"
    path.write_text("hello")
    with pytest.raises(InputError, match=r"\(\.xlsx\) or a broker export"):
        build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=path)


def test_a_missing_entries_file_is_refused(tmp_path, distinct_case):
    with pytest.raises(InputError, match="file not found"):
        build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=tmp_path / "no.xlsx")
