"""Names that differ across lists (generator/names.py): a near miss is priced as not listed
and its Rate Basis names the listed spelling; an alias confirmed in aliases.csv prices the
entry as the listed company. On the project's own data (the AD notice writes "Panasonic
Global Procurement (China) Co., Ltd.", CBP message 5204403 "... China Co., Ltd."), entries
of August 4, 2025 (AD preliminary 93.50% / China-wide 102.72%; CVD amended preliminary:
Kaijin 721.03%, Panasonic and All Others 11.58%). Deposits worked by hand."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from generator import build_workbook
from generator.case import load_case
from generator.entries import Entry
from generator.errors import InputError
from tests.conftest import ROOT
from tests.engines import formulas_package_outputs
from tests.workbook_values import entry_outputs

DAY = dt.date(2025, 8, 4)
AD_SPELLING = "Panasonic Global Procurement (China) Co., Ltd."
CVD_SPELLING = "Panasonic Global Procurement China Co., Ltd."
KAIJIN = "Huzhou Kaijin New Energy Technology Corp., Ltd."
CARBON, LICHEN = "Carbon ONE New Energy Group Co., Ltd.", "Zhejiang Lichen New Materials Co., Ltd."
PANASONIC_NOTE = (f"; exporter close to listed '{AD_SPELLING}' (AD) / '{CVD_SPELLING}' (CVD)")
ENTRIES = [
    Entry("N-1", DAY, None, AD_SPELLING, KAIJIN, entered_value=25_000.0),
    Entry("N-2", DAY, None, "Carbon One New Energy Group Co Ltd", LICHEN,
          entered_value=10_000.0),
    Entry("N-3", DAY, None, CARBON, LICHEN, entered_value=10_000.0),
]
# (AD rate, AD deposit, AD basis, CVD rate, CVD deposit, CVD basis)
WITHOUT_ALIAS = [
    (0.935, 23_375.00, "Listed combination" + PANASONIC_NOTE,
     # Kaijin's rate, as the producer's: 25,000 x 721.03% = 180,257.50
     7.2103, 180_257.50, "Producer's rate (exporter not listed) (Amended Preliminary "
                         "Determination)" + PANASONIC_NOTE),
    (1.0272, 10_272.00, f"China-Wide Entity: pair not listed; exporter close to listed "
                        f"'{CARBON}' (AD)",
     0.1158, 1_158.00, "All Others: neither name listed (Amended Preliminary Determination); "
                       f"exporter close to listed '{CARBON}' (AD)"),
    (0.935, 9_350.00, "Listed combination",
     0.1158, 1_158.00, "All Others: neither name listed (Amended Preliminary Determination)"),
]
ALIAS_NOTE = f"; exporter one company with '{CVD_SPELLING}' (aliases.csv)"
# with the alias confirmed, Panasonic's own CVD rate: 25,000 x 11.58% = 2,895.00
WITH_ALIAS = [(0.935, 23_375.00, "Listed combination" + ALIAS_NOTE,
               0.1158, 2_895.00, "Exporter's own rate (Amended Preliminary Determination)"
                                 + ALIAS_NOTE)] + WITHOUT_ALIAS[1:]


def shown(outputs: list[dict]) -> list[tuple]:
    return [(o["ad_rate"], o["ad_deposit"], o["ad_basis"], o["cvd_rate"], o["cvd_deposit"],
             o["cvd_basis"]) for o in outputs]


def close(got: list[tuple], want: list[tuple]) -> bool:
    return all(g == pytest.approx(w) if isinstance(w, float) else g == w
               for row_got, row_want in zip(got, want) for g, w in zip(row_got, row_want))


def with_alias(tmp_path):
    folder = shutil.copytree(ROOT / "data", tmp_path / "data")
    (folder / "aliases.csv").write_text(
        "name,same_as,source\n"
        f'"{AD_SPELLING}","{CVD_SPELLING}",The AD notice and CBP message 5204403 name one '
        "affiliate\n", "utf-8")
    text = (folder / "case.toml").read_text("utf-8")
    (folder / "case.toml").write_text(text.replace('hts = [', 'aliases = "aliases.csv"\nhts = [',
                                                   1), "utf-8")
    return folder


@pytest.fixture(scope="module", params=["without alias", "with alias"])
def built(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param.replace(" ", "-"))
    data = ROOT / "data" if request.param == "without alias" else with_alias(tmp)
    result = build_workbook(data, tmp / "names.xlsx", entries=ENTRIES, rows=5)
    return result, WITHOUT_ALIAS if request.param == "without alias" else WITH_ALIAS


def test_the_reference_flags_near_misses_and_reads_aliases(built):
    result, want = built
    got = [(r.ad.rate, r.ad.deposit, r.ad.basis, r.cvd.rate, r.cvd.deposit, r.cvd.basis)
           for r in result.results[:3]]
    assert close(got, want), got


def test_the_cached_values_are_the_hand_expectations(built):
    result, want = built
    got = shown(entry_outputs(result.path, 3))
    assert close(got, want), got


def test_each_engine_flags_and_reads_as_worked_by_hand(built, engine, tmp_path):
    result, want = built
    got = shown(entry_outputs(engine(result.path, tmp_path), 3))
    assert close(got, want), got


def test_formulas_package_flags_and_reads_as_worked_by_hand(built):
    result, want = built
    got = shown(formulas_package_outputs(result.path, 3))
    assert close(got, want), got


def test_the_near_misses_are_counted_on_entries_and_in_the_summary(built, engine, tmp_path):
    result, want = built
    count = sum("close to listed" in row[2] for row in want)   # 2 without the alias, 1 with
    sheet = openpyxl.load_workbook(engine(result.path, tmp_path), data_only=True)["Entries"]
    row = [c for c in next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
           if c is not None]
    assert row[row.index("Entries with a name close to a listed one") + 1] == count
    assert f"; {count} entr{'y' if count == 1 else 'ies'} with a name close to a listed one" \
        in result.summary()


def test_the_build_warns_of_close_names_across_lists_with_the_alias_line():
    warnings = load_case(ROOT / "data").warnings
    [line] = [w for w in warnings if "names close but not equal" in w]
    assert f'"{AD_SPELLING}","{CVD_SPELLING}","<source that says so>"' in line


def test_a_confirmed_alias_silences_the_warning(tmp_path):
    assert not [w for w in load_case(with_alias(tmp_path)).warnings if "close" in w]


@pytest.mark.parametrize("row, problem", [
    (f'"{AD_SPELLING}","{CVD_SPELLING}",', "no source"),
    ('"Nobody Co.","Nothing Co.",a ruling', "is a listed name"),
    (f'"{CARBON}","{KAIJIN}",a ruling', "both listed in AD"),
])
def test_a_wrong_alias_is_refused_with_its_line(tmp_path, row, problem):
    folder = with_alias(tmp_path)
    (folder / "aliases.csv").write_text(f"name,same_as,source\n{row}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_case(folder)
    assert caught.value.line == 2 and problem in caught.value.message
