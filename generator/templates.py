"""Sheet layouts read from `templates/*.toml` (columns, headers, widths, formats, help).

The top-level `templates/` folder is installed as the package `generator.template_files`
(pyproject.toml maps it), so the layouts are read with importlib.resources from wherever the
package lives: the checkout in an editable install, site-packages from a wheel.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

TEMPLATE_PACKAGE = "generator.template_files"
_REINSTALL = "the installation is incomplete, reinstall adcvd-workbook"


class TemplateError(Exception):
    """A layout that ships with the package cannot be read: the installation is incomplete or
    a template was edited into invalid TOML. Not the user's input, and nothing was written."""

    outcome = "Nothing was written."  # templates are read before anything is written


def read_template(filename: str) -> dict:
    """The parsed `templates/<filename>`; TemplateError names it when it cannot be read."""
    try:
        folder = resources.files(TEMPLATE_PACKAGE)
    except ModuleNotFoundError as err:
        raise TemplateError(f"cannot read template {filename}: the package {TEMPLATE_PACKAGE} "
                            f"is not installed; {_REINSTALL}") from err
    try:
        return tomllib.loads(folder.joinpath(filename).read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or err
        raise TemplateError(f"cannot read template {filename} in {folder}: {reason}; "
                            f"{_REINSTALL}") from err
    except tomllib.TOMLDecodeError as err:
        raise TemplateError(f"cannot read template {filename} in {folder}: not valid TOML "
                            f"({err})") from err


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: str
    width: float
    index: int           # 0-based column number
    kind: str = "output"
    help: str = ""
    requires: str = ""   # "cvd": only in a workbook whose case has a companion CVD case;
                         # "ad_companies": only when the AD rates are by company
    # Input columns only (templates/entries.toml says what each means):
    type: str = ""
    needed: bool = False
    broker_names: tuple[str, ...] = ()
    code_names: tuple[str, ...] = ()

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
    """A header as compared: lower case, letters, digits and # only (`Entry No.` = `entry
    no`, `entered_value` = `Entered Value`)."""
    return re.sub(r"[^\w#]|_", "", str(text)).casefold() if text is not None else ""


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
def sheet_template(name: str, cvd: bool = True,
                   features: frozenset[str] = frozenset()) -> SheetTemplate:
    """The layout of a sheet; without `cvd`, the columns that require a CVD case left out,
    and the columns that require a feature of the case ("ad_companies") only with it."""
    raw = read_template(f"{name}.toml")
    wanted = features | ({"cvd"} if cvd else set())
    kept = [col for col in raw.pop("columns") if col.get("requires", "") in wanted | {""}]
    columns = tuple(Column(index=i, **{k: tuple(v) if isinstance(v, list) else v
                                       for k, v in col.items()})
                    for i, col in enumerate(kept))
    raw["legacy_outputs"] = tuple(raw.get("legacy_outputs", ()))
    return SheetTemplate(columns=columns, **raw)


@cache
def template_data(name: str) -> dict:
    """A template file as plain data, for sheets laid out as several tables (Changes)."""
    return read_template(f"{name}.toml")


@cache
def styles() -> dict[str, dict]:
    return read_template("styles.toml")
