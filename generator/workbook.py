"""Assemble the workbook from the case and the entries, and save it without losing anything."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .case import load_case
from .changes import ChangeReport, compare, money
from .entries import Entry, check_entries
from .carry import CarriedEntries, carry_entries
from .errors import InputError
from .model import Case
from .output import write_atomically
from .pricing import PricedEntry, blank_entry, price_entries
from .names import CLOSE
from .rates import money_sum
from .protection import check_password, protect_sheets
from .sheets.about import write_about_sheet
from .sheets.changes import write_changes_sheet
from .sheets.entries import entries_layout, write_entries_sheet
from .sheets.import_stats import write_import_stats_sheet
from .sheets.layout import Formats
from .sheets.rates import write_rates_sheet
from .sheets.timeline import write_timeline_sheet
from .xlsx import Workbook


EXCEL_MAX_ROWS = 1_048_576


@dataclass
class BuildResult:
    path: Path
    sheets: list[str]
    rates: str   # "66 AD combinations in 1 determination; ..." for the summary
    entries: int
    size: int
    seconds: float
    backup: Path | None
    case: Case
    results: list[PricedEntry]   # every entry row (blank rows too), as the formulas price it
    rows: int = 0
    carried: CarriedEntries | None = None    # entries read from --entries
    changes: ChangeReport | None = None      # old rates vs new (when carried from a workbook)

    without_value: int = 0   # entries without an Entered or Subject Merchandise Value

    def summary(self) -> str:
        backup = f"; previous file kept as {self.backup.name}" if self.backup else ""
        missing = (f" ({self.without_value} entr{'y' if self.without_value == 1 else 'ies'} "
                   "without a value: no deposit computed)" if self.without_value else "")
        return (f"Wrote {self.path} ({self.size / 1024:,.0f} KB, {self.seconds:.2f} s): "
                f"sheets {', '.join(self.sheets)}; {self.rates}; "
                f"{self.entries} entries{missing} in {self.rows:,} rows; {self.money_line()}{backup}")

    def money_line(self) -> str:
        """Deposits at entry per proceeding and in all, what is refundable, and the entries
        priced by a date that is not sourced."""
        sides = [(p.kind.code, [getattr(r, p.kind.prefix) for r in self.results])
                 for p in self.case.proceedings]
        parts = [f"{code} {money(money_sum(r.deposit for r in side))}" for code, side in sides]
        total = money_sum(r.deposit for _, side in sides for r in side)
        refundable = money_sum(r.refundable for _, side in sides for r in side)
        text = (f"deposits at entry {', '.join(parts)}, total {money(total)}; refundable "
                f"{money(refundable)}; net {money(money_sum([total, -refundable]))}")
        unsourced = sum(1 for r in self.results if any(
            getattr(r, p.kind.prefix) is not None and getattr(r, p.kind.prefix).unsourced
            for p in self.case.proceedings))
        if unsourced:
            text += (f"; {unsourced} entr{'y' if unsourced == 1 else 'ies'} priced by a "
                     "determination whose date is not sourced")
        near = sum(CLOSE in r.name_note for r in self.results)
        if near:
            text += (f"; {near} entr{'y' if near == 1 else 'ies'} with a name close to a "
                     "listed one (see its Rate Basis)")
        return text


def default_out_path(case: Case, build_dir: Path = Path("build")) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", case.product.lower()).strip("-")
    return build_dir / f"{case.case_number}-{slug}.xlsx"


def build_workbook(data_dir: Path | str = "data", out_path: Path | str | None = None,
                   entries: list[Entry] | None = None, rows: int | None = None, *,
                   company: str = "", author: str = "",
                   progress: Callable[[int, int], None] | None = None,
                   entries_from: Path | str | list[Path | str] | None = None,
                   password: str | None = None,
                   columns: dict[str, str] | None = None) -> BuildResult:
    """Load the case from `data_dir`, write the workbook to `out_path` atomically, and keep
    any file already there as a timestamped backup next to it. `company` and `author` go to
    the document properties; `progress(done, total)` is called every 500 entry
    rows. `entries_from` (an .xlsx this tool made, or a broker export: .csv or .xlsx; or a
    list of them, merged by carry.py) supplies the entries instead of `entries`; from a
    workbook this tool made (the first one given), a Changes sheet compares its rates with
    the new ones.
    Every sheet is protected (only the entry input cells take typing), with `password` if
    given."""
    started = time.perf_counter()
    check_password(password)
    case = load_case(data_dir)
    carried = changes = None
    sources = entries_from if isinstance(entries_from, (list, tuple)) else (
        [] if entries_from is None else [entries_from])
    if sources:
        if entries:
            raise ValueError("pass entries or entries_from, not both")
        carried = carry_entries(sources, columns)  # in full, before anything is written
        entries = carried.entries
    entries = list(entries or [])
    check_entries(entries)
    priced = price_entries(case, entries)
    if carried is not None and carried.old:
        changes = compare(carried.old, case, entries, priced, carried.rates_from.path,
                          carried.rates_from.old_generated)
    out = Path(out_path) if out_path else default_out_path(case)
    layout = entries_layout(case)
    rows = rows if rows is not None else layout.default_rows
    if layout.header_row + max(rows, len(entries)) > EXCEL_MAX_ROWS:
        raise InputError(carried.path if carried else "entries",
                         f"{max(rows, len(entries)):,} entry rows "
                         f"do not fit on one sheet (Excel holds {EXCEL_MAX_ROWS:,} rows)")
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    sheets: list[str] = []
    backup = write_atomically(out, lambda tmp: sheets.extend(_write(
        tmp, case, entries, priced, rows, generated, {"company": company, "author": author},
        progress, changes, password)))
    rows = max(rows, len(entries), 1)
    blank = blank_entry(case)
    return BuildResult(out, sheets, _rates_count(case), sum(not e.is_blank() for e in entries),
                       out.stat().st_size, time.perf_counter() - started, backup, case,
                       priced + [blank] * (rows - len(priced)), rows, carried, changes,
                       sum(1 for e in entries if not e.is_blank() and _no_value(e)))


def _no_value(entry: Entry) -> bool:
    return all(getattr(entry, key) in (None, "") for key in ("entered_value", "subject_value"))


def _rates_count(case: Case) -> str:
    """66 AD combinations in 1 determination; 4 CVD companies in 1 determination."""
    parts = []
    for proceeding in case.proceedings:
        dets = [d for d in proceeding.determinations if not d.computed]   # as in the data
        count = sum(len(d.table) for d in dets if d.table is not None)
        parts.append(f"{count} {proceeding.kind} {proceeding.rule.nouns} in {len(dets)} determination"
                     f"{'s' * (len(dets) != 1)}")
    return "; ".join(parts)


def _write(path: Path, case: Case, entries: list[Entry], priced: list[PricedEntry], rows: int,
           generated: str, people: dict, progress, changes: ChangeReport | None = None,
           password: str | None = None) -> list[str]:
    workbook = Workbook(str(path), {"constant_memory": True,
                                               "strings_to_numbers": False,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False})
    formats = Formats(workbook)
    write_entries_sheet(workbook, formats, case, generated, entries, priced, rows, progress)
    if changes is not None:
        write_changes_sheet(workbook, formats, case, generated, changes)
    write_timeline_sheet(workbook, formats, case, generated)
    for proceeding in case.proceedings:
        write_rates_sheet(workbook, formats, case, proceeding, generated)
    write_import_stats_sheet(workbook, formats, case, generated)
    write_about_sheet(workbook, formats, case, generated, __version__)
    protect_sheets(workbook, password)
    kinds = " and ".join(p.kind.code for p in case.proceedings)
    workbook.set_properties({
        "title": f"{case.title}: {kinds} cash deposits",
        "subject": "; ".join(f"{p.name}, {p.latest.name}" for p in case.proceedings),
        "keywords": ", ".join(["antidumping"] + ["countervailing duty"] * bool(case.cvd) + [
            "cash deposit", *(p.case_number for p in case.proceedings), case.product]),
        "comments": f"Generated by adcvd-workbook {__version__} from {case.source} "
                    f"(data fingerprint {case.fingerprint})",
        "category": f"Customs compliance: {kinds} cash deposits",
        "status": "; ".join(f"{p.kind}: {p.latest.name}" for p in case.proceedings),
        **{key: value for key, value in people.items() if value},
    })
    workbook.close()
    return [s.name for s in workbook.worksheets()]
