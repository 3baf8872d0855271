"""The case as typed objects: proceedings (the AD case, its companion CVD case), each a list of
dated determinations, each a rate table with its fallback. Pure data; `case.py` loads it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import ProceedingKind, RateRule
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
    provisional: bool = False           # provisional measures: its rates end by law
    provisional_months: int | None = None   # AD only: 6 when extended (default 4)
    provisional_end: dt.date | None = None  # the last day, from CBP's message
    refunds_from: dt.date | str | None = None   # "start", or entries on or after this date
    computed: str = ""      # a row the course added (generator/course.py): how it was computed
    lapsed: str = ""        # why its published rates never price an entry ("": they do)
    unsourced: bool = False  # its effective date is no sourced date (or computed from one)
    full_margins: bool = False  # AD at the margins: the companion CVD case is in its gap
    third_country: tuple = ()   # ThirdCountryRate rows (generator/third_country.py): listed,
    third_country_file: str = ""  # not priced

    @property
    def priced_table(self) -> RateTable | None:
        """The rates that price entries in its period: none when it lapsed."""
        return None if self.lapsed else self.table


@dataclass(frozen=True)
class Proceeding:
    """One case number's determinations, oldest first."""
    kind: ProceedingKind         # AD or CVD (generator/kinds.py)
    case_number: str
    name: str                    # "Antidumping Duty Investigation"
    determinations: tuple[Determination, ...]
    rule: RateRule | None = None  # how entries find their rates; None: the kind's default

    def __post_init__(self) -> None:
        if self.rule is None:
            object.__setattr__(self, "rule", self.kind.rules[0])

    @property
    def exporter_rows(self) -> bool:
        """Any determination lists an exporter's rate for any producer."""
        return any(d.priced_table is not None and d.priced_table.has_exporter_rows
                   for d in self.determinations)

    @property
    def template(self) -> str:
        """Its rates sheet's layout."""
        return self.kind.templates[self.rule.name]

    @property
    def latest(self) -> Determination:
        return self.determinations[-1]

    @property
    def refunds_from(self) -> dt.date | None:
        """Deposits on entries on or after this date are refundable (date.min: all of them);
        None when no determination refunds."""
        dates = [dt.date.min if d.refunds_from == "start" else d.refunds_from
                 for d in self.determinations if d.refunds_from is not None]
        return min(dates, default=None)

    @property
    def fallback_name(self) -> str:
        """The fallback's name ("China-Wide Entity"), or "fallback" if determinations
        name it differently."""
        names = {d.table.fallback.name for d in self.determinations if d.table is not None}
        return names.pop() if len(names) == 1 else "fallback"


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
    aliases: list = field(default_factory=list)   # names.Alias: aliases.csv
    near: list = field(default_factory=list)      # names.NearGroup: listed names by loose key

    @property
    def proceedings(self) -> list[Proceeding]:
        return [p for p in (self.ad, self.cvd) if p is not None]

    @property
    def title(self) -> str:
        return f"{self.case_number} {self.product} from {self.country}"

    @property
    def data_label(self) -> str:
        """The data folder and its files as the workbook names them: relative to where the
        command ran, or the folder's own name when it lies elsewhere (a workbook is emailed:
        it should not carry a home directory's path)."""
        folder = self.data_dir.resolve()
        try:
            name = folder.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            name = folder.name
        name = "." if name in ("", ".") else name
        return f"{name}/ ({', '.join(self.data_files)}; fingerprint {self.fingerprint})"


def date_text(date: dt.date | None) -> str:
    """July 17, 2025 (strftime's %-d is not portable)."""
    return f"{date:%B} {date.day}, {date:%Y}" if date else ""

