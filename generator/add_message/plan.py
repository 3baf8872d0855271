"""What adding a message does to the case, decided before anything is written: a `Plan` to
append a determination (or replace the one a correction corrects) with its new files, or to
set `provisional_end` on the first provisional determination; each refusal one line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..data_files import csv_header, csv_rows
from ..messages import Message
from ..model import Case
from ..rates import name_key
from . import names
from .rows import Merged, Row, columns_of, merge, message_groups, split_names
from .target import Refusal, Target, target_of

DAY = dt.timedelta(days=1)


@dataclass
class Plan:
    target: Target
    action: str                 # "add", "replace" (element `index`) or "set" (its keys)
    index: int | None
    table: dict                 # the determination table, or the keys "set" gives
    files: dict[str, str] = field(default_factory=dict)   # new files: name -> text
    lines: list[str] = field(default_factory=list)        # what the printout says


def plan_message(message: Message, text: str, case: Case, info: dict, data_dir: Path) -> Plan:
    """The plan for `message` on the case loaded from `data_dir` (`info`: its case.toml)."""
    if message.kind == "liquidation":
        raise Refusal("a liquidation message: its rates are assessment rates for past entries, "
                      "not cash deposits")
    if message.unread and not (message.rates and message.rates[-1].country):
        raise Refusal(f"the text is cut off ({message.unread[-1][:60]!r} is not read whole): "
                      "paste the whole message")
    if message.kind == "other":
        raise Refusal("the message instructs no deposit, end of deposits or refund that "
                      "add-message knows (read-message shows what it says)")
    if message.in_part:
        raise Refusal(f"the message {message.kind.replace('revoked', 'revokes')} the case in "
                      "part only (some companies or products): add it by hand")
    if not message.message:
        raise Refusal("no message number: name the file by it (5204403.txt)")
    if not isinstance(info.get("determination"), list):
        raise Refusal("case.toml is in the single-table form: add-message adds to a timeline "
                      "of [[determination]] tables")
    target = target_of(message, text, case)
    tables = (info["determination"] if target.prefix == "determination"
              else info["cvd"]["determination"])
    every = info["determination"] + info.get("cvd", {}).get("determination", [])
    for table in every:
        if _names(table.get("source", ""), message.message):
            raise Refusal(f"message {message.message} is in the case already (the source of "
                          f"'{table['name']}')")
    if message.kind in ("provisional measures ended", "gap period"):
        return _provisional_end(message, target, tables)
    replaced = _corrected(message, tables)
    _check_date(message, tables, replaced)
    source = (f"CBP message {message.message}"
              + (f" (correcting message {message.corrects})" if message.corrects else "")
              + (f"; {message.federal_register}" if message.federal_register else ""))
    if message.kind == "cash deposits":
        plan = _rates(message, text, target, tables, replaced, source, data_dir)
    else:
        plan = _rateless(message, text, target, source)
    plan.action, plan.index = ("add", None) if replaced is None else ("replace", replaced)
    taken = {t["name"] for i, t in enumerate(tables) if i != replaced}
    if plan.table["name"] in taken:
        plan.table["name"] += f" (CBP message {message.message})"
    what = "Replaces" if replaced is not None else "Adds"
    plan.lines[:0] = [f"{what} [[{target.prefix}]] \"{plan.table['name']}\" in {target.kind} "
                      f"{target.case_number} ({target.how}):"]
    if replaced is not None:
        plan.lines.insert(1, f"  in place of '{tables[replaced]['name']}', which came from "
                             f"message {message.corrects} (its rates file stays in the folder)")
    elif message.corrects:
        plan.lines.insert(1, f"  (it corrects message {message.corrects}, which no "
                             "determination names: added as a new determination)")
    return plan


def _names(source: str, number: str) -> bool:
    return bool(re.search(rf"(?<!\d){number}(?!\d)", source))


def _corrected(message: Message, tables: list[dict]) -> int | None:
    if not message.corrects:
        return None
    return next((i for i, t in enumerate(tables) if _names(t.get("source", ""),
                                                           message.corrects)), None)


def _check_date(message: Message, tables: list[dict], replaced: int | None) -> None:
    if message.effective is None:
        raise Refusal("the message gives no effective date (\"on or after\")")
    for i, table in enumerate(tables):
        if i != replaced and table.get("effective") == message.effective:
            raise Refusal(f"'{table['name']}' has the same effective date "
                          f"({message.effective}): one determination per date")
    dated = [t for i, t in enumerate(tables) if t.get("effective") and
             (replaced is None or i < replaced)]
    if replaced is None and dated and dated[-1]["effective"] > message.effective:
        raise Refusal(f"effective {message.effective} is before the latest determination's "
                      f"({dated[-1]['effective']}, '{dated[-1]['name']}'): add-message "
                      "appends; add older messages first")


def _rates(message: Message, text: str, target: Target, tables: list[dict],
           replaced: int | None, source: str, data_dir: Path) -> Plan:
    kind, number = target.kind, message.message
    main = [r for r in message.rates if not r.country]
    given = next((r for r in main if r.fallback), None)
    wide = [r for r in main if not r.fallback and (r.case_number or "").endswith("-000")]
    listed = [r for r in main if not r.fallback and r not in wide]
    previous = next((t for t in reversed(tables[:replaced]) if "rates" in t), None)
    carry = given is None or names.lists_some(text)
    if given is None and previous is None:
        raise Refusal("no fallback: the message gives no All Others or country-wide row, and "
                      "no earlier determination has one to carry forward")
    rule, groups = message_groups(kind, listed)
    old_rows, old_rule = _previous_rows(data_dir, kind, previous, "rates")
    if not groups:
        rule = old_rule or rule
    elif old_rule is not None and old_rule is not rule and carry:
        raise Refusal(f"the message lists {kind} rates by {rule.noun}, and '{previous['name']}' "
                      f"by {old_rule.noun}: one case's rates are all one shape; add it by hand")
    moved = {d.case_number: "the country-wide entity" if d.to_country_wide else "deactivated"
             + (f", entries now under {d.entered_under}" if d.entered_under else "")
             for d in message.deactivated}
    wide_names = {name_key(n): "the country-wide entity" for r in wide
                  for n in split_names(r.company or r.exporter)}
    merged = merge(old_rows if previous else [], groups, carry, moved, wide_names)
    fallback, fallback_line, new_fallback = _fallback(kind, given, wide, previous)
    files = {f"{kind.prefix}-{number}.csv": _csv(columns_of(kind, rule), merged.rows)}
    table = {"name": names.rates_name(message, text), "effective": message.effective}
    if table["name"] in names.PROVISIONAL:
        table["provisional"] = True
    table["source"] = source
    note = _note(kind, bool(merged.carried), given, previous, new_fallback, bool(groups))
    if message.unread:   # cut in the third-country block, after every row of the case's own
        cut = (f"The message is cut off in its third-country block: the third-country rows "
               f"after {message.rates[-1].case_number} are not recorded.")
        note = f"{note} {cut}".strip()
    if note:
        table["note"] = note
    table["rates"] = f"{kind.prefix}-{number}.csv"
    third = _third_country(message, kind, previous, carry, data_dir)
    if third is not None:
        table["third_country_rates"] = f"{kind.prefix}-{number}-third-country.csv"
        files[table["third_country_rates"]] = _csv(columns_of(kind, rule, True), third.rows)
    table["fallback"] = fallback
    lines = [f"  effective {message.effective}" + (", provisional" if "provisional" in table
                                                   else ""),
             f"  source: {source}",
             f"  rates: {table['rates']}, {_rows(merged.rows)}; {fallback_line}"]
    if third is not None:
        lines.append(f"  third-country case numbers: {table['third_country_rates']}, "
                     f"{_rows(third.rows)} (listed on the rates sheet, not priced)")
    if message.unread:
        lines.append(f"  the text is cut off in its third-country block ({message.unread[-1]!r}"
                     "): every row of the case's own is read; the third-country rows after "
                     f"{message.rates[-1].case_number} are not recorded (the note says so)")
    against = (f"Against '{previous['name']}' (effective {previous.get('effective', '-')}), "
               + ("a review or amendment: companies not listed keep their rows" if carry else
                  "a full list: companies not listed fall to the fallback")
               if previous else "No earlier determination with rates:")
    lines += [against] + _report(merged, wide, moved) + (
        ["Third-country rows:"] + _report(third, [], {}) if third is not None else [])
    return Plan(target, "add", None, table, files, lines)


def _previous_rows(data_dir: Path, kind, previous: dict | None, key: str,
                   third: bool = False) -> tuple[list[Row], object]:
    """The previous determination's rows of file `key`, as written, and their rule."""
    if previous is None or key not in previous:
        return [], None
    path = data_dir / previous[key]
    rule = kind.rule_of(csv_header(path))
    return [row for _, row in csv_rows(path, list(columns_of(kind, rule, third)))], rule


def _fallback(kind, given, wide, previous: dict | None) -> tuple[dict, str, bool]:
    """The fallback the message gives, else the previous one (at the rate of its rows under
    the country-wide number, if they name one), the printout's line, and whether its rate is
    the message's."""
    if given is not None:
        rate = float(given.cash_deposit_pct)
        table = {"name": given.company or given.exporter,
                 **({"margin_pct": rate} if kind.has_margin else {}),
                 "cash_deposit_pct": rate, "case_number": given.case_number}
        return table, (f"fallback {table['name']} {given.cash_deposit_pct}% "
                       f"({given.case_number}), from the message"), True
    table = dict(previous["fallback"])
    line = f"fallback {table['name']} {table['cash_deposit_pct']}% carried"
    changed = bool(wide) and float(wide[0].cash_deposit_pct) != table["cash_deposit_pct"]
    if changed and float(wide[0].cash_deposit_pct) != table["cash_deposit_pct"]:
        rate = float(wide[0].cash_deposit_pct)
        line = (f"fallback {table['name']} {wide[0].cash_deposit_pct}% (was "
                f"{table['cash_deposit_pct']}%), the rate the message gives under "
                f"{wide[0].case_number}")
        table.update({"cash_deposit_pct": rate, **({"margin_pct": rate} if kind.has_margin
                                                    else {})})
        table.pop("note", None)
    if wide and not table.get("case_number"):
        table["case_number"] = wide[0].case_number
    return table, line, changed


def _note(kind, carried: bool, given, previous: dict | None, new_fallback: bool,
          listed: bool) -> str:
    parts = []
    if carried:
        parts.append(f"The message lists only the companies it revises: the other rows are "
                     f"carried from '{previous['name']}'.")
    if given is None:
        parts.append(f"The fallback's rate is the one the message gives under the country-wide "
                     f"case number; its name is carried from '{previous['name']}'."
                     if new_fallback else
                     f"The message gives no fallback: it is carried from '{previous['name']}'.")
    if kind.has_margin and (listed or new_fallback):
        written = " and ".join(w for w, on in (("the rows it lists", listed),
                                                ("the fallback", new_fallback)) if on)
        parts.append("CBP's message gives only cash deposit rates: margin_pct is written equal "
                     f"to the cash deposit rate for {written}.")
    return " ".join(parts)


def _third_country(message: Message, kind, previous: dict | None, carry: bool,
                   data_dir: Path) -> Merged | None:
    rates = [r for r in message.rates if r.country]
    old, _ = _previous_rows(data_dir, kind, previous if carry else None,
                            "third_country_rates", True)
    if not rates and not old:
        return None
    _, groups = message_groups(kind, rates, third=True)
    return merge(old, groups, carry)


def _report(merged: Merged, wide: list, moved: dict[str, str]) -> list[str]:
    groups = (("changed", merged.changed), ("added", merged.added), ("moved", merged.moved),
              ("carried", merged.carried), ("dropped (not listed: now at the fallback)",
                                            merged.dropped), ("unchanged", merged.unchanged))
    lines = ["  " + ", ".join(f"{title.split()[0]} {len(items)}" for title, items in groups
                              if items or title.split()[0] != "dropped")]
    for title, items in groups:
        if items:
            lines += [f"  {title}:"] + [f"    {item}" for item in items]
    for row in wide:
        listed = [n for n in split_names(row.company or row.exporter)
                  if name_key(n) not in merged.used]
        if listed:
            lines.append(f"  in the country-wide entity, with no row before: {'; '.join(listed)}")
    lines += [f"  deactivated {number}: no row had it" for number in moved
              if number not in merged.used]
    return lines


def _rows(rows: list) -> str:
    return f"{len(rows)} row{'s' * (len(rows) != 1)}"


def _csv(columns: tuple[str, ...], rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _provisional_end(message: Message, target: Target, tables: list[dict]) -> Plan:
    """provisional measures ended, or a gap period: the last day of provisional measures on
    the proceeding's first provisional determination (the workbook computes the gap from it)."""
    at = next((i for i, t in enumerate(tables) if t.get("provisional")), None)
    if at is None:
        raise Refusal(f"no {target.kind} determination has provisional = true: the message "
                      "ends provisional measures that the case does not list")
    start = message.period[0] if message.period else None
    end = message.provisional_end or (message.effective - DAY if message.kind ==
                                      "provisional measures ended" and message.effective
                                      else start - DAY if start else None)
    if end is None:
        raise Refusal("the message gives no last day of provisional measures")
    first = tables[at]
    had = first.get("provisional_end")
    if had is not None and not (message.corrects and _names(first.get("source", ""),
                                                            message.corrects)):
        raise Refusal(f"'{first['name']}' has provisional_end = {had} already"
                      + (": nothing to change" if had == end else f", the message says {end}: "
                         "edit case.toml by hand if it is wrong"))
    source = f"{first.get('source', '')}; provisional_end: CBP message {message.message}"
    lines = [f"Sets provisional_end = {end} on [[{target.prefix}]] '{first['name']}' in "
             f"{target.kind} {target.case_number} ({target.how}):",
             f"  the last day of provisional measures; no {target.kind} deposit from {end + DAY}"
             " until the next determination that is not provisional (the workbook adds that "
             "gap period)"]
    if message.period:
        lines.append(f"  the message's period: {message.period[0]} through {message.period[1]}")
    return Plan(target, "set", at, {"provisional_end": end, "source": source.lstrip("; ")},
                lines=lines)


def _rateless(message: Message, text: str, target: Target, source: str) -> Plan:
    """A termination or revocation: no deposit from its effective date; refunds_from."""
    table = {"name": names.rateless_name(message, text), "effective": message.effective}
    refunds = message.refunds_from
    if refunds is not None:
        table["refunds_from"] = refunds
    table["source"] = source
    said = ("every deposit of the proceeding is refunded" if refunds == "start" else
            f"deposits on entries from {refunds} are refunded" if refunds else "no refund")
    lines = [f"  effective {message.effective}: no {target.kind} deposit from then on; {said}",
             f"  source: {source}"]
    return Plan(target, "add", None, table, lines=lines)
