"""The command line: a thin shell over build_workbook."""

import subprocess
import sys

import openpyxl
import pytest

from generator.cli import main
from generator.templates import sheet_template

ROOT_CMD = [sys.executable, "-m", "generator"]


def test_help_explains_every_build_option_with_an_example():
    out = " ".join(subprocess.run(ROOT_CMD + ["build", "--help"], capture_output=True,
                                  text=True, check=True).stdout.split())
    for option in ("--data", "--out", "--rows"):
        assert option in out
    assert "e.g. --rows 2000" in out and "examples:" in out


def test_build_writes_the_default_path_named_after_the_case(tmp_path, seed_case, monkeypatch,
                                                             capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--data", str(seed_case)]) == 0
    out = tmp_path / "build" / "A-570-194-active-anode-material.xlsx"
    assert out.stat().st_size > 10_000
    assert "132 AD combinations in 3 determinations" in capsys.readouterr().out


def test_rows_sets_the_number_of_ready_entry_rows(tmp_path, distinct_case):
    out = tmp_path / "wb.xlsx"
    assert main(["build", "--data", str(distinct_case), "--out", str(out), "--rows", "37"]) == 0
    sheet = openpyxl.load_workbook(out)["Entries"]
    column = sheet_template("entries", cvd=False)["ad_rate"].letter
    formulas = [c.value for c in sheet[column] if isinstance(c.value, str)
                and c.value.startswith("=IF")]
    assert len(formulas) == 37


def test_bad_data_exits_2_with_file_and_line_and_writes_nothing(tmp_path, distinct_case, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("case.toml", "import_stats.csv"):
        (data / name).write_bytes((distinct_case / name).read_bytes())
    (data / "rates.csv").write_text("exporter,producer,margin_pct,cash_deposit_pct,case_number\n"
                                    "A Co.,B Co.,12.5,abc,\n", "utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["build", "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "rates.csv, line 2, column 'cash_deposit_pct'" in err
    assert "Traceback" not in err
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == []


def test_existing_workbook_is_kept_as_a_byte_identical_backup(tmp_path, distinct_case):
    out = tmp_path / "wb.xlsx"
    out.write_bytes(b"the user's months of work")
    assert main(["build", "--data", str(distinct_case), "--out", str(out)]) == 0
    backups = list(tmp_path.glob("wb.backup-*.xlsx"))
    assert [b.read_bytes() for b in backups] == [b"the user's months of work"]


def test_new_workbook_is_readable_by_colleagues_not_owner_only(tmp_path, distinct_case):
    import os
    import stat
    old = os.umask(0o022)
    try:
        assert main(["build", "--data", str(distinct_case), "--out", str(tmp_path / "wb.xlsx")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "wb.xlsx").stat().st_mode) == 0o644


def test_rows_that_do_not_fit_on_a_sheet_are_refused(tmp_path, distinct_case):
    import pytest

    from generator import build_workbook
    from generator.errors import InputError
    with pytest.raises(InputError, match="do not fit on one sheet"):
        build_workbook(distinct_case, tmp_path / "wb.xlsx", rows=1_048_576)
    assert not (tmp_path / "wb.xlsx").exists()


@pytest.mark.parametrize("option, value", [
    ("--data", "x"), ("--out", "x.xlsx"), ("--rows", "5"), ("--company", "X"),
    ("--author", "X"), ("--password", "secret"),
])
def test_a_single_value_option_given_twice_is_a_usage_error(option, value, capsys, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)   # were the option taken twice, nothing lands in the checkout
    with pytest.raises(SystemExit) as exit_:
        main(["build", option, value, option, value])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"{option} given twice; give it once" in err
