"""The keys of case.toml: their types, their texts, and the line each is set on (so that every
refusal names the file, the line and the key)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .data_files import check_text
from .errors import InputError

MAX_CASE_TEXT_CHARS = 2_000  # a case.toml text longer than this is a pasting accident
CASE = re.compile(r"^[AC]-[0-9]{3}-[0-9]{3}$")
MULTILINE_KEYS = {"note", "source"}  # case.toml texts that may hold a line break


def toml_key_lines(path: Path) -> dict[str, int]:
    """Where each key is set in a TOML file: `case_number`, `fallback.name`,
    `determination[2].effective`, `cvd.determination[1].fallback.name`, and each table's
    own line (`determination[2]`)."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    current = ""
    for number, line in enumerate(path.read_text("utf-8-sig").splitlines(), start=1):
        array = re.match(r"\s*\[\[([^\]]*)\]\]", line)
        table = re.match(r"\s*\[([^\]]*)\]", line)
        if array:
            name = array.group(1).strip()
            counts[name] = counts.get(name, 0) + 1
            current = f"{name}[{counts[name]}]"
            lines.setdefault(current, number)
        elif table:
            current = _indexed(table.group(1).strip(), counts)
            lines.setdefault(current, number)
        else:
            key = re.match(r'\s*"?([A-Za-z0-9_-]+)"?\s*=', line)
            if key:
                lines.setdefault(f"{current}.{key.group(1)}" if current else key.group(1),
                                 number)
    return lines


def _indexed(table: str, counts: dict[str, int]) -> str:
    """`determination.fallback` under the 2nd [[determination]] is
    `determination[2].fallback`."""
    for array in sorted(counts, key=len, reverse=True):
        if table.startswith(array + "."):
            return f"{array}[{counts[array]}]{table[len(array):]}"
    return table


def check_keys(path: Path, table: dict, required: dict, optional: dict, prefix: str) -> None:
    for key in table:
        if key not in required and key not in optional:
            raise InputError(path, f"unknown key '{prefix}{key}' (expected one of: "
                                   f"{', '.join(list(required) + list(optional))})",
                             column=f"{prefix}{key}")
    for key in required:
        if key not in table:
            where = prefix.rstrip(".")
            raise InputError(path, f"missing key '{prefix}{key}'",
                             column=where if where else None)
    for key, kind in {**required, **optional}.items():
        if key in table and not _is_kind(table[key], kind):
            raise InputError(path, f"key '{prefix}{key}' has the wrong type "
                                   f"({type(table[key]).__name__}; expected "
                                   f"{_KIND_NAMES.get(kind, 'a number')})",
                             column=f"{prefix}{key}")


def _is_kind(value, kind) -> bool:
    if isinstance(kind, tuple):
        return any(_is_kind(value, k) for k in kind)
    if kind is bool:
        return isinstance(value, bool)
    if kind is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, kind) and not isinstance(value, bool)


_KIND_NAMES = {str: 'a text in double quotes', dt.date: 'a date like 2025-07-17, no quotes',
               list: 'a list like ["3801.10.5000"]', dict: 'a table',
               bool: 'true or false', int: 'a whole number',
               (dt.date, str): 'a date like 2026-03-12, or "start"'}


def check_case_texts(path: Path, info: dict) -> None:
    """Texts of case.toml: no control characters, not absurdly long; the case number is used
    in file names and page headers, so it must look like one."""
    for key, value in info.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(value, list) and not isinstance(item, str):
                raise InputError(path, f"key '{key}' must hold texts in double quotes "
                                       f"(found {type(item).__name__})", column=key)
            if not isinstance(item, str):
                continue
            check_case_text(path, key, item)
            if not item.strip():
                raise InputError(path, f"key '{key}' is blank", column=key)
    if "hts" in info and not info["hts"]:
        raise InputError(path, "key 'hts' lists no HTSUS subheading", column="hts")
    for key in ("case_number", "cvd.case_number"):
        if key in info and not CASE.match(info[key]):
            raise InputError(path, f"{key} '{info[key]}' is not a case number like "
                                   "A-570-194", column=key)


def check_case_text(path: Path, key: str, text: str) -> None:
    check_text(path, None, key, text, multiline=key.split(".")[-1] in MULTILINE_KEYS)
    if len(text) > MAX_CASE_TEXT_CHARS:
        raise InputError(path, f"key '{key}' is {len(text):,} characters long; at most "
                               f"{MAX_CASE_TEXT_CHARS:,}", column=key)
