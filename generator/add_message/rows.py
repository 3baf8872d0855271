"""The rows a message gives, in the columns of the rates file they go to, and how they meet the
previous determination's rows: a listed company replaces its rows (matched by case number, else
by name, ignoring case and spaces), a new one is added, a deactivated case number or a row
under the country-wide number moves a company to the country-wide entity (its row goes), and
the rows the message does not list are carried forward (a review) or dropped (a full list)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..kinds import COMPANIES, CVD, PAIRS, ProceedingKind, RateRule
from ..messages import Rate
from ..rates import name_key
from ..third_country import COLUMNS as THIRD_COLUMNS
from .target import Refusal

Row = dict[str, str]
NAME_COLUMNS = ("country", "company", "exporter", "producer")


def split_names(text: str | None) -> list[str]:
    """Cross-owned companies written on one line ("A; B"): one name each."""
    return [n.strip() for n in re.split(r";\s*", text or "") if n.strip()]


def row_key(row: Row) -> tuple[str, ...]:
    return tuple(name_key(row[c]) for c in NAME_COLUMNS if c in row)


def label(row: Row) -> str:
    """A row's names as the printout shows them."""
    if "exporter" in row:
        return f"{row['exporter']} / {row['producer'] or '(any producer)'}"
    return f"{row['country']}: {row['company']}" if "country" in row else row["company"]


@dataclass
class Group:
    """One row of the message: its file rows (one per name of "A; B") and case number."""
    rows: list[Row]
    case_number: str

    @property
    def exporter_only(self) -> bool:
        return all(row.get("producer") == "" for row in self.rows)


def message_groups(kind: ProceedingKind, rates: list[Rate],
                   third: bool = False) -> tuple[RateRule, list[Group]]:
    """The message's rows as file rows, and the rule their file follows: AD "Exporter:" (with
    or without "Producer:") rows are pairs, "Producer and/or Exporter:" rows companies."""
    shapes, groups = set(), []
    for rate in rates:
        pct = str(rate.cash_deposit_pct)
        numbers = {"cash_deposit_pct": pct, "case_number": rate.case_number or ""}
        if kind.has_margin and not third:
            numbers = {"margin_pct": pct, **numbers}
        if rate.company or kind is CVD or third or (rate.producer and not rate.exporter):
            if rate.exporter and rate.producer:
                raise Refusal(f"exporter {rate.exporter} with producer {rate.producer} (line "
                              f"{rate.line}): {'third-country' if third else kind} rates here "
                              "are by company; add this row by hand")
            if kind is not CVD and not third and not rate.company:
                raise Refusal(f"producer {rate.producer} without an exporter (line "
                              f"{rate.line}): AD rates are by exporter; add this row by hand")
            shape = COMPANIES
            names = split_names(rate.company or rate.exporter or rate.producer)
            rows = [{"company": n} for n in names]
        else:
            shape = PAIRS
            rows = [{"exporter": e, "producer": p} for e in split_names(rate.exporter)
                    for p in split_names(rate.producer) or [""]]
        if third:
            rows = [{"country": rate.country, **row} for row in rows]
        shapes.add(shape)
        groups.append(Group([{**row, **numbers} for row in rows], rate.case_number or ""))
    if len(shapes) > 1:
        raise Refusal("the message lists AD rates both by company (\"Producer and/or "
                      "Exporter:\") and by exporter: one case's AD rates are all one shape; "
                      "add it by hand")
    return (shapes.pop() if shapes else kind.rules[0]), groups


def columns_of(kind: ProceedingKind, rule: RateRule, third: bool = False) -> tuple[str, ...]:
    return THIRD_COLUMNS if third else kind.rates_columns(rule)


@dataclass
class Merged:
    """The new file's rows and what happened to each company, for the printout."""
    rows: list[Row]
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)   # the moved numbers and names that moved a row


def merge(previous: list[Row], groups: list[Group], carry: bool,
          moved_numbers: dict[str, str] | None = None,
          moved_names: dict[str, str] | None = None) -> Merged:
    """The rows of the new determination. `carry`: the message lists only some companies, so
    the previous rows it does not list are kept. `moved_numbers` (deactivated case numbers)
    and `moved_names` (name keys of rows under the country-wide number) lose their rows; their
    values say where the company went."""
    taken: dict[int, int] = {}          # previous row -> the group that replaces it
    for number, group in enumerate(groups):
        free = [i for i in range(len(previous)) if i not in taken]
        hits = [i for i in free if group.case_number
                and previous[i]["case_number"] == group.case_number]
        for i in hits or [i for i in free if _same_names(previous[i], group)]:
            taken[i] = number
    out = Merged([], used={previous[i]["case_number"] for i in taken})
    moved = {i: why for i, row in enumerate(previous) if i not in taken
             for why in [_moved(row, moved_numbers or {}, moved_names or {}, out.used)] if why}
    placed: set[int] = set()
    for i, row in enumerate(previous):
        if i in taken and taken[i] not in placed and carry:
            placed.add(taken[i])
            out.rows += groups[taken[i]].rows
        elif i in moved:
            out.moved.append(f"{label(row)} ({row['case_number'] or 'no case number'}) -> "
                             f"{moved[i]}")
        elif i not in taken:
            (out.carried if carry else out.dropped).append(label(row))
            if carry:
                out.rows.append(row)
    for number, group in enumerate(groups):
        old = [previous[i] for i, g in taken.items() if g == number]
        if not carry or number not in placed:
            out.rows += group.rows
        if not old:
            out.added.append(_describe(group.rows))
            continue
        change = _change(old, group.rows)
        (out.changed if change else out.unchanged).append(
            _describe(group.rows) + (f": {change}" if change else ""))
    return out


def _moved(row: Row, numbers: dict[str, str], names: dict[str, str], used: set[str]) -> str:
    """Where a previous row's company went ("" if it stays): its case number deactivated,
    or its name under the country-wide number. Records what moved it in `used`."""
    name = name_key(row.get("company") or row.get("exporter", ""))
    why = numbers.get(row["case_number"]) if row["case_number"] else None
    why = why or names.get(name)
    if why:
        used.update({row["case_number"], name})
    return why or ""


def _same_names(row: Row, group: Group) -> bool:
    """A previous row names a company of the group (an exporter listed alone: any row of
    that exporter)."""
    if group.exporter_only and "exporter" in row:
        return name_key(row["exporter"]) in {name_key(r["exporter"]) for r in group.rows}
    return row_key(row) in {row_key(r) for r in group.rows}


def _describe(rows: list[Row]) -> str:
    first = rows[0]
    return (f"{'; '.join(label(r) for r in rows)} {first['cash_deposit_pct']}% "
            f"({first['case_number'] or 'no case number'})")


def _change(old: list[Row], new: list[Row]) -> str:
    """How the listed rows differ from the rows they replace ("" when they do not)."""
    parts = []
    rates = sorted({Decimal(r["cash_deposit_pct"]) for r in old})
    if rates != [Decimal(new[0]["cash_deposit_pct"])]:
        parts.append(f"was {'/'.join(map(str, rates))}%")
    numbers = sorted({r["case_number"] for r in old})
    if numbers != [new[0]["case_number"]]:
        parts.append(f"case number was {'/'.join(n or 'blank' for n in numbers)}")
    if sorted(row_key(r) for r in old) != sorted(row_key(r) for r in new):
        parts.append(f"was listed as {'; '.join(label(r) for r in old)}")
    return ", ".join(parts)
