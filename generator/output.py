"""Save a file so that a failed save changes nothing: `write_atomically`."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

ELSEWHERE = "write elsewhere with --out"
IN_EXCEL = ("the file is locked, most likely because it is open in Excel ({reason}); close it "
            f"in Excel and build again, or {ELSEWHERE}")
DISK_FULL = f"the disk is full ({{reason}}); free some space and build again, or {ELSEWHERE}"


def write_atomically(out: Path, write: Callable[[Path], None]) -> Path | None:
    """Write `out` by calling `write(tmp)` on a hidden temporary file next to it, keep an
    existing `out` as `<stem>.backup-<YYYYmmdd-HHMMSS><suffix>` and return that backup's path
    (None when there was no file). Any failure raises `OutputError` naming `out` (never the
    temporary file) after removing everything this call made, so `out` stays byte for byte
    as it was and no temporary file or new backup is left; an exception from `write` that is
    not an OSError (bad input found while writing, Ctrl-C) is re-raised after the same clean-up.

    The order of operations:

    1. Check `out` before the build, which can take a minute: a folder, a device or pipe, or
       a read-only file (no write bit for its owner; Windows' Read-only attribute) is
       refused, not replaced; a file that cannot be opened for writing is refused as locked
       (Excel on Windows locks the workbook it has open). Nothing is made yet.
    2. Create the missing folders, remembering them.
    3. Create the temporary file in the same folder (so the rename in 6 is atomic) and
       `write` it. A folder that does not take new files is refused here, even if `out`
       itself is writable: writing `out` in place could leave it half written.
    4. Give it the mode of the file it replaces (or a new file's usual mode).
    5. Copy `out` to the backup, a new name created exclusively, so no file, read-only or
       not, is ever overwritten by a backup. The backup is made this late because it is only
       needed once the old bytes are replaced, and it must be made before, since after 6
       they are gone. (Renaming `out` to the backup instead would leave a moment with no
       workbook at all, and Windows does not rename a locked file either.)
    6. `os.replace(tmp, out)`: atomic, `out` is the old file or the new one, never a mix.
       On Windows a workbook opened in Excel during the build fails here.
    7. On any failure in 2 to 6: remove the backup made in 5, the temporary file and the
       folders made in 2. What cannot be removed (a virus scanner holding the temporary
       file) is listed in the error's `leftovers`, and a failure that is not an OSError is
       then raised as an OutputError too, so that the CLI never says "Nothing was written."
       untruly. A crash or power cut can still leave a hidden temporary file
       (`.<name>.*.tmp`) or, during 5, a partial backup; `out` itself is intact.
    """
    out = Path(out)
    _check_target(out)
    made: list[Path] = []  # what this call made, in order: folders, temporary file, backup
    step = "folder"
    try:
        _make_folders(out.parent, made)
        step = "temp"
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        made.append(tmp)
        step = "write"
        write(tmp)
        _set_mode(tmp, out)
        step = "backup"
        backup = _keep_backup(out, made)
        step = "replace"
        os.replace(tmp, out)
        return backup
    except BaseException as err:
        leftovers = _remove(made[::-1])
        cause = _os_error(err)
        if cause is not None:
            raise OutputError(out, _reason(step, cause, out), leftovers) from err
        if leftovers and isinstance(err, Exception):
            raise OutputError(out, f"the build stopped ({err})", leftovers) from err
        raise


def _check_target(out: Path) -> None:
    try:
        info = out.stat()
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as err:
        raise OutputError(out, _reason("check", err, out)) from err
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(out, "it is a folder, not a file; give --out a file name, such as "
                               f"{out / 'workbook.xlsx'}")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(out, f"it is not a regular file (a device, pipe or socket); {ELSEWHERE}")
    if not info.st_mode & stat.S_IWUSR:
        raise OutputError(out, "the file is read-only, so it is not replaced; make it writable "
                               f"(chmod u+w, or untick Read-only in its Properties) and build "
                               f"again, or {ELSEWHERE}")
    try:
        os.close(os.open(out, os.O_WRONLY))  # opens without truncating: changes nothing
    except OSError as err:
        raise OutputError(out, _reason("replace", err, out)) from err


def _make_folders(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            if folder.is_dir():  # made meanwhile by someone else: not ours to remove
                continue
            raise
        made.append(folder)


def _set_mode(tmp: Path, out: Path) -> None:
    """mkstemp makes an owner-only file: give the workbook the mode the file it replaces had,
    or a new file's usual mode, so colleagues on a shared drive can open it."""
    if out.exists():
        shutil.copymode(out, tmp)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)


def _keep_backup(out: Path, made: list[Path]) -> Path | None:
    """Copy an existing `out` byte for byte (with its mode and times) to a new file
    `<stem>.backup-<timestamp><suffix>`, appended to `made` as soon as it exists."""
    if not out.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        backup = out.with_name(f"{out.stem}.backup-{stamp}{f'-{n}' if n else ''}{out.suffix}")
        try:
            with open(out, "rb") as source, open(backup, "xb") as copy:
                made.append(backup)
                shutil.copyfileobj(source, copy)
        except FileExistsError:
            n += 1
            continue
        shutil.copystat(out, backup)
        return backup


def _remove(paths: list[Path]) -> tuple[Path, ...]:
    """Remove what a failed save made, newest first; return what is still there."""
    left = []
    for path in paths:
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError:
            if path.exists():
                left.append(path)
    return tuple(left)


def _os_error(err: BaseException) -> OSError | None:
    """The OSError behind `err`: itself, or the one a library wrapped (xlsxwriter raises
    FileCreateError(OSError) when it cannot create its file). An error merely raised *from*
    an OSError (a template that cannot be read) is about its own file, not the workbook."""
    if isinstance(err, OSError):
        return err
    if err.args and isinstance(err.args[0], OSError):
        return err.args[0]
    return None


def _reason(step: str, err: OSError, out: Path) -> str:
    """Plain words for what failed at `step`, with the usual cause and what to do."""
    reason = err.strerror or str(err)
    folder = out.parent if str(out.parent) != "." else out.absolute().parent
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DISK_FULL.format(reason=reason)
    if isinstance(err, (NotADirectoryError, FileExistsError)) and step in ("folder", "temp"):
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return f"{folder} is a file, not a folder; {ELSEWHERE}"
    if step == "folder":
        return f"the folder {folder} cannot be created ({reason}); {ELSEWHERE}"
    if step == "temp" and (isinstance(err, PermissionError) or err.errno == errno.EROFS):
        return (f"the folder {folder} does not take new files ({reason}); make it writable, "
                f"or {ELSEWHERE}")
    if step == "replace" and isinstance(err, PermissionError):
        return IN_EXCEL.format(reason=reason)
    if step == "backup":
        return f"the existing workbook cannot be copied to a backup ({reason}); {ELSEWHERE}"
    return f"{reason}; {ELSEWHERE}"
