"""Reading CBP AD/CVD messages (generator/messages). Every expected value below was read by hand
from the message text in tests/fixtures/messages/ (the line of the file is given where it helps),
never from the reader."""

import re
from datetime import date
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.messages import read_message, read_message_file

MESSAGES = Path(__file__).resolve().parent / "fixtures" / "messages"


def read(number: str):
    return read_message_file(MESSAGES / f"{number}.txt")


def body(number: str) -> str:
    """The message text without the fixture's three '#' lines and the blank line after them."""
    return (MESSAGES / f"{number}.txt").read_text("utf-8").split("\n\n", 1)[1]


def cells(message) -> list[tuple]:
    return [(r.exporter, r.producer, r.company, r.case_number, str(r.cash_deposit_pct),
             r.country, r.fallback) for r in message.rates]


# 5204403, lines 18-33: All Others first, three companies, then "Third Country: Japan"
ROWS_5204403 = [
    (None, None, "All Others", "C-570-195-000", "11.58", None, True),
    (None, None, "Panasonic Corporation of China; Panasonic Global Procurement China Co., Ltd.",
     "C-570-195-001", "11.58", None, False),
    (None, None, "Shanghai Shaosheng Knitted Sweat", "C-570-195-002", "721.03", None, False),
    (None, None, "Huzhou Kaijin New Energy Technology Corp., Ltd.", "C-570-195-003", "721.03",
     None, False),
    (None, None, "All Others", "C-588-195-000", "11.58", "Japan", True),
]


def test_a_correction_names_the_message_it_corrects():
    message = read("5204403")
    assert (message.message, message.corrects) == ("5204403", "5192404")


def test_rows_are_read_with_names_as_written_case_numbers_and_rates():
    assert cells(read("5204403")) == ROWS_5204403


def test_a_bare_all_others_line_is_the_fallback_row():
    first, panasonic = read("5204403").rates[:2]
    assert (first.company, first.fallback, first.line) == ("All Others", True, 18)
    assert not panasonic.fallback


def test_third_country_rows_carry_their_country_and_the_others_none():
    countries = {r.case_number: r.country for r in read("5204403").rates}
    assert countries == {"C-570-195-000": None, "C-570-195-001": None, "C-570-195-002": None,
                         "C-570-195-003": None, "C-588-195-000": "Japan"}


def test_a_row_cut_off_at_the_end_is_unread_never_a_row():
    message = read("5204403")
    assert message.unread == ("Producer and/or Exporter: Panasonic Corporation of China; "
                              "Panasonic Global Procurement China Co., Ltd. Case Number: C-588-1",)
    assert not any(r.case_number.startswith("C-588-1") and r.case_number != "C-588-195-000"
                   for r in message.rates)
    assert "C-588-1" not in message.case_numbers


def test_citation_dates_and_case_numbers_of_a_deposit_message():
    message = read("5204403")
    assert message.kind == "cash deposits"
    assert message.federal_register == "90 FR 28994"
    assert (message.published, message.effective) == (date(2025, 7, 2), date(2025, 7, 2))
    assert (message.period, message.refunds_from) == (None, None)
    assert message.case_numbers == ("C-570-195", "C-570-195-000", "C-570-195-001",
                                    "C-570-195-002", "C-570-195-003", "C-588-195-000")


def test_a_message_flattened_onto_one_line_reads_the_same_rows():
    flattened = " ".join(body("5204403").split())
    assert "\n" not in flattened
    assert cells(read_message(flattened)) == ROWS_5204403


def test_a_flattened_capture_splits_on_labels():
    message = read("3045407")  # one line; its note says "to this exporter: A-570-112-001"
    assert cells(message) == [
        ("Tianjin Hweschun Fasteners Manufacturing Co., Ltd.", None, None, "A-570-112-010",
         "0.00", None, False),
        ("Zhejiang Best Nail Industrial Co., Ltd./Shaoxing Bohui Import & Export Co., Ltd.", None,
         None, "A-570-112-009", "0.00", None, False)]
    assert message.effective == date(2023, 2, 10) and message.federal_register == "88 FR 8800"


def test_a_flattened_capture_cut_mid_name_leaves_the_name_unread():
    message = read("2291414")
    assert [(r.company, r.case_number, str(r.cash_deposit_pct)) for r in message.rates] == [
        ("Suntech Power Co., Ltd.", "C-570-980-003", "15.87"),
        ("Canadian Solar International Limited", "C-570-980-021", "15.87"),
        ("Canadian Solar Manufacturing (Luoyang) Inc.; CSI Cells Co., Ltd.; CANADIAN SOLAR "
         "MANUFACTURING (CHANGSHU) INC.; CSI-GCL Solar Manufacturing (Yancheng) Co, Ltd.",
         "C-570-980-022", "15.87")]
    assert message.unread == ("Producer and/or Exporter: Chint",)
    assert message.corrects is None  # "Ref: Message 2196401" is a reference, not a correction
    assert (message.effective, message.published) == (date(2022, 7, 7), date(2022, 8, 15))


def test_exporter_and_producer_make_a_combination_row():
    message = read("5065405")
    assert cells(message) == [
        ("Vietnam-Wide Entity", None, None, "A-552-839-000", "165.27", None, True),
        ("Go-Pak Paper Products Vietnam Co., Ltd.", "Go-Pak Paper Products Vietnam Co., Ltd.",
         None, "A-552-839-001", "30.42", None, False)]
    assert message.corrects == "5029403"


def test_the_deposit_date_wins_over_the_critical_circumstances_suspension_date():
    # "on or after 06/07/2024 (90 days ...)" suspends; "effective 01/28/2025 ... cash deposit"
    assert read("5065405").effective == date(2025, 1, 28)
    assert read("5031409").effective == date(2025, 1, 28)


def test_producer_and_or_exporter_rows_are_companies():
    assert [(r.company, r.case_number) for r in read("5031409").rates] == [
        ("ABC Digital Technology Co Ltd", "A-549-849-005"), ("Beeconcious Co", "A-549-849-006"),
        ("Dester Co, Ltd", "A-549-849-007"), ("Pimlapas Printing Co., Ltd", "A-549-849-008"),
        ("Sincerely Cargo", "A-549-849-009"), ("Thai Coconut Co Ltd", "A-549-849-010"),
        ("Thai Union Manufacturing Co., Ltd.", "A-549-849-011")]
    assert {str(r.cash_deposit_pct) for r in read("5031409").rates} == {"73.17"}


def test_a_termination_refunds_every_deposit_since_the_first_suspension():
    message = read("4327415")
    # "on or after 03/11/2024 (the date of first suspension of liquidation ...)": all of them
    assert (message.kind, message.refunds_from) == ("terminated", "start")
    # deposits end with the ITC's negative final, published 11/22/2024 (89 FR 92720)
    assert (message.effective, message.federal_register) == (date(2024, 11, 22), "89 FR 92720")
    assert message.case_numbers == ("C-570-159",)
    assert (message.rates, message.unread, message.in_part) == ((), (), False)


def test_provisional_measures_ended_gives_the_last_day_and_the_gap():
    message = read("5336402")
    assert message.kind == "provisional measures ended"
    assert message.effective == date(2025, 10, 7)  # "effective 10/07/2025"
    assert message.provisional_end == date(2025, 10, 6)  # "(the date provisional measures expired"
    assert message.period == (date(2025, 10, 7), date(2025, 12, 2))
    assert (message.refunds_from, message.rates) == (None, ())


def test_a_gap_period_message_refunds_its_window():
    message = read("4194411")
    assert message.kind == "gap period"
    assert message.period == (date(2024, 6, 29), date(2024, 7, 4))
    assert message.refunds_from == date(2024, 6, 29)
    assert message.provisional_end == date(2024, 6, 28)  # "06/28/2024 was the final day"
    assert message.effective is None


def test_a_refund_after_provisional_measures_is_a_gap_period():
    message = read("8248305")
    assert message.kind == "gap period"
    assert message.period == (date(2018, 5, 22), date(2018, 8, 12))
    assert (message.refunds_from, message.provisional_end) == (date(2018, 5, 22), None)


def test_a_revocation_in_part_ends_deposits_at_publication_and_refunds_from_its_date():
    message = read("2223410")
    assert (message.kind, message.in_part) == ("revoked", True)
    assert message.effective == date(2022, 7, 6)  # published 07/06/2022 (87 FR 40179)
    assert message.refunds_from == date(2021, 1, 1)  # "on or after 01/01/2021"
    assert message.federal_register == "87 FR 40179"


def test_a_legacy_revocation_without_rates_is_read():
    message = read("5217210")
    assert (message.message, message.kind, message.in_part) == ("5217210", "revoked", False)
    assert message.effective == date(2005, 7, 18)  # "(70 FR 41270) ON JULY 18,\n2005"
    assert message.refunds_from == date(2004, 5, 21)  # "SUSPENDED ON OR AFTER MAY 21, 2004"
    assert (message.federal_register, message.case_numbers) == ("70 FR 41270", ("A-122-830",))


def test_a_liquidation_reads_assessment_rates_over_its_period():
    message = read("3271405")
    assert message.kind == "liquidation"
    assert message.period == (date(2020, 1, 1), date(2020, 12, 31))
    assert message.effective is None
    assert (message.federal_register, message.published) == ("88 FR 56003", date(2023, 8, 17))
    assert [(r.case_number, str(r.cash_deposit_pct)) for r in message.rates] == [
        ("C-570-980-003", "15.33"), ("C-570-980-007", "15.33"), ("C-570-980-015", "15.33"),
        ("C-570-980-016", "15.33"), ("C-570-980-025", "15.33"), ("C-570-980-045", "10.34")]


def test_a_name_broken_across_lines_is_one_name():
    trina = read("3271405").rates[1]
    assert trina.company == (
        "Trina Solar (Changzhou) Science and Technology Co., Ltd.; Trina Solar Co., Ltd.; "
        "Changzhou Trina Solar Energy Co., Ltd.; Changzhou Trina Solar Yabang Energy Co., Ltd.; "
        "Hubei Trina Solar Energy Co., Ltd.; Turpan Trina Solar Energy Co., Ltd.; Yancheng Trina "
        "Solar Energy Technology Co., Ltd.; Changzhou Trina PV Ribbon Materials Co., Ltd.")


def test_a_specific_rate_is_refused_naming_its_line():
    with pytest.raises(InputError) as refused:
        read("6180302")
    assert refused.value.line == 23
    assert "$4.71 per kilogram" in str(refused.value) and "ad valorem" in str(refused.value)


def test_deactivated_case_numbers_move_companies_to_the_country_wide_entity():
    message = read("9295301")
    assert [(d.case_number, d.company, d.entered_under, d.to_country_wide)
            for d in message.deactivated] == [
        ("A-570-967-042", "Changzhou Changzheng Evaporator Co., Ltd.", "A-570-967-000", True),
        ("A-570-967-005", "Cosco (J.M.) Aluminum Co., Ltd.", "A-570-967-000", True),
        # the capture ends "Effective 10/21/2": no "entered under" for the third
        ("A-570-967-036", "Dynamic Technologies China", None, True)]
    assert message.unread == ("Effective 10/21/2",)


def test_companies_moved_into_the_entity_are_rows_but_not_the_fallback():
    assert cells(read("9295301")) == [
        ("Changzhou Changzheng Evaporator Co., Ltd.", None, None, "A-570-967-000", "86.01", None,
         False),
        ("Cosco (J.M.) Aluminum Co., Ltd.", None, None, "A-570-967-000", "86.01", None, False),
        ("Dynamic Technologies China", None, None, "A-570-967-000", "86.01", None, False)]


def test_a_deactivation_keeps_the_number_the_note_sends_entries_to():
    message = read("3062402")
    assert [(d.case_number, d.company, d.entered_under, d.to_country_wide)
            for d in message.deactivated] == [
        ("A-570-893-106", "Shantou Red Garden Food Processing Co., Ltd.; Shantou Red Garden "
         "Foodstuff Co., Ltd.", "A-570-893-000", True)]
    # 3045407's note sends entries to A-570-117-010 (sic: the row is A-570-112-010)
    assert [(d.case_number, d.entered_under, d.to_country_wide)
            for d in read("3045407").deactivated] == [
        ("A-570-112-001", "A-570-117-010", False), ("A-570-112-008", "A-570-112-009", False)]


def test_a_prose_country_wide_rate_is_not_a_row():
    message = read("3062402")  # "the China -wide rate of 112.81 percent" in paragraph 3B
    assert [(r.exporter, str(r.cash_deposit_pct)) for r in message.rates] == [
        ("Shantou Red Garden Food Processing Co., Ltd.; Shantou Red Garden Foodstuff Co., Ltd.",
         "112.81")]


def test_a_rate_cut_off_in_prose_is_unread_and_never_a_row():
    message = read("8264306")  # ends "the China-wide rate of 90.83 "
    assert [r.exporter for r in message.rates] == [
        "Baosteel Group Corporation", "Shanghai Baosteel International Economic & Trading Co., "
        "Ltd.", "Baoshan Iron and Steel Co., Ltd.", "Shanghai Meishan Iron & Steel",
        "Union Steel China"]
    assert {(r.case_number, str(r.cash_deposit_pct)) for r in message.rates} == {
        ("A-570-865-000", "90.83")}
    assert message.unread == ("B. For all exporters of subject merchandise that have not been "
                              "assigned a separate rate, the cash deposit rate will be the "
                              "China-wide rate of 90.83",)
    assert [(d.case_number, d.company) for d in message.deactivated] == [
        ("A-570-865-002", "Baosteel Group Corporation")]


def test_an_upper_case_message_with_labelled_rows_is_read():
    message = read("1133306")
    assert cells(message) == [("PRC-WIDE ENTITY", None, None, "A-570-916-000", "91.73", None,
                               True)]
    assert (message.effective, message.federal_register) == (date(2011, 4, 15), "76 FR 21333")


def test_a_legacy_message_with_rates_in_prose_is_refused():
    with pytest.raises(InputError, match="legacy upper-case.*'57.87 PERCENT'"):
        read("5189201")


def test_two_rates_for_one_case_number_are_refused():
    # 5246301: offset rates (97.35%, line 20) then the full rates after 10/26/2015 (97.48%)
    with pytest.raises(InputError, match="A-570-022-001 has two rates.*97.35%.*97.48%"):
        read("5246301")


@pytest.mark.parametrize("text", ["", "Dear team, lunch is at noon.\n",
                                  "Invoice A-570-194-001 total $25,000"])
def test_text_that_is_not_a_cbp_message_is_refused(text):
    with pytest.raises(InputError, match="not a CBP AD/CVD message"):
        read_message(text)


# A made-up message in the modern format, for the rate and date spellings the captures lack
MADE_UP = """1. Commerce published in the Federal Register (99 FR 12345) on 8/6/2019 the final \
results of administrative review of the antidumping duty order on widgets from Examplestan.
2. For shipments of widgets entered, or withdrawn from warehouse, for consumption on or after \
8/6/2019, the required cash deposit has been revised as detailed below:
Exporter: Alpha Trading Co., Ltd.
Producer: Alpha Works Co.
Case number: A-999-001-001
Cash deposit rate: 2.96%.
Producer and/or Exporter: BETA STEEL CORP.
Case number: (A-999-001-002)
Cash deposit rate: 57.87 PERCENT
Exporter: Examplestan-Wide Entity
Case number: A-999-001-000
Cash deposit rate: 86.01%
3. These cash deposit requirements shall remain in effect until further notice.
"""


def test_rate_and_date_spellings():
    message = read_message(MADE_UP)
    assert cells(message) == [
        ("Alpha Trading Co., Ltd.", "Alpha Works Co.", None, "A-999-001-001", "2.96", None, False),
        (None, None, "BETA STEEL CORP.", "A-999-001-002", "57.87", None, False),
        ("Examplestan-Wide Entity", None, None, "A-999-001-000", "86.01", None, True)]
    assert message.effective == date(2019, 8, 6) and message.unread == ()


def test_a_rate_that_ends_the_text_may_be_cut_so_it_is_unread():
    cut = MADE_UP[:MADE_UP.index("57.87 PERCENT") + len("57.87 PERCENT")]
    message = read_message(cut)
    assert [r.case_number for r in message.rates] == ["A-999-001-001"]
    assert message.unread == ("Producer and/or Exporter: BETA STEEL CORP. Case number: "
                              "(A-999-001-002) Cash deposit rate: 57.87 PERCENT",)


def test_a_rate_that_is_no_percent_is_refused_with_its_line():
    with pytest.raises(InputError, match="'see note' is not a percent") as refused:
        read_message(MADE_UP.replace("2.96%.", "see note"), "m.txt")
    assert refused.value.line == 6


def test_a_specific_rate_in_a_row_is_refused():
    with pytest.raises(InputError, match=r"specific rate \(\$1.23/kg\)"):
        read_message(MADE_UP.replace("2.96%.", "$1.23/kg"))


def test_lines_joined_without_spaces_after_a_number_or_stop_still_split_on_labels():
    glued = re.sub(r"(?<=[\d%.)])\n", "", MADE_UP)  # "...A-999-001-001Cash deposit rate:..."
    assert "A-999-001-001Cash deposit rate: 2.96%.Producer and/or Exporter" in glued
    assert read_message(glued).case_numbers == ("A-999-001-001", "A-999-001-002", "A-999-001-000")
    assert [(r.case_number, str(r.cash_deposit_pct)) for r in read_message(glued).rates] == [
        ("A-999-001-001", "2.96"), ("A-999-001-002", "57.87"), ("A-999-001-000", "86.01")]


def test_a_row_whose_rate_is_missing_before_other_rows_is_refused():
    missing = MADE_UP.replace("Cash deposit rate: 2.96%.", "Deposit: 2.96%.")
    with pytest.raises(InputError, match="no cash deposit rate for Alpha Trading Co., Ltd.") as no:
        read_message(missing)
    assert no.value.line == 3


def test_several_exporters_and_several_producers_on_one_case_number_are_refused():
    paired = MADE_UP.replace("Producer: Alpha Works Co.\n", "Producer: Alpha Works Co.\n"
                             "Exporter: Second Trading Co.\nProducer: Second Works Co.\n")
    with pytest.raises(InputError, match="which exporter goes with which producer"):
        read_message(paired)


def test_a_rate_row_without_a_case_number_is_refused():
    with pytest.raises(InputError, match=r"case number '\(none\)' of the rate 2.96%"):
        read_message(MADE_UP.replace("Case number: A-999-001-001\n", ""))
