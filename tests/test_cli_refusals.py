"""The command refuses bad data with one readable message, exit code 2 and nothing written."""

import shutil
import subprocess
import sys

import pytest

from generator.cli import main

BAD_RATE = "Gamma Co.,Delta Co.,12.00,abc,\n"


@pytest.fixture
def bad_case(tmp_path, distinct_case):
    folder = tmp_path / "case"
    shutil.copytree(distinct_case, folder)
    with (folder / "rates.csv").open("a", encoding="utf-8") as rates:
        rates.write(BAD_RATE)
    return folder


def test_bad_data_exits_2_with_file_line_and_column(bad_case, tmp_path, capsys):
    out = tmp_path / "out" / "wb.xlsx"
    assert main(["build", "--data", str(bad_case), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {bad_case / 'rates.csv'}, line 16, column 'cash_deposit_pct': "
                   "'abc' is not a number (a percent such as 93.50)\nNothing was written.\n")
    assert not out.exists() and not out.parent.exists()


def test_bad_data_leaves_an_existing_workbook_untouched(bad_case, tmp_path, capsys):
    out = tmp_path / "wb.xlsx"
    out.write_bytes(b"the workbook from last week")
    before = sorted(tmp_path.iterdir())
    assert main(["build", "--data", str(bad_case), "--out", str(out)]) == 2
    assert out.read_bytes() == b"the workbook from last week"
    assert sorted(tmp_path.iterdir()) == before  # no backup, no temporary file


def test_refusal_prints_no_traceback(bad_case, tmp_path):
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(bad_case),
                          "--out", str(tmp_path / "wb.xlsx")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "column 'cash_deposit_pct'" in run.stderr
    assert run.stdout == ""


def test_warnings_are_printed_and_the_build_goes_on(tmp_path, distinct_case, capsys):
    folder = tmp_path / "case"
    shutil.copytree(distinct_case, folder)
    with (folder / "rates.csv").open("a", encoding="utf-8") as rates:
        rates.write("ZETA CO.,zeta  co.,8.88,8.80,\n")
    out = tmp_path / "wb.xlsx"
    assert main(["build", "--data", str(folder), "--out", str(out), "--rows", "5"]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err and "line 16: same pair and rates as line 10" in captured.err
    assert captured.out.startswith(f"Wrote {out}") and out.exists()


def test_an_output_path_that_is_a_folder_is_refused_without_traceback(tmp_path, distinct_case,
                                                                      capsys):
    out = tmp_path / "wb.xlsx"
    out.mkdir()
    assert main(["build", "--data", str(distinct_case), "--out", str(out), "--rows", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {out}") and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["wb.xlsx"]
