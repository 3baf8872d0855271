"""Which proceeding of the case folder a message is about (the AD case or its companion CVD
case), or why it is none: a message of another case is refused. Third-country case numbers
(rows after "Third Country: Japan") are recorded, never taken for another case."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..kinds import AD, CVD, ProceedingKind
from ..messages import Message
from ..model import Case


class Refusal(Exception):
    """Why add-message writes nothing: one line."""


@dataclass(frozen=True)
class Target:
    kind: ProceedingKind
    case_number: str      # "C-570-195"
    prefix: str           # its determinations in case.toml: "determination", "cvd.determination"
    how: str              # how the message was tied to it, for the printout


def flat(text: str) -> str:
    return " ".join(text.split())


def third_country_numbers(message: Message) -> set[str]:
    """The case numbers of third-country rows, full and base."""
    full = {r.case_number for r in message.rates if r.country and r.case_number}
    return full | {c[:9] for c in full}


def target_of(message: Message, text: str, case: Case) -> Target:
    """The proceeding the message's own case numbers name (its rows' numbers when it has
    rows), else the one its words name, when the text also names the case's product and
    country."""
    cases = {AD: case.ad.case_number}
    if case.cvd is not None:
        cases[CVD] = case.cvd.case_number
    third = third_country_numbers(message)
    rows = [r for r in message.rates if not r.country]
    numbers = ([r.case_number for r in rows if r.case_number] if rows
               else [c for c in message.case_numbers if c not in third])
    bases = list(dict.fromkeys(n[:9] for n in numbers))
    folder = " and ".join(f"{k} {n}" for k, n in cases.items())
    if bases:
        foreign = [b for b in bases if b not in cases.values()]
        if foreign:
            raise Refusal(f"a message of another case: it names {', '.join(foreign)}, and "
                          f"this folder holds {folder}")
        if len(bases) > 1:
            raise Refusal(f"the message names both {' and '.join(bases)}: which one it "
                          "instructs is unclear; add it by hand")
        kind = next(k for k, n in cases.items() if n == bases[0])
        return _target(kind, cases, f"its case numbers name {bases[0]}")
    return _by_words(message, text, case, cases, third)


def _by_words(message: Message, text: str, case: Case, cases: dict, third: set[str]) -> Target:
    """A message that names no case number of its own (most captures of rate-less messages)."""
    words = flat(text).lower()
    kinds = {kind for kind, pattern in ((AD, r"\banti-?dumping\b"), (CVD, r"\bcountervailing\b"))
             if re.search(pattern, words)} | {AD if n[0] == "A" else CVD for n in third}
    if len(kinds) != 1:
        raise Refusal("the message names no case number and speaks of "
                      + ("both antidumping and countervailing duties" if kinds else
                         "neither antidumping nor countervailing duties")
                      + ": which proceeding it instructs is unclear; add it by hand")
    kind = kinds.pop()
    if kind not in cases:
        raise Refusal(f"a {kind} message (it names no case number), and this folder has no "
                      f"{kind} case ({', '.join(f'{k} {n}' for k, n in cases.items())})")
    missing = [what for what in (case.product, case.country) if flat(what).lower() not in words]
    if missing:
        raise Refusal(f"the message names no case number and not this case's "
                      f"{' or '.join(repr(m) for m in missing)}: it cannot be tied to "
                      f"{case.title}; add it by hand")
    return _target(kind, cases, f"it names no case number; its words name {kind} duties on "
                                f"{case.product} from {case.country}")


def _target(kind: ProceedingKind, cases: dict, how: str) -> Target:
    return Target(kind, cases[kind], "determination" if kind is AD else "cvd.determination",
                  how)
