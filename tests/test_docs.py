"""The docs: a README that is a front door (one screen plus links), links that lead somewhere,
and a generated reference that is current."""

import re
from pathlib import Path

import pytest

from testsupport.reference import REFERENCE, reference_markdown

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.M | re.S)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def prose(path: Path) -> str:
    """A Markdown file without its code blocks (a `# comment` there is no heading)."""
    return FENCE.sub("", path.read_text("utf-8"))


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(path)):
        slug = anchor(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path))
            if not re.match(r"[a-z]+:", target)]


# The README: a front door

def test_the_readme_fits_one_screen_plus_links():
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 120 and len(text.encode()) <= 6_000, (
        "README.md is the front door: what the tool is, a picture, two commands, the three "
        "tasks, links; the manual belongs in docs/")


def test_the_readme_gives_the_two_commands_and_the_engines_the_tests_need():
    text = README.read_text("utf-8")
    assert "```sh\nmake workbook\nmake test\n```" in text
    assert "libreoffice-calc-nogui gnumeric" in text


def test_the_readme_shows_a_picture_and_links_every_guide_and_the_benchmarks():
    links = relative_links(README)
    assert "docs/entries.png" in links
    for path in [*DOCS, ROOT / "BENCHMARKS.md"]:
        assert path.relative_to(ROOT).as_posix() in links, f"README.md does not link {path.name}"


def test_the_readme_shows_the_three_tasks():
    text = README.read_text("utf-8")
    assert "adcvd-workbook build" in text                                  # build
    assert "read-message" in text and "add-message" in text                # add a determination
    assert re.search(r"--entries \S+\.xlsx --entries \S+\.csv", text)      # carry entries


# Links

@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(path):
    broken = []
    for target in relative_links(path):
        file, _, fragment = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked.relative_to(ROOT)}")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {linked.name}")
    assert broken == []


def test_a_link_checker_that_finds_nothing_would_fail():
    """The checker reads links and headings as GitHub does, so the test above has teeth."""
    assert relative_links(README)
    assert anchor("Adding a determination from CBP's message") == (
        "adding-a-determination-from-cbps-message")
    assert anchor("The course of this case in `data/`") == "the-course-of-this-case-in-data"
    assert "what-the-build-refuses-and-why" in anchors(ROOT / "docs" / "maintaining-a-case.md")


# The generated reference

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
