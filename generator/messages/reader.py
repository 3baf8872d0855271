"""Read a message's text into a `Message`: refusals first, then the rows, the kind and the
dates. A correction is read from its "Below is the fully corrected message." on."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..errors import InputError
from . import text as t
from .model import Message
from .rows import RowReader


def read_message_file(path: Path | str) -> Message:
    """Read a message saved as a text file (UTF-8, else Windows-1252); a 7-digit file name such
    as 5204403.txt gives the message number."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(path, "not a text file (save the message as UTF-8 text)") from None
    return read_message(text, path, path.stem if re.fullmatch(r"\d{7}", path.stem) else None)


def read_message(text: str, path: Path | str = "message", number: str | None = None) -> Message:
    """Read the message `text`. `path` names it in refusals; `number` is its message number when
    the text does not give one. Lines starting with "#" before the message are skipped."""
    return _Reader(text, path).read(number)


class _Reader:
    def __init__(self, text: str, path: Path | str) -> None:
        self.text, self.path = text.replace("\r\n", "\n").replace("\r", "\n"), path
        self.start = re.match(r"(?:[ \t]*(?:#[^\n]*)?\n)*", self.text).end()
        corrected = re.search(r"(?i)below\s+is\s+the\s+fully\s+corrected\s+message\.?",
                              self.text[self.start:])
        self.body_start = self.start + (corrected.end() if corrected else 0)
        self.body = self.text[self.body_start:]

    def line_of(self, at: int) -> int:
        return self.text.count("\n", 0, self.body_start + at) + 1

    def refuse(self, reason: str, at: int | None = None) -> InputError:
        return InputError(self.path, reason, None if at is None else self.line_of(at))

    def read(self, number: str | None) -> Message:
        whole = self.text[self.start:]
        if not t.is_message(whole):
            raise self.refuse("not a CBP AD/CVD message (no case number, no antidumping or "
                              "countervailing duty instruction)")
        specific = t.SPECIFIC.search(self.body)
        if specific:
            raise self.refuse(f"the message gives a specific rate ({t.flat(specific.group())}): "
                              "the workbook prices ad valorem rates (percent of value) only",
                              specific.start())
        rows = RowReader(self.body, self.refuse, self.line_of).read()
        if t.is_legacy(self.body):
            self.check_legacy(rows)
        kind = t.kind_of(self.body, bool(rows.rows))
        published, citation = t.published(self.body)
        return Message(
            message=t.message_number(self.text, number), corrects=t.corrects(whole), kind=kind,
            case_numbers=t.case_numbers(whole), federal_register=citation, published=published,
            effective=self.effective(kind, published), period=self.period(kind),
            refunds_from=self.refunds_from(kind), provisional_end=self.provisional_end(kind),
            in_part=kind in ("revoked", "terminated") and self.has(r"\bin\s+part\b"),
            rates=tuple(rows.rows), deactivated=tuple(rows.deactivated),
            unread=tuple(rows.unread))

    def has(self, pattern: str) -> bool:
        return bool(re.search("(?i)" + pattern, self.body))

    def date_at(self, match: re.Match, group: int = 1) -> date:
        try:
            return t.parse_date(match.group(group))
        except ValueError:
            raise self.refuse(f"'{t.flat(match.group(group))}' is not a date",
                              match.start(group)) from None

    def first(self, pattern: str) -> date | None:
        match = re.search(pattern, self.body)
        return self.date_at(match) if match else None

    def effective(self, kind: str, published: date | None) -> date | None:
        if kind in ("terminated", "revoked"):
            return published
        if kind in ("gap period", "liquidation"):
            return None
        if kind == "cash deposits":  # "effective 01/28/2025, CBP shall require a cash deposit"
            for match in re.finditer(r"(?i)\beffective\s+(" + t.DATE + ")", self.body):
                clause = re.split(r"\.\s|:", self.body[match.end():match.end() + 300])[0]
                if re.search(r"(?i)cash\s+deposit", clause):
                    return self.date_at(match)
        elif kind == "provisional measures ended":
            found = self.first(r"(?i)\beffective\s+(" + t.DATE + ")")
            if found:
                return found
        return self.first(t.ON_OR_AFTER)

    def period(self, kind: str) -> tuple[date, date] | None:
        if kind not in ("gap period", "provisional measures ended", "liquidation"):
            return None
        match = re.search(r"(?i)\bperiod:?\s+(" + t.DATE + r")\s*(?:\([^)]*\))?,?\s*through\s+("
                          + t.DATE + ")", self.body)
        return (self.date_at(match, 1), self.date_at(match, 2)) if match else None

    def refunds_from(self, kind: str) -> date | str | None:
        if kind == "terminated":
            if self.has(t.ON_OR_AFTER + r"\s*\(\s*the\s+date\s+of\s+first\s+suspension"):
                return "start"
            return self.first(t.ON_OR_AFTER)
        if kind == "revoked":
            return self.first(t.ON_OR_AFTER)
        if kind == "gap period":
            period = self.period(kind)
            return period[0] if period else None
        return None

    def provisional_end(self, kind: str) -> date | None:
        """The last day of provisional measures, where the message says it."""
        if kind not in ("provisional measures ended", "gap period"):
            return None
        for pattern in (r"(" + t.DATE + r")\s*\(\s*the\s+date\s+provisional\s+measures\s+expired",
                        r"(" + t.DATE + r")\s+was\s+the\s+final\s+day\s+that\s+provisional\s+"
                        r"measures\s+were\s+in\s+effect"):
            found = self.first("(?i)" + pattern)
            if found:
                return found
        return None

    def check_legacy(self, rows: RowReader) -> None:
        """An upper-case message is read only when each rate in it is in a labelled row or
        restates the country-wide row's rate ("THE PRC-WIDE RATE OF 91.73 PERCENT")."""
        fallback = {r.cash_deposit_pct for r in rows.rows if r.fallback}
        for match in re.finditer(r"(?i)(\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b)|\bcase\s+number\s+"
                                 r"rate\b", self.body):
            if match.start() >= rows.cut_at or any(a <= match.start() < b for a, b in rows.spans):
                continue
            before = self.body[max(0, match.start() - 30):match.start()]
            if (match.group(1) and re.search(r"(?i)wide\s+rate\s+of\s+$", before)
                    and Decimal(match.group(1)) in fallback):
                continue
            raise self.refuse(f"a legacy upper-case message with a rate in a table or in prose "
                              f"('{t.flat(match.group())}'): only labelled rows (EXPORTER:, CASE "
                              "NUMBER:, CASH DEPOSIT RATE:) are read; enter its rates by hand",
                              match.start())
