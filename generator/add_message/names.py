"""What the message's words say: the determination's name, whether it revises only some
companies (a review, an amendment), and whether its deposits are provisional measures."""

from __future__ import annotations

import re

from ..messages import Message
from ..messages.text import DATE, parse_date
from .target import flat

_STEP = r"amend\w*\s+(?:to\s+|of\s+)?(?:the\s+|its\s+)?"
NAMES = (   # (pattern, name); the pattern found first in the text names it (ties: this order)
    (_STEP + r"preliminary", "Amended Preliminary Determination"),
    (_STEP + r"final\s+results", "Amended Final Results of Review"),
    (_STEP + r"final\s+(?:affirmative\s+)?determination", "Amended Final Determination"),
    (r"new\s+shipper\s+review", "Final Results of New Shipper Review"),
    (r"changed[\s-]+circumstances?\s+review", "Final Results of Changed Circumstances Review"),
    (r"results\s+of\s+(?:the\s+|its\s+)?(?:administrative\s+)?review|administrative\s+review",
     "Final Results of Administrative Review"),
    (r"amended\s+(?:antidumping|countervailing)\s+duty\s+order", "Amended Order"),
    (r"(?:affirmative\s+)?preliminary\s+(?:affirmative\s+)?determination",
     "Preliminary Determination"),
    (r"final\s+(?:affirmative\s+)?determination", "Final Determination"),
    (r"antidumping\s+duty\s+order", "Antidumping Duty Order"),
    (r"countervailing\s+duty\s+order", "Countervailing Duty Order"),
)
# Before the order, an investigation's deposits are provisional measures (docs/rules.md).
PROVISIONAL = {"Preliminary Determination", "Amended Preliminary Determination",
               "Final Determination", "Amended Final Determination"}
PARTIAL = re.compile(r"(?i)\b(?:administrative|new\s+shipper|changed[\s-]+circumstances?)\s+"
                     r"review|\bresults\s+of\s+(?:the\s+|its\s+)?review|\bamend(?:ed|ment|s)\b|"
                     r"\bfor\s+certain\s+(?:producers|exporters|companies)")


def body(text: str) -> str:
    """The text a correction's own words start from ("Below is the fully corrected message.")."""
    found = re.search(r"(?i)below\s+is\s+the\s+fully\s+corrected\s+message\.?", text)
    return flat(text[found.end():] if found else text)


def rates_name(message: Message, text: str) -> str:
    """The name of a determination with rates, from the first phrase that names one; a
    review's with its period ("Final Results of Administrative Review (POR 2/1/2021 -
    1/31/2022)")."""
    words = body(text)
    found = [(m.start(), i) for i, (pattern, _) in enumerate(NAMES)
             for m in [re.search("(?i)" + pattern, words)] if m]
    if not found:
        return f"Cash Deposits (CBP message {message.message})"
    name = NAMES[min(found)[1]][1]
    period = re.search(r"(?i)\bperiod\s+(" + DATE + r")\s+through\s+(" + DATE + ")", words)
    if "Review" in name and period:
        try:
            start, end = (parse_date(period.group(i)) for i in (1, 2))
        except ValueError:
            return name
        name += f" (POR {_us(start)} - {_us(end)})"
    return name


def _us(day) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def lists_some(text: str) -> bool:
    """A review or an amendment: it revises the companies it lists, the others keep theirs."""
    return bool(PARTIAL.search(body(text)))


def rateless_name(message: Message, text: str) -> str:
    words = body(text).lower()
    if message.kind == "terminated":
        why = (" (ITC negative final determination)" if re.search(
            r"negative\s+final\s+determination", words) and re.search(
            r"\bitc\b|international\s+trade\s+commission", words) else
               " (petition withdrawn)" if re.search(r"petition[^.]{0,80}withdr[ae]wn", words)
               else "")
        return "Investigation Terminated" + why
    why = (" (sunset review)" if "sunset" in words else
           " (changed circumstances review)" if re.search(r"changed[\s-]+circumstances", words)
           else "")
    return "Order Revoked" + why
