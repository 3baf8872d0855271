"""Sheet layouts read from `templates/*.toml` (columns, headers, widths, formats, help)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: str
    width: float
    index: int           # 0-based column number
    kind: str = "output"
    help: str = ""
    requires: str = ""   # "cvd": only in a workbook whose case has a companion CVD case

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class SheetTemplate:
    name: str
    title: str
    header_row: int      # 1-based, as a user reads it
    columns: tuple[Column, ...]
    intro: str = ""
    default_rows: int = 0
    legacy_outputs: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> Column:
        return self._by_key[key]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {c.key: c for c in self.columns})

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


def header_key(text: object) -> str:
    """A header as compared: lower case, without spaces and underscores."""
    return re.sub(r"[\s_]+", "", str(text)).casefold() if text is not None else ""


def loose_key(text: object) -> str:
    """A header without its parenthesised parts: "Cash Deposit Rate (%)" -> "cashdepositrate",
    so a unit added or reworded in a later layout still matches."""
    return header_key(re.sub(r"\(.*?\)", "", str(text))) if text is not None else ""


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@cache
def sheet_template(name: str, cvd: bool = True) -> SheetTemplate:
    """The layout of a sheet; without `cvd`, the columns that require a CVD case left out."""
    raw = tomllib.loads((TEMPLATE_DIR / f"{name}.toml").read_text("utf-8"))
    kept = [col for col in raw.pop("columns") if cvd or col.get("requires") != "cvd"]
    columns = tuple(Column(index=i, **col) for i, col in enumerate(kept))
    raw["legacy_outputs"] = tuple(raw.get("legacy_outputs", ()))
    return SheetTemplate(columns=columns, **raw)


@cache
def template_data(name: str) -> dict:
    """A template file as plain data, for sheets laid out as several tables (Changes)."""
    return tomllib.loads((TEMPLATE_DIR / f"{name}.toml").read_text("utf-8"))


@cache
def styles() -> dict[str, dict]:
    return tomllib.loads((TEMPLATE_DIR / "styles.toml").read_text("utf-8"))
