"""`--entries` given several times: workbooks of this tool (any version) and broker files,
merged in order, each entry once; the same Entry Number with other inputs stops the build.

Deposits are worked by hand from tests/fixtures/distinct/rates.csv: Zeta Co./Zeta Co. 8.80%,
Alpha Trading/Gamma Graphite 24.50%, Beta (Shenzhen)/Alpha Trading 32.10%, the China-Wide
Entity 149.50%. tests/fixtures/entries/bob.csv is a colleague's broker export."""

import datetime as dt

import openpyxl
import pytest

from generator import build_workbook
from generator.carry import read_entries
from generator.cli import main
from generator.entries import Entry
from generator.errors import InputError, InputErrors
from tests.conftest import FIXTURES
from tests.entry_cases import USER_ENTRIES

BOB = FIXTURES / "entries" / "bob.csv"
ZETA, ALPHA, GAMMA = "Zeta Co.", "Alpha Trading Co., Ltd.", "Gamma Graphite Co., Ltd."
BETA = "Beta (Shenzhen) Materials Co., Ltd."
HTS = "3801.10.5000"
ALICE = [
    Entry("A-1", dt.date(2026, 2, 1), HTS, ZETA, ZETA, entered_value=1000.0, quantity_kg=10.0),
    Entry("A-2", dt.date(2026, 2, 2), HTS, ALPHA, GAMMA, entered_value=2000.0,
          quantity_kg=20.0),
    Entry(None, dt.date(2026, 2, 1), HTS, ZETA, ZETA, entered_value=50.0, quantity_kg=1.0),
]


@pytest.fixture
def alice(tmp_path, distinct_case):
    return build_workbook(distinct_case, tmp_path / "alice.xlsx", entries=ALICE, rows=5).path


def deposits(result):
    return [r.ad.deposit for r in result.results[:result.entries]]


def test_a_workbook_and_a_broker_file_merge_in_order_each_entry_once(tmp_path, distinct_case,
                                                                     alice):
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[alice, BOB])
    assert [e.entry_number for e in result.carried.entries] == [
        "A-1", "A-2", None, "B-3", None, "B-4"]
    # 1000 x 8.80%; 2000 x 24.50%; 50 x 8.80%; 100 x 32.10%; 50 x 8.80%; 10 x 149.50%
    assert deposits(result) == pytest.approx([88.0, 490.0, 4.4, 32.1, 4.4, 14.95])
    carried = result.carried
    assert (carried.new, carried.already, carried.unnumbered) == ([3, 3], [0, 1], 2)
    assert read_entries(result.path).entries == result.carried.entries


def test_the_summary_says_what_each_file_gave(tmp_path, distinct_case, alice, capsys):
    assert main(["build", "--data", str(distinct_case), "--entries", str(alice),
                 "--entries", str(BOB), "--out", str(tmp_path / "new.xlsx")]) == 0
    out = capsys.readouterr().out
    assert ("Entries merged from 2 files, in order:\n"
            "  alice.xlsx: 3 new, 0 already there\n"
            "  bob.csv: 3 new, 1 already there\n"
            "  2 entries without an Entry Number, all kept (they cannot be matched)\n") in out
    assert "6 entries in 500 rows" in out


def test_returned_workbooks_of_two_versions_merge_without_doubles(tmp_path, amended_case):
    """The v0.1.0 fixture holds USER_ENTRIES in the first layout; a colleague's workbook of
    this version holds them too, and two more."""
    old = tmp_path / "v0.1.0.xlsx"
    old.write_bytes((FIXTURES / "workbook-v0.1.0-distinct.xlsx").read_bytes())
    carried = [e for e in USER_ENTRIES if not e.is_blank()]
    more = [Entry("N-1", dt.date(2026, 2, 5), HTS, BETA, ALPHA, entered_value=100.0),
            Entry("N-2", dt.date(2026, 2, 6), HTS, ZETA, ZETA, entered_value=10.0)]
    colleague = build_workbook(amended_case, tmp_path / "colleague.xlsx",
                               entries=carried + more).path
    result = build_workbook(amended_case, tmp_path / "new.xlsx", entries_from=[old, colleague])
    assert result.carried.entries == carried + more
    assert (result.carried.new, result.carried.already) == ([24, 2], [0, 24])
    # The Changes sheet compares with the first workbook's rates, and the summary says the
    # colleague's differ (the amended case's).
    assert result.changes.source == old
    assert result.carried.summary_lines()[-1] == (
        "The Changes sheet compares with the rates of v0.1.0.xlsx, the first workbook given; "
        "colleague.xlsx carries other rates")


@pytest.fixture
def amended_case(distinct_case):
    return distinct_case.parent / "distinct_amended"


def test_the_same_entry_number_with_other_inputs_stops_the_build_naming_each_conflict(
        tmp_path, distinct_case, alice):
    other = tmp_path / "carol.csv"
    other.write_text("Entry No.,Entry Date,HTS,Exporter,Manufacturer,Line Value,Qty\n"
                     "A-1,2026-02-01,3801.10.5000,Zeta Co.,Zeta Co.,1200.00,10\n"
                     f'A-2,2026-02-02,3801.10.5000,"{BETA}","{ALPHA}",2000,20\n', "utf-8")
    out = tmp_path / "new.xlsx"
    with pytest.raises(InputErrors) as err:
        build_workbook(distinct_case, out, entries_from=[alice, other])
    assert [(p.path.name, p.line, p.message) for p in err.value.problems] == [
        ("carol.csv", 2, "Entry Number 'A-1' is also in alice.xlsx, row 9, with other inputs: "
                         "Entered Value (USD) 1000 there, 1200 here"),
        ("carol.csv", 3, "Entry Number 'A-2' is also in alice.xlsx, row 10, with other inputs: "
                         f"Exporter '{ALPHA}' there, '{BETA}' here; Producer '{GAMMA}' there, "
                         f"'{ALPHA}' here")]
    assert "keep one version of each entry" in str(err.value)
    assert not out.exists()


def test_conflicts_and_bad_lines_of_other_files_come_in_one_run(tmp_path, distinct_case,
                                                                alice):
    carol = tmp_path / "carol.csv"
    carol.write_text("Entry No.,Exporter,Manufacturer,Line Value\nA-2,X,Y,1\n", "utf-8")
    with pytest.raises(InputErrors) as err:
        build_workbook(distinct_case, tmp_path / "new.xlsx",
                       entries_from=[alice, carol, FIXTURES / "entries" / "bad-lines.csv"])
    assert [(p.path.name, p.line) for p in err.value.problems] == [
        ("bad-lines.csv", line) for line in (3, 4, 5, 6, 7, 9)] + [("carol.csv", 2)]


def test_a_conflict_in_a_later_workbook_names_its_row(tmp_path, distinct_case, alice):
    changed = [Entry("A-2", dt.date(2026, 2, 3), HTS, ALPHA, GAMMA, entered_value=2000.0,
                     quantity_kg=20.0)]
    bob = build_workbook(distinct_case, tmp_path / "bob.xlsx", entries=changed, rows=2).path
    with pytest.raises(InputError) as err:
        build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[alice, bob])
    assert err.value.message == ("row 9: Entry Number 'A-2' is also in alice.xlsx, row 10, "
                                 "with other inputs: Entry Date 2026-02-02 there, 2026-02-03 "
                                 "here")


def test_numbers_typed_in_a_workbook_match_the_same_text_in_a_broker_file(tmp_path,
                                                                          distinct_case):
    """A user types the Entry Number and HTS as numbers and the Entry Date as a date serial
    (45873 is 2025-08-04, as a spreadsheet counts); the broker file has them as text."""
    old = build_workbook(distinct_case, tmp_path / "typed.xlsx", rows=2).path
    book = openpyxl.load_workbook(old)
    for column, value in enumerate([12345, 45873, 3801.1, ZETA, ZETA, 1000], start=1):
        book["Entries"].cell(9, column, value)   # the first entry row
    book.save(old)
    broker = tmp_path / "erin.csv"
    broker.write_text("Entry No.,Entry Date,HTS,Exporter,Manufacturer,Line Value\n"
                      "12345,2025-08-04,3801.1,Zeta Co.,Zeta Co.,1000.00\n", "utf-8")
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[old, broker])
    assert (result.carried.new, result.carried.already) == ([1, 0], [0, 1])
    assert deposits(result) == pytest.approx([88.0])   # 1000 x 8.80%


def test_one_file_keeps_lines_of_the_same_entry(tmp_path, distinct_case):
    """An entry of several lines (one per producer, say) is one Entry Number on several
    rows: within a file they are kept, and a second file with the same lines adds nothing."""
    lines = [Entry("L-1", None, HTS, ZETA, ZETA, entered_value=100.0),
             Entry("L-1", None, HTS, ALPHA, GAMMA, entered_value=200.0)]
    first = build_workbook(distinct_case, tmp_path / "a.xlsx", entries=lines, rows=2).path
    second = build_workbook(distinct_case, tmp_path / "b.xlsx", entries=lines, rows=2).path
    result = build_workbook(distinct_case, tmp_path / "new.xlsx",
                            entries_from=[first, second])
    assert result.carried.entries == lines and result.carried.already == [0, 2]
    assert deposits(result) == pytest.approx([8.8, 49.0])   # 100 x 8.80%, 200 x 24.50%


def test_a_column_mapping_applies_to_the_broker_files_among_our_workbooks(tmp_path,
                                                                          distinct_case, alice):
    broker = tmp_path / "dave.csv"
    broker.write_text("Entry No.,Exporter,Manufacturer,Val\nD-1,Zeta Co.,Zeta Co.,300\n",
                      "utf-8")
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[alice, broker],
                            columns={"Val": "entered_value"})
    assert deposits(result)[-1] == pytest.approx(26.4)   # 300 x 8.80%


def test_a_column_mapping_with_only_our_workbooks_is_refused(tmp_path, distinct_case, alice):
    with pytest.raises(InputError, match="no --entries file is one"):
        build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[alice, alice],
                       columns={"Val": "entered_value"})


# --- the command ------------------------------------------------------------------------------

def test_entries_may_be_given_twice(tmp_path, distinct_case, alice):
    out = tmp_path / "new.xlsx"
    assert main(["build", "--data", str(distinct_case), "--entries", str(alice),
                 "--entries", str(BOB), "--out", str(out)]) == 0
    assert [e.entry_number for e in read_entries(out).entries] == [
        "A-1", "A-2", None, "B-3", None, "B-4"]
    assert "Changes" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_an_empty_list_of_files_carries_nothing(tmp_path, distinct_case):
    result = build_workbook(distinct_case, tmp_path / "new.xlsx", entries_from=[], rows=2)
    assert (result.carried, result.entries) == (None, 0)
