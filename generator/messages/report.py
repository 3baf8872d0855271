"""What `adcvd-workbook read-message` prints: a table for people, or one JSON object."""

from __future__ import annotations

import textwrap
from datetime import date

from .model import Message, Rate


def _iso(day: date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, date) else day


def message_json(message: Message) -> dict:
    """The message as one JSON-ready object: dates YYYY-MM-DD, rates as numbers."""
    return {
        "message": message.message, "corrects": message.corrects, "kind": message.kind,
        "case_numbers": list(message.case_numbers), "federal_register": message.federal_register,
        "effective": _iso(message.effective),
        "period": [_iso(d) for d in message.period] if message.period else None,
        "refunds_from": _iso(message.refunds_from),
        "rates": [{"exporter": r.exporter, "producer": r.producer, "company": r.company,
                   "case_number": r.case_number, "cash_deposit_pct": float(r.cash_deposit_pct),
                   "country": r.country, "fallback": r.fallback} for r in message.rates],
        "unread": list(message.unread),
        "published": _iso(message.published), "provisional_end": _iso(message.provisional_end),
        "in_part": message.in_part,
        "deactivated": [{"case_number": d.case_number, "company": d.company,
                         "entered_under": d.entered_under, "to_country_wide": d.to_country_wide}
                        for d in message.deactivated]}


def _names(row: Rate) -> str:
    if row.company:
        names = row.company
    else:
        names = "  ".join(f"{role}: {name}" for role, name in
                          (("Exporter", row.exporter), ("Producer", row.producer)) if name)
    return names + ("  [fallback]" if row.fallback else "")


def _field(label: str, value: str | None) -> str:
    lines = textwrap.wrap(value or "-", 78) or ["-"]
    return "\n".join([f"{label + ':':<19}{lines[0]}"] + [" " * 19 + line for line in lines[1:]])


def message_table(message: Message) -> str:
    """The message as people read it: its facts, then one line per rate row."""
    title = f"CBP message {message.message}" if message.message else "CBP message"
    if message.corrects:
        title += f", a correction to message {message.corrects}"
    fr = message.federal_register
    if fr and message.published:
        fr += f", published {message.published.isoformat()}"
    kind = message.kind + (" (in part only)" if message.in_part else "")
    effective = message.effective and {
        "terminated": "deposits end on entries on or after ",
        "revoked": "deposits end on entries on or after ",
        "provisional measures ended": "no deposit on entries on or after "}.get(
        message.kind, "entries on or after ") + message.effective.isoformat()
    period = message.period and " through ".join(d.isoformat() for d in message.period)
    refunds = message.refunds_from
    refunds = ("every deposit since the start of the proceeding" if refunds == "start"
               else refunds and f"deposits on entries on or after {refunds.isoformat()}")
    third = {}
    for row in message.rates:
        if row.country:
            third.setdefault(row.country, []).append(row.case_number or "-")
    lines = [title, _field("Kind", kind), _field("Case numbers", ", ".join(message.case_numbers)),
             _field("Federal Register", fr), _field("Effective", effective),
             _field("Period", period), _field("Refunds from", refunds)]
    if message.provisional_end:
        lines.append(_field("Provisional end", f"{message.provisional_end.isoformat()} (the last "
                                               "day of provisional measures)"))
    for country, cases in third.items():
        lines.append(_field("Third country", f"{country}: {', '.join(cases)}"))
    return "\n".join(lines + _rate_lines(message) + _deactivated_lines(message)
                     + _unread_lines(message))


def _rate_lines(message: Message) -> list[str]:
    if not message.rates:
        return ["", "Rates: none in this message"]
    what = ("assessment rates for liquidation, not cash deposits"
            if message.kind == "liquidation" else "cash deposit rates")
    country = any(r.country for r in message.rates)
    head = f"  {'Case number':<15}{'Rate %':>8}  " + (f"{'Country':<12}" if country else "")
    lines = ["", f"Rates ({len(message.rates)} rows, {what}):", head + "Names as written"]
    for row in message.rates:
        lines.append(f"  {row.case_number or '-':<15}{row.cash_deposit_pct:>8}  "
                     + (f"{row.country or '':<12}" if country else "") + _names(row))
    return lines


def _deactivated_lines(message: Message) -> list[str]:
    lines = ["", "Deactivated case numbers:"] if message.deactivated else []
    for d in message.deactivated:
        where = f"; entries now under {d.entered_under}" if d.entered_under else ""
        if d.to_country_wide:
            where += ", the country-wide entity" if where else "; now in the country-wide entity"
        lines.append(f"  {d.case_number} ({d.company or 'see the note'}){where}")
    return lines


def _unread_lines(message: Message) -> list[str]:
    if not message.unread:
        return []
    return ["", "UNREAD: the text is cut off here; not read, and never a rate row:"] + [
        "  " + text for text in message.unread]
