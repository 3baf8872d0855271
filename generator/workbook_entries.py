"""Read the entries of a workbook this tool made (any earlier layout), and its rates: the
"before" side of the Changes sheet.

Columns are found by header (entry_headers.py, the sheet's own names only): the header text
("Entered Value (USD)"), the same without its unit ("Entered Value") or the key
("entered_value"). Fully blank rows are dropped; every row with any input is carried, in
order. Every bad cell (a value in a column the new workbook has no place for, a value its
column cannot hold) is reported, all in one InputError."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl.utils import get_column_letter

from .entries import COLUMN_TYPES, Entry, cell_problem, input_columns
from .entry_files import DAMAGED, HEADER_SCAN_ROWS, ImportedEntries, open_workbook, unreadable
from .entry_headers import accepted, needed
from .errors import InputError, raise_all
from .sheets.about import GENERATED
from .sheets.readback import read_proceedings
from .templates import header_key, loose_key, sheet_template
from .values import ValueProblem, cell_value

MIN_HEADER_MATCHES = 3       # input headers a row needs to count as the entry header row
# The rates search column's defined name in the workbooks this tool writes (Rate_Key before
# the timeline): a broker export may well have a sheet called Entries, but not these.
OUR_NAMES = ("AD_Key", "Rate_Key")


def made_by_this_tool(path: Path) -> bool:
    """Whether the workbook defines this tool's rates names and has its Entries sheet, with a
    header row naming (in any earlier layout) the columns the deposit needs."""
    book = open_workbook(path, data_only=False)
    try:
        if not any(name in book.defined_names for name in OUR_NAMES):
            return False
        sheet, _, columns = _find_entry_header(book, path)
    except InputError:
        return False
    except DAMAGED as err:
        raise unreadable(path, err) from None
    finally:
        book.close()
    keys = {key for _, key in columns.values()}
    return sheet.title == sheet_template("entries").name and set(needed()) <= keys


def read_workbook_entries(path: Path) -> ImportedEntries:
    """The entries and rates of a workbook this tool made (checked by the caller)."""
    book = open_workbook(path, data_only=False)
    warnings: list[str] = []
    problems: list[InputError] = []
    try:
        sheet, header_row, columns = _find_entry_header(book, path)
        entries, rows, formula_cells = _entry_rows(path, sheet, header_row, columns, warnings,
                                                   problems)
        if formula_cells:
            entries = _fill_formula_results(path, sheet.title, header_row, entries,
                                            formula_cells, columns, problems)
        raise_all(problems)
        old = read_proceedings(book, warnings)
        old_generated = _read_generated(book)
    except InputError:
        raise
    except DAMAGED as err:  # a damaged part inside the zip, bad XML, ...
        raise unreadable(path, err) from None
    finally:
        book.close()
    found = {key: header for header, key in columns.values()}
    return ImportedEntries(path, "xlsx", entries, found, warnings, old, old_generated, rows)


def _input_headers() -> str:
    return ", ".join(c.header for c in input_columns())


def _find_entry_header(book, path: Path):
    """The entry sheet (ours by name first, then any other), its header row and columns:
    {0-based index: (header, input key)}."""
    layout = sheet_template("entries")
    table = accepted(broker=False)
    names = sorted(book.sheetnames, key=lambda n: n != layout.name)
    for name in names:
        sheet = book[name]
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        sheet.reset_dimensions()  # do not trust a stored size: read every row there is
        for row_number, row in enumerate(sheet.iter_rows(max_row=HEADER_SCAN_ROWS,
                                                         values_only=True), start=1):
            columns = {i: (str(v).strip(), table[header_key(v)][0]) for i, v in enumerate(row)
                       if isinstance(v, str) and header_key(v) in table}
            if len({key for _, key in columns.values()}) >= MIN_HEADER_MATCHES:
                return sheet, row_number, _check_duplicates(path, name, columns)
    raise InputError(path, f"no sheet has the entry columns ({_input_headers()}) in a header "
                           f"row within its first {HEADER_SCAN_ROWS} rows; is this a workbook "
                           f"made by adcvd-workbook?")


def _check_duplicates(path: Path, sheet: str, columns: dict) -> dict:
    seen: dict[str, int] = {}
    for index, (header, key) in columns.items():
        if key in seen:
            raise InputError(path, f"sheet '{sheet}': columns {get_column_letter(seen[key] + 1)} "
                                   f"and {get_column_letter(index + 1)} are both '{header}'")
        seen[key] = index
    return columns


def _entry_rows(path: Path, sheet, header_row: int, columns: dict, warnings: list[str],
                problems: list[InputError]):
    """Entries below the header and their rows; input cells holding formulas are listed to be
    filled in with their results. A value in a column this version cannot place, or one its
    column cannot hold, is added to `problems`."""
    layout = sheet_template("entries")
    formula_headers = {loose_key(h) for h in [c.header for c in layout.columns
                                              if c.kind != "input"] + list(layout.legacy_outputs)}
    header_cells = next(sheet.iter_rows(min_row=header_row, max_row=header_row,
                                        values_only=True), ())
    entries: list[Entry] = []
    rows: list[int] = []
    formula_cells: list[tuple[int, str, int]] = []   # (entry index, key, sheet row)
    overwritten: list[str] = []
    for row_number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1),
                                       start=header_row + 1):
        values: dict[str, object] = {}
        has_formula = False
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if value is None or value == "":
                continue
            is_formula = getattr(cell, "data_type", None) == "f"
            where = f"sheet '{sheet.title}', cell {get_column_letter(index + 1)}{row_number}"
            if index in columns:
                header, key = columns[index]
                if is_formula:
                    formula_cells.append((len(entries), key, row_number))
                    has_formula = True
                elif getattr(cell, "data_type", None) == "e":
                    problems.append(InputError(
                        path, f"{where} ({header}) holds the error value {value} (a number "
                              "marked as a date but outside the dates a cell shows, or an "
                              "error typed in); retype it, then build again"))
                else:
                    _read(path, where, header, key, value, values, problems)
                continue
            if is_formula:
                continue  # a computed column: the new workbook computes its own
            header = header_cells[index] if index < len(header_cells) else None
            if loose_key(header) in formula_headers:
                overwritten.append(f"{get_column_letter(index + 1)}{row_number}")
                continue
            label = f"column '{header}'" if header not in (None, "") else "a column with no header"
            problems.append(InputError(
                path, f"{where} holds {value!r} in {label}, which the new workbook has no "
                      f"place for (its input columns: {_input_headers()}); move it into an "
                      f"input column or delete it, then build again"))
        entry = Entry(**values)
        if entry.is_blank() and not has_formula:
            continue
        entries.append(entry)
        rows.append(row_number)
    if overwritten:
        warnings.append(f"{path}: {len(overwritten)} formula cell(s) of sheet '{sheet.title}' "
                        f"held typed values ({', '.join(overwritten[:5])}"
                        f"{', ...' if len(overwritten) > 5 else ''}); the new workbook "
                        "computes them again")
    return entries, rows, formula_cells


def _fill_formula_results(path: Path, sheet_name: str, header_row: int, entries: list[Entry],
                          formula_cells: list, columns: dict, problems: list[InputError]
                          ) -> list[Entry]:
    """Input cells where the user typed a formula carry the formula's last result."""
    book = open_workbook(path, data_only=True)
    try:
        sheet = book[sheet_name]
        sheet.reset_dimensions()
        index_of = {key: index for index, (_, key) in columns.items()}
        header_of = {key: header for header, key in columns.values()}
        wanted = {(row, key): i for i, key, row in formula_cells}
        rows = {row for row, _ in wanted}
        results: dict[int, dict] = {}
        for row_number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1,
                                                           max_row=max(rows),
                                                           values_only=True),
                                           start=header_row + 1):
            for key in (k for (r, k) in wanted if r == row_number):
                index = index_of[key]
                value = cells[index] if index < len(cells) else None
                where = f"sheet '{sheet_name}', cell {get_column_letter(index + 1)}{row_number}"
                if value is None:
                    problems.append(InputError(
                        path, f"{where} ({header_of[key]}) holds a formula with no saved "
                              "result, or an empty one; replace the formula by its value "
                              "(copy, then Paste Special > Values) and build again"))
                    continue
                _read(path, where, header_of[key], key, value,
                      results.setdefault(wanted[(row_number, key)], {}), problems)
    finally:
        book.close()
    return [dataclasses.replace(e, **results.get(i, {})) for i, e in enumerate(entries)]


def _read(path: Path, where: str, header: str, key: str, value: object, values: dict,
          problems: list[InputError]) -> None:
    """A cell's value into `values[key]` as the entry holds it; into `problems` (naming the
    cell and its column) when it cannot be."""
    try:
        value = cell_value(COLUMN_TYPES[key], value)
    except ValueProblem as problem:
        problems.append(InputError(path, f"{where} ({header}): {problem}"))
        return
    problem = cell_problem(key, value)
    if problem:
        problems.append(InputError(path, f"{where} ({header}): {problem}"))
        return
    values[key] = value


def _read_generated(book) -> str:
    if "About" not in book.sheetnames:
        return ""
    for row in book["About"].iter_rows(max_row=80, max_col=2, values_only=True):
        if row and row[0] == GENERATED and len(row) > 1 and row[1]:
            return str(row[1])
    return ""
