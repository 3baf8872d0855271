"""What every reader of an --entries file shares: `ImportedEntries`, what one file gave, and
the checks that an .xlsx file is a readable workbook. Nothing here writes a file: a problem
raises InputError naming the file."""

from __future__ import annotations

import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl

from .entries import Entry
from .errors import InputError
from .model import Proceeding

HEADER_SCAN_ROWS = 50        # the header row is looked for in a sheet's first rows
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # encrypted xlsx, or an old .xls
ZIP_MAGIC = b"PK\x03\x04"
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, ParseError)


@dataclass
class ImportedEntries:
    """What one --entries file gave: the entries in order, and what it reports."""
    path: Path
    kind: str                                   # "xlsx" (made by this tool), "csv" or
                                                # "broker-xlsx" (an export of another system)
    entries: list[Entry]
    columns: dict[str, str]                     # input key -> header as found
    warnings: list[str] = field(default_factory=list)
    old: dict[str, Proceeding] = field(default_factory=dict)  # its rates (xlsx only)
    old_generated: str = ""                     # the old workbook's "Generated" (About sheet)
    rows: list[int] = field(default_factory=list)   # the line or row of each entry
    notes: list[str] = field(default_factory=list)  # for the summary (how the file was read)

    @property
    def row_word(self) -> str:
        """How a place in the file is called: a CSV's line, a sheet's row."""
        return "line" if self.kind == "csv" else "row"


def check_container(path: Path) -> None:
    """Refuse an .xlsx that is empty, encrypted (or an old .xls), not a zip, or damaged."""
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
        raise unreadable(path, err) from None
    if damaged:
        raise InputError(path, f"the workbook is damaged (part {damaged} fails its checksum)")


def unreadable(path: Path, err: Exception) -> InputError:
    detail = str(err) or type(err).__name__
    return InputError(path, f"the workbook cannot be read, it may be damaged or only partly "
                            f"written ({detail})")


def open_workbook(path: Path, data_only: bool):
    """The workbook, read only (formulas, or with `data_only` their saved results)."""
    try:
        with warnings.catch_warnings():   # "Print area cannot be set to Defined name": the
            warnings.simplefilter("ignore", UserWarning)   # Entries print area is a formula
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as err:
        raise unreadable(path, err) from None
