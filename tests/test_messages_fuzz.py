"""Fuzzing the message reader with the real captures, cut, flattened and garbled at random: it
returns a Message or raises InputError, never another exception, and never invents a row (each
row's rate as written, case number and names are in the text). Cutting a message only ever
loses rows from its end; flattening it changes no row."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.messages import read_message

MESSAGES = sorted((Path(__file__).resolve().parent / "fixtures" / "messages").glob("*.txt"))
TEXTS = {p.stem: p.read_text("utf-8").split("\n\n", 1)[1] for p in MESSAGES}
FUZZ = settings(max_examples=150, deadline=None)
PIECES = ["Exporter: ", "Producer:\n", "Case number: ", "Cash deposit rate: ", "All Others\n",
          "A-570-194-001", "C-570-195", " 11.58 percent", "86.01%", "07/02/2025", "JUNE 30, 2005",
          "Note to CBP: deactivated ", "Third Country: ", "Final rate:", "on or after ", "90 FR "]


def flat(text: str) -> str:
    return " ".join(text.split())


def rows(message) -> list[tuple]:
    return [(r.exporter, r.producer, r.company, r.case_number, r.cash_deposit_pct, r.country,
             r.fallback) for r in message.rates]


def read_or_none(text: str):
    try:
        return read_message(text)
    except InputError:
        return None


@st.composite
def flattened(draw, text: str) -> str:
    """Some or all line breaks turned into spaces."""
    lines = text.split("\n")
    joins = draw(st.lists(st.booleans(), min_size=len(lines) - 1, max_size=len(lines) - 1))
    out = lines[0]
    for join, line in zip(joins, lines[1:]):
        out += (" " if join else "\n") + line
    return out


@st.composite
def garbled(draw) -> str:
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    if draw(st.booleans()):
        text = text[:draw(st.integers(0, len(text)))]
    if draw(st.booleans()):
        text = draw(flattened(text))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 12))
        junk = draw(st.one_of(st.text(st.sampled_from("0123456789.%:;-/$ \nACFRExporterCase()"),
                                      max_size=12), st.sampled_from(PIECES)))
        text = text[:at] + junk + text[at + cut:]
    return text


@FUZZ
@given(garbled())
def test_the_reader_returns_or_refuses_and_never_invents_a_row(text):
    try:
        message = read_message(text)
    except InputError as err:
        assert "\n" not in str(err)
        return
    for row in message.rates:
        assert row.rate_text and row.rate_text in text
        assert str(row.cash_deposit_pct) in row.rate_text.replace(",", "")
        assert row.case_number is None or row.case_number in text
        for name in (row.exporter, row.producer, row.company):
            assert name is None or name in flat(text)


@FUZZ
@given(st.sampled_from(sorted(TEXTS)), st.floats(0, 1))
def test_a_cut_message_has_the_whole_messages_first_rows(name, where):
    whole = read_or_none(TEXTS[name])
    if whole is None:
        return
    text = TEXTS[name][:int(where * len(TEXTS[name]))]
    try:
        part = read_message(text)
    except InputError as err:
        assert "not a CBP AD/CVD message" in str(err)  # too little text left
        return
    assert rows(part) == rows(whole)[:len(part.rates)]


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_message_flattened_onto_one_line_has_the_same_rows(name):
    whole = read_or_none(TEXTS[name])
    one_line = read_or_none(flat(TEXTS[name]))
    assert (whole is None) == (one_line is None)
    if whole is not None:
        assert rows(one_line) == rows(whole)
        assert (one_line.kind, one_line.effective, one_line.period, one_line.refunds_from) == (
            whole.kind, whole.effective, whole.period, whole.refunds_from)
        assert one_line.deactivated == whole.deactivated


@FUZZ
@given(st.data())
def test_a_message_partly_flattened_has_the_same_rows(data):
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    whole = read_or_none(TEXTS[name])
    if whole is not None:
        assert rows(read_message(data.draw(flattened(TEXTS[name])))) == rows(whole)
