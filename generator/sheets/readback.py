"""An earlier workbook's rates, read back from its own sheets: the "before" of the Changes
sheet. This layout (Timeline, AD Rates, CVD Rates) and the single Rates sheet of the first
releases (one table, in force for every date)."""

from __future__ import annotations

import dataclasses

from ..kinds import AD, KINDS
from ..model import Determination, Proceeding
from ..rates import Fallback, Rate
from ..templates import loose_key
from .rates import ANY_PRODUCER, fraction_to_pct, read_rates_sheet
from .timeline import read_timeline

LEGACY_SHEET = "Rates"


def read_proceedings(book, warnings: list[str]) -> dict[str, Proceeding]:
    """{"AD": Proceeding, "CVD": Proceeding} as the workbook holds them; empty (with a
    warning) when it holds no rates this version can read."""
    try:
        timelines = read_timeline(book)
        if timelines:
            return _from_timeline(book, timelines)
        if LEGACY_SHEET in book.sheetnames:
            return _from_legacy(book)
    except (ValueError, KeyError, TypeError) as err:
        warnings.append(f"the old workbook's rates cannot be read ({err}): no Changes sheet")
        return {}
    warnings.append("no Timeline or Rates sheet in the old workbook: no Changes sheet")
    return {}


def _from_timeline(book, timelines: dict[str, dict]) -> dict[str, Proceeding]:
    found = {}
    for code, timeline in timelines.items():
        kind = KINDS[code]
        sheet = read_rates_sheet(book, kind)
        if sheet is None:
            raise ValueError(f"no {kind} Rates sheet")
        fallbacks, rates, rule = sheet
        dets = []
        for number, det in enumerate(timeline["determinations"], start=1):
            table = (rule.table_class(rates.get(number, []), fallbacks[number])
                     if det["has_rates"] else None)
            dets.append(Determination(det["name"], det["effective"], det["announced"],
                                      det["source"], det["note"], table))
        if not dets:
            raise ValueError(f"no {kind} determination on the Timeline sheet")
        refunds = timeline.get("refunds_from")
        if refunds is not None:   # on the latest period without rates: the termination
            at = max(i for i, d in enumerate(dets) if d.table is None) if any(
                d.table is None for d in dets) else len(dets) - 1
            dets[at] = dataclasses.replace(dets[at], refunds_from=refunds)
        found[code] = Proceeding(kind, timeline["case_number"], timeline["name"], tuple(dets),
                                 rule)
    if AD.code not in found:
        raise ValueError("no AD case on the Timeline sheet")
    return found


def _from_legacy(book) -> dict[str, Proceeding]:
    """The first releases' Rates sheet: the fallback line (its producer cell says "(any
    producer)") above a table found by its headers."""
    rules = {"exporter": lambda k: k == "exporter", "producer": lambda k: k == "producer",
             "margin": lambda k: "margin" in k,
             "cash_deposit": lambda k: k.startswith("cashdeposit"),
             "case_number": lambda k: "casenumber" in k}
    sheet = book[LEGACY_SHEET]
    sheet.reset_dimensions()
    rows = list(sheet.iter_rows(values_only=True))
    fallback_line, header_index, columns = None, None, {}
    for i, row in enumerate(rows[:50]):
        found = {}
        for j, value in enumerate(row):
            for key, rule in rules.items():
                if isinstance(value, str) and key not in found and rule(loose_key(value)):
                    found[key] = j
        if {"exporter", "producer", "cash_deposit"} <= set(found):
            header_index, columns = i, found
            break
        if ANY_PRODUCER in row:
            fallback_line = row
    if header_index is None or fallback_line is None:
        raise ValueError("no rate table or no fallback line on its Rates sheet")

    def get(row, key, default=None):
        j = columns.get(key)
        return row[j] if j is not None and j < len(row) else default

    fallback = Fallback(str(get(fallback_line, "exporter", "")).removesuffix("*"),
                        fraction_to_pct(get(fallback_line, "margin",
                                            get(fallback_line, "cash_deposit"))),
                        fraction_to_pct(get(fallback_line, "cash_deposit")),
                        str(get(fallback_line, "case_number") or ""))
    rates = []
    for row in rows[header_index + 1:]:
        exporter, producer = get(row, "exporter"), get(row, "producer")
        if exporter in (None, "") and producer in (None, ""):
            break
        deposit = fraction_to_pct(get(row, "cash_deposit"))
        margin = get(row, "margin")
        rates.append(Rate(str(exporter), str(producer),
                          fraction_to_pct(margin) if margin is not None else deposit, deposit,
                          str(get(row, "case_number") or "")))
    title = next((r[0] for r in rows[:4] if r and isinstance(r[0], str)
                  and r[0].count(" · ") >= 2), "")
    determination = title.split(" · ")[2].split(",")[0] if title.count(" · ") >= 2 else (
        "Rates of the earlier workbook")
    return {AD.code: Proceeding(AD, "", "", (Determination(
        determination, table=AD.rules[0].table_class(rates, fallback)),))}
