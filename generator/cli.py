"""The `adcvd-workbook` command: a thin shell over `build_workbook`."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from pathlib import Path

from . import __version__
from .changes import carry_summary
from .entries import TYPE_VALUES, accepted_names, input_columns
from .errors import InputError, OutputError
from .add_message.command import add_add_message, add_message_command
from .messages.command import add_read_message, read_message_command
from .protection import check_password
from .templates import TemplateError
from .workbook import build_workbook

EXAMPLES = """examples:
  adcvd-workbook build
      writes build/A-570-194-active-anode-material.xlsx from data/
  adcvd-workbook build --data cases/amended --out build/amended.xlsx --rows 2000
      a workbook from another case folder, with 2,000 blank entry rows
  adcvd-workbook build --data data --entries build/old.xlsx --out build/new.xlsx
      the new rates, with every entry of an earlier workbook carried over, and a
      Changes sheet (old rates against new, deposits before and after)
  adcvd-workbook build --entries alice.xlsx --entries bob.xlsx --entries broker.csv
      the entries of all three, merged: each entry once, in the order given
  adcvd-workbook build --entries broker-export.csv
      entries from a CSV, its columns found by the headers below
  adcvd-workbook build --entries export.xlsx --column "Line Val=entered_value"
      entries from a broker system's .xlsx whose entered-value column is "Line Val"
"""


def epilog() -> str:
    """The examples, and the input columns an --entries file's headers are read as
    (templates/entries.toml)."""
    lines = textwrap.wrap("input columns of an --entries file, by header or by any other "
                          "name listed (letter case, spaces and punctuation ignored; a broker "
                          "file needs those marked *):", 80)
    for col in input_columns():
        text = (f"{col.header}{'*' if col.needed else ''}: "
                f"{', '.join(accepted_names(col)[1:])}; {TYPE_VALUES[col.type]}")
        lines += textwrap.wrap(text.replace("`", ""), 80, initial_indent="  ",
                               subsequent_indent="      ")
    return EXAMPLES + "\n" + "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="adcvd-workbook",
        description="Generate an Excel workbook that estimates the U.S. antidumping (AD) and "
                    "countervailing duty (CVD) cash deposits per entry, at the rates in force "
                    "on each entry's date.",
        epilog=epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_read_message(commands)  # read-message FILE [--json]
    add_add_message(commands)   # add-message FILE [--data DIR] [--dry-run]
    build = commands.add_parser(
        "build", help="write the workbook from a case folder",
        description="Write the workbook (sheets Entries, Timeline, AD Rates, CVD Rates, "
                    "Import Statistics, About; Changes when --entries is an earlier workbook) "
                    "from the case folder: case.toml, the rates files it names and "
                    "import_stats.csv. An existing output file is kept as a timestamped "
                    "backup next to it.",
        epilog=epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--data", type=Path, default=Path("data"), metavar="DIR", action=Once,
                       help="case folder to read (default: data), e.g. --data cases/final")
    build.add_argument("--out", type=Path, default=None, metavar="PATH", action=Once,
                       help="workbook to write (default: build/<case_number>-<product>.xlsx), "
                            "e.g. --out build/anode.xlsx")
    build.add_argument("--entries", type=Path, action="append", default=[], metavar="FILE",
                       help="carry the entries of FILE into the new workbook: a workbook this "
                            "tool made (.xlsx, any earlier version; adds a Changes sheet) or a "
                            "broker export (.csv, or .xlsx from another system); may be the "
                            "same file as --out (it is kept as a backup). Repeatable: the "
                            "files are merged, each entry once; the same Entry Number with "
                            "other inputs in two files stops the build")
    build.add_argument("--column", type=_column, action="append", default=[],
                       metavar='"HEADER=key"',
                       help="read the broker file's column HEADER as the input column key "
                            f"({', '.join(c.key for c in input_columns())}); repeatable, "
                            "e.g. --column \"Line Val=entered_value\"")
    build.add_argument("--rows", type=_positive, default=None, metavar="N", action=Once,
                       help="blank entry rows ready to fill (default: 500), e.g. --rows 2000")
    build.add_argument("--company", default="", metavar="NAME", action=Once,
                       help="company in the document properties, e.g. --company \"Acme Customs "
                            "Brokers\"")
    build.add_argument("--author", default="", metavar="NAME", action=Once,
                       help="author in the document properties, e.g. --author \"J. Doe\"")
    build.add_argument("--password", type=_password, default=None, metavar="TEXT", action=Once,
                       help="password to unprotect the sheets (default: none; sheets are "
                            "protected either way so formulas are not overtyped by accident)")
    return top


class Once(argparse.Action):
    """An option that takes one value: given twice, it is a usage error, never a silent
    last-one-wins."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        given = getattr(namespace, "given_once", set())
        if self.dest in given:
            parser.error(f"{'/'.join(self.option_strings)} given twice; give it once")
        setattr(namespace, "given_once", given | {self.dest})
        setattr(namespace, self.dest, values)


def _positive(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 1,000,000")
    return value


class ProgressReport:
    """Print "writing entries: 40,000/100,000" to stderr once a build has run for `after`
    seconds, then at most every `every` seconds; quick builds print nothing."""

    def __init__(self, after: float = 2.0, every: float = 1.0, stream=None) -> None:
        self.started, self.last = time.monotonic(), None
        self.after, self.every, self.stream = after, every, stream

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.after:
            return
        if self.last is not None and now - self.last < self.every and done < total:
            return
        self.last = now
        print(f"writing entries: {done:,}/{total:,}", file=self.stream or sys.stderr, flush=True)


def _column(text: str) -> tuple[str, str]:
    header, sep, key = text.rpartition("=")
    if not sep or not header.strip() or not key.strip():
        raise argparse.ArgumentTypeError('expected "FILE HEADER=key", e.g. '
                                         '"Line Val=entered_value"')
    return header.strip(), key.strip()


def _password(text: str) -> str:
    try:
        return check_password(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def main(argv: list[str] | None = None) -> int:
    try:
        top = parser()   # its --column help lists the input keys of the Entries template
    except TemplateError as err:
        print(f"error: {err}", file=sys.stderr)
        print(err.outcome, file=sys.stderr)
        return 2
    args = top.parse_args(argv)
    if args.command == "read-message":
        return read_message_command(args.file, args.json)
    if args.command == "add-message":
        return add_message_command(args.file, args.data, args.dry_run)
    columns = dict(args.column)
    if args.column and not args.entries:
        top.error("--column maps the columns of the --entries file; give --entries FILE")
    if len(columns) < len(args.column):
        top.error("--column: the same header is mapped twice")
    try:
        result = build_workbook(args.data, args.out, rows=args.rows, company=args.company,
                                author=args.author, progress=ProgressReport(),
                                entries_from=args.entries or None, password=args.password,
                                columns=columns)
    except (InputError, OutputError, TemplateError) as err:  # TemplateError: cannot be *read*
        print(f"error: {err}", file=sys.stderr)
        print(err.outcome, file=sys.stderr)
        return 2
    except OSError as err:  # not from the save, which raises OutputError: nothing was written
        print(f"error: {err.filename or 'a file'}: {err.strerror or err}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 2
    for warning in result.case.warnings + (result.carried.warnings if result.carried else []):
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    for line in result.carried.summary_lines() if result.carried else []:
        print(line)
    if result.changes is not None:
        print("\n".join(result.changes.summary_lines()))
    elif result.carried is not None:
        print(carry_summary(result.carried.name, result.carried.entries, result.results,
                            result.case))
    return 0


if __name__ == "__main__":
    sys.exit(main())
