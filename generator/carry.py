"""The entries carried into a new workbook from an --entries file: a workbook this tool made
(workbook_entries.py, with its rates for the Changes sheet) or a broker system's export
(broker_files.py: a CSV, or an .xlsx without this tool's Entries sheet)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .broker_files import read_broker_workbook, read_csv_entries
from .entry_files import XLSX_SUFFIXES, ImportedEntries, check_container
from .errors import InputError
from .workbook_entries import made_by_this_tool, read_workbook_entries


def read_entries(path: Path | str, columns: Mapping[str, str] | None = None
                 ) -> ImportedEntries:
    """Entries from an .xlsx workbook made by this tool, or from a broker export: a .csv
    file, or an .xlsx workbook without this tool's Entries sheet. `columns` maps a broker
    export's headers to input keys ({"Line Val": "entered_value"}), see entry_headers.py."""
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
        if columns:
            raise InputError(path, "--column maps the headers of a broker export; this is a "
                                   "workbook made by adcvd-workbook, whose columns are found "
                                   "by their headers")
        return read_workbook_entries(path)
    if suffix == ".csv":
        return read_csv_entries(path, columns)
    raise InputError(path, "expected a workbook made by adcvd-workbook (.xlsx) or a broker "
                           "export (.csv or .xlsx)")
