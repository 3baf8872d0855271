"""Broker exports (CSV, and .xlsx workbooks this tool did not make): columns named as customs
people name them, `--column` mappings, and the files that must stop the build.

Deposits are checked by hand against tests/fixtures/distinct/rates.csv: Zeta Co./Zeta Co.
8.80%, Alpha Trading Co., Ltd./Gamma Graphite Co., Ltd. 24.50%, the China-wide rate 149.50%.
"""

import datetime as dt

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build_workbook
from generator.cli import main
from generator.entries import Entry
from generator.carry import read_entries
from generator.errors import InputError

ALPHA, GAMMA = "Alpha Trading Co., Ltd.", "Gamma Graphite Co., Ltd."
BROKER_HEADER = ["Entry No.", "Entry Date", "Exporter", "Manufacturer", "Line Value", "Qty"]
BROKER_ROWS = [["E-1", "02/01/2026", "Zeta Co.", "Zeta Co.", "$1,000.00", "10"],
               ["E-2", "2026-02-02", ALPHA, GAMMA, "1000", "5"],
               ["E-3", "2026-02-03", "Nobody Ltd.", "Nothing Ltd.", "200.00", ""]]
BROKER_DEPOSITS = [88.00, 245.00, 299.00]  # 1000 x 8.80%, 1000 x 24.50%, 200 x 149.50%


def write(tmp_path, text, name="broker.csv"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def broker_csv(tmp_path, header=BROKER_HEADER, rows=BROKER_ROWS, sep=","):
    quote = (lambda f: f'"{f}"' if sep in f or '"' in f else f)
    return write(tmp_path, "".join(sep.join(map(quote, r)) + "\n" for r in [header] + rows))


def deposits(result):
    return [r.ad.deposit for r in result.results[:result.entries]]


def test_a_value_header_stops_the_build_naming_it_and_suggesting_column(tmp_path,
                                                                         distinct_case):
    path = write(tmp_path, "entry_number,exporter,producer,value\nE-1,Zeta Co.,Zeta Co.,1000\n")
    with pytest.raises(InputError) as err:
        build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=path)
    assert err.value.line == 1
    assert "no column for Entered Value (USD)" in err.value.message
    assert "'value'" in err.value.message
    assert '--column "value=entered_value"' in err.value.message
    assert not (tmp_path / "o.xlsx").exists()


def test_column_maps_a_header_and_the_deposits_are_computed(tmp_path, distinct_case):
    path = write(tmp_path, f'entry_number,exporter,producer,value\nE-1,Zeta Co.,Zeta Co.,1000.00\n'
                           f'E-2,"{ALPHA}","{GAMMA}",1000.00\n')
    result = build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=path,
                            columns={"Value": "entered_value"})
    assert deposits(result) == pytest.approx([88.00, 245.00])
    assert result.carried.files[0].columns["entered_value"] == "value"


def test_broker_style_csv_builds_with_every_deposit_right(tmp_path, distinct_case):
    result = build_workbook(distinct_case, tmp_path / "o.xlsx",
                            entries_from=broker_csv(tmp_path))
    assert deposits(result) == pytest.approx(BROKER_DEPOSITS)
    assert result.carried.entries[0] == Entry("E-1", dt.date(2026, 2, 1), None, "Zeta Co.",
                                              "Zeta Co.", entered_value=1000.0, quantity_kg=10.0)
    assert result.carried.warnings == []


def broker_xlsx(path, title_rows=2):
    """An export as broker systems save it: a title row and a blank row above the header,
    dates and amounts typed as dates and numbers, some as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Entry Report"
    sheet.append(["ACME Customs Brokers - Entry Listing"])
    for _ in range(title_rows - 1):
        sheet.append([])
    sheet.append(BROKER_HEADER)
    sheet.append(["E-1", dt.datetime(2026, 2, 1), "Zeta Co.", "Zeta Co.", 1000, 10])
    sheet.append(["E-2", "2026-02-02", ALPHA, GAMMA, "$1,000.00", 5])
    sheet.append(["E-3", dt.datetime(2026, 2, 3), "Nobody Ltd.", "Nothing Ltd.", 200.0, None])
    book.save(path)
    return path


def test_broker_xlsx_with_a_title_row_builds_the_same(tmp_path, distinct_case):
    path = broker_xlsx(tmp_path / "export.xlsx")
    result = build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=path)
    assert deposits(result) == pytest.approx(BROKER_DEPOSITS)
    assert result.carried.entries[0] == Entry("E-1", dt.date(2026, 2, 1), None, "Zeta Co.",
                                              "Zeta Co.", entered_value=1000.0, quantity_kg=10.0)
    assert result.changes is None  # no old rates in a broker export


def test_broker_xlsx_with_a_sheet_called_entries_is_still_a_broker_export(tmp_path,
                                                                           distinct_case):
    """Only our own workbooks (which define the rates names) are read by our layout: this
    export's extra column is reported and left out, not refused."""
    book = openpyxl.Workbook()
    book.active.title = "Entries"
    book.active.append(["Entry Number", "Exporter", "Producer", "Entered Value",
                        "Importer of Record"])
    book.active.append(["E-1", ALPHA, GAMMA, 1000, "ACME Inc"])
    book.save(tmp_path / "export.xlsx")
    result = build_workbook(distinct_case, tmp_path / "o.xlsx",
                            entries_from=tmp_path / "export.xlsx")
    assert deposits(result) == pytest.approx([245.00])
    assert "Importer of Record" in result.carried.warnings[0]


def test_broker_xlsx_errors_name_the_row_a_spreadsheet_shows(tmp_path):
    path = broker_xlsx(tmp_path / "export.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["E5"] = "about 1000"  # header on row 3, E-2 on row 5
    book.save(path)
    with pytest.raises(InputError) as err:
        read_entries(path)
    assert (err.value.line, err.value.column) == (5, "Line Value")


def test_broker_xlsx_header_found_under_many_title_rows(tmp_path):
    path = broker_xlsx(tmp_path / "export.xlsx", title_rows=12)
    assert [e.entry_number for e in read_entries(path).entries] == ["E-1", "E-2", "E-3"]


def test_mid_codes_are_refused(tmp_path):
    path = broker_csv(tmp_path, ["Entry No.", "Exporter", "MID", "Line Value"],
                      [["E-1", "Zeta Co.", "Zeta Co.", "10"],
                       ["E-2", "Zeta Co.", "CNSHAXYZ1234SHA", "10"]])
    with pytest.raises(InputError) as err:
        read_entries(path)
    assert (err.value.line, err.value.column) == (3, "MID")
    assert "listed by name" in err.value.message and "=producer" in err.value.message


def test_a_mid_column_of_names_is_read_as_the_producer(tmp_path):
    path = broker_csv(tmp_path, ["Exporter", "MID", "Line Value"],
                      [["Zeta Co.", "Zeta Co.", "10"]])
    assert read_entries(path).entries == [Entry(exporter="Zeta Co.", producer="Zeta Co.",
                                                entered_value=10.0)]


@pytest.mark.parametrize("headers, left_out", [
    (["Exporter", "Manufacturer", "MID", "Line Value"], "MID"),  # MID only as a last resort
    (["Exporter", "Producer", "Manufacturer", "Line Value"], "Manufacturer"),  # sheet's name wins
])
def test_of_two_producer_columns_the_likelier_is_carried_the_other_reported(tmp_path, headers,
                                                                          left_out):
    path = broker_csv(tmp_path, headers, [["Zeta Co.", "Zeta Co.", "CNZETCO12SHA", "10"]])
    imported = read_entries(path)
    assert imported.entries[0].producer == "Zeta Co."
    assert f"'{left_out}'" in imported.warnings[0]


def test_tab_separated_csv_is_read(tmp_path, distinct_case):
    path = broker_csv(tmp_path, sep="\t")
    result = build_workbook(distinct_case, tmp_path / "o.xlsx", entries_from=path)
    assert deposits(result) == pytest.approx(BROKER_DEPOSITS)


def test_aliases_match_ignoring_case_spaces_and_punctuation(tmp_path):
    path = broker_csv(tmp_path, ["ENTRY NO", "exporter name", "MFR", "line_value", "Qty (kg)"],
                      [["E-1", "X", "Y", "1", "2"]])
    assert read_entries(path).entries == [Entry("E-1", exporter="X", producer="Y",
                                                entered_value=1.0, quantity_kg=2.0)]


def test_two_aliases_of_one_column_are_refused(tmp_path):
    path = broker_csv(tmp_path, ["Exporter", "Manufacturer", "Mfr", "Line Value"],
                      [["X", "Y", "Z", "1"]])
    with pytest.raises(InputError, match="'Manufacturer' and 'Mfr' are both producer"):
        read_entries(path)


def test_column_chooses_between_two_aliases(tmp_path):
    path = broker_csv(tmp_path, ["Exporter", "Manufacturer", "Mfr", "Line Value"],
                      [["X", "Y", "Z", "1"]])
    assert read_entries(path, {"Mfr": "producer"}).entries[0].producer == "Z"


def test_column_whose_header_is_not_in_the_file_names_both(tmp_path):
    with pytest.raises(InputError) as err:
        read_entries(broker_csv(tmp_path), {"Line Val": "entered_value"})
    assert '--column "Line Val=entered_value"' in err.value.message
    assert "no column 'Line Val'" in err.value.message


def test_column_whose_key_is_unknown_names_both(tmp_path):
    with pytest.raises(InputError) as err:
        read_entries(broker_csv(tmp_path), {"Line Value": "amount"})
    assert '--column "Line Value=amount"' in err.value.message
    assert "'amount' is not an input column" in err.value.message


def test_na_and_blank_fields_stay_as_they_are(tmp_path):
    path = broker_csv(tmp_path, ["Entry No.", "Exporter", "Manufacturer", "Line Value"],
                      [["NA", "N/A", "null", ""]])
    assert read_entries(path).entries == [Entry("NA", exporter="N/A", producer="null")]


def test_a_value_past_the_headers_last_column_is_refused(tmp_path):
    path = write(tmp_path, "exporter,producer,entered_value\nX,Y,1,,\nX,Y,1,oops\n")
    with pytest.raises(InputError) as err:
        read_entries(path)
    assert err.value.line == 3 and "4 fields where the header has 3" in err.value.message


def test_an_unclosed_quote_is_refused_with_its_row(tmp_path):
    path = write(tmp_path, 'exporter,producer,entered_value\nX,Y,1\n"X,Y,1\nX,Y,1\n')
    with pytest.raises(InputError) as err:
        read_entries(path)
    assert err.value.line == 3 and "never closed" in err.value.message


def test_our_own_workbook_takes_no_column_mapping(tmp_path, distinct_case):
    ours = build_workbook(distinct_case, tmp_path / "ours.xlsx", rows=2).path
    with pytest.raises(InputError, match="made by adcvd-workbook"):
        read_entries(ours, {"Exporter": "exporter"})


# --- the command ------------------------------------------------------------------------------

def test_cli_refusal_exits_2_and_writes_nothing(tmp_path, distinct_case, capsys):
    path = write(tmp_path, "entry_number,exporter,producer,value\nE-1,Zeta Co.,Zeta Co.,1000\n")
    out = tmp_path / "out" / "new.xlsx"
    code = main(["build", "--data", str(distinct_case), "--entries", str(path),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.endswith("Nothing was written.\n") and '--column "value=entered_value"' in err
    assert not out.exists() and not out.parent.exists()


def test_cli_column_option_maps_a_header(tmp_path, distinct_case, capsys):
    path = write(tmp_path, "entry_number,exporter,producer,value\nE-1,Zeta Co.,Zeta Co.,1000\n")
    out = tmp_path / "new.xlsx"
    assert main(["build", "--data", str(distinct_case), "--entries", str(path),
                 "--column", "value=entered_value", "--out", str(out)]) == 0
    assert "$88.00" in capsys.readouterr().out  # 1000 x 8.80%


@pytest.mark.parametrize("argv, message", [
    (["--column", "value=entered_value"], "give --entries FILE"),
    (["--entries", "x.csv", "--column", "value"], 'expected "FILE HEADER=key"'),
    (["--entries", "x.csv", "--column", "v=entered_value", "--column", "v=quantity_kg"],
     "mapped twice"),
])
def test_cli_column_option_misuse_is_a_usage_error(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build"] + argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


# --- whatever a broker file holds -------------------------------------------------------------

CSV_CHARS = ',;\t"\r\n xX1.$/-é北\x00\ufeff'


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(st.sampled_from(CSV_CHARS), max_size=120))
def test_random_csv_is_read_or_refused_never_a_traceback(tmp_path, body):
    path = write(tmp_path, "Exporter,Manufacturer,Line Value\n" + body)
    try:
        read_entries(path)
    except InputError as err:
        assert str(err).startswith(str(path)) and err.message


@pytest.mark.parametrize("cell, problem", [
    ("Zeta\x07 Co.", "control character U+0007"),
    ("Z" * 32_768, "longer than an Excel cell"),
])
def test_a_csv_value_no_cell_can_hold_is_refused_naming_line_and_header(tmp_path, cell,
                                                                        problem):
    rows = [BROKER_ROWS[0], [*BROKER_ROWS[1][:2], cell, *BROKER_ROWS[1][3:]]]
    with pytest.raises(InputError) as err:
        read_entries(broker_csv(tmp_path, rows=rows))
    assert (err.value.path.name, err.value.line, err.value.column) == (
        "broker.csv", 3, "Exporter")
    assert problem in err.value.message


def test_a_csv_amount_beyond_15_digits_is_refused_naming_line_and_header(tmp_path):
    rows = [BROKER_ROWS[0], [*BROKER_ROWS[1][:4], "1000000000000000", "5"]]
    with pytest.raises(InputError) as err:
        read_entries(broker_csv(tmp_path, rows=rows))
    assert (err.value.line, err.value.column) == (3, "Line Value")
    assert "at most 15 digits" in err.value.message
