"""The Changes sheet: the old workbook's rates against the new ones, and what that does to the
carried entries (written only when entries come from an older workbook)."""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..case import Case
from ..changes import ADDED, CHANGED, REMOVED, ChangeReport
from ..rates import pct_to_fraction
from ..templates import sheet_template
from .layout import Formats, set_columns, set_print, write_headers, write_title

SUMMARY_ROW = 5  # 0-based row of the summary block's header (Before / After / Difference)


def write_changes_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                        report: ChangeReport) -> None:
    layout = sheet_template("changes")
    sheet = workbook.add_worksheet(layout.name)
    set_columns(sheet, layout)
    made = f" (generated {report.old_generated})" if report.old_generated else ""
    write_title(sheet, formats, layout.title, [
        f"{case.title} · now: {case.determination}, announced {case.announced_text}",
        f"Before: the Rates sheet of {report.source.name}{made}. After: data/case.toml and "
        f"data/rates.csv (fingerprint {case.fingerprint}), generated {generated}.",
        "Deposits: the carried entries priced by the same rule under each set of rates, at "
        "generation; the totals on the Entries sheet update as you type.",
    ])
    _write_summary(sheet, formats, layout, report)
    counts = (f"Combinations: {len(report.of_kind(ADDED))} added, "
              f"{len(report.of_kind(REMOVED))} removed, {len(report.of_kind(CHANGED))} changed, "
              f"{report.unchanged} unchanged (unchanged ones are not listed below).")
    if report.of_kind(ADDED) or report.of_kind(REMOVED):
        counts += (f" Shaded rates are the fallback rate ({report.new_fallback.name}) of a "
                   "pair that is not listed.")
    sheet.write_string(layout.header_row - 2, 0, counts, formats["label"])
    write_headers(sheet, layout, formats)
    first = layout.header_row  # 0-based first table row
    for i, change in enumerate(report.changes):
        _write_change(sheet, formats, layout, first + i, change, report)
    if not report.changes:
        sheet.write_string(first, 0, "No combination was added, removed or changed.",
                           formats["note"])
    last = first + max(len(report.changes), 1) - 1
    sheet.freeze_panes(layout.header_row, 0)
    if report.changes:
        sheet.autofilter(layout.header_row - 1, 0, last, len(layout.columns) - 1)
    set_print(sheet, layout, case.case_number, generated, last)


def _write_summary(sheet, formats: Formats, layout, report: ChangeReport) -> None:
    before_col, after_col, diff_col = (layout[k].index for k in (
        "old_cash_deposit", "new_cash_deposit", "cash_deposit_change"))
    row = SUMMARY_ROW
    sheet.merge_range(row, 0, row, before_col - 1, "Summary", formats["summary_header"])
    for col, text in ((before_col, "Before"), (after_col, "After"), (diff_col, "Difference")):
        sheet.write_string(row, col, text, formats["summary_header_right"])
    old, new = report.old_fallback, report.new_fallback
    lines = [
        (f"{new.name} cash deposit rate", pct_to_fraction(old.cash_deposit_pct),
         pct_to_fraction(new.cash_deposit_pct), "percent", "change_rate"),
        (f"{new.name} dumping margin", pct_to_fraction(old.margin_pct),
         pct_to_fraction(new.margin_pct), "percent", "change_rate"),
        ("Combinations listed", report.old_count, report.new_count, "int", "change_int"),
        ("Entries carried", report.entries, report.entries, "int", "change_int"),
        ("Entries at the fallback rate", report.before.china_wide, report.after.china_wide,
         "int", "change_int"),
        ("Entries whose cash deposit rate changed", None, report.rate_changed, "int", None),
        ("Total estimated AD cash deposit (USD)", report.before.deposit, report.after.deposit,
         "usd", "change_usd"),
    ]
    for label, before, after, style, diff_style in lines:
        row += 1
        sheet.write_string(row, 0, label, formats["label"])
        if before is not None:
            sheet.write_number(row, before_col, before, formats[style])
        sheet.write_number(row, after_col, after, formats[style])
        if diff_style:
            formula = f"={cell(row, after_col)}-{cell(row, before_col)}"
            sheet.write_formula(row, diff_col, formula, formats[diff_style], after - before)
    assert row < layout.header_row - 2, "the summary must fit above the Changes table"


def _write_change(sheet, formats: Formats, layout, row: int, change,
                  report: ChangeReport) -> None:
    """One combination; an added pair's old rate and a removed pair's new rate are the
    fallback rate it gets when not listed (shaded)."""
    rate = change.rate
    sheet.write_string(row, layout["change"].index, change.kind, formats["label"])
    sheet.write_string(row, layout["exporter"].index, rate.exporter)
    sheet.write_string(row, layout["producer"].index, rate.producer)
    for side, prefix in ((change.old, "old_"), (change.new, "new_")):
        if side is None:
            continue
        sheet.write_number(row, layout[prefix + "cash_deposit"].index, side.cash_deposit,
                           formats["percent"])
        sheet.write_number(row, layout[prefix + "margin"].index, side.margin, formats["percent"])
        sheet.write_string(row, layout[prefix + "case_number"].index, side.case_number,
                           formats["case_number"])
    old_rate = change.old.cash_deposit if change.old else report.old_fallback.cash_deposit
    new_rate = change.new.cash_deposit if change.new else report.new_fallback.cash_deposit
    for side, key, value in ((change.old, "old_cash_deposit", old_rate),
                             (change.new, "new_cash_deposit", new_rate)):
        if side is None:
            sheet.write_number(row, layout[key].index, value, formats["fallback_rate"])
    old_ref = cell(row, layout["old_cash_deposit"].index)
    new_ref = cell(row, layout["new_cash_deposit"].index)
    sheet.write_formula(row, layout["cash_deposit_change"].index, f"={new_ref}-{old_ref}",
                        formats["change_rate"], new_rate - old_rate)
    sheet.write_number(row, layout["entries"].index, change.entries, formats["int"])
