"""The patterns of CBP message text: labels, case numbers, dates, rates, Federal Register
citations, and what the prose says about the message's kind."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january february march april may june july august september october november "
          "december").split()
DATE = (r"(?:\d{1,2}/\d{1,2}/\d{4}(?!\d)|(?i:(?:" + "|".join(MONTHS) + r")\s+\d{1,2},?\s+\d{4})"
        r"(?!\d))")
ON_OR_AFTER = r"(?i)\bon\s+or\s+after\s+(" + DATE + ")"
CASE = r"(?<![\w-])[AC]-\d{3}-\d{3}(?:-\d{3})?(?![\d-])"  # "...-003Cash deposit rate:" too
FULL_CASE = 13  # len("A-570-194-001"); a base number is 9
FR = re.compile(r"(?<!\d)(\d{1,3})\s+FR\s+(\d{1,6})(?![\d,]\d)")
PCT = re.compile(r"\s*(\d{1,3}(?:,?\d{3})?(?:\.\d+)?)\s*(%|(?i:percent)\b)\.?")
SPECIFIC = re.compile(r"\$\s*\d[\d,]*(?:\.\d+)?\s*(?:per|/)\s*(?i:kilogram|kg|unit|piece|pound|"
                      r"lb|ton|mt|metric|dozen|liter|litre)")
PARAGRAPH = re.compile(r"\n\s*\n|\n\s*\d{1,2}[a-zA-Z]?\.(?:\s|$)|\s\d{1,2}[a-zA-Z]?\.\s+[A-Z]")
FALLBACK_NAME = re.compile(r"(?i)all\s+others|[a-z .'()-]*\bwide\s+entity")


def _label(*names: str) -> str:
    """Label names as a pattern: first letter upper case (so "this exporter:" in prose is no
    label), the rest in any case, any spacing."""
    return "|".join(n[0] + "(?i:" + r"\s+".join(map(re.escape, n[1:].split(" "))) + ")"
                    for n in names)


LABEL = re.compile(
    r"(?<![A-Za-z/])(?:(?P<company>" + _label("Producer and/or Exporter", "Company",
                                          "China Solar Cell Producer and/or Exporter",
                                          "Chinese solar cell producer and/or exporter") + ")"
    r"|(?P<exporter>" + _label("Exporter") + r")|(?P<producer>" + _label("Producer",
                                                                         "Manufacturer") + ")"
    r"|(?P<case>" + _label("Case number") + r")|(?P<deposit>" + _label("Cash deposit rate") + ")"
    r"|(?P<assess>" + _label("Final subsidy rate", "Final rate") + ")"
    r"|(?P<country>" + _label("Third Country", "Country") + r")|(?P<note>" + _label(
        "Note to CBP", "Note") + r")|(?P<product>" + _label("Product", "Period") + r"))\s*:")
PARTIES = ("company", "exporter", "producer")


def flat(text: str) -> str:
    """Whitespace runs (line breaks too) as one space."""
    return " ".join(text.split())


def parse_date(text: str) -> date:
    """07/02/2025, 8/6/2019 or JUNE 30, 2005 as a date; ValueError if there is no such day."""
    parts = re.split(r"[/\s,]+", text.strip())
    if parts[0].isdigit():
        return date(int(parts[2]), int(parts[0]), int(parts[1]))
    return date(int(parts[2]), MONTHS.index(parts[0].lower()) + 1, int(parts[1]))


def is_message(text: str) -> bool:
    """A case number or an AD/CVD word, and an instruction word."""
    about = re.search(CASE, text) or re.search(r"(?i)antidumping|countervailing|AD/CVD", text)
    return bool(about and re.search(r"(?i)withdrawn\s+from\s+warehouse|cash\s+deposit|liquidat|"
                                    r"suspension\s+of\s+liquidation|federal\s+register", text))


def is_legacy(body: str) -> bool:
    """An ACS header ("MESSAGE NO:") or a body in upper case (messages up to about 2012)."""
    letters = [c for c in body if c.isalpha()]
    return bool(re.search(r"MESSAGE\s+NO:", body)) or (
        bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters))


def kind_of(body: str, has_rows: bool) -> str:
    """The message's kind from its rows and the wording of its instructions."""
    def has(pattern: str) -> bool:
        return bool(re.search("(?i)" + pattern, body))
    if has(r"\bassess\s+(?:an?\s+)?(?:antidumping|countervailing)\s+(?:dut|liab)|"
           r"\bfinal\s+(?:subsidy\s+)?rate\s*:"):
        return "liquidation"
    if has_rows:
        return "cash deposits"
    if has(r"\bnegative\s+final\s+determination\b|\b(?:investigation|proceeding)\s+(?:has\s+been|"
           r"was|is)\s+terminated\b|\bpetition\b[^.]{0,80}\bwithdr[ae]wn\b"):
        return "terminated"
    if has(r"\b(?:has|have|had)\s+revoked\b|\brevocation\s+of\s+(?:the\s+)?(?:antidumping|"
           r"countervailing)") and not has(r"\brescinded\s+the\s+revocation"):
        return "revoked"
    if has(r"\bdiscontinue\s+(?:the\s+)?suspension\s+of\s+liquidation") and has("provisional"):
        return "provisional measures ended"
    if has(r"without\s+regard\s+to\s+(?:antidumping|countervailing)\s+duties") or (
            has(r"\brefund") and has(r"provisional[\s-]+measures")):
        return "gap period"
    if has(r"\b(?:require|required|collect)\b[^.]{0,100}\bcash\s+deposit|\bcash\s+deposit\s+rates?"
           r"\s+(?:has|have)\s+(?:been\s+)?(?:revised|changed)|changes\s+the\s+cash\s+deposit"):
        return "cash deposits"
    return "other"


def published(body: str) -> tuple[date | None, str | None]:
    """The first Federal Register citation ("90 FR 28994") and its publication date: the date
    written after it ("(88 FR 56003, 08/17/2023)"), else the date nearest it in its sentence."""
    citation = next((m for m in FR.finditer(body) if m.end() < len(body)), None)
    if citation is None:
        return None, None
    start = max(body.rfind(". ", 0, citation.start()), body.rfind(".\n", 0, citation.start()))
    ends = [i for i in (body.find(". ", citation.end()), body.find(".\n", citation.end()))
            if i > 0]
    sentence = body[start + 1:min(ends) if ends else len(body)]
    middle = (citation.start() + citation.end()) / 2 - start - 1
    nearest = sorted(re.finditer(DATE, sentence),
                     key=lambda m: abs((m.start() + m.end()) / 2 - middle))
    after = re.match(r",\s*(" + DATE + ")", body[citation.end():])
    found = None
    for text in ([after.group(1)] if after else []) + [m.group() for m in nearest]:
        try:
            found = parse_date(text)
            break
        except ValueError:
            continue
    return found, f"{citation.group(1)} FR {citation.group(2)}"


def case_numbers(text: str) -> tuple[str, ...]:
    """Every case number seen, base and full, in order; a base number that ends the text may be
    cut ("C-570-195" of "C-570-195-001"), so it is left out. Legacy "CASES: A - 588 - 845"."""
    end = len(text.rstrip())
    found = [m.group() for m in re.finditer(CASE, text)
             if m.end() < end or len(m.group()) == FULL_CASE]
    legacy = re.findall(r"CASES:\s*([AC](?:\s*-\s*\d{3}){2})(?!\d)", text)
    found += [re.sub(r"\s+", "", c) for c in legacy]
    return tuple(dict.fromkeys(found))


def corrects(text: str) -> str | None:
    """The message number a correction corrects ("This is a correction to message 5192404")."""
    found = re.search(r"(?i)\bcorrection\s+(?:to|of)\s+message(?:\s+number)?\s+#?(\d{7})\b", text)
    return found.group(1) if found else None


def message_number(text: str, file_number: str | None) -> str | None:
    """From a legacy header ("MESSAGE NO: 5189201"), else the file's name, else a leading
    "# source: .../5204403" line."""
    found = re.search(r"MESSAGE\s+NO:\s*(\d{7})\b", text)
    source = re.match(r"\s*#\s*source:\s*\S*/(\d{7})\s*\n", text)
    return found.group(1) if found else file_number or (source.group(1) if source else None)
