"""The input columns are declared once, in templates/entries.toml: the Entry record, the
headers read from an --entries file, the command's help and the docs' table come from it."""

import dataclasses
import inspect
import subprocess
import sys

import pytest

from generator import templates
from generator.entries import Entry, columns_markdown, input_columns
from generator.entry_headers import accepted, needed
from generator.templates import header_key

# The declaration as a reader of templates/entries.toml sees it, in the sheet's order.
DECLARED = ["entry_number", "entry_date", "hts", "exporter", "producer", "entered_value",
            "subject_value", "quantity_kg"]


def test_entry_has_the_declared_columns_in_the_sheets_order():
    assert [f.name for f in dataclasses.fields(Entry)] == DECLARED


def test_amounts_are_keyword_only_so_a_positional_quantity_cannot_become_a_value():
    with pytest.raises(TypeError):
        Entry("E-1", None, None, "X", "Y", 100.0, 2.0)
    keyword_only = [name for name, p in inspect.signature(Entry).parameters.items()
                    if p.kind is p.KEYWORD_ONLY]
    assert keyword_only == ["entered_value", "subject_value", "quantity_kg"]


def test_no_header_is_read_as_two_columns():
    names = [(header_key(name), col.key) for col in input_columns()
             for name in (col.header, col.key, *col.broker_names, *col.code_names)]
    owners: dict[str, set] = {}
    for name, key in names:
        owners.setdefault(name, set()).add(key)
    assert {name: keys for name, keys in owners.items() if len(keys) > 1} == {}


def test_broker_names_come_from_the_declaration():
    table = accepted()
    assert table[header_key("Line Value (USD)")][0] == "entered_value"   # with its unit
    assert table[header_key("Mfr Name")][0] == "producer"
    assert header_key("Mfr Name") not in accepted(broker=False)  # not in our own workbooks
    assert needed() == ("exporter", "producer", "entered_value")


def test_a_column_type_the_readers_do_not_know_is_a_template_error(tmp_path, monkeypatch):
    source = templates.resources.files(templates.TEMPLATE_PACKAGE)
    text = source.joinpath("entries.toml").read_text("utf-8")
    (tmp_path / "entries.toml").write_text(text.replace('type = "date"', 'type = "day"'),
                                           "utf-8")
    monkeypatch.setattr(templates.resources, "files", lambda package: tmp_path)
    templates.sheet_template.cache_clear()
    try:
        with pytest.raises(templates.TemplateError, match="entry_date has type 'day'"):
            input_columns()
    finally:
        templates.sheet_template.cache_clear()


def test_the_docs_table_has_a_row_per_column_with_its_names():
    rows = columns_markdown().splitlines()[2:]
    assert [row.split(" | ")[1] for row in rows] == [f"`{key}`" for key in DECLARED]
    producer = rows[DECLARED.index("producer")]
    assert producer.startswith("| Producer | `producer` | `Manufacturer`, `Manufacturer Name`, "
                               "`Mfr`, `Mfr Name`, `MID` |")
    assert "needed in a broker file" in producer
    assert "`Quantity`, `Qty`" in rows[DECLARED.index("quantity_kg")]


def test_the_help_lists_every_input_column_and_its_other_names():
    out = subprocess.run([sys.executable, "-m", "generator", "build", "--help"],
                         capture_output=True, text=True, check=True).stdout
    listed = " ".join(out.split("input columns of an --entries file")[1].split())
    for col in input_columns():
        assert f"{col.header}{'*' if col.needed else ''}: " in listed
        assert all(name in listed for name in (col.key, *col.broker_names, *col.code_names))
    assert "Entered Value (USD)*: Entered Value, entered_value, Line Value;" in listed
