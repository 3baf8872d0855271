"""The Import Statistics sheet: the notice's yearly volume and value, unit value, change."""

from __future__ import annotations

from xlsxwriter import Workbook

from .. import formulas as f
from ..model import Case
from ..templates import sheet_template
from .layout import (Formats, printed_columns, printed_width, set_columns, set_print, text_lines,
                     write_headers, write_title)

CHART_ROWS = 14  # rows of 20 px the chart covers
CHART_HEIGHT = 280


def write_import_stats_sheet(workbook: Workbook, formats: Formats, case: Case,
                             generated: str) -> None:
    layout = sheet_template("import_stats")
    sheet = workbook.add_worksheet(layout.name)
    set_columns(sheet, layout)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · HTSUS {' and '.join(case.hts)}",
        f"Source: {case.import_stats_source}",
        f"Note: {case.import_stats_note}",
    ], wrap_to=layout)
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
    last_row = total - 1
    if years:
        last_row = _add_chart(workbook, sheet, formats, layout, case, first, total - 1)
    set_print(sheet, layout, case.case_number, generated, last_row)


def _add_chart(workbook: Workbook, sheet, formats: Formats, layout, case: Case, first: int,
               last: int) -> int:
    """Volume (columns, left axis) and value (line, right axis) by year, below the table,
    with the source in a note under it. Returns the last 0-based row it uses."""
    name = layout.name
    top = last + 1  # 0-based: one blank row below the total row
    years = case.import_stats
    span = f"{years[0].year}-{years[-1].year}" if len(years) > 1 else f"{years[0].year}"

    def ref(key: str) -> list:
        index = layout[key].index
        return [name, first - 1, index, last - 1, index]

    volume = workbook.add_chart({"type": "column"})
    volume.add_series({"name": "Volume (kg)", "categories": ref("year"),
                       "values": ref("volume_kg"), "fill": {"color": "#1F3864"},
                       "gap": 80})
    value = workbook.add_chart({"type": "line"})
    value.add_series({"name": "Value (USD)", "categories": ref("year"),
                      "values": ref("value_usd"), "y2_axis": True,
                      "line": {"color": "#BF8F00", "width": 2.5},
                      "marker": {"type": "circle", "size": 7,
                                 "fill": {"color": "#BF8F00"}, "border": {"color": "#BF8F00"}}})
    volume.combine(value)
    volume.set_title({"name": f"U.S. imports under HTSUS {' and '.join(case.hts)}, {span}",
                      "name_font": {"size": 12, "bold": True}})
    volume.set_x_axis({"name": "Year", "num_format": "0"})
    volume.set_y_axis({"name": "Volume (million kg)", "num_format": "#,##0,,",
                       "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    value.set_y2_axis({"name": "Value (million USD)", "num_format": "$#,##0,,"})
    volume.set_legend({"position": "bottom"})
    volume.set_chartarea({"border": {"none": True}})
    width = sum(int(c.width * 7 + 5) for c in printed_columns(layout))
    volume.set_size({"width": width, "height": CHART_HEIGHT})
    sheet.insert_chart(top + 1, 0, volume, {"object_position": 1})

    note_row = top + 1 + CHART_ROWS
    note = (f"Chart: volume (columns, left axis) and value (line, right axis) from the table "
            f"above. Source: {case.import_stats_source}")
    sheet.set_row(note_row, 15 * text_lines(note, printed_width(layout)))
    sheet.merge_range(note_row, 0, note_row, len(printed_columns(layout)) - 1, note,
                      formats["note_wrap"])
    return note_row


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
