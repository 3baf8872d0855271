"""A workbook that cannot be written: the message names the workbook and the usual cause, and
the failed build leaves no trace (no temporary file, no new backup, the old file byte for
byte). Failures are simulated with monkeypatch: the tests may run as root, whom file modes
do not stop."""

import datetime as dt
import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest
from xlsxwriter.exceptions import FileCreateError

from generator import output
from generator.cli import main
from generator.errors import OutputError
from generator.output import write_atomically
from generator.templates import TemplateError

OLD = b"last week's workbook, with the user's entries"
ELSEWHERE = "write elsewhere with --out"


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder below `folder` (hidden ones too): SHA-256 and mode."""
    return {p.relative_to(folder).as_posix():
            (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder",
             stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def old(tmp_path) -> Path:
    path = tmp_path / "wb.xlsx"
    path.write_bytes(OLD)
    path.chmod(0o640)
    return path


def build(case: Path, out: Path) -> int:
    return main(["build", "--data", str(case), "--out", str(out), "--rows", "2"])


def test_workbook_locked_by_excel_is_named_with_a_hint_and_left_as_it_was(
        old, tmp_path, distinct_case, monkeypatch, capsys):
    def locked(src, dst):  # what os.replace raises on Windows while Excel has `dst` open
        raise PermissionError(errno.EACCES, "Access is denied", str(src), None, str(dst))
    monkeypatch.setattr(os, "replace", locked)
    before = snapshot(tmp_path)
    assert build(distinct_case, old) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {old}: the file is locked, most likely because it is open in "
        f"Excel (Access is denied); close it in Excel and build again, or {ELSEWHERE}\n"
        "Nothing was written.\n")
    assert snapshot(tmp_path) == before  # no temporary file, no new backup, old bytes and mode


def test_lock_is_found_before_the_build(old, tmp_path, distinct_case, monkeypatch, capsys):
    real_open = os.open

    def excel_has_it(path, flags, *args, **kwargs):
        if Path(path) == old and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", excel_has_it)
    before = snapshot(tmp_path)
    assert build(distinct_case, old) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {old}: the file is locked, most likely because "
                          "it is open in Excel") and err.endswith("\nNothing was written.\n")
    assert snapshot(tmp_path) == before


def test_folder_that_takes_no_new_files_is_named_and_nothing_is_left(
        old, tmp_path, distinct_case, monkeypatch, capsys):
    def read_only_folder(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(Path(dir) / ".wb.xlsx.x"))
    monkeypatch.setattr(output.tempfile, "mkstemp", read_only_folder)
    before = snapshot(tmp_path)
    assert build(distinct_case, old) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {old}: the folder {tmp_path} does not take new files (Permission "
        f"denied); make it writable, or {ELSEWHERE}\nNothing was written.\n")
    assert snapshot(tmp_path) == before


def test_folders_made_for_a_failed_save_are_removed(tmp_path, distinct_case, monkeypatch,
                                                    capsys):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output.tempfile, "mkstemp", disk_full)
    out = tmp_path / "reports" / "2026" / "wb.xlsx"
    assert build(distinct_case, out) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {out}: the disk is full (No space left on device); free some "
        f"space and build again, or {ELSEWHERE}\nNothing was written.\n")
    assert list(tmp_path.iterdir()) == []


def test_read_only_workbook_is_refused_not_replaced(old, tmp_path, distinct_case, capsys):
    old.chmod(0o444)
    before = snapshot(tmp_path)
    assert build(distinct_case, old) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {old}: the file is read-only, so it is not replaced; make it "
        "writable (chmod u+w, or untick Read-only in its Properties) and build again, or "
        f"{ELSEWHERE}\nNothing was written.\n")
    assert snapshot(tmp_path) == before


def test_rebuild_keeps_one_identical_backup_and_gives_the_new_file_the_old_mode(
        old, tmp_path, distinct_case):
    assert build(distinct_case, old) == 0
    backups = list(tmp_path.glob("wb.backup-*.xlsx"))
    assert [b.read_bytes() for b in backups] == [OLD]
    assert stat.S_IMODE(old.stat().st_mode) == 0o640 and old.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([backups[0].name, "wb.xlsx"])


def test_backup_never_overwrites_a_file_read_only_or_not(old, tmp_path, distinct_case,
                                                        monkeypatch):
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 3, 2, 9, 30, 0)
    monkeypatch.setattr(output.dt, "datetime", Frozen)
    taken = tmp_path / "wb.backup-20260302-093000.xlsx"
    taken.write_bytes(b"an older backup")
    taken.chmod(0o444)
    assert build(distinct_case, old) == 0
    assert taken.read_bytes() == b"an older backup"
    assert (tmp_path / "wb.backup-20260302-093000-1.xlsx").read_bytes() == OLD


def test_output_path_that_is_a_folder_is_refused(tmp_path, distinct_case, capsys):
    out = tmp_path / "wb.xlsx"
    out.mkdir()
    assert build(distinct_case, out) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {out}: it is a folder, not a file; give --out a file name, such "
        f"as {out / 'workbook.xlsx'}\nNothing was written.\n")
    assert snapshot(tmp_path) == {"wb.xlsx": ("folder", stat.S_IMODE(out.stat().st_mode))}


def test_a_file_in_place_of_a_folder_is_named(old, tmp_path, distinct_case, capsys):
    before = snapshot(tmp_path)
    assert build(distinct_case, old / "2026" / "new.xlsx") == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {old / '2026' / 'new.xlsx'}: {old} is a file, not a folder; "
        f"{ELSEWHERE}\nNothing was written.\n")
    assert snapshot(tmp_path) == before


def test_what_cannot_be_removed_is_said_instead_of_nothing_was_written(
        old, tmp_path, distinct_case, monkeypatch, capsys):
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied", str(src))
    real_unlink = Path.unlink

    def held_by_a_scanner(path, missing_ok=False):
        if path.name.endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Access is denied", str(path))
        real_unlink(path, missing_ok=missing_ok)
    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(Path, "unlink", held_by_a_scanner)
    assert build(distinct_case, old) == 2
    err = capsys.readouterr().err
    [tmp] = tmp_path.glob(".wb.xlsx.*.tmp")
    assert "Nothing was written." not in err
    assert err.endswith(f"\nThe workbook was not changed, but {tmp} could not be removed: "
                        "delete it.\n")
    assert old.read_bytes() == OLD and not list(tmp_path.glob("wb.backup-*"))


@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"),
    FileCreateError(OSError(errno.ENOSPC, "No space left on device")),  # as xlsxwriter wraps it
])
def test_disk_full_while_writing_is_said_and_the_half_written_file_removed(old, tmp_path,
                                                                           failure):
    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half a workbook")
        raise failure
    before = snapshot(tmp_path)
    with pytest.raises(OutputError) as raised:
        write_atomically(old, write)
    assert str(raised.value) == (f"cannot write {old}: the disk is full (No space left on "
                                 f"device); free some space and build again, or {ELSEWHERE}")
    assert snapshot(tmp_path) == before


def test_other_failures_while_writing_pass_through_after_the_clean_up(old, tmp_path):
    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half a workbook")
        raise ValueError("a bug or bad input found while writing")
    before = snapshot(tmp_path)
    with pytest.raises(ValueError, match="found while writing"):
        write_atomically(old, write)
    assert snapshot(tmp_path) == before


def test_a_file_the_build_cannot_read_while_writing_is_not_called_a_write_failure(old,
                                                                                   tmp_path):
    """A template read during the write raises TemplateError from its OSError: that is the
    template's problem, not the workbook's, so it passes through as itself."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half a workbook")
        raise TemplateError("cannot read layout timeline.toml") from FileNotFoundError(
            errno.ENOENT, "No such file or directory")
    before = snapshot(tmp_path)
    with pytest.raises(TemplateError, match="timeline.toml"):
        write_atomically(old, write)
    assert snapshot(tmp_path) == before
