"""Names that differ across lists (docs/rules.md): the same company spelled differently in
the AD list, the CVD message and the entries.

- A near miss: a name whose loose key (rates.loose_key: letter case, spaces, punctuation,
  parentheses, "Co., Ltd"/"Company Limited", "&"/"and" set aside) is a listed name's, but
  that is not spelled as that name, or whose loose key stands for two listed spellings (one
  list then misses it). It is priced as not listed, and its Rate Basis names the listed
  spelling(s): never matched loosely on our own.
- An alias: the analyst confirms in `aliases.csv` (name,same_as,source) that two spellings
  are one company; every table then lists the company under both spellings, and the Rate
  Basis says the alias was used.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .data_files import company_name, csv_rows
from .errors import InputError
from .rates import collation_key, list_key, loose_key, match_key

ALIAS_COLUMNS = ["name", "same_as", "source"]
ALIASES_FILE = "aliases.csv"
CLOSE = "close to listed"   # in a note: the Entries count of near misses looks for it


@dataclass(frozen=True)
class Alias:
    name: str
    same_as: str
    source: str
    line: int


@dataclass(frozen=True)
class NearGroup:
    """The listed spellings that share one loose key: `text` names them; `spelling` is the
    key of the one spelling an entry may type without a note, "" when the spellings stand for
    several companies (one list then misses any of them) or are aliases (the alias note
    comes first)."""
    key: str            # the loose key
    text: str
    spelling: str
    companies: int


def read_aliases(path: Path) -> list[Alias]:
    """aliases.csv: each row two spellings of one company, with the source that says so."""
    aliases = []
    for line, row in csv_rows(path, ALIAS_COLUMNS):
        name, same_as = (company_name(path, line, c, row[c]) for c in ("name", "same_as"))
        if not row["source"].strip():
            raise InputError(path, "no source: say what shows these are one company (a "
                                   "notice, a ruling, the company's documents)", line=line,
                             column="source")
        if match_key(list_key(name)) == match_key(list_key(same_as)):
            raise InputError(path, "name and same_as are the same spelling", line=line,
                             column="same_as")
        aliases.append(Alias(name, same_as, row["source"].strip(), line))
    return aliases


def spelled_as(aliases: list[Alias]) -> dict[str, str]:
    """Each aliased spelling's key -> the other spelling (either way round)."""
    pairs = {}
    for alias in aliases:
        pairs[match_key(list_key(alias.name))] = alias.same_as
        pairs[match_key(list_key(alias.same_as))] = alias.name
    return pairs


def with_aliases(table, aliases: list[Alias]):
    """The table with every rate also listed under each alias of its names."""
    if not aliases or table is None:
        return table
    other = spelled_as(aliases)
    extra = []
    for rate in table.rates:
        fields = [f for f in ("exporter", "producer", "company") if hasattr(rate, f)]
        for field in fields:
            alias = other.get(match_key(list_key(getattr(rate, field) or "")))
            if alias is not None:
                extra.append(dataclasses.replace(rate, **{field: alias}))
    listed = {match_key(r.key) for r in table.rates}
    added = [r for r in extra if match_key(r.key) not in listed]
    return type(table)(table.rates + list({match_key(r.key): r for r in added}.values()),
                       table.fallback)


def listed_names(proceedings) -> dict[str, list[str]]:
    """Every listed name (blank producers aside) -> the proceedings listing it ("AD"...)."""
    names: dict[str, list[str]] = {}
    for proceeding in proceedings:
        for det in proceeding.determinations:
            for rate in det.table.rates if det.table else ():
                for name in rate.names:
                    if name.strip():
                        where = names.setdefault(name, [])
                        if proceeding.kind.code not in where:
                            where.append(proceeding.kind.code)
    return names


def near_groups(proceedings, aliases: list[Alias]) -> list[NearGroup]:
    """The listed spellings by loose key, in the order a spreadsheet sorts the keys."""
    company_of = {}
    for alias in aliases:   # an alias joins its two spellings into one company
        a, b = (match_key(list_key(n)) for n in (alias.name, alias.same_as))
        company_of[a] = company_of.get(b, b)
    groups: dict[str, dict[str, str]] = {}
    for name, where in listed_names(proceedings).items():
        spellings = groups.setdefault(loose_key(name), {})
        spellings.setdefault(list_key(name), f"'{name}' ({', '.join(where)})")
    result = []
    for key, spellings in groups.items():
        if not key:
            continue   # a name of punctuation only: no entry is close to it
        companies = {company_of.get(match_key(k), match_key(k)) for k in spellings}
        only = next(iter(spellings)) if len(spellings) == 1 else ""
        result.append(NearGroup(key, " / ".join(spellings.values()), only, len(companies)))
    return sorted(result, key=lambda g: collation_key(g.key))


def note_for(role: str, name: str | None, groups: dict[str, NearGroup],
             aliases: dict[str, str]) -> str:
    """The Rate Basis note on one name of an entry ("" when none), as the workbook's
    formula computes it: an alias read as its other spelling, else a near miss."""
    if not name or not name.strip():
        return ""
    key = list_key(name)
    if match_key(key) in aliases:
        return f"; {role} one company with '{aliases[match_key(key)]}' ({ALIASES_FILE})"
    group = groups.get(loose_key(name))
    if group is None or match_key(group.spelling) == match_key(key):
        return ""
    return f"; {role} {CLOSE} {group.text}"


def close_pair_warnings(groups: list[NearGroup]) -> list[str]:
    """One line per loose key with listed spellings of several companies: the aliases.csv
    line that would join them, if they are one company."""
    lines = []
    for group in groups:
        if group.companies > 1:
            names = [part.rsplit(" (", 1)[0].strip("'") for part in group.text.split(" / ")]
            lines.append(f"names close but not equal in the lists: {group.text}; if they are "
                         f"one company, add to {ALIASES_FILE}: \"{names[0]}\",\"{names[1]}\","
                         "\"<source that says so>\"")
    return lines
