"""The kinds of proceeding (AD, CVD) and the rules by which an entry finds its rate, as
objects: code asks them instead of branching on "AD".

A proceeding's kind knows its code (the prefix of its columns and defined names), whether its
rates carry a margin, the rules its rates files may follow and the rates sheet of each. A rule
knows the names a rate row has, its reasons and their Rate Basis texts, and the table class
that applies it:
- pairs (AD in non-market-economy cases): the exporter/producer combination; a row with a
  blank producer is that exporter's rate for any producer (a listed pair wins over it);
- companies (CVD, and AD in market-economy cases): the exporter's rate, else the producer's,
  else the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rates import (ALL_OTHERS, EXPORTER_MISSING, EXPORTER_ONLY, EXPORTER_RATE, EXPORTER_ROW,
                    LISTED, PAIR_NOT_LISTED, PRODUCER_MISSING, PRODUCER_RATE, CompanyRate,
                    CompanyRateTable, Rate, RateTable)

NUMBER = (int, float)


@dataclass(frozen=True, eq=False)
class RateRule:
    name: str                        # "pairs", "companies"
    by_pair: bool
    noun: str                        # what one rate row is: "combination", "company"
    nouns: str
    name_columns: tuple[str, ...]    # the names of a rate row, in the rates file and sheet
    reasons: dict[int, str]          # rule reason -> Rate Basis text ({fallback}: its name)
    rate_class: type
    table_class: type

    @property
    def reason_count(self) -> int:
        """Reasons per determination, the last one 'no rates in force'."""
        return len(self.reasons) + 1

    def rate_texts(self, fallback: str) -> list[str]:
        """The Rate Basis texts of a determination with rates, in reason order."""
        return [self.reasons[r].format(fallback=fallback) for r in sorted(self.reasons)]


PAIRS = RateRule(
    name="pairs", by_pair=True, noun="combination", nouns="combinations",
    name_columns=("exporter", "producer"),
    reasons={LISTED: "Listed combination",
             PRODUCER_MISSING: "{fallback}: producer missing",
             EXPORTER_MISSING: "{fallback}: exporter missing",
             EXPORTER_ONLY: "{fallback}: exporter listed with other producers only",
             PAIR_NOT_LISTED: "{fallback}: pair not listed",
             EXPORTER_ROW: "Exporter's rate for any producer"},
    rate_class=Rate, table_class=RateTable)

COMPANIES = RateRule(
    name="companies", by_pair=False, noun="company", nouns="companies",
    name_columns=("company",),
    reasons={EXPORTER_RATE: "Exporter's own rate",
             PRODUCER_RATE: "Producer's rate (exporter not listed)",
             ALL_OTHERS: "{fallback}: neither name listed"},
    rate_class=CompanyRate, table_class=CompanyRateTable)


@dataclass(frozen=True, eq=False)
class ProceedingKind:
    code: str                        # "AD": column keys ad_..., defined names AD_...
    article: str                     # "an AD rate", "a CVD rate" (read as letters)
    has_margin: bool                 # AD rates carry a margin beside the cash deposit rate
    determination_column: bool       # Entries shows its determination in a column of its own
                                     # (else its Rate Basis names the determination)
    holds_lists: bool                # its rates sheet holds the Entries dropdown lists
    templates: dict[str, str]        # rule name -> its rates sheet (templates/<name>.toml)
    fallback_keys: tuple[str, ...]   # required keys of a [fallback] table
    provisional_days: dict[int, int]  # months of provisional measures the law allows -> days

    def __str__(self) -> str:
        return self.code

    @property
    def prefix(self) -> str:
        """The prefix of its Entries column keys: ad, cvd."""
        return self.code.lower()

    @property
    def rules(self) -> tuple[RateRule, ...]:
        """The rules its rates files may follow, the default first."""
        return tuple(RULES[name] for name in self.templates)

    def rates_columns(self, rule: RateRule) -> tuple[str, ...]:
        """A rates file's header under `rule`."""
        return (*rule.name_columns, *("margin_pct",) * self.has_margin, "cash_deposit_pct",
                "case_number")

    def rule_of(self, header: list[str]) -> RateRule:
        """The rule a rates file follows, told by its name columns (the default when none
        fits, so that the file's own check names what is missing)."""
        return next((r for r in self.rules if set(r.name_columns) <= set(header)), self.rules[0])


RULES = {rule.name: rule for rule in (PAIRS, COMPANIES)}

AD = ProceedingKind(
    code="AD", article="an", has_margin=True, determination_column=True, holds_lists=True,
    templates={"pairs": "rates", "companies": "ad_company_rates"},
    fallback_keys=("name", "margin_pct", "cash_deposit_pct"),
    provisional_days={4: 120, 6: 180})   # 19 U.S.C. 1673b(d): 4 months, 6 when extended

CVD = ProceedingKind(
    code="CVD", article="a", has_margin=False, determination_column=False,
    holds_lists=False,
    templates={"companies": "cvd_rates"}, fallback_keys=("name", "cash_deposit_pct"),
    provisional_days={4: 120})           # 19 U.S.C. 1671b(d): at most 4 months

KINDS = {kind.code: kind for kind in (AD, CVD)}   # in the order the workbook shows them
