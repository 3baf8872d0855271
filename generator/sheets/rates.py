"""The Rates sheet: the China-wide fallback on top, then every combination, sorted by key."""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from .. import formulas as f
from ..case import Case
from ..rates import name_key
from ..templates import sheet_template
from .layout import Formats, set_columns, set_print, write_headers, write_title

FALLBACK_ROW = 6  # 0-based row of the China-wide line


def write_rates_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str) -> None:
    layout = sheet_template("rates")
    sheet = workbook.add_worksheet(layout.name)
    table = case.rates
    set_columns(sheet, layout, formats)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · {case.proceeding} · {case.determination}, announced "
        f"{case.announced:%B %-d, %Y}",
        f"Source: {case.source}",
        "Generated from data/rates.csv; edit that file and rebuild rather than this sheet. "
        "Percentages as printed in the notice.",
    ])
    _write_fallback(workbook, sheet, formats, case, layout.name)
    write_headers(sheet, layout, formats)

    first = layout.first_data_row - 1  # 0-based
    exporters, producers = table.exporters(), table.producers()
    for i in range(max(len(table), len(exporters), len(producers))):
        row = first + i
        if i < len(table):
            _write_rate(sheet, formats, layout, row, table.rates[i])
        if i < len(exporters):
            sheet.write_string(row, layout["exporter_list"].index, exporters[i], formats["helper"])
        if i < len(producers):
            sheet.write_string(row, layout["producer_list"].index, producers[i], formats["helper"])

    last = first + len(table) - 1
    for key, name in [("lookup_key", f.RATE_KEY), ("exporter_key", f.RATE_EXPORTER_KEY),
                      ("cash_deposit", f.RATE_CASH_DEPOSIT), ("margin", "Rate_Margin"),
                      ("case_number", f.RATE_CASE_NUMBER), ("exporter", "Rate_Exporter"),
                      ("producer", "Rate_Producer")]:
        workbook.define_name(name, _range(layout.name, first, last, layout[key].index))
    for key, names in [("exporter_list", exporters), ("producer_list", producers)]:
        workbook.define_name(f"Rate_{key.title()}",
                             _range(layout.name, first, first + len(names) - 1, layout[key].index))
    sheet.freeze_panes(layout.header_row, 0)
    sheet.autofilter(layout.header_row - 1, 0, last, layout["case_number"].index)
    set_print(sheet, layout, case.case_number, generated, last)


def _write_fallback(workbook: Workbook, sheet, formats: Formats, case: Case,
                    sheet_name: str) -> None:
    fallback = case.rates.fallback
    row = FALLBACK_ROW
    sheet.write_string(row - 1, 0, "Fallback: the rate for every exporter/producer combination "
                                   "not listed below", formats["label"])
    sheet.write_string(row, 0, fallback.name + "*", formats["fallback_row"])
    sheet.write_string(row, 1, "(any producer)", formats["fallback_row"])
    sheet.write_number(row, 2, fallback.margin, formats["fallback_percent"])
    sheet.write_number(row, 3, fallback.cash_deposit, formats["fallback_percent"])
    sheet.write_string(row, 4, fallback.case_number, formats["fallback_case_number"])
    sheet.write_string(row + 1, 0, f"* {fallback.note}", formats["note"])
    for name, col in [("China_Wide_Margin", 2), (f.CHINA_WIDE_CASH_DEPOSIT, 3),
                      (f.CHINA_WIDE_CASE_NUMBER, 4)]:
        workbook.define_name(name, f"='{sheet_name}'!{cell(row, col, True, True)}")


def _write_rate(sheet, formats: Formats, layout, row: int, rate) -> None:
    exporter, producer = layout["exporter"], layout["producer"]
    sheet.write_string(row, exporter.index, rate.exporter)
    sheet.write_string(row, producer.index, rate.producer)
    sheet.write_number(row, layout["margin"].index, rate.margin, formats["percent"])
    sheet.write_number(row, layout["cash_deposit"].index, rate.cash_deposit, formats["percent"])
    sheet.write_string(row, layout["case_number"].index, rate.case_number,
                      formats["case_number"])
    e_ref, p_ref = cell(row, exporter.index), cell(row, producer.index)
    sheet.write_formula(row, layout["lookup_key"].index, f.rate_key(e_ref, p_ref),
                        formats["helper"], rate.key)
    sheet.write_formula(row, layout["exporter_key"].index, f.exporter_key(e_ref),
                        formats["helper"], name_key(rate.exporter))


def _range(sheet_name: str, first: int, last: int, col: int) -> str:
    return (f"='{sheet_name}'!{cell(first, col, True, True)}:"
            f"{cell(max(first, last), col, True, True)}")
