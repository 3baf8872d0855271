"""The docs: the generated reference is current."""

from pathlib import Path

from testsupport.reference import REFERENCE, reference_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_the_reference_is_what_the_code_gives_now():
    """docs/reference.md holds the command's --help texts and the Entries columns: a changed
    option, help text or column makes it stale."""
    assert REFERENCE.read_text("utf-8") == reference_markdown(), (
        "docs/reference.md is stale: run `make reference` and commit it")


def test_the_reference_has_every_subcommand_and_every_column():
    text = REFERENCE.read_text("utf-8")
    for command in ("adcvd-workbook --help", "adcvd-workbook build --help",
                    "adcvd-workbook read-message --help"):
        assert f"### `{command}`" in text
    for key in ("entry_number", "quantity_kg", "ad_deposit", "ad_refundable", "cvd_row",
                "ad_exporter_row"):
        assert f"| `{key}` |" in text


def test_the_reference_does_not_depend_on_the_terminal_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    wide = reference_markdown()
    monkeypatch.setenv("COLUMNS", "40")
    assert reference_markdown() == wide
