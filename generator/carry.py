"""The entries carried into a new workbook from --entries files, given once or several times:
workbooks this tool made (workbook_entries.py, with their rates for the Changes sheet) and
broker systems' exports (broker_files.py: a CSV, or an .xlsx without this tool's Entries
sheet), mixed.

Merged in order: the first file's entries, then each next file's new ones. An entry already
there (the same Entry Number and the same inputs) comes once; the same Entry Number with other
inputs stops the build, naming both files, rows and the columns that differ. Entries without
an Entry Number cannot be matched: all are kept. Every problem of every file is reported in
one run (errors.raise_all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .broker_files import read_broker_workbook, read_csv_entries
from .entries import COLUMN_TYPES, NUMBER_TYPES, Entry, input_columns
from .entry_files import XLSX_SUFFIXES, ImportedEntries, check_container
from .errors import InputError, raise_all
from .model import Proceeding
from .pricing import date_number
from .values import number_text
from .workbook_entries import made_by_this_tool, read_workbook_entries

MERGE_ADVICE = ("keep one version of each entry (correct it in one file, or leave a file "
                "out) and build again")


def read_entries(path: Path | str, columns: Mapping[str, str] | None = None, *,
                 ours_ignore_columns: bool = False) -> ImportedEntries:
    """Entries from an .xlsx workbook made by this tool, or from a broker export: a .csv
    file, or an .xlsx workbook without this tool's Entries sheet. `columns` maps a broker
    export's headers to input keys ({"Line Val": "entered_value"}), see entry_headers.py; a
    workbook of this tool refuses it unless `ours_ignore_columns` (several files: it is meant
    for the broker files among them)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if not path.is_file():
        raise InputError(path, "not a file")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        check_container(path)
        if not made_by_this_tool(path):
            return read_broker_workbook(path, columns)
        if columns and not ours_ignore_columns:
            raise InputError(path, "--column maps the headers of a broker export; this is a "
                                   "workbook made by adcvd-workbook, whose columns are found "
                                   "by their headers")
        return read_workbook_entries(path)
    if suffix == ".csv":
        return read_csv_entries(path, columns)
    raise InputError(path, "expected a workbook made by adcvd-workbook (.xlsx) or a broker "
                           "export (.csv or .xlsx)")


@dataclass
class CarriedEntries:
    """The entries of every --entries file, merged. `new[i]` and `already[i]`: how many
    entries file i added, and how many an earlier file had already."""
    files: list[ImportedEntries]
    entries: list[Entry]
    new: list[int]
    already: list[int]
    unnumbered: int = 0                       # entries without an Entry Number (all kept)
    rates_from: ImportedEntries | None = None  # the first of our workbooks: the old rates
    other_rates: list[Path] = field(default_factory=list)  # ours whose rates differ from it

    @property
    def path(self) -> Path:
        return self.files[0].path

    @property
    def name(self) -> str:
        """The file's name, or "N files"."""
        return self.path.name if len(self.files) == 1 else f"{len(self.files)} files"

    @property
    def old(self) -> dict[str, Proceeding]:
        return self.rates_from.old if self.rates_from else {}

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def summary_lines(self) -> list[str]:
        """How each file was read, and (several files) what each added."""
        lines = [note for f in self.files for note in f.notes]
        if len(self.files) > 1:
            lines.append(f"Entries merged from {len(self.files)} files, in order:")
            lines += [f"  {f.path.name}: {new} new, {already} already there"
                      for f, new, already in zip(self.files, self.new, self.already)]
            if self.unnumbered:
                lines.append(f"  {self.unnumbered} entr{'y' if self.unnumbered == 1 else 'ies'}"
                             " without an Entry Number, all kept (they cannot be matched)")
        if self.other_rates:
            names = ", ".join(p.name for p in self.other_rates)
            lines.append(f"The Changes sheet compares with the rates of "
                         f"{self.rates_from.path.name}, the first workbook given; {names} "
                         f"carr{'ies' if len(self.other_rates) == 1 else 'y'} other rates")
        return lines


def carry_entries(paths: Sequence[Path | str], columns: Mapping[str, str] | None = None
                  ) -> CarriedEntries:
    """Read every file (all of their problems reported together), then merge them."""
    files, problems = [], []
    for path in paths:
        try:
            files.append(read_entries(path, columns, ours_ignore_columns=len(paths) > 1))
        except InputError as err:
            problems.append(err)
    if columns and files and not problems and all(f.kind == "xlsx" for f in files):
        problems.append(InputError(files[0].path, "--column maps the headers of a broker "
                                                  "export; no --entries file is one"))
    carried, conflicts = merge(files)   # the files that could be read
    raise_all(problems + conflicts, MERGE_ADVICE if conflicts and not problems else
              "fix them and build again")
    return carried


def merge(files: list[ImportedEntries]) -> tuple[CarriedEntries, list[InputError]]:
    """The files' entries in order, each once; and the conflicts (the same Entry Number
    with other inputs than in an earlier file)."""
    entries: list[Entry] = []
    earlier: dict[str, list[tuple[Entry, ImportedEntries, int]]] = {}
    carried = CarriedEntries(files, entries, [], [])
    conflicts = []
    for file in files:
        rows = file.rows or list(range(1, len(file.entries) + 1))
        here: list[tuple[str, tuple[Entry, ImportedEntries, int]]] = []
        new = already = 0
        for entry, row in zip(file.entries, rows):
            number = entry_number(entry)
            before = earlier.get(number, []) if number is not None else []
            if before and any(same_entry(entry, e) for e, _, _ in before):
                already += 1
                continue
            if before:
                conflicts.append(_conflict(entry, file, row, before))
                continue
            entries.append(entry)
            new += 1
            if number is None:
                carried.unnumbered += 1
            else:
                here.append((number, (entry, file, row)))
        for number, seen in here:   # a file's own lines are never matched with each other
            earlier.setdefault(number, []).append(seen)
        carried.new.append(new)
        carried.already.append(already)
    ours = [f for f in files if f.kind == "xlsx"]
    if ours:
        carried.rates_from = ours[0]
        carried.other_rates = [f.path for f in ours[1:]
                               if f.old and _rates(f.old) != _rates(ours[0].old)]
    return carried, conflicts


def entry_number(entry: Entry) -> str | None:
    """The Entry Number as compared (a number as a spreadsheet shows it); None if blank."""
    number = entry.entry_number
    if number is None or (isinstance(number, str) and not number.strip()):
        return None
    return number if isinstance(number, str) else number_text(number)


def same_entry(a: Entry, b: Entry) -> bool:
    return not differences(a, b)


def differences(a: Entry, b: Entry) -> list[tuple[str, object, object]]:
    """(header, value in a, value in b) of each input column whose values differ."""
    found = []
    for col in input_columns():
        x, y = (_comparable(col.key, getattr(e, col.key)) for e in (a, b))
        if x != y:
            found.append((col.header, x, y))
    return found


def _comparable(key: str, value):
    """A value as merging compares it: blank as None, a number in a text column as its text,
    a date serial as its date, an amount as a float."""
    if value is None or value == "":
        return None
    kind = COLUMN_TYPES[key]
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in NUMBER_TYPES and number:
        return float(value)
    if kind == "date" and number and float(value).is_integer():
        return date_number(value)
    if kind in ("text", "name") and number:
        return number_text(value)
    return value


def _shown(value) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else f"{value:.15g}"


def _conflict(entry: Entry, file: ImportedEntries, row: int,
              before: list[tuple[Entry, ImportedEntries, int]]) -> InputError:
    """The same Entry Number as an earlier file's row, with other inputs: the earlier row
    closest to it is named, with the columns that differ."""
    other, other_file, other_row = min(before, key=lambda b: len(differences(entry, b[0])))
    where = f"{other_file.path.name}, {other_file.row_word} {other_row}"
    differ = "; ".join(f"{header} {_shown(x)} there, {_shown(y)} here"
                       for header, x, y in differences(other, entry))
    text = (f"Entry Number {_shown(entry_number(entry))} is also in {where}, with other "
            f"inputs: {differ}")
    if file.row_word == "line":
        return InputError(file.path, text, line=row)
    return InputError(file.path, f"row {row}: {text}")


def _rates(old: dict[str, Proceeding]) -> dict:
    """An old workbook's rates in a form that compares: determinations with their tables."""
    return {kind: [(d.name, d.effective, None if d.table is None else
                    (tuple(d.table.rates), d.table.fallback)) for d in p.determinations]
            for kind, p in old.items()}
