"""The Import Statistics sheet: the notice's yearly volume and value, unit value, change."""

from __future__ import annotations

from xlsxwriter import Workbook

from .. import formulas as f
from ..case import Case
from ..templates import sheet_template
from .layout import Formats, set_columns, set_print, write_headers, write_title


def write_import_stats_sheet(workbook: Workbook, formats: Formats, case: Case,
                             generated: str) -> None:
    layout = sheet_template("import_stats")
    sheet = workbook.add_worksheet(layout.name)
    set_columns(sheet, layout, formats)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · HTSUS {' and '.join(case.hts)} · as published with the "
        f"{case.determination.lower()}",
        f"Source: {case.import_stats_source}",
        f"Note: {case.import_stats_note}",
    ])
    write_headers(sheet, layout, formats)
    col = {c.key: c.letter for c in layout.columns}
    first = layout.first_data_row
    years = case.import_stats
    for i, year in enumerate(years):
        row = first + i
        r = row - 1
        sheet.write_number(r, 0, year.year, formats["year"])
        sheet.write_number(r, 1, year.volume_kg, formats["kg"])
        sheet.write_number(r, 2, year.value_usd, formats["usd0"])
        sheet.write_formula(r, 3, f.unit_value(f"{col['value_usd']}{row}",
                                               f"{col['volume_kg']}{row}"),
                            formats["usd"], year.value_usd / year.volume_kg if year.volume_kg else "")
        prior = years[i - 1] if i else None
        for key, attr in (("volume_change", "volume_kg"), ("value_change", "value_usd")):
            if prior is None:
                continue
            this_ref, prior_ref = f"{col[attr]}{row}", f"{col[attr]}{row - 1}"
            before, now = getattr(prior, attr), getattr(year, attr)
            sheet.write_formula(r, layout[key].index, f.change(this_ref, prior_ref),
                                formats["change"], now / before - 1 if before else "")
    total = first + len(years)
    _write_total(sheet, formats, col, first, total, years)
    set_print(sheet, layout, case.case_number, generated, total - 1)


def _write_total(sheet, formats: Formats, col: dict, first: int, total: int, years) -> None:
    r, last = total - 1, total - 1
    volume, value = sum(y.volume_kg for y in years), sum(y.value_usd for y in years)
    label = f"Total {years[0].year}-{years[-1].year}" if years else "Total"
    sheet.write_string(r, 0, label, formats["total_label"])
    sheet.write_formula(r, 1, f.column_sum(col["volume_kg"], first, last), formats["total_kg"],
                        volume)
    sheet.write_formula(r, 2, f.column_sum(col["value_usd"], first, last), formats["total_usd0"],
                        value)
    sheet.write_formula(r, 3, f.unit_value(f"{col['value_usd']}{total}",
                                           f"{col['volume_kg']}{total}"),
                        formats["total_usd"], value / volume if volume else "")
