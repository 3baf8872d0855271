"""docs/reference.md, generated from the code: every subcommand's --help (the argparse parser
of generator/cli.py) and the Entries sheet's columns (templates/entries.toml, through
generator/entries.py). `make reference` writes it; tests/test_docs.py fails when the file
differs from what the code gives now."""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
from pathlib import Path

from generator.cli import parser
from generator.entries import columns_markdown
from generator.templates import sheet_template

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference.md"
HELP_WIDTH = "80"   # argparse wraps to $COLUMNS: fixed, so the text is the same everywhere
PIPE = "\\|"
REQUIRES = {"": "always", "cvd": "with a companion CVD case",
            "ad_companies": "when the AD rates are by company"}

INTRO = """\
# Reference

Generated from the code by `make reference` (testsupport/reference.py): do not edit it by
hand. `tests/test_docs.py` fails when this file is stale. The guides explain what these do:
[using the workbook](using-the-workbook.md), [maintaining a case](maintaining-a-case.md).
"""


@contextmanager
def _help_width():
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = HELP_WIDTH
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def command_help() -> list[tuple[str, str]]:
    """(command line, its --help text) for the command and each subcommand, in the parser's
    order."""
    with _help_width():
        top = parser()
        helps = [("adcvd-workbook --help", top.format_help())]
        for action in top._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps += [(f"adcvd-workbook {name} --help", sub.format_help())
                          for name, sub in action.choices.items()]
    return helps


def formula_columns_markdown() -> str:
    """The Entries sheet's formula columns (output, then helper) as a Markdown table."""
    layout = sheet_template("entries", cvd=True, features=frozenset({"ad_companies"}))
    lines = ["| column | key | kind | present | what it shows |",
             "| --- | --- | --- | --- | --- |"]
    for col in layout.columns:
        if col.kind != "input":
            what = col.help.replace("|", PIPE)   # a | would end the table cell
            lines.append(f"| {col.header} | `{col.key}` | {col.kind} | "
                         f"{REQUIRES[col.requires]} | {what} |")
    return "\n".join(lines) + "\n"


def reference_markdown() -> str:
    parts = [INTRO, "## The command\n"]
    for line, text in command_help():
        parts.append(f"### `{line}`\n\n```text\n{text.rstrip()}\n```\n")
    parts += [
        "## The Entries sheet's input columns\n",
        "The shaded columns a user types, in the sheet's order. An `--entries` file's header "
        "is read as a column by any name listed (letter case, spaces and punctuation "
        "ignored); `--column \"HEADER=key\"` maps any other.\n",
        columns_markdown(),
        "## The Entries sheet's formula columns\n",
        "Every other column is a formula; the helper columns are hidden and not printed.\n",
        formula_columns_markdown(),
    ]
    return "\n".join(parts)


def write_reference(path: Path = REFERENCE) -> Path:
    path.write_text(reference_markdown(), "utf-8")
    return path
