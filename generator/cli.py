"""The `adcvd-workbook` command: a thin shell over `build_workbook`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import InputError
from .workbook import build_workbook

EPILOG = """examples:
  adcvd-workbook build
      writes build/A-570-194-active-anode-material.xlsx from data/
  adcvd-workbook build --data cases/amended --out build/amended.xlsx --rows 2000
      a workbook from another case folder, with 2,000 blank entry rows
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="adcvd-workbook",
        description="Generate an Excel workbook that estimates U.S. antidumping (AD) cash "
                    "deposits per entry from Commerce's exporter/producer rates.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build", help="write the workbook from a case folder",
        description="Write the workbook (sheets Entries, Rates, Import Statistics, About) from "
                    "the case files case.toml, rates.csv and import_stats.csv. An existing "
                    "output file is kept as a timestamped backup next to it.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--data", type=Path, default=Path("data"), metavar="DIR",
                       help="case folder to read (default: data), e.g. --data cases/final")
    build.add_argument("--out", type=Path, default=None, metavar="PATH",
                       help="workbook to write (default: build/<case_number>-<product>.xlsx), "
                            "e.g. --out build/anode.xlsx")
    build.add_argument("--rows", type=_positive, default=None, metavar="N",
                       help="blank entry rows ready to fill (default: 500), e.g. --rows 2000")
    return top


def _positive(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 1,000,000")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result = build_workbook(args.data, args.out, rows=args.rows)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 2
    for warning in result.case.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
