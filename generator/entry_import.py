"""Read the entries a user already has: a workbook this tool generated (any earlier layout),
or a broker system's export (CSV, or an .xlsx workbook that this tool did not make). Also read
the old workbook's Rates sheet, the "before" side of the Changes sheet.

A workbook of this tool: columns are matched by header, ignoring letter case, spaces and
underscores; a header may be the sheet's header text ("Entered Value (USD)"), the same without
its unit ("Entered Value") or the short key ("entered_value"). A broker export: the same, and
the names customs people use, and the user's own mapping (broker_columns.py). Fully blank rows
are dropped; every row with any input is carried, in order. Nothing here writes a file: a
problem raises InputError naming the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from .data_files import read_text as _read_text
from .entries import Entry, cell_problem
from .errors import InputError
from .model import Proceeding
from .sheets.about import GENERATED
from .sheets.readback import read_proceedings
from .templates import header_key, loose_key, sheet_template
from . import broker_columns

HEADER_SCAN_ROWS = 50        # the header row is looked for in a sheet's first rows
MIN_HEADER_MATCHES = 3       # input headers a row needs to count as the entry header row
XLSX_SUFFIXES = (".xlsx", ".xlsm")
NAME_KEYS = ("exporter", "producer")
AMOUNT_KEYS = ("entered_value", "subject_value", "quantity_kg")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # encrypted xlsx, or an old .xls
ZIP_MAGIC = b"PK\x03\x04"
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TIME_PART = re.compile(r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, ParseError)


@dataclass
class ImportedEntries:
    """What `read_entries` found: the entries in order, and what it reports."""
    path: Path
    kind: str                                   # "xlsx" (made by this tool), "csv" or
                                                # "broker-xlsx" (an export of another system)
    entries: list[Entry]
    columns: dict[str, str]                     # input key -> header as found
    warnings: list[str] = field(default_factory=list)
    old: dict[str, Proceeding] = field(default_factory=dict)  # its rates (xlsx only)
    old_generated: str = ""                     # the old workbook's "Generated" (About sheet)


def accepted_headers() -> dict[str, str]:
    """Every accepted header (as `header_key` gives it) -> input key."""
    accepted = {}
    for col in sheet_template("entries").columns:
        if col.kind == "input":
            without_unit = re.sub(r"\(.*?\)", "", col.header)
            for name in (col.header, without_unit, col.key):
                accepted[header_key(name)] = col.key
    return accepted


def read_entries(path: Path | str, columns: Mapping[str, str] | None = None
                 ) -> ImportedEntries:
    """Entries from an .xlsx workbook made by this tool, or from a broker export: a .csv
    file, or an .xlsx workbook without this tool's Entries sheet. `columns` maps a broker
    export's headers to input keys ({"Line Val": "entered_value"}), see broker_columns.py."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if not path.is_file():
        raise InputError(path, "not a file")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        _check_container(path)
        if not _made_by_this_tool(path):
            return read_broker_workbook(path, columns)
        if columns:
            raise InputError(path, "--column maps the headers of a broker export; this is a "
                                   "workbook made by adcvd-workbook, whose columns are found "
                                   "by their headers")
        return read_workbook_entries(path)
    if suffix == ".csv":
        return read_csv_entries(path, columns)
    raise InputError(path, "expected a workbook made by adcvd-workbook (.xlsx) or a broker "
                           "export (.csv or .xlsx)")


# The rates search column's defined name in the workbooks this tool writes (Rate_Key before
# the timeline): a broker export may well have a sheet called Entries, but not these.
OUR_NAMES = ("AD_Key", "Rate_Key")


def _made_by_this_tool(path: Path) -> bool:
    """Whether the workbook defines this tool's rates names and has its Entries sheet, with a
    header row naming (in any earlier layout) the columns the deposit needs."""
    book = _open(path, data_only=False)
    try:
        if not any(name in book.defined_names for name in OUR_NAMES):
            return False
        sheet, _, columns, _ = _find_entry_header(book, path)
    except InputError:
        return False
    except DAMAGED as err:
        raise _unreadable(path, err) from None
    finally:
        book.close()
    keys = {key for _, key in columns.values()}
    return sheet.title == sheet_template("entries").name and set(broker_columns.NEEDED) <= keys


# --- xlsx ---------------------------------------------------------------------------------

def read_workbook_entries(path: Path) -> ImportedEntries:
    _check_container(path)
    book = _open(path, data_only=False)
    try:
        sheet, header_row, columns, warnings = _find_entry_header(book, path)
        entries, formula_cells = _entry_rows(path, sheet, header_row, columns, warnings)
        if formula_cells:
            entries = _fill_formula_results(path, sheet.title, header_row, entries,
                                            formula_cells, columns)
        old = read_proceedings(book, warnings)
        old_generated = _read_generated(book)
    except InputError:
        raise
    except DAMAGED as err:  # a damaged part inside the zip, bad XML, ...
        raise _unreadable(path, err) from None
    finally:
        book.close()
    found = {key: header for header, key in columns.values()}
    return ImportedEntries(path, "xlsx", entries, found, warnings, old, old_generated)


def _check_container(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise InputError(path, "the file is empty")
    if head.startswith(OLE2_MAGIC):
        raise InputError(path, "the workbook is password-protected (encrypted) or an old .xls "
                               "file; open it in Excel, remove the password or save it as "
                               ".xlsx, and build again")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(path, "not an .xlsx workbook (an .xlsx is a zip file; this one is "
                               "not): was it renamed, or saved in another format?")
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise _unreadable(path, err) from None
    if damaged:
        raise InputError(path, f"the workbook is damaged (part {damaged} fails its checksum)")


def _unreadable(path: Path, err: Exception) -> InputError:
    detail = str(err) or type(err).__name__
    return InputError(path, f"the workbook cannot be read, it may be damaged or only partly "
                            f"written ({detail})")


def _open(path: Path, data_only: bool):
    try:
        with warnings.catch_warnings():   # "Print area cannot be set to Defined name": the
            warnings.simplefilter("ignore", UserWarning)   # Entries print area is a formula
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as err:
        raise _unreadable(path, err) from None


def _find_entry_header(book, path: Path):
    """The entry sheet (ours by name first, then any other), its header row and columns:
    {0-based index: (header, input key)}."""
    layout = sheet_template("entries")
    accepted = accepted_headers()
    names = sorted(book.sheetnames, key=lambda n: n != layout.name)
    for name in names:
        sheet = book[name]
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        sheet.reset_dimensions()  # do not trust a stored size: read every row there is
        for row_number, row in enumerate(sheet.iter_rows(max_row=HEADER_SCAN_ROWS,
                                                         values_only=True), start=1):
            columns = {i: (str(v).strip(), accepted[header_key(v)]) for i, v in enumerate(row)
                       if isinstance(v, str) and header_key(v) in accepted}
            if len({key for _, key in columns.values()}) >= MIN_HEADER_MATCHES:
                return sheet, row_number, _check_duplicates(path, name, columns), []
    expected = ", ".join(c.header for c in layout.columns if c.kind == "input")
    raise InputError(path, f"no sheet has the entry columns ({expected}) in a header row "
                           f"within its first {HEADER_SCAN_ROWS} rows; is this a workbook made "
                           f"by adcvd-workbook?")


def _check_duplicates(path: Path, sheet: str, columns: dict) -> dict:
    seen: dict[str, int] = {}
    for index, (header, key) in columns.items():
        if key in seen:
            raise InputError(path, f"sheet '{sheet}': columns {get_column_letter(seen[key] + 1)} "
                                   f"and {get_column_letter(index + 1)} are both '{header}'")
        seen[key] = index
    return columns


def _entry_rows(path: Path, sheet, header_row: int, columns: dict, warnings: list[str]):
    """Entries below the header; input cells holding formulas are listed to be filled in
    with their results. A value in a column this version cannot place stops the read."""
    layout = sheet_template("entries")
    formula_headers = {loose_key(h) for h in [c.header for c in layout.columns
                                              if c.kind != "input"] + list(layout.legacy_outputs)}
    header_cells = next(sheet.iter_rows(min_row=header_row, max_row=header_row,
                                        values_only=True), ())
    entries: list[Entry] = []
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
                key = columns[index][1]
                if is_formula:
                    formula_cells.append((len(entries), key, row_number))
                    has_formula = True
                else:
                    if getattr(cell, "data_type", None) == "e":
                        raise InputError(path, f"{where} holds the error value {value} "
                                               "(a number marked as a date but outside the "
                                               "dates a cell shows, or an error typed in); "
                                               "retype it, then build again")
                    values[key] = _checked(path, where, key, _xlsx_value(path, where, key,
                                                                          value))
                continue
            if is_formula:
                continue  # a computed column: the new workbook computes its own
            header = header_cells[index] if index < len(header_cells) else None
            if loose_key(header) in formula_headers:
                overwritten.append(f"{get_column_letter(index + 1)}{row_number}")
                continue
            label = f"column '{header}'" if header not in (None, "") else "a column with no header"
            raise InputError(path, f"{where} holds {value!r} in {label}, which the new "
                                   f"workbook has no place for (its input columns: "
                                   f"{', '.join(c.header for c in layout.columns if c.kind == 'input')}); "
                                   f"move it into an input column or delete it, then build again")
        entry = Entry(**values)
        if entry.is_blank() and not has_formula:
            continue
        entries.append(entry)
    if overwritten:
        warnings.append(f"{path}: {len(overwritten)} formula cell(s) of sheet '{sheet.title}' "
                        f"held typed values ({', '.join(overwritten[:5])}"
                        f"{', ...' if len(overwritten) > 5 else ''}); the new workbook "
                        "computes them again")
    return entries, formula_cells


def _fill_formula_results(path: Path, sheet_name: str, header_row: int, entries: list[Entry],
                          formula_cells: list, columns: dict) -> list[Entry]:
    """Input cells where the user typed a formula carry the formula's last result."""
    book = _open(path, data_only=True)
    try:
        sheet = book[sheet_name]
        sheet.reset_dimensions()
        index_of = {key: index for index, (_, key) in columns.items()}
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
                    raise InputError(path, f"{where} holds a formula with no saved result, "
                                           "or an empty one; replace the formula by its value "
                                           "(copy, then Paste Special > Values) and build again")
                results.setdefault(wanted[(row_number, key)], {})[key] = _checked(
                    path, where, key, _xlsx_value(path, where, key, value))
    finally:
        book.close()
    return [Entry(**{**e.__dict__, **results.get(i, {})}) for i, e in enumerate(entries)]


def _checked(path: Path, where: str, key: str, value: object):
    problem = cell_problem(key, value)
    if problem:
        raise InputError(path, f"{where}: {problem}")
    return value


def _xlsx_value(path: Path, where: str, key: str, value: object):
    """A cell's value as the entry holds it: text exactly, dates as dates, amounts as
    numbers."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if key in AMOUNT_KEYS:
        if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
            raise InputError(path, f"{where}: {value!r} is not an amount")
        if isinstance(value, (int, float)):
            return float(value)
        return _amount(value, lambda: InputError(path, f"{where}: {value!r} is not an amount"),
                       allow_kg=key == "quantity_kg")
    if key in NAME_KEYS and not isinstance(value, str):
        return number_text(value)  # the lookup compares names as text
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def number_text(value: object) -> str:
    """A number or date as a spreadsheet shows it in a General cell (123, 1.5)."""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def _read_generated(book) -> str:
    if "About" not in book.sheetnames:
        return ""
    for row in book["About"].iter_rows(max_row=80, max_col=2, values_only=True):
        if row and row[0] == GENERATED and len(row) > 1 and row[1]:
            return str(row[1])
    return ""


# --- broker exports: csv, and workbooks not made by this tool ------------------------------

def read_csv_entries(path: Path, columns: Mapping[str, str] | None = None) -> ImportedEntries:
    """Entries from a CSV export: the first line names the columns (broker_columns.py)."""
    header, rows = _csv_rows(path)
    return _broker_entries(path, "csv", header, 1, rows, columns)


def read_broker_workbook(path: Path, columns: Mapping[str, str] | None = None
                         ) -> ImportedEntries:
    """Entries from an .xlsx export that this tool did not make: the sheet and row whose cells
    name the most input columns within its first HEADER_SCAN_ROWS rows (title rows above it
    are skipped), and the rows below."""
    pandas = _pandas()
    try:
        sheets = pandas.read_excel(path, sheet_name=None, header=None, dtype=object,
                                   keep_default_na=False, engine="openpyxl")
    except Exception as err:  # whatever a damaged or odd workbook makes the reader raise
        raise _unreadable(path, err) from None
    grids = {name: [list(row) for row in frame.itertuples(index=False, name=None)]
             for name, frame in sheets.items()}
    best = None  # (input columns named, sheet, row index): the first of the highest score
    for name, rows in grids.items():
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            found = broker_columns.score([_header_text(v) for v in row], columns)
            if found and (best is None or found > best[0]):
                best = (found, name, index)
    if best is None:  # nothing recognised: the first row that looks like a header, to report
        best = next(((0, name, index) for name, rows in grids.items()
                     for index, row in enumerate(rows[:HEADER_SCAN_ROWS])
                     if sum(isinstance(v, str) and bool(v.strip()) for v in row) >= 2), None)
    if best is None:
        raise InputError(path, f"no sheet has a header row within its first "
                               f"{HEADER_SCAN_ROWS} rows")
    _, name, index = best
    rows = enumerate(grids[name][index + 1:], start=index + 2)
    return _broker_entries(path, "broker-xlsx", grids[name][index], index + 1, rows, columns)


def _pandas():
    import pandas  # only broker files need it; a plain build does not pay for the import
    return pandas


def _csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, tuple]]]:
    """A CSV file's header, and its other rows as text with their line (blank lines count, as
    in a spreadsheet), one at a time: a large export is not held twice."""
    text = _read_text(path)
    if not text.strip():
        raise InputError(path, "the file is empty")
    first_line = re.match(r"[^\r\n]*", text).group()
    delimiter = max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    # As many columns as the longest line could hold, so that blank fields past the header's
    # last column are no error; a value there is, below.
    width = max(m.group().count(delimiter) for m in re.finditer(r"[^\r\n]+|$", text)) + 1
    pandas = _pandas()
    try:
        frame = pandas.read_csv(io.StringIO(text), sep=delimiter, header=None,
                                names=range(width), dtype=str, keep_default_na=False,
                                na_filter=False, skip_blank_lines=False, engine="c")
    except pandas.errors.ParserError as err:
        raise _malformed(path, str(err)) from None
    fields = len(next(csv.reader([first_line], delimiter=delimiter), []))
    del text

    def checked(rows):
        for number, row in rows:
            if any(value.strip() for value in row[fields:]):
                used = max(i + 1 for i, value in enumerate(row) if value.strip())
                raise InputError(path, f"{used} fields where the header has {fields} (a "
                                       f"{'comma' if delimiter == ',' else repr(delimiter)} "
                                       f"inside a value needs quotes)", line=number)
            yield number, row

    rows = checked(enumerate(frame.itertuples(index=False, name=None), start=1))
    first = next(rows, None)
    if first is None:  # only byte order marks, say
        raise InputError(path, "the file is empty")
    return list(first[1]), rows


def _malformed(path: Path, message: str) -> InputError:
    """pandas' tokenizer error, with the row a spreadsheet would show."""
    detail = message.removeprefix("Error tokenizing data. C error: ").strip()
    unclosed = re.search(r"EOF inside string starting at row (\d+)", detail)
    if unclosed:
        return InputError(path, "malformed CSV: a quote opened here is never closed",
                          line=int(unclosed.group(1)) + 1)
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if fields:
        return InputError(path, f"{fields.group(3)} fields where a line has at most "
                                f"{fields.group(1)} (a comma inside a value needs quotes)",
                          line=int(fields.group(2)))
    return InputError(path, f"malformed CSV: {detail}")


def _header_text(value: object) -> str:
    return "" if value is None else number_text(value) if not isinstance(value, str) else value


def _broker_entries(path: Path, kind: str, header: list, header_line: int,
                    rows: Iterable[tuple[int, Sequence]], columns: Mapping[str, str] | None
                    ) -> ImportedEntries:
    """The entries of `rows` ((line, cells) below the header), mapped by broker_columns."""
    headers = [_header_text(v) for v in header]
    mapped = broker_columns.map_header(path, headers, columns, line=header_line)
    warnings = []
    if mapped.unknown:
        warnings.append(f"{path}: unknown column(s) not carried: "
                        f"{', '.join(repr(u) for u in mapped.unknown)} (to carry one, map it: "
                        f"--column \"{mapped.unknown[0]}=KEY\", KEY one of "
                        f"{', '.join(c.key for c in broker_columns.input_columns())})")
    entries = []
    for number, row in rows:
        values = {}
        for index, key in mapped.keys.items():
            value = row[index] if index < len(row) else ""
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            header = mapped.found[key]
            if index in mapped.code_columns and broker_columns.looks_like_mid(str(value)):
                raise broker_columns.mid_code_error(path, number, header, str(value),
                                                    mapped.unknown)
            values[key] = _broker_value(path, number, header, key, value)
            problem = cell_problem(key, values[key])
            if problem:
                raise InputError(path, problem, line=number, column=header)
        entry = Entry(**values)
        if not entry.is_blank():
            entries.append(entry)
    return ImportedEntries(path, kind, entries, mapped.found, warnings)


def _broker_value(path: Path, line: int, column: str, key: str, value: object):
    """A field as the entry holds it: text as in the file, dates and amounts read."""
    if isinstance(value, str):
        return _csv_value(path, line, column, key, value)
    if isinstance(value, dt.datetime):  # a typed cell of a workbook, from here on
        value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
        value = value.date() if value.time() == dt.time(0) else value
    if key == "entry_date":
        if isinstance(value, dt.date):
            return value
        raise InputError(path, f"{value!r} is not a date (a number: format the column as "
                               f"dates in the export)", line=line, column=column)
    if key in AMOUNT_KEYS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(path, f"{value!r} is not an amount", line=line, column=column)
        return float(value)
    return number_text(value) if isinstance(value, (int, float)) else str(value)


def _csv_value(path: Path, line: int, column: str, key: str, raw: str):
    if key == "entry_date":
        return parse_date(raw, lambda: InputError(
            path, f"'{raw}' is not a date (YYYY-MM-DD or MM/DD/YYYY)", line=line, column=column))
    if key in AMOUNT_KEYS:
        return _amount(raw, lambda: InputError(
            path, f"'{raw}' is not an amount (such as 1234.56, $1,234.56)", line=line,
            column=column), allow_kg=key == "quantity_kg")
    return raw


def parse_date(text: str, error) -> dt.date | dt.datetime:
    """ISO (2026-02-01) or US (02/01/2026, 2/1/2026), optionally with a time."""
    text = text.strip()
    for pattern, order in ((ISO_DATE, (0, 1, 2)), (US_DATE, (2, 0, 1))):
        match = pattern.match(text)
        if not match:
            continue
        time = TIME_PART.fullmatch(text[match.end():].rstrip("Z"))
        if not time:
            raise error()
        parts = match.groups()
        year, month, day = (int(parts[i]) for i in order)
        hour, minute, second = (int(t or 0) for t in time.groups())
        try:
            stamp = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise error() from None
        return stamp.date() if stamp.time() == dt.time(0) else stamp
    raise error()


def _amount(text: str, error, allow_kg: bool = False) -> float:
    cleaned = re.sub(r"[\s,$]", "", text)
    if allow_kg and cleaned.lower().endswith("kg"):
        cleaned = cleaned[:-2]
    if cleaned.upper().startswith("USD"):
        cleaned = cleaned[3:]
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise error()
    try:
        return float(Decimal(cleaned))
    except InvalidOperation:
        raise error() from None
