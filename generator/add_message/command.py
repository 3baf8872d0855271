"""The `adcvd-workbook add-message FILE [--data DIR] [--dry-run]` subcommand."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ..case import load_case
from ..data_files import read_toml
from ..errors import InputError
from ..messages import Message, read_message_file
from ..model import Case
from .edit import check_and_write, edited, read_case_toml
from .plan import Plan, plan_message
from .target import Refusal

EPILOG = """examples:
  adcvd-workbook add-message 5204403.txt --dry-run
      what CBP message 5204403 would add to data/ (the new determination, its rates
      file, and each company added, changed, moved to the country-wide entity or
      carried), writing nothing
  adcvd-workbook add-message 5204403.txt
      the same, written: data/cvd-5204403.csv and a [[cvd.determination]] appended to
      data/case.toml (comments and layout kept); then rebuild the workbook:
  adcvd-workbook build --entries build/A-570-194-active-anode-material.xlsx \\
      --out build/A-570-194-active-anode-material.xlsx

what it adds:
  cash deposit rates     a rates file named after the message, and a determination with
                         name, effective, source ("CBP message N; 90 FR 28994"), rates and
                         fallback; a review or amendment keeps the rows it does not list;
                         third-country case numbers go to a file of their own
  a correction           replaces the determination of the message it corrects
  end of provisional     provisional_end on the first provisional determination (a gap
  measures, gap period   period message too: the workbook computes the gap from it)
  termination,           a determination without rates, with refunds_from
  revocation

refused, writing nothing: a message of another case, a message already in the case, a
second determination on one effective date, a liquidation message, a revocation in part,
text cut off before its end (unless the cut lies in the third-country block, after every
row of the case's own: the note says which third-country rows are missing), and anything
the case's own checks refuse once the message is added.
"""


def add_add_message(commands) -> None:
    """Add the subcommand to the `adcvd-workbook` subparsers."""
    add = commands.add_parser(
        "add-message", help="add what a CBP AD/CVD message says to the case folder",
        description="Read one CBP AD/CVD message (as read-message does) and add it to the case "
                    "folder: a new determination with its rates file, a correction, the end "
                    "of provisional measures, a termination or revocation. Prints what it "
                    "adds and how each company's rate changes; writes only if the case still "
                    "loads.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("file", type=Path, metavar="FILE",
                     help="the message as a text file, e.g. 5204403.txt (a 7-digit name gives "
                          "the message number)")
    add.add_argument("--data", type=Path, default=Path("data"), metavar="DIR",
                     help="case folder to add it to (default: data), e.g. --data cases/anode")
    add.add_argument("--dry-run", action="store_true",
                     help="print what it would add, and write nothing")


@dataclass
class Added:
    message: Message
    plan: Plan
    case: Case                  # the case with the message added
    written: list[Path]         # empty on a dry run
    warnings: list[str]         # the loader's warnings that the message brings


def add_message(path: Path | str, data_dir: Path | str = "data",
                dry_run: bool = False) -> Added:
    """Add the message at `path` to the case folder `data_dir`. Raises InputError (the
    message or the case is refused as it stands) or Refusal (why it cannot be added)."""
    path, data_dir = Path(path), Path(data_dir)
    message = read_message_file(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    case = load_case(data_dir)
    toml_text, bom, newline = read_case_toml(data_dir)
    plan = plan_message(message, text, case, read_toml(data_dir / "case.toml"), data_dir)
    new_case, written = check_and_write(data_dir, plan, edited(toml_text, plan), bom, newline,
                                        dry_run)
    return Added(message, plan, new_case, written,
                 [w for w in new_case.warnings if w not in case.warnings])


def add_message_command(path: Path, data_dir: Path, dry_run: bool) -> int:
    """Print what the message adds; 2 with the reason on stderr when it is refused."""
    try:
        added = add_message(path, data_dir, dry_run)
    except (InputError, Refusal) as err:
        print(f"error: {path}: {err}" if isinstance(err, Refusal) else f"error: {err}",
              file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {err.filename or path}: {err.strerror or err}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 2
    message = added.message
    print(f"CBP message {message.message} ({message.kind}"
          + (f", a correction to message {message.corrects}" if message.corrects else "")
          + f"), read from {path}")
    print("\n".join(added.plan.lines))
    for warning in added.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if dry_run:
        print("Dry run: nothing was written (the case loads with the message added).")
        return 0
    print("Wrote " + ", ".join(str(p) for p in added.written) + ".")
    print("Rebuild the workbook, carrying your entries over (entries of dates before "
          "the change keep their deposits):")
    print(f"  adcvd-workbook build --data {data_dir} --entries OLD.xlsx --out OLD.xlsx")
    return 0
