"""Read the entries of a broker system's export: a CSV file (UTF-8, or Windows-1252 as Excel's
"CSV (Comma delimited)" writes it), or an .xlsx workbook this tool did not make. Its header row
is mapped by entry_headers.py (the sheet's names, the names customs people use, the user's
--column); each value is read by its column's type (values.py). Fully blank rows are dropped.
Nothing here writes a file: every bad value is reported, with its line and column, in one
InputError (errors.raise_all)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .data_files import read_text
from .entries import COLUMN_TYPES, Entry, cell_problem, input_columns
from .entry_files import HEADER_SCAN_ROWS, ImportedEntries, unreadable
from .entry_headers import guess, map_header, score
from .errors import InputError, raise_all
from .templates import header_key
from .values import ValueProblem, number_text, typed_value

# A Manufacturer Identification Code (CNSHAXYZ1234SHA): country (2 letters), the first 3
# letters of the first two words of the name, the largest number of the street address (up to
# 4 digits), the first 3 letters of the city.
MID_CODE = re.compile(r"[A-Z]{2}[A-Z]{3,6}[0-9]{0,4}[A-Z]{3}")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
LISTED_NAMES = 10   # accented names listed in the Windows-1252 note


def read_csv_entries(path: Path, columns: Mapping[str, str] | None = None) -> ImportedEntries:
    """Entries from a CSV export: the first line names the columns."""
    text, windows = _csv_text(path)
    problems: list[InputError] = []
    header, rows = _csv_rows(path, text, problems)
    imported = _broker_entries(path, "csv", header, 1, rows, columns, problems)
    if windows:
        imported.notes.append(windows_note(path, imported.entries))
    return imported


def _csv_text(path: Path) -> tuple[str, bool]:
    """The file's text, and whether it was read as Windows-1252: not UTF-8, as Excel's "CSV
    (Comma delimited)" saves it. Anything else is refused as data_files.read_text says."""
    try:
        raw = path.read_bytes()
    except OSError:
        return read_text(path), False   # raises the error that names the file
    if not raw.startswith(UTF16_BOMS):
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return raw.decode("cp1252"), True
            except UnicodeDecodeError:
                pass  # a byte Windows-1252 leaves undefined: not that either
    return read_text(path), False


def windows_note(path: Path, entries: list[Entry]) -> str:
    """The summary's line for a file read as Windows-1252, naming the names with letters
    outside ASCII (accents) so the user can check them."""
    names = list(dict.fromkeys(name for e in entries for name in (e.exporter, e.producer)
                               if isinstance(name, str) and not name.isascii()))
    listed = ", ".join(names[:LISTED_NAMES]) + (
        f" and {len(names) - LISTED_NAMES} more" if len(names) > LISTED_NAMES else "")
    check = f"check the names with accented letters: {listed}" if names else (
        "no name has an accented letter")
    return (f"{path.name} is not UTF-8: read as Windows-1252 (Excel's \"CSV (Comma "
            f"delimited)\"); {check}")


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
        raise unreadable(path, err) from None
    grids = {name: [list(row) for row in frame.itertuples(index=False, name=None)]
             for name, frame in sheets.items()}
    best = None  # (input columns named, sheet, row index): the first of the highest score
    for name, rows in grids.items():
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            found = score([_header_text(v) for v in row], columns)
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


def _csv_rows(path: Path, text: str, problems: list[InputError]
              ) -> tuple[list[str], Iterator[tuple[int, tuple]]]:
    """A CSV file's header, and its other rows as text with their line (blank lines count, as
    in a spreadsheet), one at a time: a large export is not held twice. A row with a value
    past the header's last column is added to `problems` and left out."""
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
                problems.append(InputError(
                    path, f"{used} fields where the header has {fields} (a "
                          f"{'comma' if delimiter == ',' else repr(delimiter)} inside a value "
                          f"needs quotes)", line=number))
                continue
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
                    rows: Iterable[tuple[int, Sequence]], columns: Mapping[str, str] | None,
                    problems: list[InputError] | None = None) -> ImportedEntries:
    """The entries of `rows` ((line, cells) below the header), mapped by entry_headers; every
    value that cannot be read is a problem, all raised together at the end."""
    problems = [] if problems is None else problems
    headers = [_header_text(v) for v in header]
    mapped = map_header(path, headers, columns, line=header_line)
    warnings = []
    if mapped.unknown:
        warnings.append(f"{path}: unknown column(s) not carried: "
                        f"{', '.join(repr(u) for u in mapped.unknown)} (to carry one, map it: "
                        f"--column \"{mapped.unknown[0]}=KEY\", KEY one of "
                        f"{', '.join(c.key for c in input_columns())})")
    entries, lines = [], []
    for number, row in rows:
        values = {}
        for index, key in mapped.keys.items():
            value = row[index] if index < len(row) else ""
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            header = mapped.found[key]
            if index in mapped.code_columns and looks_like_mid(str(value)):
                problems.append(mid_code_error(path, number, header, str(value),
                                               mapped.unknown))
                continue
            try:
                read = typed_value(COLUMN_TYPES[key], value)
            except ValueProblem as problem:
                problems.append(InputError(path, str(problem), line=number, column=header))
                continue
            problem = cell_problem(key, read)
            if problem:
                problems.append(InputError(path, problem, line=number, column=header))
                continue
            values[key] = read
        entry = Entry(**values)
        if not entry.is_blank():
            entries.append(entry)
            lines.append(number)
    raise_all(problems)
    return ImportedEntries(path, kind, entries, mapped.found, warnings, rows=lines)


def looks_like_mid(value: str) -> bool:
    return bool(MID_CODE.fullmatch(value.strip()))


def mid_code_error(path, line: int, header: str, value: str, others: list[str]) -> InputError:
    """The refusal for a MID code where the rates need a company name."""
    name = guess("producer", [h for h in others if header_key(h) != header_key(header)])
    return InputError(
        path, f"'{value}' looks like a Manufacturer Identification Code (MID), not a company "
              f"name: the rates are listed by name, so no entry would find its rate and every "
              f"one would get the country-wide rate. Map the column that holds the "
              f"manufacturer's name: --column \"{name or 'Manufacturer Name'}=producer\" (or, "
              f"if this column holds names, rename its header to Producer)",
        line=line, column=header)
