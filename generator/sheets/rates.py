"""The Rates sheet: the China-wide fallback on top, then every combination, sorted by key."""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from .. import formulas as f
from ..case import Case
from ..rates import LOOK_ALIKE_LETTERS, list_key
from ..templates import sheet_template
from .layout import Formats, set_columns, set_print, write_headers, write_title

FALLBACK_ROW = 6  # 0-based row of the China-wide line


def write_rates_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str) -> None:
    layout = sheet_template("rates")
    sheet = workbook.add_worksheet(layout.name)
    table = case.rates
    set_columns(sheet, layout)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · {case.proceeding} · {case.determination}, announced "
        f"{case.announced_text}",
        f"Source: {case.source}",
        "Generated from data/rates.csv; edit that file and rebuild rather than this sheet. "
        "Percentages as printed in the notice.",
    ])
    first = layout.first_data_row - 1  # 0-based
    last = first + len(table) - 1
    # Rows are written top down (constant-memory mode drops a row written after a later one).
    _write_fallback(workbook, sheet, formats, case, layout, first, last)
    write_headers(sheet, layout, formats)

    exporters, producers = table.exporters(), table.producers()
    for i in range(max(len(table), len(exporters), len(producers))):
        row = first + i
        if i < len(table):
            _write_rate(sheet, formats, layout, row, table.rates[i])
        if i < len(exporters):
            _write_exporter(sheet, formats, layout, row, exporters[i])
        if i < len(producers):
            sheet.write_string(row, layout["producer_list"].index, producers[i], formats["helper"])

    for key, name in [("lookup_key", f.RATE_KEY), ("cash_deposit", f.RATE_CASH_DEPOSIT),
                      ("margin", "Rate_Margin"), ("case_number", f.RATE_CASE_NUMBER),
                      ("exporter", "Rate_Exporter"), ("producer", "Rate_Producer")]:
        workbook.define_name(name, _range(layout.name, first, last, layout[key].index))
    for key, name, count in [("exporter_list", "Rate_Exporter_List", len(exporters)),
                             ("exporter_key", f.RATE_EXPORTER_KEY, len(exporters)),
                             ("producer_list", "Rate_Producer_List", len(producers))]:
        workbook.define_name(name, _range(layout.name, first, first + count - 1,
                                          layout[key].index))
    sheet.freeze_panes(layout.header_row, 0)
    sheet.autofilter(layout.header_row - 1, 0, last, layout["case_number"].index)
    set_print(sheet, layout, case.case_number, generated, last)


def _write_fallback(workbook: Workbook, sheet, formats: Formats, case: Case, layout,
                    first: int, last: int) -> None:
    """The China-wide line, and beside it the check that the keys are in the spreadsheet's
    own order (Rate_Match_Type: the entry formulas use binary search only then)."""
    fallback = case.rates.fallback
    row, check = FALLBACK_ROW, layout["in_order"].index
    sheet.write_string(row - 1, 0, "Fallback: the rate for every exporter/producer combination "
                                   "not listed below", formats["label"])
    sheet.write_string(row - 1, check, "Match type (1: binary search)", formats["helper"])
    sheet.write_string(row, 0, fallback.name + "*", formats["fallback_row"])
    sheet.write_string(row, 1, "(any producer)", formats["fallback_row"])
    sheet.write_number(row, 2, fallback.margin, formats["fallback_percent"])
    sheet.write_number(row, 3, fallback.cash_deposit, formats["fallback_percent"])
    sheet.write_string(row, 4, fallback.case_number, formats["fallback_case_number"])
    sheet.write_formula(row, check, f.match_type(cell(first, check), cell(last, check)),
                        formats["helper"], int(all(map(_search_safe, case.rates.rates))))
    sheet.write_string(row + 1, 0, f"* {fallback.note}", formats["note"])
    for name, col in [("China_Wide_Margin", 2), (f.CHINA_WIDE_CASH_DEPOSIT, 3),
                      (f.CHINA_WIDE_CASE_NUMBER, 4), (f.RATE_MATCH_TYPE, check)]:
        workbook.define_name(name, f"='{layout.name}'!{cell(row, col, True, True)}")


def _write_rate(sheet, formats: Formats, layout, row: int, rate) -> None:
    exporter, producer = layout["exporter"], layout["producer"]
    sheet.write_string(row, exporter.index, rate.exporter)
    sheet.write_string(row, producer.index, rate.producer)
    sheet.write_number(row, layout["margin"].index, rate.margin, formats["percent"])
    sheet.write_number(row, layout["cash_deposit"].index, rate.cash_deposit, formats["percent"])
    sheet.write_string(row, layout["case_number"].index, rate.case_number,
                      formats["case_number"])
    e_ref, p_ref = cell(row, exporter.index), cell(row, producer.index)
    key, ekey = layout["lookup_key"].index, layout["exporter_key"].index
    sheet.write_formula(row, key, f.rate_key(e_ref, p_ref), formats["helper"], rate.key)
    # The generator sorted the keys; the spreadsheet checks that its own order agrees.
    sheet.write_formula(row, layout["in_order"].index, f.binary_search_safe(
        cell(row, key), cell(row + 1, key), cell(row, ekey), cell(row + 1, ekey)),
        formats["helper"], _search_safe(rate))


def _search_safe(rate) -> bool:
    """The generator's view of a row's check: sorted by it, so only look-alikes fail."""
    return not any(c in rate.key for c in LOOK_ALIKE_LETTERS)


def _write_exporter(sheet, formats: Formats, layout, row: int, exporter: str) -> None:
    """One name of the exporter dropdown, and its key (the Rate Basis search)."""
    name = layout["exporter_list"].index
    sheet.write_string(row, name, exporter, formats["helper"])
    sheet.write_formula(row, layout["exporter_key"].index, f.exporter_key(cell(row, name)),
                        formats["helper"], list_key(exporter))


def _range(sheet_name: str, first: int, last: int, col: int) -> str:
    return (f"='{sheet_name}'!{cell(first, col, True, True)}:"
            f"{cell(max(first, last), col, True, True)}")
