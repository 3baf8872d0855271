"""The keys of provisional measures and refunds (course fixtures) are refused when wrong, each
with the file, the line and the key, and nothing is written."""

import shutil

import pytest

from generator.cli import main
from tests.conftest import FIXTURES
from tests.test_timeline_validation import edit, line_of, refusal


@pytest.fixture
def plates(tmp_path):
    return shutil.copytree(FIXTURES / "course_paper_plates", tmp_path / "plates")


@pytest.fixture
def sspc(tmp_path):
    return shutil.copytree(FIXTURES / "course_sspc_canada", tmp_path / "sspc")


@pytest.mark.parametrize("months", ["5", "12", "0"])
def test_ad_provisional_months_other_than_4_or_6_are_refused(plates, months):
    edit(plates, "provisional_months = 6", f"provisional_months = {months}")
    err = refusal(plates)
    assert err.column == "determination[1].provisional_months"
    assert err.line == line_of(plates, f"provisional_months = {months}")
    assert "last 4 or 6 months" in err.message


def test_provisional_months_on_a_cvd_determination_is_refused(plates):
    edit(plates, "provisional_end = 2024-10-28", "provisional_months = 6")
    err = refusal(plates)
    assert err.column == "cvd.determination[1].provisional_months"
    assert err.line == line_of(plates, "provisional_months = 6", after="[cvd]")
    assert "CVD provisional measures last 4 months" in err.message


def test_a_provisional_end_before_the_start_is_refused(plates):
    edit(plates, "provisional_end = 2024-10-28", "provisional_end = 2024-06-30")
    err = refusal(plates)
    assert err.column == "cvd.determination[1].provisional_end"
    assert err.line == line_of(plates, "provisional_end = 2024-06-30")
    assert "before provisional measures started (2024-07-01" in err.message


def test_provisional_keys_without_provisional_are_refused(plates):
    edit(plates, "provisional = true\nprovisional_end", "provisional_end")
    err = refusal(plates)
    assert err.column == "cvd.determination[1].provisional_end"
    assert "provisional = true" in err.message


def test_refunds_from_on_a_determination_with_rates_is_refused(sspc):
    edit(sspc, 'rates = "ad-order.csv"', 'rates = "ad-order.csv"\nrefunds_from = "start"')
    err = refusal(sspc)
    assert err.column == "determination[1].refunds_from"
    assert err.line == line_of(sspc, 'refunds_from = "start"')
    assert "has no rates" in err.message


def test_refunds_from_after_its_own_effective_date_is_refused(sspc):
    edit(sspc, "refunds_from = 2004-05-21", "refunds_from = 2005-07-19")
    err = refusal(sspc)
    assert (err.column, err.line) == ("determination[2].refunds_from",
                                      line_of(sspc, "refunds_from = 2005-07-19"))
    assert "after this determination's effective date 2005-07-18" in err.message


@pytest.mark.parametrize("text", ['"Start"', '"begin"', '"2004-05-21"', '" start"'])
def test_a_start_that_is_not_literally_start_is_refused(sspc, text):
    edit(sspc, "refunds_from = 2004-05-21", f"refunds_from = {text}")
    err = refusal(sspc)
    assert err.column == "determination[2].refunds_from"
    assert 'write "start"' in err.message


def test_the_command_names_the_file_line_and_key_and_writes_nothing(sspc, tmp_path, capsys):
    edit(sspc, "refunds_from = 2004-05-21", 'refunds_from = "Start"')
    out = tmp_path / "out.xlsx"
    assert main(["build", "--data", str(sspc), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    line = line_of(sspc, 'refunds_from = "Start"')
    assert f"case.toml, line {line}, column 'determination[2].refunds_from'" in err
    assert not out.exists() and list(tmp_path.glob("*.xlsx")) == []
