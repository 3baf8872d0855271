"""The spreadsheet engines the tests recalculate workbooks in, and the poisoning that makes
sure they did recalculate.

A workbook from the generator carries every formula cell's value as computed by the Python
reference. An engine that merely kept those cached values would agree with the reference
without computing anything, so every engine gets a poisoned copy: each formula cell's cached
value replaced by POISON_NUMBER or POISON_TEXT. Only a recalculation removes the poison.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl

from testsupport import gnumeric, libreoffice

POISON_NUMBER = 987654321
POISON_TEXT = "POISON"

_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL = re.compile(r"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_FORMULA = re.compile(r"<f[\s/>]")
_TYPE = re.compile(r'\st="([^"]*)"')
_VALUE = re.compile(r"<v>.*?</v>|<v/>|<is>.*?</is>|<is/>", re.S)


def _poison_cell(match: re.Match) -> str:
    attributes, content = match.group(1), match.group(3) or ""
    if not _FORMULA.search(content):
        return match.group(0)
    kind = _TYPE.search(attributes)
    attributes = _TYPE.sub("", attributes)
    if kind is None or kind.group(1) == "n":
        value = f"<v>{POISON_NUMBER}</v>"
    else:  # text, boolean, error, date, inline string: all become a text poison
        attributes += ' t="str"'
        value = f"<v>{POISON_TEXT}</v>"
    return f"<c{attributes}>{_VALUE.sub('', content)}{value}</c>"


def poison_sheet_xml(xml: str) -> str:
    """The worksheet XML with every formula cell's cached value replaced by the poison."""
    return _CELL.sub(_poison_cell, xml)


def poison(src: Path | str, dest: Path | str) -> Path:
    """Copy the workbook `src` to `dest` with every formula cell's cached value poisoned
    (numbers -> POISON_NUMBER, anything else -> the text POISON_TEXT); formulas, inputs and
    every other part are copied unchanged."""
    src, dest = Path(src), Path(dest)
    if src.resolve() == dest.resolve():
        raise ValueError(f"{src} would be overwritten: poison a copy")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if _SHEET_PART.fullmatch(item.filename):
                data = poison_sheet_xml(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data, compress_type=item.compress_type)
    return dest


def poisoned_cells(path: Path | str) -> list[str]:
    """The cells whose value, as stored in the file, is still a poison."""
    book = openpyxl.load_workbook(path, data_only=True)
    return [f"{ws.title}!{cell.coordinate}" for ws in book.worksheets
            for row in ws.iter_rows() for cell in row
            if cell.value in (POISON_NUMBER, POISON_TEXT) and not isinstance(cell.value, bool)]


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)>(<f[^>]*/>|<f[^>]*>.*?</f>)(<v>.*?</v>)?</c>',
                           re.S)


def with_cached_values_of(values_from: Path, formulas_from: Path, dest: Path) -> Path:
    """A copy of `formulas_from` whose Entries formula cells carry the cached values of the
    same cells in `values_from`: what a spreadsheet holds right after rows were rearranged."""
    def cached(path: Path) -> dict[str, tuple[str, str]]:
        with zipfile.ZipFile(path) as book:
            xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        return {m.group(1): (m.group(2), m.group(4) or "") for m in _FORMULA_CELL.finditer(xml)}

    old = cached(values_from)

    def swap(match: re.Match) -> str:
        attributes, value = old.get(match.group(1), (match.group(2), match.group(4) or ""))
        return f'<c r="{match.group(1)}"{attributes}>{match.group(3)}{value}</c>'

    with zipfile.ZipFile(formulas_from) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = _FORMULA_CELL.sub(swap, data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data, compress_type=item.compress_type)
    return dest


_ONE_CELL = re.compile(r"^(?:'[^']+'|[^'!]+)!\$?([A-Z]+)\$?(\d+)(?::\$?\1\$?\2)?$")


def one_cell_index_names(path: Path | str) -> list[str]:
    """The defined names that stand for a single cell and that a formula reads with INDEX.
    Gnumeric 1.12.55 computes INDEX over a one-cell range as #REF! (INDEX(A1:A1,1) too);
    Excel and LibreOffice give the cell."""
    book = openpyxl.load_workbook(path)
    single = [name for name, defined in book.defined_names.items()
              if _ONE_CELL.match(defined.attr_text or "")]
    formulas = [cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row
                if cell.data_type == "f" and isinstance(cell.value, str)]
    return [name for name in single
            if any(re.search(rf"INDEX\({name}\b", formula) for formula in formulas)]


@dataclass(frozen=True)
class Engine:
    """A spreadsheet program that recalculates workbooks: `engine(path, out_dir)` poisons a
    copy of `path`, has the program recalculate it and returns the recalculated xlsx
    (`out_dir / path.name`)."""
    name: str  # "libreoffice", "gnumeric": the fixture's name and the test id
    label: str  # "LibreOffice", as a person names it
    command: str  # the program that must be on PATH
    package: str  # the Debian package that installs it
    require_variable: str  # set to 1 (as in CI), a missing program fails instead of skipping
    find: Callable[[], str | None]
    recalculate: Callable[[Path, Path], Path]

    @property
    def skip_reason(self) -> str:
        return f"{self.label} ({self.command}) is not installed"

    def installed(self) -> bool:
        return self.find() is not None

    def required(self) -> bool:
        return os.environ.get(self.require_variable) == "1"

    def __call__(self, path: Path | str, out_dir: Path | str) -> Path:
        path, out_dir = Path(path), Path(out_dir)
        poisoned = poison(path, out_dir / "poisoned" / path.name)
        return self.recalculate(poisoned, out_dir)


ENGINES = {
    "libreoffice": Engine("libreoffice", "LibreOffice", "soffice", "libreoffice-calc-nogui",
                          "REQUIRE_LIBREOFFICE", libreoffice.find_soffice,
                          lambda path, out_dir: libreoffice.convert(path, out_dir, "xlsx")),
    "gnumeric": Engine("gnumeric", "Gnumeric", "ssconvert", "gnumeric", "REQUIRE_GNUMERIC",
                       gnumeric.find_ssconvert, gnumeric.recalculate),
}


def formulas_package_outputs(path: Path | str, count: int) -> list[dict]:
    """The first `count` entry rows' formula columns (by column key) as the `formulas` Python
    package computes them, from a poisoned copy. (It reads formulas, not cached values, as
    of 1.3.4; the poison makes sure it stays so.)"""
    import formulas
    import numpy as np

    from tests.workbook_values import entries_layout_of

    path = Path(path)
    poisoned = poison(path, path.parent / "poisoned-for-formulas" / path.name)
    solution = formulas.ExcelModel().loads(str(poisoned)).finish().calculate()
    layout = entries_layout_of(path)
    sheet = f"'[{poisoned.name}]{layout.name.upper()}'"
    rows = []
    for row in range(layout.first_data_row, layout.first_data_row + count):
        values = {}
        for col in layout.columns:
            if col.kind != "input":
                value = np.asarray(solution[f"{sheet}!{col.letter}{row}"].value).ravel()[0]
                value = value.item() if isinstance(value, np.generic) else value
                values[col.key] = None if value == "" else value
        rows.append(values)
    return rows


def copy_without_recalculating(path: Path, out_dir: Path) -> Path:
    """What an engine that ignores formulas would return: the file as it is."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(path, out_dir / path.name))
