"""Every rule of the data contract: bad case files are refused with the file, line and column,
and files as Excel writes them are accepted."""

import shutil
from decimal import Decimal

import pytest

from generator.case import load_case
from generator.errors import InputError

HEADER = "exporter,producer,margin_pct,cash_deposit_pct,case_number"
GOOD = "Alpha Co.,Beta Co.,12.00,11.00,A-570-999-001"
STATS_HEADER = "year,volume_kg,value_usd"


@pytest.fixture
def case_dir(tmp_path, distinct_case):
    folder = tmp_path / "case"
    shutil.copytree(distinct_case, folder)
    return folder


def write_rates(folder, *lines, header=HEADER, encoding="utf-8", newline="\n"):
    text = newline.join([header, *lines]) + newline
    (folder / "rates.csv").write_bytes(text.encode(encoding))


def write_stats(folder, *lines):
    (folder / "import_stats.csv").write_text("\n".join([STATS_HEADER, *lines]) + "\n", "utf-8")


def refusal(folder) -> InputError:
    with pytest.raises(InputError) as caught:
        load_case(folder)
    return caught.value


# --- rates.csv: refused, with line and column --------------------------------------------

RATES_REFUSED = {
    # id: (data lines, line, column, words in the message)
    "non_numeric_rate": ([GOOD, "Gamma Co.,Delta Co.,abc,11.00,"], 3, "margin_pct",
                         "not a number"),
    "blank_rate": (["Gamma Co.,Delta Co.,12.00,,"], 2, "cash_deposit_pct", "blank"),
    "negative_rate": (["Gamma Co.,Delta Co.,-1.50,11.00,"], 2, "margin_pct", "negative"),
    "absurd_rate": (["Gamma Co.,Delta Co.,12.00,10000.01,"], 2, "cash_deposit_pct",
                    "above 10,000 percent"),
    "nan_rate": (["Gamma Co.,Delta Co.,NaN,11.00,"], 2, "margin_pct", "not a number"),
    "infinity_rate": (["Gamma Co.,Delta Co.,12.00,Infinity,"], 2, "cash_deposit_pct",
                      "not a number"),
    "decimal_comma_rate": (['Gamma Co.,Delta Co.,"93,50",11.00,'], 2, "margin_pct",
                           "use a point for decimals"),
    "underscore_digits_rate": (["Gamma Co.,Delta Co.,1_000,11.00,"], 2, "margin_pct",
                               "not a number"),
    "exponent_rate": (["Gamma Co.,Delta Co.,1e3,11.00,"], 2, "margin_pct", "not a number"),
    "arabic_indic_digits_rate": (["Gamma Co.,Delta Co.,١٢,11.00,"], 2, "margin_pct",
                                 "not a number"),
    "blank_exporter": (["  ,Delta Co.,12.00,11.00,"], 2, "exporter", "blank name"),
    "separator_in_name": (["Gamma|Co.,Delta Co.,12.00,11.00,"], 2, "exporter", "'|'"),
    "line_break_in_name": (['"Gamma\nCo.",Delta Co.,12.00,11.00,'], 2, "exporter",
                           "a line break at character 6"),
    "tab_in_name": (["\tGamma Co.,Delta Co.,12.00,11.00,"], 2, "exporter", "a tab"),
    "carriage_return_in_name": (['Gamma Co.,"\rDelta Co.",12.00,11.00,'], 2, "producer",
                                "carriage return"),
    "nul_in_name": (["Gamma\x00 Co.,Delta Co.,12.00,11.00,"], 2, "exporter", "U+0000"),
    "zero_width_space_in_name": (["Gamma\u200bCo.,Delta Co.,12.00,11.00,"], 2, "exporter",
                                 "U+200B (ZERO WIDTH SPACE)"),
    "non_breaking_space_in_name": (["Gamma\u00a0Co.,Delta Co.,12.00,11.00,"], 2, "exporter",
                                   "U+00A0 (NO-BREAK SPACE)"),
    "same_pair_other_rate": ([GOOD, "  ALPHA   co. ,beta co.,12.00,11.50,A-570-999-001"], 3,
                             "exporter", "first on line 2"),
    "same_pair_other_case_number": ([GOOD, "Alpha Co.,Beta Co.,12.00,11.00,"], 3, "exporter",
                                    "listed again with other values"),
    # The docs' look-alike letters, ς/σ, ſ/s, ı/i: a spreadsheet could give either rate.
    "long_s_look_alike": (["Alpha Cos,Beta Co.,1,1,", "Alpha Coſ,Beta Co.,2,2,"], 3, "exporter",
                          "only by letters that Excel and LibreOffice may compare"),
    "dotless_i_look_alike": (["Alpha Ci,Beta Co.,1,1,", "Alpha Cı,Beta Co.,2,2,"], 3,
                             "exporter", "only by letters that Excel and LibreOffice may compare"),
    "dotless_i_look_alike_in_producer": (["Beta Co.,Alpha Cı,1,1,", "Beta Co.,Alpha Ci,2,2,"],
                                         3, "exporter", "differs from the pair on line 2"),
    "final_sigma_look_alike": (["Alpha σ,Beta Co.,1,1,", "Alpha ς,Beta Co.,2,2,"], 3,
                               "exporter",
                               "only by letters that Excel and LibreOffice may compare"),
    "final_sigma_same_pair": (["ΑΛΦΑΣ,Beta Co.,1,1,", "αλφας,Beta Co.,2,2,"], 3, "exporter",
                              "listed again with other values"),
    "bad_case_number": (["Gamma Co.,Delta Co.,12.00,11.00,A-570-999"], 2, "case_number",
                        "10-digit case number"),
    "too_few_fields": (["Gamma Co.,Delta Co.,12.00"], 2, None, "3 fields"),
    "too_many_fields": (["Gamma Co., Ltd.,Delta Co.,12.00,11.00,"], 2, None,
                        "a comma inside a name needs quotes"),
    "stray_quote": (['"Gamma" Co.,Delta Co.,12.00,11.00,'], 2, None, "malformed CSV"),
}


@pytest.mark.parametrize("lines,line,column,words", RATES_REFUSED.values(),
                         ids=RATES_REFUSED.keys())
def test_rates_row_is_refused_with_line_and_column(case_dir, lines, line, column, words):
    write_rates(case_dir, *lines)
    err = refusal(case_dir)
    assert (err.path.name, err.line, err.column) == ("rates.csv", line, column)
    assert words in err.message
    assert str(err).startswith(f"{case_dir / 'rates.csv'}, line {line}")


def test_missing_column_is_named(case_dir):
    write_rates(case_dir, "Alpha Co.,Beta Co.,12.00,11.00",
                header="exporter,producer,margin_pct,cash_deposit_pct")
    err = refusal(case_dir)
    assert err.line == 1 and "missing column(s) case_number" in err.message


def test_unknown_column_is_named(case_dir):
    write_rates(case_dir, GOOD + ",x", header=HEADER + ",comment")
    err = refusal(case_dir)
    assert err.line == 1 and "unknown column(s) 'comment'" in err.message


def test_stray_empty_column_is_explained(case_dir):
    write_rates(case_dir, GOOD + ",", header=HEADER + ",")
    assert "a header cell is empty" in refusal(case_dir).message


def test_long_case_text_is_refused(case_dir):
    edit_toml(case_dir, 'product = "Test Graphite"', f'product = "{"x" * 2_001}"')
    err = refusal(case_dir)
    assert err.column == "product" and "2,001 characters" in err.message


def test_column_given_twice_is_refused(case_dir):
    write_rates(case_dir, GOOD + ",Beta Co.", header=HEADER + ",producer")
    assert "column(s) given twice producer" in refusal(case_dir).message


def test_semicolon_separated_file_gets_a_hint(case_dir):
    write_rates(case_dir, GOOD.replace(",", ";"), header=HEADER.replace(",", ";"))
    assert "separated by semicolons" in refusal(case_dir).message


def test_header_only_is_refused(case_dir):
    write_rates(case_dir)
    assert "no combinations listed" in refusal(case_dir).message


def test_latin1_file_is_refused_with_line_and_column(case_dir):
    write_rates(case_dir, GOOD, "Société Co.,Delta Co.,12.00,11.00,", encoding="cp1252")
    err = refusal(case_dir)
    assert (err.line, err.column) == (3, "exporter")
    assert "byte 0xe9" in err.message and "CSV UTF-8" in err.message


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "mac_cr"])
def test_latin1_file_with_other_line_ends_is_refused_with_line_and_column(case_dir, newline):
    write_rates(case_dir, GOOD, "Société Co.,Delta Co.,12.00,11.00,", encoding="cp1252",
                newline=newline)
    err = refusal(case_dir)
    assert (err.line, err.column) == (3, "exporter") and "byte 0xe9" in err.message


def test_latin1_in_a_later_column_names_that_column(case_dir):
    write_rates(case_dir, "Gamma Co.,\"Café, Ltd.\",12.00,11.00,", encoding="cp1252")
    assert refusal(case_dir).column == "producer"


def test_utf16_file_is_refused(case_dir):
    (case_dir / "rates.csv").write_bytes("\n".join([HEADER, GOOD]).encode("utf-16"))
    err = refusal(case_dir)
    assert "UTF-16" in err.message and err.line == 1


def test_name_over_excel_cell_limit_is_refused(case_dir):
    write_rates(case_dir, f"{'A' * 32_768},Delta Co.,12.00,11.00,")
    err = refusal(case_dir)
    assert (err.line, err.column) == (2, "exporter")
    assert "32,768 characters" in err.message and "at most 32,767" in err.message


def test_cell_limit_counts_utf16_units_as_excel_does(case_dir):
    write_rates(case_dir, f"{'😀' * 16_384},Delta Co.,12.00,11.00,")  # 32,768 UTF-16 units
    assert "32,768 characters" in refusal(case_dir).message


def test_pair_longer_than_excel_can_look_up_is_refused(case_dir):
    write_rates(case_dir, f"{'A' * 200},{'B' * 60},12.00,11.00,")
    err = refusal(case_dir)
    assert (err.line, err.column) == (2, "producer")
    assert "261 characters" in err.message and "245" in err.message


@pytest.mark.parametrize("char", ["*", "?", "~", "\u00a6"])
def test_wildcards_count_twice_toward_the_lookup_limit(case_dir, char):
    write_rates(case_dir, f"{char * 122},B,12.00,11.00,")  # 244 spelled out + 2
    assert "246 characters" in refusal(case_dir).message


def test_pair_at_the_lookup_limit_is_accepted(case_dir):
    """245 characters: with "10|" in front, the Entries key stays within Excel's 255."""
    write_rates(case_dir, f"{'A' * 200},{'B' * 44},12.00,11.00,")
    assert len(load_case(case_dir).ad.latest.table) == 1


# --- rates.csv: accepted as Excel and hand editing write it -------------------------------

def test_excel_bom_and_crlf_are_accepted(case_dir):
    (case_dir / "rates.csv").write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\r\n{GOOD}\r\n".encode())
    rate, = load_case(case_dir).ad.latest.table.rates
    assert (rate.exporter, rate.case_number) == ("Alpha Co.", "A-570-999-001")


def test_mac_cr_line_ends_are_accepted(case_dir):
    write_rates(case_dir, GOOD, "Gamma Co.,Delta Co.,1,1,", newline="\r")
    assert len(load_case(case_dir).ad.latest.table) == 2


def test_trailing_empty_lines_and_emptied_rows_are_skipped(case_dir):
    write_rates(case_dir, GOOD, ",,,,", "", "   ", newline="\r\n")
    assert len(load_case(case_dir).ad.latest.table) == 1


def test_percent_sign_and_spaces_around_a_rate_are_accepted(case_dir):
    write_rates(case_dir, "Alpha Co.,Beta Co., 93.50% ,93.5 %,")
    rate, = load_case(case_dir).ad.latest.table.rates
    assert (rate.margin_pct, rate.cash_deposit_pct) == (Decimal("93.50"), Decimal("93.5"))


def test_zero_and_the_maximum_rate_are_accepted(case_dir):
    write_rates(case_dir, "Alpha Co.,Beta Co.,0,10000,", "Gamma Co.,Beta Co.,.5,0.00,")
    assert sorted(r.cash_deposit for r in load_case(case_dir).ad.latest.table.rates) == [0.0, 100.0]


def test_formula_looking_names_are_accepted_as_text(case_dir):
    write_rates(case_dir, "=SUM(A1),+Plus Co.,1,1,", "-Minus Co.,@At Co.,2,2,")
    assert {r.exporter for r in load_case(case_dir).ad.latest.table.rates} == {"=SUM(A1)", "-Minus Co."}


@pytest.mark.parametrize("one,other", [("s", "ſ"), ("i", "ı"), ("σ", "ς")])
def test_pairs_a_spreadsheet_finds_equal_with_the_same_rate_are_kept_once(case_dir, one, other):
    write_rates(case_dir, f"Alpha Co{one},Beta Co.,1,1,", f"Alpha Co{other},Beta Co.,1,1,")
    case = load_case(case_dir)
    assert len(case.ad.latest.table) == 1
    assert case.warnings == [f"{case_dir / 'rates.csv'}, line 3: same pair and rates as line "
                             "2; the repeat is ignored"]


def test_letters_a_spreadsheet_tells_apart_are_different_names(case_dir):
    """ß and ss are different text to LibreOffice's = (unlike ſ and s): no refusal."""
    write_rates(case_dir, "Alpha Straße Co.,Beta Co.,1,1,", "Alpha Strasse Co.,Beta Co.,2,2,")
    assert len(load_case(case_dir).ad.latest.table) == 2


def test_identical_duplicate_row_is_a_warning(case_dir):
    write_rates(case_dir, GOOD, "ALPHA CO.,  Beta  Co. ,12.0,11.000,A-570-999-001")
    case = load_case(case_dir)
    assert len(case.ad.latest.table) == 1
    assert case.warnings == [f"{case_dir / 'rates.csv'}, line 3: same pair and rates as line "
                             "2; the repeat is ignored"]


# --- import_stats.csv ---------------------------------------------------------------------

STATS_REFUSED = {
    "decimal_volume": (["2023,1000.5,2500"], 2, "volume_kg", "not a whole number"),
    "decimal_comma_volume": (['2023,"1,5",2500'], 2, "volume_kg", "not a whole number"),
    "scientific_value": (["2023,1000,6.1E+07"], 2, "value_usd", "not a whole number"),
    "negative_volume": (["2023,-1000,2500"], 2, "volume_kg", "negative"),
    "blank_value": (["2023,1000,"], 2, "value_usd", "blank"),
    "fractional_year": (["2023.5,1000,2500"], 2, "year", "not a whole number"),
    "implausible_year": (["20233,1000,2500"], 2, "year", "not a plausible year"),
    "year_twice": (["2023,1000,2500", "2023,1,1"], 3, "year", "appears twice"),
    "unicode_digits": (["2023,１０００,2500"], 2, "volume_kg", "not a whole number"),
}


@pytest.mark.parametrize("lines,line,column,words", STATS_REFUSED.values(),
                         ids=STATS_REFUSED.keys())
def test_import_stats_row_is_refused_with_line_and_column(case_dir, lines, line, column, words):
    write_stats(case_dir, *lines)
    err = refusal(case_dir)
    assert (err.path.name, err.line, err.column) == ("import_stats.csv", line, column)
    assert words in err.message


def test_thousands_separators_and_dollar_sign_are_accepted(case_dir):
    write_stats(case_dir, '2023,"84,290,595","$347,108,288"')
    year, = load_case(case_dir).import_stats
    assert (year.volume_kg, year.value_usd) == (84_290_595, 347_108_288)


# --- case.toml ----------------------------------------------------------------------------

def edit_toml(folder, old, new):
    path = folder / "case.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


CASE_REFUSED = {
    "missing_key": ('product = "Test Graphite"\n', "", "missing key 'product'"),
    "unknown_key": ('product = "Test Graphite"\n', 'product = "x"\nproduct_name = "y"\n',
                    "unknown key 'product_name'"),
    "date_in_quotes": ("announced = 2026-01-15", 'announced = "2026-01-15"',
                       "a date like 2025-07-17"),
    "hts_not_texts": ('hts = ["3801.10.5000"]', "hts = [3801.10]", "must hold texts"),
    "hts_empty": ('hts = ["3801.10.5000"]', "hts = []", "no HTSUS subheading"),
    "case_number_not_a_case": ('case_number = "A-570-999"', 'case_number = "../../etc"',
                               "not a case number"),
    "blank_product": ('product = "Test Graphite"', 'product = "  "', "key 'product' is blank"),
    "control_character_in_product": ('product = "Test Graphite"', 'product = "Test\\u0007"',
                                     "U+0007"),
    "fallback_rate_as_text": ("margin_pct = 150.00", 'margin_pct = "150.00"',
                              "'fallback.margin_pct' has the wrong type"),
    "fallback_rate_nan": ("margin_pct = 150.00", "margin_pct = nan", "not a number"),
    "fallback_rate_negative": ("cash_deposit_pct = 149.50", "cash_deposit_pct = -1.0",
                               "negative"),
    "fallback_rate_absurd": ("cash_deposit_pct = 149.50", "cash_deposit_pct = 1e6",
                             "above 10,000 percent"),
    "fallback_name_blank": ('name = "China-Wide Entity"', 'name = ""', "blank name"),
    "fallback_bad_case_number": ('case_number = "A-570-999-000"', 'case_number = "A570999000"',
                                 "10-digit case number"),
    "no_fallback_table": ("[fallback]", "[fallbacks]", "missing table [fallback]"),
    "import_stats_not_a_table": ('hts = ["3801.10.5000"]',
                                 'hts = ["3801.10.5000"]\nimport_stats = "x"',
                                 "'import_stats' must be a table"),
    "import_stats_unknown_key": ("[fallback]", '[import_stats]\nsorce = "x"\n\n[fallback]',
                                 "unknown key 'import_stats.sorce'"),
}


@pytest.mark.parametrize("old,new,words", CASE_REFUSED.values(), ids=CASE_REFUSED.keys())
def test_case_toml_mistake_is_refused(case_dir, old, new, words):
    edit_toml(case_dir, old, new)
    err = refusal(case_dir)
    assert err.path.name == "case.toml"
    assert words in err.message


@pytest.mark.parametrize("old,new,line,key", [
    ("announced = 2026-01-15", 'announced = "2026-01-15"', 8, "announced"),
    ('product = "Test Graphite"', 'product = ""', 4, "product"),
    ("margin_pct = 150.00", "margin_pct = -150.00", 14, "fallback.margin_pct"),
    ('case_number = "A-570-999-000"', 'case_number = "A-570-999-00"', 16, "fallback.case_number"),
    ('hts = ["3801.10.5000"]', 'hts = ["3801.10.5000"]\nproduct_name = "x"', 11, "product_name"),
], ids=["wrong_type", "blank", "fallback_negative", "fallback_case_number", "unknown"])
def test_case_toml_error_names_the_line_of_the_key(case_dir, old, new, line, key):
    edit_toml(case_dir, old, new)
    err = refusal(case_dir)
    assert (err.line, err.column) == (line, key)


def test_a_date_with_a_time_is_refused(case_dir):
    edit_toml(case_dir, "announced = 2026-01-15", "announced = 2026-01-15T10:00:00")
    err = refusal(case_dir)
    assert (err.line, err.column) == (8, "announced")


def test_case_toml_without_source_is_refused(case_dir):
    edit_toml(case_dir, 'source = "https://example.com/notice"\n', "")
    assert "missing key 'source'" in refusal(case_dir).message


def test_toml_syntax_error_names_line_and_key(case_dir):
    edit_toml(case_dir, 'product = "Test Graphite"', "product = Test Graphite")
    err = refusal(case_dir)
    assert (err.line, err.column) == (4, "product")
    assert "not valid TOML" in err.message and "double quotes" in err.message


def test_latin1_toml_names_line_and_key(case_dir):
    path = case_dir / "case.toml"
    path.write_bytes(path.read_bytes().replace(b'"Test Graphite"', '"Caf\u00e9"'.encode("cp1252")))
    err = refusal(case_dir)
    assert (err.line, err.column) == (4, "product")
    assert "byte 0xe9" in err.message


def test_missing_file_and_folder_are_refused(case_dir, tmp_path):
    assert "data folder not found" in refusal(tmp_path / "nowhere").message
    (case_dir / "import_stats.csv").unlink()
    err = refusal(case_dir)
    assert (err.path.name, err.message) == ("import_stats.csv", "file not found")


def test_a_folder_in_place_of_a_file_is_refused(case_dir):
    (case_dir / "rates.csv").unlink()
    (case_dir / "rates.csv").mkdir()
    assert "cannot be read" in refusal(case_dir).message


# --- entries given to build_workbook ------------------------------------------------------

def test_entry_text_longer_than_a_cell_is_refused(tmp_path, distinct_case):
    from generator import build_workbook
    from generator.entries import Entry
    with pytest.raises(InputError) as caught:
        build_workbook(distinct_case, tmp_path / "wb.xlsx",
                       entries=[Entry("E-1"), Entry("E-2", exporter="A" * 32_768)])
    assert (caught.value.line, caught.value.column) == (2, "exporter")
    assert not (tmp_path / "wb.xlsx").exists()


def test_entry_value_that_is_not_finite_is_refused(tmp_path, distinct_case):
    from generator import build_workbook
    from generator.entries import Entry
    with pytest.raises(InputError, match="not a number"):
        build_workbook(distinct_case, tmp_path / "wb.xlsx",
                       entries=[Entry("E-1", entered_value=float("nan"))])
