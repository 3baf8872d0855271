"""The About sheet: what the workbook is for, how to fill it, the case's timelines and rules,
where its numbers come from, and the lists the Entries formulas read (determination labels
and Rate Basis texts by code)."""

from __future__ import annotations

from xlsxwriter import Workbook

from ..course import status_line
from ..formulas import Names
from ..model import Case, Proceeding
from ..pricing import basis_texts, determination_labels
from .entries import entries_layout
from .layout import Formats, column_range, set_print, text_lines, write_title
from .timeline import timeline_lines

LABEL_WIDTH, TEXT_WIDTH = 30, 110
GENERATED = "Generated"   # the label an earlier workbook's generation time is read back by

HOW_TO = [
    "1. On Entries, type each entry in the shaded input columns (Entry Number to Quantity), "
    "with its Entry Date: the date picks the determination in force (Timeline sheet).",
    "2. Pick the exporter and the producer from the dropdowns, or type the names as invoiced.",
    "3. Read the formula columns: the AD Determination in force, then for each case its Cash "
    "Deposit Rate, Rate Basis, Case Number and Estimated Cash Deposit; the totals are on top.",
    "4. When Commerce publishes a new determination, add it to the data files and rebuild, "
    "carrying these entries over: adcvd-workbook build --data DATA --entries THIS.xlsx --out "
    "NEW.xlsx. Entries dated before the new determination keep their deposits; a Changes "
    "sheet lists what changed.",
    "5. Printing: the Entries rows print in parts side by side (the inputs, then {parts}), "
    "each with the Entry Number and Date. Excel prints down to the last row "
    "typed. LibreOffice prints every ready row, typed or not: first untick (empty) in the "
    "filter of the AD Determination column, and only the typed rows print.",
]
DEPOSITS_AND_REFUNDS = (
    "The deposit at entry is what the instructions in force on the Entry Date required; no "
    "later event changes it. A preliminary determination's deposits are provisional measures "
    "and end by law: 4 months (CVD, and AD unless extended to 6), counted from the first "
    "provisional determination; amendments and the final do not restart the clock. From the "
    "next day no deposit is owed until the order (the gap period: its computed start is a "
    "row of its own on the Timeline), and while the companion CVD case is in its gap the AD "
    "deposit is the full margin, without the subsidy offset. A termination (the ITC's "
    "negative vote) or a revocation ends deposits and makes those already posted "
    "refundable: the Refundable columns show how much of each deposit comes back, and the "
    "totals on top show deposits at entry, refundable and net.")
NAMES = (
    "Names match ignoring letter case and extra spaces, nothing more. A name that misses every "
    "listed name but differs from one only in punctuation, parentheses, spaces, "
    "\"Co., Ltd\"/\"Company Limited\" or \"&\"/\"and\" is priced as not listed, and its Rate "
    "Basis names the listed spelling: check it (a count is on top of Entries). When two "
    "spellings are one company, the case's aliases.csv says so and both price alike.")
SUBJECT_VALUE = (
    "AD and CVD deposits are computed on the entered value of the subject merchandise. When "
    "it enters inside other goods (in a battery, as a component of an anode slurry, in a "
    "subassembly of a battery), only the subject merchandise is covered: fill Subject "
    "Merchandise Value (USD) with its value, and the deposits are computed on it instead of "
    "the Entered Value.")


def rule_text(proceeding: Proceeding) -> str:
    fallback = proceeding.fallback_name
    kind = f"{proceeding.kind} ({proceeding.case_number})"
    if proceeding.rule.by_pair:
        exporters = (" An exporter listed without a producer has that rate for goods of any "
                     "producer, unless its pair with the producer is listed."
                     if proceeding.exporter_rows else "")
        return (f"{kind}: the cash deposit rate of the listed exporter/producer combination; "
                f"any combination not listed gets the {fallback} rate, even when the "
                f"exporter is listed with other producers.{exporters}")
    return (f"{kind}: the rate of the exporter if it is listed; else the rate of the "
            f"producer if it is listed; else the {fallback} rate. Names match ignoring "
            "letter case and extra spaces.")


def write_about_sheet(workbook: Workbook, formats: Formats, case: Case, generated: str,
                      version: str) -> None:
    sheet = workbook.add_worksheet("About")
    sheet.set_column(0, 0, LABEL_WIDTH)
    sheet.set_column(1, 1, TEXT_WIDTH)
    deposits = " and ".join(f"{p.kind} ({p.case_number})" for p in case.proceedings)
    write_title(sheet, formats, f"About this workbook: {case.title}", [
        f"Estimates the {deposits} cash deposits to post on each entry of subject goods, at "
        "the rates in force on its entry date.",
        "Rates change by determination (preliminary, amended, final, order, reviews); each "
        "applies from its effective date onward, never backward.",
    ])
    layout = entries_layout(case)
    facts = [
        ("How to fill it", "\n".join(HOW_TO).format(
            parts="AD, then CVD and the total" if case.cvd else "AD")),
        ("Case", f"{case.case_number} {case.product} from {case.country_long or case.country}"),
        ("Now", status_line(case)),
    ]
    for proceeding in case.proceedings:
        facts += [
            (f"{proceeding.kind} case", f"{proceeding.case_number} {proceeding.name}"),
            (f"{proceeding.kind} determinations", "\n".join(timeline_lines(proceeding))),
            (f"Latest {proceeding.kind} determination", proceeding.latest.name),
            (f"{proceeding.kind} rule", rule_text(proceeding)),
        ]
    if case.cvd is None:
        facts.append(("Companion CVD case", f"{case.companion_cvd_case} (its rates are not in "
                                            "this workbook's data)" if case.companion_cvd_case
                      else "(none given)"))
    facts += [
        ("Deposits and refunds", DEPOSITS_AND_REFUNDS),
        ("Names", NAMES),
        ("Value of the deposits", SUBJECT_VALUE),
        ("Source", case.source),
        ("HTSUS subheadings", ", ".join(case.hts)),
        (GENERATED, generated),
        ("From data", case.data_label),
        ("Tool", f"adcvd-workbook {version}"),
    ]
    row = 4
    for label, value in facts:
        _write_fact(sheet, formats, row, label, value)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Columns of the Entries sheet", formats["label"])
    for col in layout.columns:
        row += 1
        _write_fact(sheet, formats, row, col.header, f"({col.kind}) {col.help}", "wrap")
    for proceeding in case.proceedings:
        row = _write_lists(workbook, sheet, formats, proceeding, row + 2)
    set_print(sheet, None, case.case_number, generated, row, 1)


def _write_fact(sheet, formats: Formats, row: int, label: str, value: str,
                label_style: str = "label_top") -> None:
    lines = max(text_lines(label, LABEL_WIDTH), text_lines(value, TEXT_WIDTH))
    if lines > 1:  # spreadsheets do not grow a row for wrapped text on load
        sheet.set_row(row, 15 * lines)
    sheet.write_string(row, 0, label, formats[label_style])
    sheet.write_string(row, 1, value, formats["wrap"])


def _write_lists(workbook: Workbook, sheet, formats: Formats, proceeding: Proceeding,
                 row: int) -> int:
    """The texts the Entries formulas show by position: the Determination column's labels
    (only AD has the column: the CVD Rate Basis names its determination) and the Rate Basis
    texts by Basis Code. Returns the last row written."""
    names, kind = Names(proceeding.kind), proceeding.kind
    lists = [(f"{kind} Rate Basis, by {kind} Basis Code", basis_texts(proceeding), names.basis,
              lambda i: f"Basis Code {i}")]
    if kind.determination_column:
        lists.insert(0, (f"{kind} Determination column, by {kind} Determination No. (helper)",
                         determination_labels(proceeding), names.label,
                         lambda i: "blank Entry Date" if i == 1 else f"No. {i - 3}"))
    for title, items, name, numbering in lists:
        sheet.write_string(row, 0, title, formats["label"])
        for i, item in enumerate(items, start=1):
            sheet.write_string(row + i, 0, numbering(i), formats["wrap"])
            sheet.write_string(row + i, 1, item, formats["wrap"])
        workbook.define_name(name, column_range(sheet.name, 1, row + 1, row + len(items)))
        row += len(items) + 2
    return row - 2
