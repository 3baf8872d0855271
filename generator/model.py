"""The case as typed objects: proceedings (the AD case, its companion CVD case), each a list of
dated determinations, each a rate table with its fallback. Pure data; `case.py` loads it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .rates import RateTable


@dataclass(frozen=True)
class ImportYear:
    year: int
    volume_kg: int
    value_usd: int


@dataclass(frozen=True)
class Determination:
    """One determination: its rates apply to entries on or after `effective` (None: from the
    start; only the first may leave it out) until the next one. `table` None is a period with
    no deposit (provisional measures lapsed, case ended)."""
    name: str
    effective: dt.date | None = None
    announced: dt.date | None = None
    source: str = ""
    note: str = ""
    table: RateTable | None = None
    rates_file: str = ""


@dataclass(frozen=True)
class Proceeding:
    """One case number's determinations, oldest first."""
    kind: str                    # "AD" or "CVD": the prefix of its columns and names
    case_number: str
    name: str                    # "Antidumping Duty Investigation"
    determinations: tuple[Determination, ...]

    @property
    def latest(self) -> Determination:
        return self.determinations[-1]


@dataclass
class Case:
    case_number: str
    product: str
    country: str
    source: str
    hts: list[str]
    ad: Proceeding
    import_stats: list[ImportYear]
    cvd: Proceeding | None = None
    import_stats_source: str = ""
    import_stats_note: str = ""
    country_long: str = ""
    companion_cvd_case: str = ""
    data_dir: Path = Path("data")
    data_files: tuple[str, ...] = ()
    fingerprint: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def proceedings(self) -> list[Proceeding]:
        return [p for p in (self.ad, self.cvd) if p is not None]

    @property
    def title(self) -> str:
        return f"{self.case_number} {self.product} from {self.country}"

    # The single-table view, until the sheets know timelines.
    @property
    def rates(self) -> RateTable:
        return self.ad.latest.table

    @property
    def proceeding(self) -> str:
        return self.ad.name

    @property
    def determination(self) -> str:
        return self.ad.latest.name

    @property
    def announced(self) -> dt.date | None:
        return self.ad.latest.announced

    @property
    def announced_text(self) -> str:
        return date_text(self.announced)


def date_text(date: dt.date | None) -> str:
    """July 17, 2025 (strftime's %-d is not portable)."""
    return f"{date:%B} {date.day}, {date:%Y}" if date else ""
