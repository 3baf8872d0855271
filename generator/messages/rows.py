"""The rate rows of a message: walk its labels in order; names and case numbers gather in a
block that a rate closes. A block the end of the text cuts off is unread, never a row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from .model import Deactivated, Rate
from .text import CASE, FALLBACK_NAME, FULL_CASE, LABEL, PARAGRAPH, PARTIES, PCT, flat

Refuse = Callable[[str, "int | None"], Exception]  # (reason, offset in the body) -> error


@dataclass
class Block:
    """The labels of one rate row so far: names (role, name), case numbers, where it starts."""
    start: int
    parties: list[tuple[str, str]] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    bad_case: str | None = None


class RowReader:
    """Read `body` into `rows`, `deactivated` and `unread`; `spans` are the rate values read
    (offsets), `cut_at` where an unread row starts. `line_of(offset)` numbers the rows."""

    def __init__(self, body: str, refuse: Refuse, line_of: Callable[[int], int]) -> None:
        self.body, self.refuse, self.line_of = body, refuse, line_of
        self.rows: list[Rate] = []
        self.deactivated: list[Deactivated] = []
        self.unread: list[str] = []
        self.spans: list[tuple[int, int]] = []
        self.block: Block | None = None
        self.last: list[Rate] = []
        self.country: str | None = None
        self.cut_at = len(body)
        self.rateless: Block | None = None

    def read(self) -> RowReader:
        labels = list(LABEL.finditer(self.body))
        previous, role_before = self.body[:labels[0].start()] if labels else self.body, None
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(self.body)
            role, value = label.lastgroup, self.body[label.end():end]
            if role in PARTIES:
                self.party(role, label.start(), value)
            elif role == "case":
                self.case(label.start(), value, previous)
            elif role in ("deposit", "assess"):
                self.rate(label.start(), label.end(), value)
            elif role == "note":
                self.note(value)
            elif role == "country" and role_before != "product":  # not Product:/Country: lines
                self.country = flat(value.strip().split("\n")[0]) or None
            previous, role_before = value, role
        self.end_of_text(labels[-1] if labels else None)
        self.check_repeated_cases()
        return self

    def gathering(self, at: int) -> Block:
        """The block still gathering names (no case number yet), else a new one."""
        if self.block is None or self.block.cases or self.block.bad_case is not None:
            if self.block and self.block.parties and not self.rateless:
                self.rateless = self.block  # names and a case number, no rate
            self.block = Block(at)
        return self.block

    def party(self, role: str, at: int, value: str) -> None:
        if flat(value):
            self.gathering(at).parties.append((role, flat(value)))

    def case(self, at: int, value: str, previous: str) -> None:
        block = self.gathering(at)
        bare = re.search(r"(?i)\ball\s+others\s*$", previous)
        if not block.parties and bare:  # a bare "All Others" line before "Case Number:"
            block.parties.append(("company", flat(bare.group())))
            block.start = at - len(previous) + bare.start()
        found = re.match(r"\s*\(?\s*(" + CASE + r")\)?((?:\s*(?:;|,|and|AND|&)\s*" + CASE
                         + r")*)", value)
        if not found or (len(found.group(1)) < FULL_CASE and not value[found.end():].strip()):
            block.bad_case = flat(value[:40]) or "(nothing)"  # a base number at the end: cut?
            return
        block.cases = [found.group(1)] + re.findall(CASE, found.group(2))

    def rate(self, at: int, label_end: int, value: str) -> None:
        block, self.block = self.block, None
        found = PCT.match(value)
        if not found or not self.body[label_end + found.end():].strip():
            if self.at_end(value):
                self.cut_at = block.start if block else at
                self.unread.append(flat(self.body[self.cut_at:]))
                return
            raise self.refuse(f"the rate '{flat(value[:30])}' is not a percent such as "
                              "11.58 percent or 86.01%", label_end)
        if block is None or not block.parties:
            raise self.refuse(f"a rate ({flat(found.group())}) with no company named before it",
                              at)
        if block.bad_case is not None or not block.cases:
            raise self.refuse(f"the case number '{block.bad_case or '(none)'}' of the rate "
                              f"{flat(found.group())} is not a case number such as "
                              "A-570-194-001", at)
        if self.rateless:  # a row before this one lost its rate: an unknown rate label?
            raise self.refuse(f"no cash deposit rate for {self.rateless.parties[0][1]}, though "
                              "rows after it have one", self.rateless.start)
        named = [r for r, _ in block.parties]
        if named.count("exporter") > 1 and named.count("producer") > 1:
            raise self.refuse("several exporters and several producers before one case number: "
                              "which exporter goes with which producer is unclear", block.start)
        pct = Decimal(found.group(1).replace(",", ""))
        self.last = rows_of(block, pct, self.country, found.group().strip(),
                            self.line_of(block.start))
        self.rows += self.last
        self.spans.append((label_end, label_end + found.end()))

    def note(self, value: str) -> None:
        """Case numbers a note deactivates or inactivates, for the rows just read."""
        verb = re.search(r"(?i)\b(?:de|in)activated\b", value)
        if not verb or not self.last:
            return
        listed = re.split(r"(?i)\beffective\b|\bentered\s+under\b", value[verb.end():])[0]
        under = re.search(r"(?i)\bentered\s+under\s+(" + CASE + ")", value)
        names = {r.company or r.exporter for r in self.last}
        name = names.pop() if len(names) == 1 else None
        target = under.group(1) if under else self.last[0].case_number
        for found in re.finditer("(" + CASE + r")(?:\s*\(([^)]*)\))?", listed):
            if len(found.group(1)) == FULL_CASE:
                self.deactivated.append(Deactivated(
                    found.group(1), flat(found.group(2) or "") or name,
                    under.group(1) if under else None, bool(target and target.endswith("-000"))))

    def at_end(self, value: str) -> bool:
        """Whether `value` runs to the end of the text with no paragraph break: cut off."""
        return self.body.endswith(value) and (len(flat(value)) <= 20
                                              or not PARAGRAPH.search(value))

    def end_of_text(self, label: re.Match | None) -> None:
        """A row the end cuts off (names or a case number, no rate yet), else a number or case
        number that ends the text ("rate of 90.83 ", "Effective 10/21/2"), is unread."""
        block = self.block
        if block and label and label.lastgroup in PARTIES + ("case",) \
                and self.at_end(self.body[label.end():]):
            self.cut_at = block.start
            self.unread.append(flat(self.body[block.start:]))
        elif not self.unread and re.search(r"(?:\d|\b[AC]-[\d-]*)\s*(?i:p|pe|per|perc|perce|"
                                           r"percen)?\s*$", self.body):
            tail = self.body.rstrip()
            line, sentence = tail.rfind("\n", 0, len(tail) - 1), tail.rfind(". ", 0, len(tail) - 1)
            start = next((i + 1 for i in (line, sentence) if i >= len(tail) - 200), None)
            if start is None:  # the last 200 characters, from a word
                start = tail.find(" ", len(tail) - 200) + 1
            self.unread.append(("..." if start > 0 and start - 1 not in (line, sentence) else "")
                               + flat(tail[start:]))

    def check_repeated_cases(self) -> None:
        """One case number, one rate: two rates (5246301's offset and full rates) are refused."""
        seen: dict[str, Rate] = {}
        for row in self.rows:
            first = seen.setdefault(row.case_number, row) if row.case_number else row
            if first.cash_deposit_pct != row.cash_deposit_pct:
                raise self.refuse(
                    f"case number {row.case_number} has two rates ({first.rate_text} on line "
                    f"{first.line}, {row.rate_text} on line {row.line}): rates for two periods "
                    "in one message are not read; enter them by hand", None)


def rows_of(block: Block, pct: Decimal, country: str | None, text: str,
            line: int) -> list[Rate]:
    """A row per company, per exporter (times each producer), per case number of the block."""
    named = {role: [n for r, n in block.parties if r == role] for role in PARTIES}
    combos = [(None, None, c) for c in named["company"]]
    if named["exporter"]:
        combos += [(e, p, None) for e in named["exporter"] for p in named["producer"] or [None]]
    elif named["producer"]:
        combos += [(None, p, None) for p in named["producer"]]
    return [Rate(e, p, c, case, pct, country,
                 bool(FALLBACK_NAME.fullmatch(c or e or "") and case and case.endswith("-000")),
                 text, line)
            for e, p, c in combos for case in block.cases or [None]]
