"""Read the rates files a case names (exporter/producer pairs, companies) and
import_stats.csv: each row checked, repeats settled, every problem an InputError with the
file, line and column."""

from __future__ import annotations

from pathlib import Path

from .data_files import case_number, company_name, csv_rows, percent, whole_number
from .errors import InputError
from .kinds import ProceedingKind, RateRule
from .model import ImportYear
from .rates import match_key, name_key

MAX_LOOKUP_CHARS = 255  # Excel's MATCH gives #VALUE! for longer text to look up
MAX_KEY_CHARS = MAX_LOOKUP_CHARS - 10  # the Entries key adds "n|" (determination number)
STATS_COLUMNS = ["year", "volume_kg", "value_usd"]


def read_rates(path: Path, kind: ProceedingKind, rule: RateRule, warnings: list[str],
                small_rates: bool) -> list:
    """The rows of a rates file: an exporter/producer pair (a blank producer: the exporter's
    rate for any producer) or a company per row."""
    rates = []
    columns = kind.rates_columns(rule)
    for line, row in csv_rows(path, list(columns)):
        values = {c: _rate_name(path, line, c, row[c]) for c in rule.name_columns}
        values.update({c: percent(path, line, c, row[c]) for c in columns if c.endswith("_pct")})
        values["case_number"] = case_number(path, line, "case_number", row["case_number"])
        rate = rule.rate_class(**values)
        if len(rate.key) > MAX_KEY_CHARS:
            what = ("exporter and producer together make" if rule.by_pair
                    else "the company name makes")
            raise InputError(path, f"{what} a lookup key of {len(rate.key):,} characters "
                                   "(counting * ? ~ ¦ twice); with the determination number, "
                                   f"Excel cannot look up more than {MAX_KEY_CHARS}, so no "
                                   f"entry could match this {rule.noun}",
                             line=line, column=rule.name_columns[-1])
        rates.append((line, rate))
    return _distinct(path, rates, rule, warnings, small_rates)


def _rate_name(path: Path, line: int, column: str, text: str) -> str:
    """A name of a rate row; a blank producer is the exporter's rate for any producer."""
    if column == "producer" and not text.strip():
        return ""
    return company_name(path, line, column, text)


def _spelling(rate) -> tuple[str, ...]:
    return tuple(name_key(name) for name in rate.names)


def _distinct(path: Path, rows: list[tuple[int, object]], rule: RateRule,
              warnings: list[str], small_rates: bool) -> list:
    """The rates once each: a repeat with the same values is warned and ignored, with other
    values (or spelled with letters a spreadsheet finds equal) refused."""
    rates: dict[str, tuple[int, object]] = {}
    what, column = ("pair" if rule.by_pair else rule.noun), rule.name_columns[0]
    for line, rate in rows:
        key = match_key(rate.key)
        if key in rates:
            first_line, first = rates[key]
            if first.values != rate.values:
                if _spelling(first) != _spelling(rate):
                    raise InputError(path, f"this {what} differs from the {what} on line "
                                           f"{first_line} only by letters that Excel and "
                                           "LibreOffice may compare as equal (such as ς and σ, ſ "
                                           "and s, ı and i); a spreadsheet could give either "
                                           "rate. Spell the names as the notice does",
                                     line=line, column=column)
                raise InputError(path, f"the {what} is listed again with other values (first "
                                       f"on line {first_line}; names match ignoring case and "
                                       f"spaces)", line=line, column=column)
            warnings.append(f"{path}, line {line}: same {what} and rates as line "
                            f"{first_line}; the repeat is ignored")
            continue
        rates[key] = (line, rate)
    if not rates:
        raise InputError(path, f"no {rule.nouns} listed")
    if not small_rates:
        _refuse_fractions(path, list(rates.values()))
    return [rate for _, rate in rates.values()]


def _refuse_fractions(path: Path, rows: list) -> None:
    """Every rate below 1 looks like fractions typed for percents (0.935 for 93.50%)."""
    pcts = [p for _, rate in rows for p in (rate.margin_pct, rate.cash_deposit_pct)
            if p is not None]
    if pcts and max(pcts) < 1 and max(pcts) > 0:
        line, rate = rows[0]
        raise InputError(path, f"every rate in this file is below 1 (the largest is "
                               f"{max(pcts)}): does it hold fractions (0.935) instead of "
                               "percents as printed in the notice (93.50)? Write percents; if "
                               "the notice really lists only rates below 1 percent, add "
                               "all_rates_below_one_percent = true to this determination in "
                               "case.toml", line=line, column="cash_deposit_pct")


def read_import_stats(path: Path) -> list[ImportYear]:
    years: dict[int, ImportYear] = {}
    for line, row in csv_rows(path, STATS_COLUMNS):
        year = ImportYear(*(whole_number(path, line, c, row[c]) for c in STATS_COLUMNS))
        if year.year in years:
            raise InputError(path, f"year {year.year} appears twice", line=line, column="year")
        years[year.year] = year
    return sorted(years.values(), key=lambda y: y.year)
