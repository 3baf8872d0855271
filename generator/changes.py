"""What a rate change changes: the old workbook's rates against the new case, and the carried
entries priced under both. Pure functions over RateTable and Entry; no files."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from .entries import Entry
from .pricing import EntryResult, compute_entry
from .rates import Fallback, Rate, RateTable, collation_key

ADDED, REMOVED, CHANGED = "Added", "Removed", "Changed"
KIND_ORDER = {CHANGED: 0, ADDED: 1, REMOVED: 2}


@dataclass(frozen=True)
class RateChange:
    """One combination added, removed or changed; `entries` counts the carried entries
    with this exporter/producer pair."""
    kind: str
    old: Rate | None
    new: Rate | None
    entries: int = 0

    @property
    def rate(self) -> Rate:
        return self.new or self.old


@dataclass(frozen=True)
class Pricing:
    """The carried entries priced under one set of rates."""
    priced: int          # rows with a rate
    china_wide: int      # of which at the fallback rate
    deposit: float       # total estimated deposit (USD)


@dataclass
class ChangeReport:
    source: Path
    old_fallback: Fallback
    new_fallback: Fallback
    old_count: int
    new_count: int
    changes: list[RateChange]
    unchanged: int
    entries: int
    rate_changed: int
    before: Pricing
    after: Pricing
    old_generated: str = ""
    changed_rows: list[int] = field(default_factory=list)   # 0-based entry positions

    def of_kind(self, kind: str) -> list[RateChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def fallback_changed(self) -> bool:
        old, new = self.old_fallback, self.new_fallback
        return (old.margin_pct, old.cash_deposit_pct, old.case_number) != (
            new.margin_pct, new.cash_deposit_pct, new.case_number)

    def summary_lines(self) -> list[str]:
        old, new = self.old_fallback, self.new_fallback
        fallback = (f"{new.name} cash deposit {pct(old.cash_deposit_pct)} -> "
                    f"{pct(new.cash_deposit_pct)}, margin {pct(old.margin_pct)} -> "
                    f"{pct(new.margin_pct)}" if self.fallback_changed
                    else f"{new.name} unchanged at {pct(new.cash_deposit_pct)}")
        lines = [f"Changes since {self.source.name}: combinations {len(self.of_kind(ADDED))} "
                 f"added, {len(self.of_kind(REMOVED))} removed, {len(self.of_kind(CHANGED))} "
                 f"changed, {self.unchanged} unchanged; {fallback}"]
        for change in self.changes:
            lines.append(f"  {change.kind.lower():8} {describe(change)}")
        lines.append(f"Entries carried: {self.entries}; {self.rate_changed} now get a different "
                     f"rate; estimated AD deposit ${self.before.deposit:,.2f} -> "
                     f"${self.after.deposit:,.2f}")
        return lines


def pct(value) -> str:
    return f"{value:.2f}%"


def describe(change: RateChange) -> str:
    rate = change.rate
    text = f"{rate.exporter} / {rate.producer}: "
    if change.kind == ADDED:
        return text + f"cash deposit {pct(rate.cash_deposit_pct)}, margin {pct(rate.margin_pct)}"
    if change.kind == REMOVED:
        return text + f"was cash deposit {pct(rate.cash_deposit_pct)} (now the fallback rate)"
    old, new = change.old, change.new
    return (text + f"cash deposit {pct(old.cash_deposit_pct)} -> {pct(new.cash_deposit_pct)}, "
                   f"margin {pct(old.margin_pct)} -> {pct(new.margin_pct)}"
            + (f", case number {old.case_number or '(none)'} -> {new.case_number or '(none)'}"
               if old.case_number != new.case_number else ""))


def same_rate(old: Rate, new: Rate) -> bool:
    return (old.margin_pct, old.cash_deposit_pct, old.case_number) == (
        new.margin_pct, new.cash_deposit_pct, new.case_number)


def compare_rates(old: RateTable, new: RateTable, entries: list[Entry],
                  priced: list[EntryResult], source: Path | str,
                  old_generated: str = "") -> ChangeReport:
    """Combinations added, removed and changed (matched by lookup key), and the carried
    entries priced under the old rates and (`priced`) the new ones."""
    old_by_key = {r.key: r for r in old.rates}
    new_by_key = {r.key: r for r in new.rates}
    carried = [e for e in entries if not e.is_blank()]
    before = [compute_entry(e, old) for e in carried]
    after = [p for e, p in zip(entries, priced) if not e.is_blank()]
    per_key: dict[str, int] = {}
    for result in after:
        if result.lookup_key:
            per_key[result.lookup_key] = per_key.get(result.lookup_key, 0) + 1
    changes = [RateChange(ADDED, None, r, per_key.get(k, 0))
               for k, r in new_by_key.items() if k not in old_by_key]
    changes += [RateChange(REMOVED, r, None, per_key.get(k, 0))
                for k, r in old_by_key.items() if k not in new_by_key]
    changes += [RateChange(CHANGED, r, new_by_key[k], per_key.get(k, 0))
                for k, r in old_by_key.items()
                if k in new_by_key and not same_rate(r, new_by_key[k])]
    changes.sort(key=lambda c: (KIND_ORDER[c.kind], collation_key(c.rate.key)))
    moved = [i for i, (b, a) in enumerate(zip(before, after))
             if not same_number(b.cash_deposit_rate, a.cash_deposit_rate)]
    positions = [i for i, e in enumerate(entries) if not e.is_blank()]
    return ChangeReport(
        source=Path(source), old_fallback=old.fallback, new_fallback=new.fallback,
        old_count=len(old), new_count=len(new), changes=changes,
        unchanged=sum(1 for k in old_by_key if k in new_by_key) - len(
            [c for c in changes if c.kind == CHANGED]),
        entries=len(carried), rate_changed=len(moved), before=pricing(before),
        after=pricing(after), old_generated=old_generated,
        changed_rows=[positions[i] for i in moved])


def pricing(results: list[EntryResult]) -> Pricing:
    priced = [r for r in results if r.cash_deposit_rate != ""]
    return Pricing(len(priced), sum(1 for r in priced if r.rate_row == 0),
                   round(sum(r.deposit for r in priced if r.deposit != ""), 2))


def same_number(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def carry_summary(source: Path | str, entries: list[Entry], priced: list[EntryResult],
                  table: RateTable) -> str:
    """One line for entries carried from a file without old rates (a CSV)."""
    after = pricing([p for e, p in zip(entries, priced) if not e.is_blank()])
    carried = sum(1 for e in entries if not e.is_blank())
    return (f"Entries carried from {Path(source).name}: {carried}; {after.priced} with a rate, "
            f"{after.china_wide} of them at the {table.fallback.name} rate; estimated AD "
            f"deposit ${after.deposit:,.2f}")
