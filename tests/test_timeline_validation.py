"""The timeline form of case.toml (tests/fixtures/timeline) loads as written, and every way it
can be wrong is refused with the file, the line and the key."""

import datetime as dt
import shutil
from decimal import Decimal

import pytest

from generator.case import load_case
from generator.errors import InputError
from tests.conftest import FIXTURES


@pytest.fixture
def timeline(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(FIXTURES / "timeline", folder)
    return folder


def edit(folder, old: str, new: str, name: str = "case.toml") -> None:
    path = folder / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def refusal(folder) -> InputError:
    with pytest.raises(InputError) as caught:
        load_case(folder)
    return caught.value


def line_of(folder, text: str, after: str = "", name: str = "case.toml") -> int:
    """The 1-based line of `text` in the file (the first after the line holding `after`)."""
    lines = (folder / name).read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start=start) if text in line) + 1


def test_the_timeline_fixture_loads_as_written():
    case = load_case(FIXTURES / "timeline")
    ad = case.ad.determinations
    assert [(d.name, d.effective) for d in ad] == [
        ("Preliminary Determination", dt.date(2025, 7, 24)),
        ("Amended Preliminary Determination", dt.date(2025, 9, 1)),
        ("Provisional Measures Expired", dt.date(2026, 1, 21)),
        ("Order", dt.date(2026, 3, 16))]
    assert [len(d.table) if d.table else None for d in ad] == [5, 5, None, 4]
    assert ad[0].table.fallback.name == "PRC-Wide Entity"
    assert ad[1].table.fallback.cash_deposit_pct == Decimal("109.25")
    cvd = case.cvd
    assert (cvd.case_number, [len(d.table) if d.table else None for d in cvd.determinations]) == (
        "C-570-999", [3, 5, None, 3])
    assert cvd.determinations[1].table.fallback.margin_pct is None
    assert case.data_files == ("case.toml", "ad-preliminary.csv", "ad-amended.csv",
                               "ad-order.csv", "cvd-preliminary.csv", "cvd-amended.csv",
                               "cvd-order.csv", "import_stats.csv")


def test_the_single_table_form_is_one_determination_in_force_from_the_start():
    case = load_case(FIXTURES / "distinct")
    [det] = case.ad.determinations
    assert (det.name, det.effective, det.announced, det.rates_file) == (
        "Final Determination", None, dt.date(2026, 1, 15), "rates.csv")
    assert case.cvd is None


def test_dates_that_do_not_increase_are_refused_at_the_later_date(timeline):
    edit(timeline, "effective = 2025-09-01", "effective = 2025-07-24")
    err = refusal(timeline)
    assert (err.column, err.line) == ("determination[2].effective",
                                      line_of(timeline, "effective = 2025-07-24", "Amended"))
    assert "is not after the previous determination's (2025-07-24" in err.message


def test_only_the_first_determination_may_leave_effective_out(timeline):
    edit(timeline, "effective = 2026-01-21\n", "")
    err = refusal(timeline)
    assert err.column == "determination[3].name"
    assert "'Provisional Measures Expired' has no effective date" in err.message


def test_a_rates_file_that_is_missing_is_named(timeline):
    (timeline / "ad-amended.csv").unlink()
    err = refusal(timeline)
    assert err.path.name == "ad-amended.csv"
    assert "file not found (named by case.toml, key 'determination[2].rates')" in err.message


def test_a_fallback_without_rates_is_refused(timeline):
    edit(timeline, 'rates = "ad-amended.csv"\n', "")
    err = refusal(timeline)
    assert err.column == "determination[2].name"
    assert "has a fallback but no rates" in err.message
    assert err.line == line_of(timeline, 'name = "Amended Preliminary Determination"')


def test_rates_without_a_fallback_are_refused(timeline):
    edit(timeline, 'effective = 2026-01-21\n', 'effective = 2026-01-21\nrates = "ad-order.csv"\n')
    assert "has rates but no fallback" in refusal(timeline).message


def test_rates_without_a_source_are_refused(timeline):
    edit(timeline, 'source = "https://example.com/ad-amended"\n', "")
    err = refusal(timeline)
    assert "lists rates without a source" in err.message and err.column == (
        "determination[2].name")


def test_two_determinations_with_one_name_are_refused(timeline):
    edit(timeline, 'name = "Order"', 'name = "Preliminary Determination"')
    assert "two determinations are named 'Preliminary Determination'" in refusal(
        timeline).message


def test_the_single_table_keys_are_refused_in_the_timeline_form(timeline):
    edit(timeline, 'hts = ["3801.10.5000"]\n', 'hts = ["3801.10.5000"]\nannounced = 2025-07-17\n')
    err = refusal(timeline)
    assert (err.column, err.line) == ("announced", line_of(timeline, "announced = 2025-07-17"))
    assert "belongs to each [[determination]]" in err.message


def test_an_unknown_key_in_a_determination_is_named_with_its_line(timeline):
    edit(timeline, 'name = "Order"\n', 'name = "Order"\nefective = 2026-03-16\n')
    err = refusal(timeline)
    assert (err.column, err.line) == ("determination[4].efective",
                                      line_of(timeline, "efective = 2026-03-16"))


def test_a_date_written_as_text_is_refused(timeline):
    edit(timeline, "effective = 2025-09-01", 'effective = "2025-09-01"')
    err = refusal(timeline)
    assert err.column == "determination[2].effective" and "a date like 2025-07-17" in err.message


def test_a_rates_file_in_another_folder_is_refused(timeline):
    edit(timeline, 'rates = "ad-amended.csv"', 'rates = "../ad-amended.csv"')
    assert "must name a file in the case folder" in refusal(timeline).message


def test_a_cvd_fallback_has_no_margin(timeline):
    edit(timeline, 'name = "All Others"\ncash_deposit_pct = 6.55',
         'name = "All Others"\nmargin_pct = 6.55\ncash_deposit_pct = 6.55')
    err = refusal(timeline)
    assert err.column == "cvd.determination[1].fallback.margin_pct"
    assert err.line == line_of(timeline, "margin_pct = 6.55")


def test_a_cvd_case_number_must_be_a_cvd_one(timeline):
    edit(timeline, 'case_number = "C-570-999"', 'case_number = "A-570-998"')
    assert "is not a CVD case number" in refusal(timeline).message


def test_cvd_rates_files_name_companies(timeline):
    edit(timeline, "company,cash_deposit_pct,case_number",
         "exporter,cash_deposit_pct,case_number", "cvd-amended.csv")
    err = refusal(timeline)
    assert (err.path.name, err.line) == ("cvd-amended.csv", 1)
    assert "missing column(s) company" in err.message


def test_a_cvd_company_listed_twice_with_other_rates_is_refused(timeline):
    edit(timeline, "Kappa Knitted Sweat,721.03,C-570-999-003",
         "Kappa Knitted Sweat,721.03,C-570-999-003\n KAPPA  knitted sweat,7.21,C-570-999-003",
         "cvd-amended.csv")
    err = refusal(timeline)
    assert (err.path.name, err.line, err.column) == ("cvd-amended.csv", 6, "company")
    assert "listed again with other values" in err.message


@pytest.mark.parametrize("name, header, row", [
    ("ad-amended.csv", "exporter,producer,margin_pct,cash_deposit_pct,case_number",
     "A Co.,B Co.,0.13,0.1275,\nC Co.,D Co.,0.25,0.245,"),
    ("cvd-amended.csv", "company,cash_deposit_pct,case_number", "A Co.,0.035,\nB Co.,0.0475,")])
def test_a_rates_file_of_fractions_is_refused_as_a_question(timeline, name, header, row):
    (timeline / name).write_text(f"{header}\n{row}\n", "utf-8")
    err = refusal(timeline)
    assert (err.path.name, err.line) == (name, 2)
    assert "every rate in this file is below 1" in err.message
    assert "does it hold fractions (0.935) instead of percents" in err.message


def test_rates_truly_below_one_percent_load_when_case_toml_says_so(timeline):
    (timeline / "cvd-amended.csv").write_text("company,cash_deposit_pct,case_number\n"
                                              "A Co.,0.35,\nB Co.,0.47,\n", "utf-8")
    edit(timeline, 'rates = "cvd-amended.csv"',
         'rates = "cvd-amended.csv"\nall_rates_below_one_percent = true')
    rates = load_case(timeline).cvd.determinations[1].table.rates
    assert sorted(r.cash_deposit_pct for r in rates) == [Decimal("0.35"), Decimal("0.47")]


def test_a_zero_rate_file_is_not_taken_for_fractions(timeline):
    (timeline / "cvd-amended.csv").write_text("company,cash_deposit_pct,case_number\n"
                                              "A Co.,0.00,\n", "utf-8")
    assert load_case(timeline).cvd.determinations[1].table.rates[0].cash_deposit_pct == 0


def test_the_fingerprint_covers_every_rates_file(timeline):
    before = load_case(timeline).fingerprint
    edit(timeline, "1199.99", "1199.98", "ad-order.csv")
    assert load_case(timeline).fingerprint != before
