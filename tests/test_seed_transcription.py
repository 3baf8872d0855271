"""data/ is the notice transcribed exactly (../shared/seeds/000_abb43b206c438450.txt)."""

import datetime as dt
from decimal import Decimal

from generator.case import load_case


def test_all_66_combinations_at_93_50(seed_case):
    case = load_case(seed_case)
    assert len(case.ad.latest.table) == 66
    assert {(r.margin_pct, r.cash_deposit_pct) for r in case.ad.latest.table.rates} == {
        (Decimal("93.50"), Decimal("93.50"))}
    assert all(r.case_number == "" for r in case.ad.latest.table.rates)  # the notice gives none


def test_hardest_names_are_verbatim(seed_case):
    pairs = {(r.exporter, r.producer) for r in load_case(seed_case).ad.latest.table.rates}
    for pair in [
        ("Tesla (Shanghai) Co., Ltd.", "Shanghai XFH Technology Co. Ltd."),
        ("Panasonic Energy Mexico, S.A. DE. C.V.", "Resonac Electronic Materials (Yantai) Co., Ltd."),
        ("Samsung SDI Energy Malaysia Sdn, Bhd.", "Jiangxi Zichen Technology Co., Ltd."),
        ("Panasonic Energy Nandan, Co., Ltd.", "BTR (Jiangsu) New Energy Material"),
        ("Panasonic Entertainment & Communication Co., Ltd.", "Resonac Corporation"),
        ("Panasonic Kabushiki Kaisha (Panasonic Corporation)", "BTR New Material Group Co., Ltd."),
        ("Prime Planet Energy & Solutions, Inc.", "Prime Planet Energy Dalian Co."),
        ("Saft (Zhuhai) Energy Storage Co., Ltd.", "Qingdao Lishen New Energy Technology Co. Ltd."),
        ("LG Energy Solution (Nanjing) Co. Ltd.", "LG Energy Solution (Nanjing) Co. Ltd."),
        ("Tesla Manufacturing Brandenburg SE", "BTR New Material Group Co., Ltd."),
        ("Samsung SDI Hungary ZRT", "BTR New Material Group Sales Co., Ltd."),
        ("Shanghai Shanshan New Material Co., Ltd.", "Ningbo Shanshan New Material Technology Co., Ltd."),
    ]:
        assert pair in pairs


def test_exporters_and_their_producer_counts(seed_case):
    rates = load_case(seed_case).ad.latest.table.rates
    count = lambda name: sum(r.exporter == name for r in rates)  # noqa: E731
    assert len({r.exporter for r in rates}) == 32
    assert count("Canadian Solar Energy Holding Company Limited") == 4
    assert count("Tesla (Shanghai) Co., Ltd.") == 4
    assert count("Shanghai Shanshan New Material Co., Ltd.") == 4
    assert count("Resonac Corporation") == 3


def test_china_wide_rate_and_footnote(seed_case):
    case = load_case(seed_case)
    fallback = case.ad.latest.table.fallback
    assert (fallback.name, fallback.margin_pct, fallback.cash_deposit_pct) == (
        "China-Wide Entity", Decimal("102.72"), Decimal("102.72"))
    assert fallback.note == "This rate is based on fats available with adverse inferences."
    assert case.case_number == "A-570-194"
    assert case.ad.determinations[0].announced == dt.date(2025, 7, 17)


def test_import_statistics_and_caveat(seed_case):
    case = load_case(seed_case)
    assert [(y.year, y.volume_kg, y.value_usd) for y in case.import_stats] == [
        (2021, 60_988_257, 143_290_236), (2022, 103_508_617, 380_172_162),
        (2023, 84_290_595, 347_108_288)]
    assert case.hts == ["2504.10.5000", "3801.10.5000"]
    assert "may be overstated" in case.import_stats_note
    assert case.import_stats_source.startswith("U.S. Census Bureau")
