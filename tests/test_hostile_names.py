"""Names that look like formulas or hold wildcards are plain text: stored as text, and they
match only themselves, in LibreOffice as in the reference."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from generator import build_workbook
from generator.entries import Entry
from generator.sheets.entries import entries_layout
from generator.templates import sheet_template
from tests.generated_case import write_case
from tests.workbook_values import entry_outputs, expected_outputs, mismatches

D = dt.date(2026, 2, 1)
# Rate Basis texts of the generated case (tests/fixtures/distinct: "China-Wide Entity")
LISTED = "Listed combination"
PAIR_NOT_LISTED = "China-Wide Entity: pair not listed"
EXPORTER_ONLY = "China-Wide Entity: exporter listed with other producers only"

FORMULA_RATES = [
    ("=SUM(1,2)", "+Plus Co.", Decimal("1.11")),
    ("-Minus Co.", "@At Co.", Decimal("2.22")),
    ("=1+1", "=1+1", Decimal("3.33")),
    ("@SUM(A1)", "-1", Decimal("4.44")),
    ("+49 Trading", "=HYPERLINK(\"http://x\",\"y\")", Decimal("5.55")),
]
FORMULA_ENTRIES = [
    Entry("=1+1", D, "+3801", "=SUM(1,2)", "+Plus Co.", entered_value=100.0, quantity_kg=1.0),
    Entry("@E-2", D, "-3801", "-MINUS CO.", "@at co.", entered_value=100.0, quantity_kg=1.0),
    Entry("E-3", D, "=A1", " =1+1 ", "=1+1", entered_value=100.0, quantity_kg=1.0),
    Entry("E-4", D, "3801", "@SUM(A1)", "-1", entered_value=100.0, quantity_kg=1.0),
    Entry("E-5", D, "3801", "+49 Trading", "=HYPERLINK(\"http://x\",\"y\")",
          entered_value=100.0, quantity_kg=1.0),
    Entry("E-6", D, "3801", "\t=SUM(1,2)", "+Plus Co.",                  # tab: not the name
          entered_value=100.0, quantity_kg=1.0),
    Entry("E-7", D, "3801", "=SUM(1,2)", "\r+Plus Co.",                  # CR: not the name
          entered_value=100.0, quantity_kg=1.0),
    Entry("E-8", D, "3801", "=sum(1, 2)", "+Plus Co.",                    # other text
          entered_value=100.0, quantity_kg=1.0),
]

WILDCARD_RATES = [
    ("Alpha Trading Co., Ltd.", "Beta (Shenzhen) Materials Co., Ltd.", Decimal("10.01")),
    ("abc", "abc", Decimal("10.02")),
    ("a?c", "a?c", Decimal("10.03")),
    ("x*y", "x*y", Decimal("10.04")),
    ("x~*y", "x~*y", Decimal("10.05")),
    ("Theta~Tilde Co.", "Star* Producer?", Decimal("10.06")),
    ("~", "~~", Decimal("10.07")),
    ("*", "?", Decimal("10.08")),
    ("Dot.Co [Regex] (x)+", "^Caret$ {1,2} \\d", Decimal("10.09")),
    ("Tilde~", "Producer", Decimal("10.10")),
    ("a¦sc", "a¦t", Decimal("10.11")),  # ¦ spells out * ? ~ in keys: its own text too
]
WILDCARD_ENTRIES = [  # (exporter, producer, what the rule gives)
    ("Alpha*", "Beta*", PAIR_NOT_LISTED),
    ("Alpha?Trading Co., Ltd.", "Beta (Shenzhen) Materials Co., Ltd.", PAIR_NOT_LISTED),
    ("*", "*", EXPORTER_ONLY),  # "*" is listed, with producer "?" only
    ("?", "?", PAIR_NOT_LISTED),
    ("*", "?", LISTED),
    ("a?c", "a?c", LISTED),
    ("abc", "abc", LISTED),
    ("a?c", "abc", EXPORTER_ONLY),
    ("abc", "a?c", EXPORTER_ONLY),
    ("a*", "a*", PAIR_NOT_LISTED),
    ("x*y", "x*y", LISTED),
    ("x~*y", "x~*y", LISTED),
    ("x~*y", "x*y", EXPORTER_ONLY),
    ("xy", "xy", PAIR_NOT_LISTED),
    ("x?y", "x?y", PAIR_NOT_LISTED),
    ("Theta~Tilde Co.", "Star* Producer?", LISTED),
    ("ThetaTilde Co.", "Star Producer", PAIR_NOT_LISTED),
    ("Theta~Tilde Co.", "Star Producer!", EXPORTER_ONLY),
    ("~", "~~", LISTED),
    ("~", "~", EXPORTER_ONLY),
    ("~~", "~~", PAIR_NOT_LISTED),
    ("Dot.Co [Regex] (x)+", "^Caret$ {1,2} \\d", LISTED),
    ("DotXCo [Regex] (x)+", "^Caret$ {1,2} \\d", PAIR_NOT_LISTED),
    ("Dot.Co [Regex] (x)", "^Caret$ {1,2} 1", PAIR_NOT_LISTED),
    ("Tilde~", "Producer", LISTED),
    ("Tilde", "Producer", PAIR_NOT_LISTED),
    ("a¦sc", "a¦t", LISTED),
    ("a*c", "a~", PAIR_NOT_LISTED),
    ("a¦¦sc", "a¦¦t", PAIR_NOT_LISTED),
    ("abc|x", "abc", PAIR_NOT_LISTED),  # | separates the key's parts; "abc" alone is listed
    ("abc", "x|abc", EXPORTER_ONLY),
    ("Alpha Trading Co., Ltd.*", "Beta (Shenzhen) Materials Co., Ltd.", PAIR_NOT_LISTED),
]


def recalculated(tmp_path, libreoffice, rates, entries):
    case = write_case(tmp_path / "case", rates)
    built = build_workbook(case, tmp_path / "wb.xlsx", entries=entries, rows=len(entries))
    actual = entry_outputs(libreoffice(built.path, tmp_path / "lo"), len(entries))
    return built, actual


def differences(actual, built, entries):
    return mismatches(actual, expected_outputs(built.results, entries_layout(built.case)),
                      entries)


def test_formula_looking_text_is_stored_as_text(tmp_path):
    case = write_case(tmp_path / "case", FORMULA_RATES)
    built = build_workbook(case, tmp_path / "wb.xlsx", entries=FORMULA_ENTRIES, rows=10)
    book = openpyxl.load_workbook(built.path)
    layout = sheet_template("entries")
    entries = book[layout.name]
    for i, entry in enumerate(FORMULA_ENTRIES):
        for key in ("entry_number", "hts", "exporter", "producer"):
            cell = entries.cell(layout.first_data_row + i, layout[key].index + 1)
            # xlsxwriter stores a carriage return as Excel's escape _x000D_, which openpyxl
            # leaves as it is in an inline string (Excel and LibreOffice read back "\r")
            value = cell.value.replace("_x000D_", "\r")
            assert (cell.data_type, value) == ("s", getattr(entry, key)), (key, entry)
    rates = book["AD Rates"]
    texts = {c.value for row in rates.iter_rows() for c in row if c.data_type == "s"}
    assert {name for rate in FORMULA_RATES for name in rate[:2]} <= texts
    lists = {c.value for row in rates.iter_rows() for c in row if c.data_type == "f"}
    assert not any(text in lists for rate in FORMULA_RATES for text in rate[:2])


@pytest.mark.libreoffice
def test_formula_looking_names_match_themselves_in_libreoffice(tmp_path, libreoffice):
    built, actual = recalculated(tmp_path, libreoffice, FORMULA_RATES, FORMULA_ENTRIES)
    assert differences(actual, built, FORMULA_ENTRIES) == []
    # a tab or carriage return before a name is not trimmed: that text is another name
    # "=sum(1, 2)" differs from the listed "=SUM(1,2)" only by case and a space: close to it
    assert [r["ad_basis"] for r in actual] == [LISTED] * 5 + [
        PAIR_NOT_LISTED, EXPORTER_ONLY,
        f"{PAIR_NOT_LISTED}; exporter close to listed '=SUM(1,2)' (AD)"]
    assert [r["ad_rate"] for r in actual[:5]] == pytest.approx(
        [0.0111, 0.0222, 0.0333, 0.0444, 0.0555])


@pytest.mark.libreoffice
def test_wildcard_names_match_only_themselves_in_libreoffice(tmp_path, libreoffice):
    entries = [Entry(f"W-{i}", D, "3801", e, p, entered_value=1000.0, quantity_kg=1.0)
               for i, (e, p, _) in enumerate(WILDCARD_ENTRIES)]
    built, actual = recalculated(tmp_path, libreoffice, WILDCARD_RATES, entries)
    assert differences(actual, built, entries) == []
    assert [(e.exporter, e.producer, r["ad_basis"]) for e, r in zip(entries, actual)] == [
        (e, p, basis) for e, p, basis in WILDCARD_ENTRIES]
    listed = {(e, p): pct for e, p, pct in WILDCARD_RATES}
    for entry, row in zip(entries, actual):
        if row["ad_basis"] == LISTED:
            assert row["ad_rate"] == pytest.approx(
                float(listed[(entry.exporter, entry.producer)]) / 100)
