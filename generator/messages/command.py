"""The `adcvd-workbook read-message FILE [--json]` subcommand."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError
from .reader import read_message_file
from .report import message_json, message_table

EPILOG = """examples:
  adcvd-workbook read-message 5204403.txt
      what CBP message 5204403 says: kind, case numbers, Federal Register citation,
      effective date, rate rows (names as written), and any text cut off at the end
  adcvd-workbook read-message 5204403.txt --json
      the same as one JSON object (dates YYYY-MM-DD, rates as numbers)
"""


def add_read_message(commands) -> None:
    """Add the subcommand to the `adcvd-workbook` subparsers."""
    read = commands.add_parser(
        "read-message", help="print what a CBP AD/CVD message says",
        description="Read one CBP AD/CVD message (plain text copied from CSMS or a mirror page; "
                    "one line or many; cut off or whole) and print what it says. Rows cut off "
                    "at the end are listed as unread, never as rates. Writes nothing.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    read.add_argument("file", type=Path, metavar="FILE",
                      help="the message as a text file, e.g. 5204403.txt (a 7-digit name gives "
                           "the message number)")
    read.add_argument("--json", action="store_true",
                      help="print one JSON object instead of the table")


def read_message_command(path: Path, as_json: bool) -> int:
    """Print the message at `path`; 2 with the reason on stderr when it is refused."""
    try:
        message = read_message_file(path)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {err.filename or path}: {err.strerror or err}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(message_json(message), indent=2, ensure_ascii=False))
    else:
        print(message_table(message))
    return 0
