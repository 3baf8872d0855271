"""data/'s AD preliminary determination is the notice transcribed exactly: every combination,
rate and the China-wide line are checked against the notice's own text (tests/fixtures/notice,
the announcement of July 17, 2025), in the notice's order, and against a second transcription
typed from the notice. (The CVD rates come from a CBP message, not from this notice.)
"""

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from generator.case import load_case

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data"
NOTICE = Path(__file__).resolve().parent / "fixtures" / "notice" / "a-570-194-preliminary.txt"
ANNOUNCED = dt.date(2025, 7, 17)


# --- Where the seed's rows live: the one place to adapt if data/ or the loader change form ---

class Row(NamedTuple):
    exporter: str
    producer: str
    margin: str  # as written in the file, e.g. "93.50"
    deposit: str
    case_number: str
    line: int  # where the row ends in the file, for messages


def seed():
    """The seed case and the AD determination the notice announces."""
    case = load_case(SEED)
    determination, = [d for d in case.ad.determinations if d.announced == ANNOUNCED]
    return case, determination


def rates_file() -> str:
    return f"data/{seed()[1].rates_file}"


def seed_rows() -> list[Row]:
    """The determination's combinations in file order (load_case sorts them and drops exact
    repeats)."""
    with open(ROOT / rates_file(), encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        return [Row(r["exporter"], r["producer"], r["margin_pct"], r["cash_deposit_pct"],
                    r["case_number"], reader.line_num) for r in reader]


def loaded_rows() -> tuple[list[tuple], list[str]]:
    """What the generator loads: (exporter, producer, margin, deposit, case number) per
    combination, and the loader's warnings."""
    case, determination = seed()
    return ([(r.exporter, r.producer, r.margin_pct, r.cash_deposit_pct, r.case_number)
             for r in determination.table.rates], case.warnings)


def loaded_fallback() -> tuple[str, Decimal, Decimal, str]:
    fallback = seed()[1].table.fallback
    return fallback.name, fallback.margin_pct, fallback.cash_deposit_pct, fallback.note


# --- The notice's table, read from the notice itself ------------------------------------

# The PDF text repeats the column headings on every page and wraps each name over lines.
COLUMN_HEADINGS = ("Exporter Producer Weighted- Average Dumping Rate Margin (percent) Cash "
                   "Deposit Rate (Adjusted for Subsidy Offset(s)) (percent)")


def notice_section(start: str, end: str) -> str:
    """The notice's text between two headings, one space between words, page-footer URLs
    left out."""
    text = NOTICE.read_text("utf-8")
    section = text[text.index(f"\n{start}\n") + len(start) + 2:text.index(f"\n{end}\n")]
    return " ".join(word for word in section.split() if not word.startswith("https://"))


def notice_table() -> str:
    """The dumping-rate table: each row 'exporter producer margin deposit', the China-wide
    line and its footnote, without the headings repeated on each of its five pages."""
    pages = notice_section("Preliminary Dumping Rates", "Import Statistics").split(
        COLUMN_HEADINGS)
    assert pages[0] == "China " and len(pages) == 6, pages[0]
    return " ".join(page.strip() for page in pages[1:])


def china_wide_text() -> str:
    name, margin, deposit, note = loaded_fallback()
    return f"{name}* {margin} {deposit} * {note}"


def row_text(exporter: str, producer: str, margin: str, deposit: str) -> str:
    return f"{exporter} {producer} {margin} {deposit}"


def test_the_rates_file_reads_row_by_row_as_the_notice_table():
    rest = notice_table()
    rows = seed_rows()
    for number, row in enumerate(rows, start=1):
        text = row_text(*row[:4])
        assert rest.startswith(text + " "), (
            f"{rates_file()} row {number} (line {row.line}): {row.exporter!r} / "
            f"{row.producer!r} {row.margin} {row.deposit} is not the notice's next row; the "
            f"notice reads here: {rest[:len(text) + 40]!r}")
        rest = rest[len(text) + 1:]
    assert rest == china_wide_text(), (
        f"after the {len(rows)} rows of {rates_file()} the notice reads: {rest[:200]!r}")


def test_the_notice_lists_66_combinations_at_93_50():
    """The notice's own count, not the file's: every row ends in its margin and deposit."""
    assert notice_table().count(" 93.50 93.50") == 66
    assert all(row.case_number == "" for row in seed_rows())  # the notice gives none


def test_the_generator_loads_exactly_the_rows_of_the_file():
    loaded, warnings = loaded_rows()
    assert [w for w in warnings if "repeat" in w] == []   # no row dropped as a repeat
    assert len(loaded) == 66
    assert sorted(loaded) == sorted(
        (r.exporter, r.producer, Decimal(r.margin), Decimal(r.deposit), r.case_number)
        for r in seed_rows())


# --- A second transcription, typed from the notice: where each name ends -----------------
# The notice's text cannot tell where an exporter ends and its producer begins ("Panasonic
# Energy Co., Ltd. Resonac Corporation 93.50 93.50"); this list, checked against the notice
# too, can. Every row of the notice is at 93.50 / 93.50.

BTR = "BTR New Material Group Co., Ltd."
BTR_SALES = "BTR New Material Group Sales Co., Ltd."
BTR_JIANGSU = "BTR (Jiangsu) New Energy Material"
RESONAC = "Resonac Corporation"
RESONAC_YANTAI = "Resonac Electronic Materials (Yantai) Co., Ltd."
ZICHEN = "Jiangxi Zichen Technology Co., Ltd."

TRANSCRIPTION = [
    ("Carbon ONE New Energy Group Co., Ltd.", ["Zhejiang Lichen New Materials Co., Ltd."]),
    ("Canadian Solar Energy Holding Company Limited", [
        "Xiamen Hithium Energy Storage Technology Co., Ltd.", "EVE Power Co., Ltd.",
        "CSI Energy Storage Co., Ltd.", "CSI Energy Storage Technology (Dafeng) Co., Ltd."]),
    ("Farasis Energy (Zhenjiang) Co., Ltd.", ["Farasis Energy (Zhenjiang) Co., Ltd."]),
    ("Farasis Energy (Ganzhou) Co., Ltd.", ["Farasis Energy (Ganzhou) Co., Ltd."]),
    ("Tesla Manufacturing Brandenburg SE", [BTR]),
    ("Tesla (Shanghai) Co., Ltd.", [
        "Shijiazhuang Shangtai Technology Co., Ltd.",
        "Guangdong Kaijin New Energy Technology Corp., Ltd.", BTR_SALES,
        "Shanghai XFH Technology Co. Ltd."]),
    ("LG Energy Solution (Nanjing) Co. Ltd.", ["LG Energy Solution (Nanjing) Co. Ltd."]),
    ("Panasonic Energy Nandan, Co., Ltd.", [RESONAC, BTR, BTR_JIANGSU]),
    ("Panasonic Energy (Suzhou) Co., Ltd.", [RESONAC_YANTAI, BTR]),
    ("Panasonic Energy (Wuxi) Co., Ltd.", [RESONAC, RESONAC_YANTAI, BTR]),
    ("Panasonic Energy Mexico, S.A. DE. C.V.", [RESONAC, RESONAC_YANTAI, BTR]),
    ("Panasonic Global Procurement (China) Co., Ltd.", [
        BTR, BTR_JIANGSU, "Huzhou Kaijin New Energy Technology Corp., Ltd."]),
    ("Panasonic Connect Co., Ltd.", [RESONAC, BTR]),
    ("Panasonic AVC Networks Taiwan Co., Ltd.", [RESONAC, BTR]),
    ("Panasonic Energy Co., Ltd.", [RESONAC, BTR_JIANGSU, BTR]),
    ("Panasonic Kabushiki Kaisha (Panasonic Corporation)", [RESONAC, BTR]),
    ("Panasonic Entertainment & Communication Co., Ltd.", [RESONAC, BTR]),
    ("Panasonic Manufacturing (Shanghai) Co., Ltd.", [RESONAC, BTR]),
    ("Prime Planet Energy & Solutions, Inc.", ["Prime Planet Energy Dalian Co."]),
    ("Saft (Zhuhai) Energy Storage Co., Ltd.", [
        "Tianjin Lishen Battery Joint-Stock Co., Ltd.",
        "Qingdao Lishen New Energy Technology Co. Ltd."]),
    ("Sunwoda Electronic Co., Ltd.", [
        "Sunwoda Electronic Co., Ltd.", "Zhejiang Sunwoda Electronic Co., Ltd."]),
    ("Sunwoda Energy Technology Co., Ltd.", ["Huizhou Sunwoda Energy Technology Co., Ltd."]),
    ("Sunwoda Mobility Energy Technology Co., Ltd.", ["Nanjing Sunwoda New Power Co., Ltd."]),
    ("SK On Co., Ltd.", [BTR]),
    ("Samsung SDI Energy Malaysia Sdn, Bhd.", [BTR, ZICHEN]),
    ("Samsung SDI (Tianjin) Battery Co., Ltd.", [
        BTR_SALES, ZICHEN, "Carbon ONE New Energy Group Co., Ltd."]),
    ("Samsung SDI Hungary ZRT", [BTR_SALES, ZICHEN]),
    ("Samsung SDI Co., Ltd.", [BTR_SALES, ZICHEN]),
    ("Hunan Zhongke Shinzoom Co., Ltd.", ["Guizhou Zhongke Shinzoom Co., Ltd."]),
    (ZICHEN, [ZICHEN]),
    (RESONAC, [
        "Henan Yicheng New Energy Co., Ltd.", "PetroChina Daqing Petrochemical Company",
        "Qingdao Qingbei Carbon Products Co., Ltd."]),
    ("Shanghai Shanshan New Material Co., Ltd.", [
        "Inner Mongolia Shanshan Technology Co., Ltd.", "Sichuan Shanshan New Material Co., Ltd.",
        "Fujian Shanshan Technology Co., Ltd.",
        "Ningbo Shanshan New Material Technology Co., Ltd."]),
]
TRANSCRIBED_PAIRS = [(exporter, producer) for exporter, producers in TRANSCRIPTION
                     for producer in producers]


def test_the_transcription_reads_as_the_notice_table():
    assert len(TRANSCRIBED_PAIRS) == 66
    assert notice_table() == " ".join(
        [row_text(e, p, "93.50", "93.50") for e, p in TRANSCRIBED_PAIRS] + [china_wide_text()])


def test_the_rates_file_matches_the_transcription_pair_by_pair():
    rows = seed_rows()
    for number, (row, (exporter, producer)) in enumerate(zip(rows, TRANSCRIBED_PAIRS), start=1):
        assert (row.exporter, row.producer, row.margin, row.deposit) == (
            exporter, producer, "93.50", "93.50"), (
            f"{rates_file()} row {number} (line {row.line}); the notice has {exporter!r} / "
            f"{producer!r} 93.50 93.50")
    assert len(rows) == len(TRANSCRIBED_PAIRS), (
        f"{rates_file()} has {len(rows)} rows; the notice has {len(TRANSCRIBED_PAIRS)}")


# --- The rest of the case, against the notice ---------------------------------------------

def test_china_wide_rate_and_footnote():
    assert loaded_fallback() == ("China-Wide Entity", Decimal("102.72"), Decimal("102.72"),
                                 "This rate is based on fats available with adverse inferences.")
    assert notice_table().endswith(
        "China-Wide Entity* 102.72 102.72 * This rate is based on fats available with adverse "
        "inferences.")


def test_the_determination_is_the_one_the_notice_announces():
    case, determination = seed()
    notice = " ".join(NOTICE.read_text("utf-8").replace("\u2019", "'").split())
    assert (f"{determination.name} in the {case.ad.name} of {case.product} from the "
            f"{case.country_long}") in notice
    day = determination.announced
    assert f"On {day:%B} {day.day}, {day:%Y}, the U.S. Department of Commerce" in notice
    assert f"please refer to case number {case.case_number}." in notice
    assert case.source in notice and case.source in determination.source


def test_import_statistics_and_caveat_read_as_the_notice():
    case = load_case(SEED)
    years = case.import_stats
    assert notice_section("Import Statistics", "Next Steps") == " ".join([
        "China", *(str(y.year) for y in years),
        "Volume (KG)", *(f"{y.volume_kg:,}" for y in years),
        "Value (USD)", *(f"${y.value_usd:,}" for y in years),
        "Source:", " ".join(case.import_stats_source.split()),
        " ".join(case.import_stats_note.split())])
    assert [y.year for y in years] == [2021, 2022, 2023]
    hts = re.findall(r"[0-9]{4}\.[0-9]{2}\.[0-9]{4}", case.import_stats_source)
    assert case.hts == hts == ["2504.10.5000", "3801.10.5000"]
