"""Which column of a broker export is which input column of the Entries sheet.

A header is compared ignoring letter case, spaces and punctuation (`Entry No.` = `entry no`),
and taken, in this order, from:

1. the user's own mapping, `--column "Line Val=entered_value"` (Python: `columns=`);
2. the sheet's input columns as templates/entries.toml names them: the header, the header
   without its unit, the key (so a new input column is accepted with no change here);
3. ALIASES, the names customs people use; an alias is also accepted with the column's unit
   (`Qty (kg)`, `Line Value (USD)`).

When two headers of a file name the same column, the one from the earlier source is carried and
the other is reported as not carried; two from the same source stop the build. A file without a
column the deposit needs (NEEDED) stops the build with the columns it did not recognise and the
`--column` that would map the likeliest of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Mapping

from .errors import InputError
from .templates import Column, sheet_template

# The one table of customs names: a header as broker systems export it -> the input key.
# Deliberately absent: "Value" (a broker export has several: invoice, entered, line, MPF) and
# "Shipper" or "Seller" (often a trading company or forwarder, not the exporter that Commerce
# rates); a user maps them knowingly with --column.
ALIASES = {
    "Entry No.": "entry_number",
    "Entry #": "entry_number",
    "Entry Nbr": "entry_number",
    "HTS": "hts",
    "HTS Code": "hts",
    "HTSUS": "hts",
    "Exporter Name": "exporter",
    "Manufacturer": "producer",
    "Manufacturer Name": "producer",
    "Mfr": "producer",
    "Mfr Name": "producer",
    "MID": "producer",
    "Line Value": "entered_value",
    "Qty": "quantity_kg",
}
# Aliases whose column usually holds codes, not names: the Manufacturer Identification Code
# (CNSHAXYZ1234SHA). The rates are listed by name, so such a column is used only when no other
# column names the producer, and refused when its values are codes.
CODE_ALIASES = ("MID",)
# Country (2 letters), the first 3 letters of the first two words of the name, the largest
# number of the street address (up to 4 digits), the first 3 letters of the city.
MID_CODE = re.compile(r"[A-Z]{2}[A-Z]{3,6}[0-9]{0,4}[A-Z]{3}")

NEEDED = ("exporter", "producer", "entered_value")  # deposit = entered value x the pair's rate

# Words that make an unrecognised header the likely holder of a missing column. Only ever
# suggested in the error message, never mapped.
GUESSES = {
    "exporter": ("exporter", "shipper", "seller", "vendor", "supplier"),
    "producer": ("manufacturer", "mfr", "mfg", "producer", "maker", "factory"),
    "entered_value": ("value", "val", "amount", "amt"),
}
CODE_WORDS = {"id", "mid", "code", "no", "nbr", "number"}  # a header naming a code, not a name

USER, SHEET, ALIAS, CODE = range(4)  # where a header was recognised; the lower wins


def broker_key(text: object) -> str:
    """A header as compared: lower case, letters, digits and # only."""
    return re.sub(r"[^\w#]|_", "", str(text)).casefold() if text is not None else ""


def input_columns() -> tuple[Column, ...]:
    return tuple(c for c in sheet_template("entries").columns if c.kind == "input")


@cache
def accepted() -> dict[str, tuple[str, int]]:
    """Every accepted header (as `broker_key` gives it) -> (input key, SHEET, ALIAS or CODE)."""
    columns = {c.key: c for c in input_columns()}
    table: dict[str, tuple[str, int]] = {}
    for col in columns.values():
        for name in (col.header, re.sub(r"\(.*?\)", "", col.header), col.key):
            table.setdefault(broker_key(name), (col.key, SHEET))
    codes = {broker_key(a) for a in CODE_ALIASES}
    for alias, key in ALIASES.items():
        if key not in columns:
            continue  # tests/test_entry_import.py checks that every alias names an input key
        unit = re.search(r"\(.*?\)", columns[key].header)
        for name in (alias, f"{alias} {unit.group()}" if unit else alias):
            table.setdefault(broker_key(name), (key, CODE if broker_key(alias) in codes else ALIAS))
    return table


def accepted_names(key: str) -> list[str]:
    """The headers accepted for one input column, as a user would type them."""
    col = next(c for c in input_columns() if c.key == key)
    names = [col.header, re.sub(r"\s*\(.*?\)", "", col.header), col.key]
    names += [alias for alias, k in ALIASES.items() if k == key]
    return list(dict.fromkeys(names))


@dataclass
class HeaderMap:
    """How one header row maps: column index -> input key, and what is reported."""
    keys: dict[int, str]
    found: dict[str, str]          # input key -> header as in the file
    unknown: list[str]             # headers not carried
    code_columns: set[int]         # carried columns headed like MID: their values are checked


def score(headers: list[str], columns: Mapping[str, str] | None = None) -> int:
    """How many input columns a row of headers names: to find the header row of a sheet."""
    table, user = accepted(), {broker_key(h) for h in (columns or {})}
    return len({table[k][0] if k in table else k for k in map(broker_key, headers)
                if k in table or k in user})


def map_header(path, headers: list[str], columns: Mapping[str, str] | None = None,
               line: int = 1) -> HeaderMap:
    """Map a file's header row (`line` as a spreadsheet numbers it); raise InputError for a
    mapping that does not fit the file, two columns of the same kind, or a NEEDED column
    missing."""
    user = _user_columns(path, headers, columns or {}, line)
    table = accepted()
    claims: dict[str, list[tuple[int, int]]] = {}      # key -> [(rank, index)]
    for index, header in enumerate(headers):
        k = broker_key(header)
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
    missing = [key for key in NEEDED if key not in found]
    if missing:
        raise InputError(path, _missing_message(missing, unknown), line=line)
    codes = {broker_key(a) for a in CODE_ALIASES}
    return HeaderMap(keys, found, unknown,
                     {i for i in keys if broker_key(headers[i]) in codes})


def _user_columns(path, headers: list[str], columns: Mapping[str, str], line: int
                  ) -> dict[str, str]:
    """The user's mapping as broker_key(header) -> input key, every header and key checked."""
    sheet_names = {k: key for k, (key, rank) in accepted().items() if rank == SHEET}
    in_file = {broker_key(h) for h in headers if str(h).strip()}
    mapped: dict[str, str] = {}
    for header, key in columns.items():
        given = f'--column "{header}={key}"'
        key_found = sheet_names.get(broker_key(key))
        if key_found is None:
            raise InputError(path, f"{given}: '{key}' is not an input column; use one of "
                                   f"{', '.join(c.key for c in input_columns())}", line=line)
        if broker_key(header) not in in_file:
            listed = ", ".join(repr(h.strip()) for h in headers if str(h).strip())
            raise InputError(path, f"{given}: the file has no column '{header}' (its columns: "
                                   f"{listed or 'none'})", line=line)
        if broker_key(header) in mapped:
            raise InputError(path, f"{given}: '{header}' is mapped twice", line=line)
        mapped[broker_key(header)] = key_found
    return mapped


def _missing_message(missing: list[str], unknown: list[str]) -> str:
    headers = {c.key: c.header for c in input_columns()}
    names = [headers[k] for k in missing]
    names = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    text = f"no column for {names}, which the deposit needs"
    if len(missing) == 1:
        accepted_text = f"headers read as {headers[missing[0]]}: " + ", ".join(
            accepted_names(missing[0]))
    else:
        accepted_text = "headers read as them: " + "; ".join(
            f"{headers[k]}: {', '.join(accepted_names(k))}" for k in missing)
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


def mid_code_error(path, line: int, header: str, value: str, others: list[str]) -> InputError:
    """The refusal for a MID code where the rates need a company name."""
    name = guess("producer", [h for h in others if broker_key(h) != broker_key(header)])
    return InputError(
        path, f"'{value}' looks like a Manufacturer Identification Code (MID), not a company "
              f"name: the rates are listed by name, so no entry would find its rate and every "
              f"one would get the country-wide rate. Map the column that holds the "
              f"manufacturer's name: --column \"{name or 'Manufacturer Name'}=producer\" (or, "
              f"if this column holds names, rename its header to Producer)",
        line=line, column=header)


def looks_like_mid(value: str) -> bool:
    return bool(MID_CODE.fullmatch(value.strip()))
