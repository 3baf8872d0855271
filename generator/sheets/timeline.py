"""The Timeline sheet: each proceeding's determinations, oldest first, with the dates each is in
force. The Entries formulas find the determination in force on an entry's date in its
effective dates. It also reads itself back from an earlier workbook (the "before" of the
Changes sheet)."""

from __future__ import annotations

import datetime as dt
import re

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..course import refunded_text, status_line
from ..formulas import Names
from ..model import Case, Determination, Proceeding, date_text
from ..pricing import EXCEL_EPOCH, NEVER, refund_serial
from ..templates import sheet_template
from .layout import (Formats, column_range, set_columns, set_print, text_lines, write_headers,
                     write_title)

FROM_THE_START = "from the start"
REFUNDS = "Refunds:"   # the refund line below each block (read back by its label)
LATEST = "(latest)"
NO_RATES = "None: no deposit in this period"
_BLOCK = re.compile(r"^(AD|CVD): ([AC]-\d{3}-\d{3}) (.*)$")


def block_label(proceeding: Proceeding) -> str:
    return f"{proceeding.kind}: {proceeding.case_number} {proceeding.name}"


def write_timeline_sheet(workbook: Workbook, formats: Formats, case: Case,
                         generated: str) -> None:
    layout = sheet_template("timeline")
    sheet = workbook.add_worksheet(layout.name)
    set_columns(sheet, layout)
    write_title(sheet, formats, layout.title, [
        f"{case.title} · each determination applies to entries on or after its effective "
        "date, until the next one",
        "A determination without rates is a period with no deposit. A blank Entry Date on the "
        "Entries sheet takes the latest determination.",
        f"From {case.data_label}, generated {generated}.",
        status_line(case),
    ])
    row = layout.header_row - 2   # 0-based: the first block's label
    for proceeding in case.proceedings:
        sheet.write_string(row, 0, block_label(proceeding), formats["label"])
        write_headers(sheet, layout, formats, row + 1)
        first = row + 2
        for number, det in enumerate(proceeding.determinations, start=1):
            _write_determination(sheet, formats, layout, first + number - 1, number, det,
                                 proceeding)
        last = first + len(proceeding.determinations) - 1
        names = Names(proceeding.kind)
        # ROWS(Effective) counts the determinations; the Timeline table is searched by No.
        workbook.define_name(names.effective, column_range(
            layout.name, layout["effective_serial"].index, first, last))
        workbook.define_name(names.timeline, column_range(
            layout.name, layout["number"].index, first, last, layout["has_rates"].index))
        _write_refunds(workbook, sheet, formats, layout, last + 1, proceeding, names)
        row = last + 4
    set_print(sheet, layout, case.case_number, generated, row - 4)


def refunds_text(proceeding: Proceeding) -> str:
    """What a termination or revocation refunds, in words."""
    refunds = proceeding.refunds_from
    if refunds is None:
        return f"{REFUNDS} none in the data; every {proceeding.kind} deposit stands"
    by = next(d.name for d in proceeding.determinations if d.refunds_from is not None)
    return f"{REFUNDS} {refunded_text(refunds)} ({by})"


def _write_refunds(workbook: Workbook, sheet, formats: Formats, layout, row: int,
                   proceeding: Proceeding, names: Names) -> None:
    """The refund line below a block, and its date serial: the Entries Refundable columns
    compare each Entry Date with it (0: every deposit; after 9999: none)."""
    serial = refund_serial(proceeding)
    sheet.write_string(row, layout["name"].index, refunds_text(proceeding), formats["label"])
    sheet.write_number(row, layout["effective_serial"].index, serial, formats["helper_int"])
    workbook.define_name(names.refunds_from, f"='{layout.name}'!" + cell(
        row, layout["effective_serial"].index, True, True))


def _write_determination(sheet, formats: Formats, layout, row: int, number: int,
                         det: Determination, proceeding: Proceeding) -> None:
    later = proceeding.determinations[number:]
    until = later[0].effective - dt.timedelta(days=1) if later else None
    table = det.priced_table
    rates = (NO_RATES if table is None else
             f"{len(table):,} {proceeding.rule.nouns}; "
             f"{table.fallback.name} {table.fallback.cash_deposit_pct:.2f}%"
             + (" (margins: no subsidy offset)" if det.full_margins else ""))
    if det.lapsed:
        rates = f"Never applied: {det.lapsed}"
    if det.refunds_from is not None:
        rates += f". {refunds_text(proceeding)}"
    sheet.write_number(row, layout["number"].index, number, formats["int_top"])
    texts = {"name": det.name, "rates": rates, "source": det.source, "note": det.note}
    for key, value in texts.items():
        sheet.write_string(row, layout[key].index, value, formats["wrap"])
    for key, date, blank in (("announced", det.announced, ""),
                             ("effective", det.effective, FROM_THE_START),
                             ("until", until, LATEST)):
        if date is None:
            sheet.write_string(row, layout[key].index, blank, formats["wrap"])
        else:
            sheet.write_datetime(row, layout[key].index, date, formats["date"])
    serial = (det.effective - EXCEL_EPOCH).days if det.effective else 0
    sheet.write_number(row, layout["effective_serial"].index, serial, formats["helper_int"])
    sheet.write_number(row, layout["has_rates"].index, int(table is not None),
                       formats["helper_int"])
    lines = max(text_lines(value, layout[key].width) for key, value in texts.items())
    if lines > 1:
        sheet.set_row(row, 15 * lines)


def read_timeline(book) -> dict[str, dict]:
    """An earlier workbook's timelines: {kind: {"case_number", "name", "determinations":
    [{"name", "announced", "effective", "source", "note", "has_rates"}]}}; empty when the
    workbook has no Timeline sheet."""
    layout = sheet_template("timeline")
    if layout.name not in book.sheetnames:
        return {}
    sheet = book[layout.name]
    sheet.reset_dimensions()
    col = {c.key: c.index for c in layout.columns}
    found: dict[str, dict] = {}
    current = None
    for row in sheet.iter_rows(values_only=True):
        first = row[0] if row else None
        block = _BLOCK.match(first) if isinstance(first, str) else None
        if block:
            current = {"case_number": block.group(2), "name": block.group(3),
                       "determinations": []}
            found[block.group(1)] = current
        elif current is not None and isinstance(first, (int, float)) and len(row) > col["has_rates"]:
            current["determinations"].append({
                "name": str(row[col["name"]]), "announced": _date(row[col["announced"]]),
                "effective": _date(row[col["effective"]]),
                "source": str(row[col["source"]] or ""), "note": str(row[col["note"]] or ""),
                "has_rates": bool(row[col["has_rates"]])})
        elif (current is not None and first is None and len(row) > col["effective_serial"]
              and str(row[col["name"]] or "").startswith(REFUNDS)):
            current["refunds_from"] = _refund_date(row[col["effective_serial"]])
    return found


def _refund_date(serial) -> dt.date | str | None:
    """The refund line's serial as refunds_from: "start", a date, or None (no refund)."""
    if not isinstance(serial, (int, float)) or serial >= NEVER:
        return None
    return "start" if serial == 0 else EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def timeline_lines(proceeding: Proceeding) -> list[str]:
    """The timeline in words, for the About sheet: one line per determination."""
    lines = []
    for number, det in enumerate(proceeding.determinations, start=1):
        since = (f"entries on or after {date_text(det.effective)}" if det.effective else
                 "entries of any date (no effective date in the data)")
        announced = f", announced {date_text(det.announced)}" if det.announced else ""
        rates = "no deposit" if det.priced_table is None else "its rates"
        if det.lapsed:
            rates = f"no deposit (never applied: {det.lapsed})"
        elif det.full_margins:
            rates = "its rates at the full margin (no subsidy offset)"
        latest = " (latest)" if number == len(proceeding.determinations) else ""
        note = f" Note: {det.note or det.computed}" if det.note or det.computed else ""
        if det.unsourced:
            note += " Its date is not sourced."
        lines.append(f"{number}. {det.name}{announced}: {rates} for {since}{latest}.{note}")
    return lines
