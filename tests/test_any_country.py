"""Any country: every text that names the fallback or the country comes from the data. A case
for Vietnam, and a market-economy case whose AD fallback is "All Others", hold no "China"."""

import re
import shutil
import zipfile

import pytest

from generator import build_workbook
from tests.conftest import FIXTURES
from tests.timeline_entries import TIMELINE_ENTRIES

COUNTRIES = {
    "vietnam": {"China-Wide Entity": "Vietnam-Wide Entity", "PRC-Wide Entity":
                "Vietnam-Wide Entity", "People's Republic of China":
                "Socialist Republic of Vietnam", '"China"': '"Vietnam"', "A-570-": "A-552-",
                "C-570-": "C-552-"},
    "market economy": {"China-Wide Entity": "All Others", "PRC-Wide Entity": "All Others",
                       "People's Republic of China": "Republic of Korea",
                       '"China"': '"Korea"', "A-570-": "A-580-", "C-570-": "C-580-"},
}


def case_for(tmp_path, country: str):
    folder = tmp_path / country.replace(" ", "-")
    shutil.copytree(FIXTURES / "timeline", folder)
    for path in folder.iterdir():
        text = path.read_text("utf-8")
        for old, new in COUNTRIES[country].items():
            text = text.replace(old, new)
        path.write_text(text, "utf-8")
    return folder


def workbook_text(path) -> str:
    """Every part of the xlsx as text: cells, formulas, names, headers, properties."""
    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(name).decode("utf-8") for name in book.namelist()
                         if name.endswith((".xml", ".rels")))


@pytest.mark.parametrize("country", list(COUNTRIES))
def test_a_workbook_for_another_country_never_says_china(tmp_path, country):
    built = build_workbook(case_for(tmp_path, country), tmp_path / "wb.xlsx",
                           entries=TIMELINE_ENTRIES)
    text = workbook_text(built.path)
    assert re.findall(r".{40}china.{40}", text, re.IGNORECASE) == []
    fallback = COUNTRIES[country]["China-Wide Entity"]
    assert f"{fallback}: pair not listed" in text          # Rate Basis texts from the data
    assert f"the {fallback} rate" in text                   # About, the totals' label


def test_the_seed_workbook_names_china_from_its_data(tmp_path, seed_case):
    """The control: the same search finds the China-wide entity where the data names it."""
    text = workbook_text(build_workbook(seed_case, tmp_path / "wb.xlsx", rows=2).path)
    assert "China-Wide Entity: pair not listed" in text
