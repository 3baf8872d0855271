"""The Changes sheet: what the new rates change against the earlier workbook's, per
determination, and for the carried entries (written only when entries come from an earlier
workbook). It renders a ChangeReport (generator/changes.py)."""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..changes import ADDED, CHANGED, REMOVED, ChangeReport, DeterminationChange, case_change
from ..formulas import deposit_change, difference
from ..kinds import KINDS
from ..model import Case
from ..rates import money_sum
from ..templates import template_data
from .layout import (LINE_HEIGHT, Formats, set_print, text_lines, wrap_height, wrapping_columns,
                     write_title)


def write_changes_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                        report: ChangeReport) -> None:
    layout = template_data("changes")
    sheet = workbook.add_worksheet(layout["name"])
    for col, width in enumerate(layout["widths"]):
        sheet.set_column(col, col, width)
    made = f" (generated {report.old_generated})" if report.old_generated else ""
    write_title(sheet, formats, layout["title"], [
        f"{case.title} · now: " + "; ".join(f"{p.kind} {p.latest.name}"
                                              for p in case.proceedings),
        f"Before: the rates of {report.source.name}{made}. After: {case.data_label}, "
        f"generated {generated}.",
        "Deposits: the carried entries priced by the same rules under each set of rates; an "
        "entry keeps its deposit unless a determination in force on its date changed.",
    ])
    row = _write_summary(sheet, formats, layout, report) + 2
    row = _write_table(sheet, formats, layout, row, "What each determination changes",
                       layout["determinations"],
                       [_determination_cells(c) for c in report.determinations])
    row = _write_entries(sheet, formats, layout, row + 2, report, "deposit")
    row = _write_entries(sheet, formats, layout, row + 2, report, "refundable")
    rates = [(c, r) for c in report.determinations for r in c.rates]
    shaded = (" Shaded rates are the fallback rate of a rate that is not listed on that "
              "side." if any(r.kind != CHANGED for _, r in rates) else "")
    last = _write_table(sheet, formats, layout, row + 2, "Rates added, removed or changed, by "
                        f"determination (each against what it replaces).{shaded}",
                        layout["rates"], [_rate_cells(c, r) for c, r in rates],
                        "No rate was added, removed or changed.")
    set_print(sheet, None, case.case_number, generated, last, len(layout["widths"]) - 1)


def _write_summary(sheet, formats: Formats, layout: dict, report: ChangeReport) -> int:
    """Before / After / Difference of the counts and deposits; returns its last row."""
    before_col, after_col, diff_col = layout["summary_columns"]
    row = layout["summary_row"]
    sheet.merge_range(row, 0, row, before_col - 1, "Summary", formats["summary_header"])
    for col, text in ((before_col, "Before"), (after_col, "After"), (diff_col, "Difference")):
        sheet.write_string(row, col, text, formats["summary_header_right"])
    lines = [("Entries carried", report.entries, report.entries, "int", "change_int"),
             ("Entries whose deposit changed", None, len(report.new_deposits), "int", None),
             ("Entries whose case number alone changed", None,
              len(report.new_case_numbers_only), "int", None)]
    for kind in report.kinds:
        before, after = report.before.get(kind), report.after[kind]
        lines += [
            (f"Entries at {KINDS[kind].article} {kind} fallback rate",
             before and before.fallback, after.fallback,
             "int", "change_int"),
            (f"Total estimated {kind} cash deposit (USD)", before and before.deposit,
             after.deposit, "usd", "change_usd"),
            (f"{kind} refundable (USD)", before and before.refundable, after.refundable,
             "usd", "change_usd")]
    if len(report.kinds) > 1:
        lines += [("Total estimated cash deposit (USD)", report.total(report.before),
                   report.total(report.after), "usd", "change_usd"),
                  ("Total refundable (USD)", report.total(report.before, "refundable"),
                   report.total(report.after, "refundable"), "usd", "change_usd")]
    for label, before, after, style, diff_style in lines:
        row += 1
        sheet.write_string(row, 0, label, formats["label"])
        if before is not None:
            sheet.write_number(row, before_col, before, formats[style])
        sheet.write_number(row, after_col, after, formats[style])
        if diff_style and before is not None:
            sheet.write_formula(row, diff_col, difference(cell(row, after_col),
                                                          cell(row, before_col)),
                                formats[diff_style], money_sum([after, -before]))
    return row


def _write_table(sheet, formats: Formats, layout: dict, row: int, title: str,
                 columns: list[dict], rows: list[dict], empty: str = "") -> int:
    """A titled table: a header row, then one row per dict of cells ({key: value}; a
    formula is a (formula, cached value) pair whose {key} stands for that column's cell on
    the row; ("fallback", value) is a shaded rate), each as tall as its longest wrapped
    text. Returns its last row."""
    sheet.write_string(row, 0, title, formats["label"])
    header, widths = row + 1, layout["widths"]
    sheet.set_row(header, LINE_HEIGHT * max(3, *(text_lines(c["header"], w * 0.9)
                                                 for c, w in zip(columns, widths))))
    for col, column in enumerate(columns):
        sheet.write_string(header, col, column["header"], formats["header"])
    wrapping = wrapping_columns((c["key"], c["format"], w) for c, w in zip(columns, widths))
    for i, cells in enumerate(rows, start=1):
        height = wrap_height((cells.get(key), width, indent) for key, width, indent in wrapping)
        if height is not None:
            sheet.set_row(header + i, height)
        refs = {column["key"]: cell(header + i, col) for col, column in enumerate(columns)}
        for col, column in enumerate(columns):
            value = cells.get(column["key"])
            if isinstance(value, tuple) and value[0] != "fallback":
                value = (value[0].format(**refs), value[1])
            _write_cell(sheet, formats, header + i, col, value, column)
    if not rows:
        sheet.write_string(header + 1, 0, empty or "None.", formats["note"])
    return header + max(len(rows), 1)


def _write_cell(sheet, formats: Formats, row: int, col: int, value, column: dict) -> None:
    style = formats[column["format"]]
    if value is None or value == "":
        return
    if isinstance(value, tuple) and value[0] == "fallback":
        sheet.write_number(row, col, value[1], formats["fallback_rate"])
    elif isinstance(value, tuple):
        sheet.write_formula(row, col, value[0], style, value[1])
    elif hasattr(value, "isoformat"):
        sheet.write_datetime(row, col, value, style)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, str(value), style)


def _determination_cells(change: DeterminationChange) -> dict:
    det, before = change.new, change.before
    old = before.priced_table.fallback if before is not None and before.priced_table else None
    new = det.priced_table.fallback if det is not None and det.priced_table else None
    cells = {"proceeding": change.proceeding, "name": change.name, "status": change.status,
             "effective": det.effective if det else None,
             "before": (before.name if before else "(nothing: no rates before)")
             if change.status != REMOVED else "",
             "old_fallback": old.cash_deposit if old else None,
             "new_fallback": new.cash_deposit if new else None,
             "entries": change.entries, "moved": change.changed}
    if det is not None and det.priced_table is not None:
        cells.update({key: len(change.of_kind(kind)) for key, kind in
                      (("added", ADDED), ("removed", REMOVED), ("changed", CHANGED))})
    if old and new:
        cells["fallback_change"] = (difference("{new_fallback}", "{old_fallback}"),
                                    new.cash_deposit - old.cash_deposit)
    return cells


CASE_ARROW = "\n\u2192\n"   # old, an arrow, new: a line each (never a break inside a number)
ENTRY_TABLES = {
    "deposit": ("Deposit", "Carried entries whose deposit or case number changed",
                "No carried entry's deposit or case number changed."),
    "refundable": ("Refundable", "Carried entries whose refundable amount changed (a "
                   "termination or revocation refunds them; their deposit at entry stays)",
                   "No carried entry's refundable amount changed."),
}


def _write_entries(sheet, formats: Formats, layout: dict, row: int, report: ChangeReport,
                   field: str) -> int:
    """The carried entries whose deposit (and case number) or refundable amount changed:
    old and new per proceeding."""
    what, title, empty = ENTRY_TABLES[field]
    named = [dict(c, header=c["header"].format(kind="{kind}", what=what))
             for c in layout["entries"]]
    per_kind = {"old", "new", "total_change", "case_number"}
    pair = [c for c in named if c["key"] in ("old", "new")]
    case_numbers = [c for c in named if c["key"] == "case_number"] if field == "deposit" else []
    columns = [c for c in named if c["key"] not in per_kind]
    columns += [dict(c, key=f"{c['key']}_{kind}", header=c["header"].format(kind=kind))
                for kind in report.kinds for c in pair]
    columns.append(next(c for c in named if c["key"] == "total_change"))
    columns += [dict(c, key=f"case_number_{kind}", header=c["header"].format(kind=kind))
                for kind in report.kinds for c in case_numbers]
    rows = []
    for change in (report.changed_entries if field == "deposit" else
                   report.refunded_entries):
        entry = change.entry
        cells = {"entry_number": entry.entry_number, "entry_date": entry.entry_date,
                 "exporter": entry.exporter, "producer": entry.producer,
                 "determinations": "; ".join(
                     f"{kind} {getattr(change.after, kind.lower()).determination}"
                     for kind in report.kinds)}
        old_total, new_total = [], []
        for kind in report.kinds:
            old = getattr(change.before, kind.lower())
            new = getattr(change.after, kind.lower())
            old_value = getattr(old, field) if old is not None else ""
            cells[f"old_{kind}"] = None if old is None else old_value
            cells[f"new_{kind}"] = getattr(new, field)
            old_total.append(old_value)
            new_total.append(getattr(new, field))
        cells["total_change"] = (deposit_change(report.kinds),
                                 money_sum(new_total) - money_sum(old_total))
        cells.update({f"case_number_{kind}": case_change(change, kind, CASE_ARROW)
                      for kind in report.kinds})
        rows.append(cells)
    return _write_table(sheet, formats, layout, row, title, columns, rows, empty)


def _rate_cells(change: DeterminationChange, rate_change) -> dict:
    rate = rate_change.rate
    names = (*rate.names, "")[:2]   # exporter and producer, or the company and a blank
    before = change.before.priced_table.fallback if change.before and change.before.priced_table else None
    after = change.new.priced_table.fallback
    old, new = rate_change.old, rate_change.new
    old_rate = old.cash_deposit if old else (before.cash_deposit if before else None)
    new_rate = new.cash_deposit if new else after.cash_deposit
    cells = {"proceeding": change.proceeding, "determination": change.name,
             "change": rate_change.kind, "exporter": names[0], "producer": names[1],
             "old_cash_deposit": old_rate if old else ("fallback", old_rate) if before else None,
             "new_cash_deposit": new_rate if new else ("fallback", new_rate),
             "old_margin": old.margin if old else None, "new_margin": new.margin if new else None,
             "old_case_number": old.case_number if old else None,
             "new_case_number": new.case_number if new else None,
             "entries": rate_change.entries}
    if old_rate is not None:
        cells["cash_deposit_change"] = (difference("{new_cash_deposit}", "{old_cash_deposit}"),
                                        new_rate - old_rate)
    return cells
