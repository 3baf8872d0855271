"""Assemble the workbook from the case and the entries, and save it without losing anything."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .case import Case, load_case
from .changes import ChangeReport, compare_rates
from .entries import Entry, EntryResult, check_entries
from .errors import InputError
from .entry_import import ImportedEntries, read_entries
from .sheets.changes import write_changes_sheet
from .protection import check_password, protect_sheets
from .sheets.about import write_about_sheet
from .sheets.entries import write_entries_sheet
from .sheets.import_stats import write_import_stats_sheet
from .sheets.layout import Formats
from .sheets.rates import write_rates_sheet
from .templates import sheet_template
from .xlsx import Workbook


EXCEL_MAX_ROWS = 1_048_576


@dataclass
class BuildResult:
    path: Path
    sheets: list[str]
    combinations: int
    entries: int
    size: int
    seconds: float
    backup: Path | None
    case: Case
    results: list[EntryResult]
    rows: int = 0
    carried: ImportedEntries | None = None   # entries read from --entries
    changes: ChangeReport | None = None      # old rates vs new (when carried from a workbook)

    def summary(self) -> str:
        backup = f"; previous file kept as {self.backup.name}" if self.backup else ""
        return (f"Wrote {self.path} ({self.size / 1024:,.0f} KB, {self.seconds:.2f} s): "
                f"sheets {', '.join(self.sheets)}; {self.combinations} combinations; "
                f"{self.entries} entries in {self.rows:,} rows{backup}")


def default_out_path(case: Case, build_dir: Path = Path("build")) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", case.product.lower()).strip("-")
    return build_dir / f"{case.case_number}-{slug}.xlsx"


def build_workbook(data_dir: Path | str = "data", out_path: Path | str | None = None,
                   entries: list[Entry] | None = None, rows: int | None = None, *,
                   company: str = "", author: str = "",
                   progress: Callable[[int, int], None] | None = None,
                   entries_from: Path | str | None = None,
                   password: str | None = None,
                   columns: dict[str, str] | None = None) -> BuildResult:
    """Load the case from `data_dir`, write the workbook to `out_path` atomically, and keep
    any file already there as a timestamped backup next to it. `company` and `author` go to
    the document properties; `progress(done, total)` is called every few thousand entry
    rows. `entries_from` (an .xlsx this tool made, or a .csv) supplies the entries instead of
    `entries`; from a workbook, a Changes sheet compares its Rates sheet with the new rates.
    Every sheet is protected (only the entry input cells take typing), with `password` if
    given."""
    started = time.perf_counter()
    check_password(password)
    case = load_case(data_dir)
    carried = changes = None
    if entries_from is not None:
        if entries:
            raise ValueError("pass entries or entries_from, not both")
        carried = read_entries(entries_from, columns)  # in full, before anything is written
        entries = carried.entries
        if carried.old_rates is not None:
            changes = compare_rates(carried.old_rates, case.rates, entries, carried.path,
                                    carried.old_generated)
    entries = list(entries or [])
    check_entries(entries)
    out = Path(out_path) if out_path else default_out_path(case)
    layout = sheet_template("entries")
    rows = rows if rows is not None else layout.default_rows
    if layout.header_row + max(rows, len(entries)) > EXCEL_MAX_ROWS:
        raise InputError(entries_from or "entries", f"{max(rows, len(entries)):,} entry rows "
                         f"do not fit on one sheet (Excel holds {EXCEL_MAX_ROWS:,} rows)")
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=".xlsx.tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        results, sheets = _write(tmp, case, entries, rows, generated,
                                 {"company": company, "author": author}, progress, changes,
                                 password)
        backup = _keep_backup(out)
        _set_mode(tmp, out)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildResult(out, sheets, len(case.rates), sum(not e.is_blank() for e in entries),
                       out.stat().st_size, time.perf_counter() - started, backup, case, results,
                       max(rows, len(entries), 1), carried, changes)


def _write(path: Path, case: Case, entries: list[Entry], rows: int, generated: str,
           people: dict, progress, changes: ChangeReport | None = None,
           password: str | None = None
           ) -> tuple[list[EntryResult], list[str]]:
    workbook = Workbook(str(path), {"constant_memory": True,
                                               "strings_to_numbers": False,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False})
    formats = Formats(workbook)
    results = write_entries_sheet(workbook, formats, case, generated, entries, rows, progress)
    if changes is not None:
        write_changes_sheet(workbook, formats, case, generated, changes)
    write_rates_sheet(workbook, formats, case, generated)
    write_import_stats_sheet(workbook, formats, case, generated)
    write_about_sheet(workbook, formats, case, generated, __version__)
    protect_sheets(workbook, password)
    workbook.set_properties({
        "title": f"{case.title}: AD cash deposits",
        "subject": f"{case.proceeding}, {case.determination}",
        "keywords": f"antidumping, cash deposit, {case.case_number}, {case.product}",
        "comments": f"Generated by adcvd-workbook {__version__} from {case.source} "
                    f"(data fingerprint {case.fingerprint})",
        "category": "Customs compliance: antidumping cash deposits",
        "status": case.determination,
        **{key: value for key, value in people.items() if value},
    })
    workbook.close()
    return results, [s.name for s in workbook.worksheets()]


def _set_mode(tmp: Path, out: Path) -> None:
    """mkstemp makes an owner-only file: give the workbook the mode the file it replaces had,
    or a new file's usual mode, so colleagues on a shared drive can open it."""
    if out.exists():
        shutil.copymode(out, tmp)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)


def _keep_backup(out: Path) -> Path | None:
    """Copy an existing `out` byte for byte to `<stem>.backup-<timestamp><suffix>`."""
    if not out.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = out.with_name(f"{out.stem}.backup-{stamp}{out.suffix}")
    n = 1
    while backup.exists():
        backup = out.with_name(f"{out.stem}.backup-{stamp}-{n}{out.suffix}")
        n += 1
    shutil.copy2(out, backup)
    return backup
