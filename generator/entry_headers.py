"""Which column of an --entries file is which input column: the one header matcher, for the
workbooks this tool made and for broker exports alike.

A header is compared as `templates.header_key` gives it (ignoring letter case, spaces and
punctuation: `Entry No.` = `entry no`), and taken, in this order, from:

1. the user's own mapping, `--column "Line Val=entered_value"` (Python: `columns=`);
2. the sheet's input columns as templates/entries.toml declares them: the header, the header
   without its unit, the key (the only names read in a workbook this tool made);
3. their `broker_names`, the names customs people use, also with the column's unit
   (`Qty (kg)`, `Line Value (USD)`); last, their `code_names` (MID).

When two headers of a file name the same column, the one from the earlier source is carried and
the other is reported as not carried; two from the same source stop the build. A broker file
without a `needed` column stops the build with the columns it did not recognise and the
`--column` that would map the likeliest of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Mapping

from .entries import accepted_names, input_columns
from .errors import InputError
from .templates import header_key

USER, SHEET, ALIAS, CODE = range(4)  # where a header was recognised; the lower wins

# Words that make an unrecognised header the likely holder of a missing column. Only ever
# suggested in the error message, never mapped.
GUESSES = {
    "exporter": ("exporter", "shipper", "seller", "vendor", "supplier"),
    "producer": ("manufacturer", "mfr", "mfg", "producer", "maker", "factory"),
    "entered_value": ("value", "val", "amount", "amt"),
}
CODE_WORDS = {"id", "mid", "code", "no", "nbr", "number"}  # a header naming a code, not a name


def needed() -> tuple[str, ...]:
    """The input keys a broker file must have a column for: the deposit needs them."""
    return tuple(c.key for c in input_columns() if c.needed)


@cache
def accepted(broker: bool = True) -> dict[str, tuple[str, int]]:
    """Every accepted header (as `header_key` gives it) -> (input key, SHEET, ALIAS or CODE);
    without `broker`, the sheet's own names only."""
    table: dict[str, tuple[str, int]] = {}
    for col in input_columns():
        for name in (col.header, re.sub(r"\(.*?\)", "", col.header), col.key):
            table.setdefault(header_key(name), (col.key, SHEET))
    if not broker:
        return table
    for col in input_columns():
        unit = re.search(r"\(.*?\)", col.header)
        for rank, names in ((ALIAS, col.broker_names), (CODE, col.code_names)):
            for alias in names:
                for name in (alias, f"{alias} {unit.group()}" if unit else alias):
                    table.setdefault(header_key(name), (col.key, rank))
    return table


@dataclass
class HeaderMap:
    """How one header row maps: column index -> input key, and what is reported."""
    keys: dict[int, str]
    found: dict[str, str]          # input key -> header as in the file
    unknown: list[str]             # headers not carried
    code_columns: set[int]         # carried columns headed by a code name: values checked


def score(headers: list[str], columns: Mapping[str, str] | None = None) -> int:
    """How many input columns a row of headers names: to find the header row of a sheet."""
    table, user = accepted(), {header_key(h) for h in (columns or {})}
    return len({table[k][0] if k in table else k for k in map(header_key, headers)
                if k in table or k in user})


def map_header(path, headers: list[str], columns: Mapping[str, str] | None = None,
               line: int = 1) -> HeaderMap:
    """Map a broker file's header row (`line` as a spreadsheet numbers it); raise InputError
    for a mapping that does not fit the file, two columns of the same kind, or a needed
    column missing."""
    user = _user_columns(path, headers, columns or {}, line)
    table = accepted()
    claims: dict[str, list[tuple[int, int]]] = {}      # key -> [(rank, index)]
    for index, header in enumerate(headers):
        k = header_key(header)
        key, rank = (user[k], USER) if k in user else table.get(k, (None, None))
        if key is not None:
            claims.setdefault(key, []).append((rank, index))
    keys: dict[int, str] = {}
    for key, ranked in claims.items():
        (rank, index), *others = sorted(ranked)
        if others and others[0][0] == rank:
            other = headers[others[0][1]].strip()
            raise InputError(path, f"columns '{headers[index].strip()}' and '{other}' are both "
                                   f"{key}; rename or delete one, or choose one with "
                                   f"--column \"{other}={key}\"", line=line)
        keys[index] = key
    found = {key: headers[index].strip() for index, key in keys.items()}
    unknown = [h.strip() for i, h in enumerate(headers) if h.strip() and i not in keys]
    missing = [key for key in needed() if key not in found]
    if missing:
        raise InputError(path, _missing_message(missing, unknown), line=line)
    return HeaderMap(keys, found, unknown,
                     {i for i in keys if table.get(header_key(headers[i]), (0, 0))[1] == CODE})


def _user_columns(path, headers: list[str], columns: Mapping[str, str], line: int
                  ) -> dict[str, str]:
    """The user's mapping as header_key(header) -> input key, every header and key checked."""
    sheet_names = {k: key for k, (key, rank) in accepted().items() if rank == SHEET}
    in_file = {header_key(h) for h in headers if str(h).strip()}
    mapped: dict[str, str] = {}
    for header, key in columns.items():
        given = f'--column "{header}={key}"'
        key_found = sheet_names.get(header_key(key))
        if key_found is None:
            raise InputError(path, f"{given}: '{key}' is not an input column; use one of "
                                   f"{', '.join(c.key for c in input_columns())}", line=line)
        if header_key(header) not in in_file:
            listed = ", ".join(repr(h.strip()) for h in headers if str(h).strip())
            raise InputError(path, f"{given}: the file has no column '{header}' (its columns: "
                                   f"{listed or 'none'})", line=line)
        if header_key(header) in mapped:
            raise InputError(path, f"{given}: '{header}' is mapped twice", line=line)
        mapped[header_key(header)] = key_found
    return mapped


def _missing_message(missing: list[str], unknown: list[str]) -> str:
    columns = {c.key: c for c in input_columns()}
    names = [columns[k].header for k in missing]
    names = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    text = f"no column for {names}, which the deposit needs"

    def read_as(key: str) -> str:
        return ", ".join(accepted_names(columns[key]))

    if len(missing) == 1:
        accepted_text = f"headers read as {columns[missing[0]].header}: {read_as(missing[0])}"
    else:
        accepted_text = "headers read as them: " + "; ".join(
            f"{columns[k].header}: {read_as(k)}" for k in missing)
    if not unknown:
        return f"{text} ({accepted_text}); the file has no other column that could hold it"
    hints = " ".join(f'--column "{guess(k, unknown) or "FILE HEADER"}={k}"' for k in missing)
    return (f"{text}. Columns not recognised: {', '.join(repr(u) for u in unknown)}. Map the "
            f"one that holds it: {hints} ({accepted_text})")


def guess(key: str, headers: list[str]) -> str | None:
    """The first header whose words suggest the input column `key`, if any."""
    for header in headers:
        words = re.findall(r"[^\W_]+", header.casefold())
        if key in ("exporter", "producer") and CODE_WORDS & set(words):
            continue
        if any(w.startswith(g) for w in words for g in GUESSES.get(key, ())):
            return header
    return None
