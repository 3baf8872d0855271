"""The input columns are declared once, in templates/entries.toml: the Entry record and the
docs' table come from it."""

import dataclasses
import inspect

import pytest

from generator import templates
from generator.entries import Entry, columns_markdown, input_columns

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
