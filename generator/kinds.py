"""The two kinds of proceeding, AD and CVD, as objects: each knows its code (the prefix of its
columns and defined names), its nouns, the columns of its rates file and sheet, its rate rule's
reasons and their Rate Basis texts, and the table class that applies the rule. Code asks the
kind instead of branching on "AD"."""

from __future__ import annotations

from dataclasses import dataclass

from .rates import (ALL_OTHERS, EXPORTER_MISSING, EXPORTER_ONLY, EXPORTER_RATE, LISTED,
                    PAIR_NOT_LISTED, PRODUCER_MISSING, PRODUCER_RATE, CompanyRate,
                    CompanyRateTable, Rate, RateTable)

NUMBER = (int, float)


@dataclass(frozen=True, eq=False)
class ProceedingKind:
    code: str                        # "AD": column keys ad_..., defined names AD_...
    article: str                     # "an AD rate", "a CVD rate" (read as letters)
    noun: str                        # what one rate row is: "combination", "company"
    nouns: str
    by_pair: bool                    # AD: exporter/producer pairs; CVD: the company rule
    has_margin: bool                 # AD rates carry a margin beside the cash deposit rate
    determination_column: bool       # Entries shows its determination in a column of its own
                                     # (else its Rate Basis names the determination)
    name_columns: tuple[str, ...]    # the names of a rate row, in the rates file and sheet
    rates_columns: tuple[str, ...]   # the rates file's header
    template: str                    # the rates sheet's layout (templates/<template>.toml)
    fallback_keys: tuple[str, ...]   # required keys of a [fallback] table
    provisional_days: dict[int, int]  # months of provisional measures the law allows -> days
    reasons: dict[int, str]          # rule reason -> Rate Basis text ({fallback}: its name)
    rate_class: type
    table_class: type

    def __str__(self) -> str:
        return self.code

    @property
    def prefix(self) -> str:
        """The prefix of its Entries column keys: ad, cvd."""
        return self.code.lower()

    @property
    def reason_count(self) -> int:
        """Reasons per determination, the last one 'no rates in force'."""
        return len(self.reasons) + 1

    def rate_texts(self, fallback: str) -> list[str]:
        """The Rate Basis texts of a determination with rates, in reason order."""
        return [self.reasons[r].format(fallback=fallback) for r in sorted(self.reasons)]


AD = ProceedingKind(
    code="AD", article="an", noun="combination", nouns="combinations", by_pair=True,
    has_margin=True, determination_column=True, name_columns=("exporter", "producer"),
    rates_columns=("exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"),
    template="rates", fallback_keys=("name", "margin_pct", "cash_deposit_pct"),
    provisional_days={4: 120, 6: 180},   # 19 U.S.C. 1673b(d): 4 months, 6 when extended
    reasons={LISTED: "Listed combination",
             PRODUCER_MISSING: "{fallback}: producer missing",
             EXPORTER_MISSING: "{fallback}: exporter missing",
             EXPORTER_ONLY: "{fallback}: exporter listed with other producers only",
             PAIR_NOT_LISTED: "{fallback}: pair not listed"},
    rate_class=Rate, table_class=RateTable)

CVD = ProceedingKind(
    code="CVD", article="a", noun="company", nouns="companies", by_pair=False,
    has_margin=False, determination_column=False, name_columns=("company",),
    rates_columns=("company", "cash_deposit_pct", "case_number"),
    template="cvd_rates", fallback_keys=("name", "cash_deposit_pct"),
    provisional_days={4: 120},           # 19 U.S.C. 1671b(d): at most 4 months
    reasons={EXPORTER_RATE: "Exporter's own rate",
             PRODUCER_RATE: "Producer's rate (exporter not listed)",
             ALL_OTHERS: "{fallback}: neither name listed"},
    rate_class=CompanyRate, table_class=CompanyRateTable)

KINDS = {kind.code: kind for kind in (AD, CVD)}   # in the order the workbook shows them
