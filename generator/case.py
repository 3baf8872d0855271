"""Load and validate a case folder (docs/maintaining-a-case.md) into typed objects: `case.toml`,
the rates file(s) it names, and `import_stats.csv`.

`case.toml` comes in two forms. The single-table form of the first releases (keys
`determination`, `announced`, a `[fallback]` table, rates in `rates.csv`) is one AD
determination in force for every entry date. The timeline form lists `[[determination]]`
tables oldest first, each with its own rates file and `[determination.fallback]`, and may add
the companion CVD case as `[cvd]` with its own `[[cvd.determination]]` timeline.

Every problem raises InputError naming the file, line and key or column; nothing is written
before the whole case has loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from .case_keys import check_case_text, check_case_texts, check_keys, toml_key_lines
from .course import with_full_margins, with_provisional_end
from .data_files import case_number, csv_header, number_text, percent, read_toml
from .errors import InputError
from .kinds import AD, CVD, NUMBER, RULES, ProceedingKind, RateRule
from .model import Case, Determination, Proceeding
from .names import (Alias, close_pair_warnings, listed_names, near_groups, read_aliases,
                    with_aliases)
from .rates import Fallback, list_key, match_key
from .rates_files import read_import_stats, read_rates
from .third_country import read_third_country

CASE_KEYS = {"case_number": str, "product": str, "country": str, "proceeding": str,
             "source": str, "hts": list}
OPTIONAL_CASE_KEYS = {"country_long": str, "companion_cvd_case": str, "aliases": str}
SINGLE_FORM_KEYS = {"determination": str, "announced": dt.date}
DETERMINATION_KEYS = {"name": str}
OPTIONAL_DETERMINATION_KEYS = {"announced": dt.date, "effective": dt.date, "source": str,
                               "note": str, "rates": str, "fallback": dict,
                               "all_rates_below_one_percent": bool, "provisional": bool,
                               "provisional_months": int, "provisional_end": dt.date,
                               "refunds_from": (dt.date, str), "third_country_rates": str}
START = "start"   # refunds_from: every deposit of the proceeding
FALLBACK_TYPES = {"name": str, "margin_pct": NUMBER, "cash_deposit_pct": NUMBER}
OPTIONAL_FALLBACK_KEYS = {"case_number": str, "note": str}
CVD_KEYS = {"case_number": str, "proceeding": str, "determination": list}
OPTIONAL_CVD_KEYS = {"source": str}
STATS_META_KEYS = {"source": str, "note": str}
SINGLE_FORM_RATES = "rates.csv"
STATS_FILE = "import_stats.csv"


def load_case(data_dir: Path | str) -> Case:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found")
    path = data_dir / "case.toml"
    info = read_toml(path)
    warnings: list[str] = []
    try:
        case = _case(path, info, warnings)
    except InputError as err:
        if err.line is None and err.column and err.path == path:
            raise InputError(path, err.message, line=toml_key_lines(path).get(err.column),
                             column=err.column) from None
        raise
    case.warnings = warnings
    case.fingerprint = fingerprint(data_dir, case.data_files)
    return case


def fingerprint(data_dir: Path, files: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the case's files (names and bytes), shortened to 12 hex digits."""
    digest = hashlib.sha256()
    for name in files or ("case.toml", SINGLE_FORM_RATES, STATS_FILE):
        digest.update(name.encode() + b"\0" + (data_dir / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _case(path: Path, info: dict, warnings: list[str]) -> Case:
    stats_meta = info.pop("import_stats", {})
    if not isinstance(stats_meta, dict):
        raise InputError(path, "'import_stats' must be a table [import_stats] with keys "
                               "source and note", column="import_stats")
    check_keys(path, stats_meta, {}, STATS_META_KEYS, "import_stats.")
    cvd_table = info.pop("cvd", None)
    single = not isinstance(info.get("determination"), list)
    if single:
        ad_dets = [_single_form(path, info)]
    else:
        ad_dets = info.pop("determination")
        for key in ("announced", "fallback"):
            if key in info:
                raise InputError(path, f"'{key}' belongs to each [[determination]] in the "
                                       "timeline form", column=key)
    check_keys(path, info, CASE_KEYS, OPTIONAL_CASE_KEYS, "")
    check_case_texts(path, {**info, **{f"import_stats.{k}": v for k, v in stats_meta.items()}})
    files: list[str] = []
    ad = Proceeding(AD, info["case_number"], info["proceeding"], *_timeline(
        path, AD, ad_dets, "" if single else "determination", files, warnings))
    cvd = _cvd(path, cvd_table, info, files, warnings) if cvd_table is not None else None
    aliases = []
    if "aliases" in info:
        aliases = read_aliases(_rates_path(path, info["aliases"], "aliases"))
        files.append(info["aliases"])
        _check_aliases(aliases, [p for p in (ad, cvd) if p], path.parent / info["aliases"])
        ad, cvd = (_aliased(p, aliases) if p else None for p in (ad, cvd))
    near = near_groups([p for p in (ad, cvd) if p], aliases)
    warnings += close_pair_warnings(near)
    ad, _ = with_provisional_end(path, ad, "determination", warnings)
    if cvd is not None:
        cvd, cvd_gap = with_provisional_end(path, cvd, "cvd.determination", warnings)
        ad = with_full_margins(ad, cvd_gap)
    data_dir = path.parent
    return Case(
        case_number=info["case_number"], product=info["product"], country=info["country"],
        source=info["source"], hts=info["hts"], ad=ad, cvd=cvd,
        import_stats=read_import_stats(data_dir / STATS_FILE),
        import_stats_source=str(stats_meta.get("source", "")),
        import_stats_note=str(stats_meta.get("note", "")),
        country_long=info.get("country_long", ""),
        companion_cvd_case=cvd.case_number if cvd else info.get("companion_cvd_case", ""),
        data_dir=data_dir,
        data_files=("case.toml", *dict.fromkeys(files), STATS_FILE), aliases=aliases,
        near=near)


def _aliased(proceeding: Proceeding, aliases: list[Alias]) -> Proceeding:
    return dataclasses.replace(proceeding, determinations=tuple(
        dataclasses.replace(d, table=with_aliases(d.table, aliases))
        for d in proceeding.determinations))


def _check_aliases(aliases: list[Alias], proceedings: list[Proceeding], path: Path) -> None:
    """Each alias names a listed spelling (same_as or name), and never two listed companies
    with rates of their own in one table."""
    listed = {match_key(list_key(n)) for n in listed_names(proceedings)}
    for alias in aliases:
        keys = [match_key(list_key(n)) for n in (alias.name, alias.same_as)]
        if not any(k in listed for k in keys):
            raise InputError(path, f"neither '{alias.name}' nor '{alias.same_as}' is a listed "
                                   "name: an alias joins a spelling to a listed company",
                             line=alias.line, column="same_as")
        for proceeding in proceedings:
            for det in proceeding.determinations:
                names = {match_key(list_key(n)) for r in (det.table.rates if det.table else ())
                         for n in r.names}
                if all(k in names for k in keys):
                    raise InputError(path, f"'{alias.name}' and '{alias.same_as}' are both "
                                           f"listed in {proceeding.kind} '{det.name}', each "
                                           "with its own rate: an alias joins two spellings "
                                           "of one company", line=alias.line, column="name")


def _single_form(path: Path, info: dict) -> dict:
    """The first releases' case.toml as one [[determination]] table, in force from the
    start, with its rates in rates.csv."""
    check_keys(path, {k: info[k] for k in SINGLE_FORM_KEYS if k in info}, SINGLE_FORM_KEYS,
                {}, "")
    fallback = info.pop("fallback", None)
    if not isinstance(fallback, dict):
        raise InputError(path, "missing table [fallback] (the rate of every combination not "
                               "listed), or a timeline of [[determination]] tables")
    single = {"name": info.pop("determination"), "announced": info.pop("announced"),
              "source": info.get("source"), "rates": SINGLE_FORM_RATES, "fallback": fallback}
    if "all_rates_below_one_percent" in info:
        single["all_rates_below_one_percent"] = info.pop("all_rates_below_one_percent")
    check_case_texts(path, {"determination": single["name"]})
    return single


def _cvd(path: Path, table, info: dict, files: list[str],
         warnings: list[str]) -> Proceeding:
    if not isinstance(table, dict):
        raise InputError(path, "'cvd' must be a table [cvd] with case_number, proceeding and "
                               "[[cvd.determination]] tables", column="cvd")
    check_keys(path, table, CVD_KEYS, OPTIONAL_CVD_KEYS, "cvd.")
    check_case_texts(path, {f"cvd.{k}": v for k, v in table.items() if k != "determination"})
    if not table["case_number"].startswith("C-"):
        raise InputError(path, f"cvd.case_number '{table['case_number']}' is not a CVD case "
                               "number like C-570-195", column="cvd.case_number")
    companion = info.get("companion_cvd_case")
    if companion and companion != table["case_number"]:
        raise InputError(path, f"companion_cvd_case '{companion}' differs from "
                               f"cvd.case_number '{table['case_number']}'; keep one",
                         column="companion_cvd_case")
    return Proceeding(CVD, table["case_number"], table["proceeding"], *_timeline(
        path, CVD, table["determination"], "cvd.determination", files, warnings))


def _timeline(path: Path, kind: ProceedingKind, tables: list, prefix: str, files: list[str],
              warnings: list[str]) -> tuple[tuple[Determination, ...], RateRule]:
    """The determinations of one proceeding, oldest first, with strictly increasing
    effective dates (only the first may leave `effective` out: in force from the start),
    and the rule all its rates files follow."""
    if not tables:
        raise InputError(path, f"no [[{prefix}]] table: list the determinations, oldest first",
                         column=prefix)
    dets: list[Determination] = []
    for number, table in enumerate(tables, start=1):
        where = f"{prefix}[{number}]." if prefix else ""
        det = _determination(path, kind, table, where, files, warnings)
        if not dets and prefix and det.effective is None and det.announced is not None:
            det = dataclasses.replace(det, effective=det.announced, unsourced=True)
        if dets:
            previous = dets[-1]
            if det.effective is None:
                raise InputError(path, f"'{det.name}' has no effective date; only the first "
                                       "determination may leave it out (in force from the "
                                       "start)", column=f"{where}name")
            if previous.effective is not None and det.effective <= previous.effective:
                raise InputError(path, f"effective {det.effective} is not after the previous "
                                       f"determination's ({previous.effective}, "
                                       f"'{previous.name}'): list determinations oldest first, "
                                       "each from a later date", column=f"{where}effective")
            if any(d.name == det.name for d in dets):
                raise InputError(path, f"two determinations are named '{det.name}'; each "
                                       "needs its own name", column=f"{where}name")
        dets.append(det)
    return tuple(dets), _one_rule(path, kind, dets)


def _one_rule(path: Path, kind: ProceedingKind, dets: list[Determination]) -> RateRule:
    """The rule of every rates file of a proceeding: pairs or companies, never both."""
    rules = {next(r for r in RULES.values() if isinstance(d.table, r.table_class)).name:
             d.rates_file for d in dets if d.table is not None}
    if len(rules) > 1:
        raise InputError(path, f"the {kind} rates files list " + " and ".join(
            f"{RULES[name].nouns} ({file})" for name, file in rules.items())
            + ": one case's rates are all by exporter/producer pair or all by company")
    return RULES[next(iter(rules))] if rules else kind.rules[0]


def _determination(path: Path, kind: ProceedingKind, table, where: str, files: list[str],
                   warnings: list[str]) -> Determination:
    if not isinstance(table, dict):
        raise InputError(path, f"'{where.rstrip('.')}' must be a table", column=where.rstrip("."))
    if where:
        check_keys(path, table, DETERMINATION_KEYS, OPTIONAL_DETERMINATION_KEYS, where)
        texts = {k: v for k, v in table.items() if isinstance(v, str)}
        check_case_texts(path, {f"{where}{k}": v for k, v in texts.items()})
    name_column = f"{where}name" if where else "determination"
    has_rates, has_fallback = "rates" in table, "fallback" in table
    if has_rates != has_fallback:
        missing = "fallback" if has_rates else "rates"
        raise InputError(path, f"'{table['name']}' has {'rates' if has_rates else 'a fallback'} "
                               f"but no {missing}: a determination lists both (its rates file "
                               "and the rate of everything not listed) or neither (a period "
                               "with no deposit)", column=name_column)
    if has_rates and not str(table.get("source", "")).strip():
        raise InputError(path, f"'{table['name']}' lists rates without a source: cite the "
                               "Federal Register notice or CBP message", column=name_column)
    rate_table = None
    if has_rates:
        rates_path = _rates_path(path, table["rates"], f"{where}rates")
        fallback = _fallback(path, kind, table["fallback"], f"{where}fallback." if where
                             else "fallback.")
        rule = kind.rule_of(csv_header(rates_path))
        rates = read_rates(rates_path, kind, rule, warnings,
                            table.get("all_rates_below_one_percent", False))
        rate_table = rule.table_class(rates, fallback)
        files.append(table["rates"])
    third = _third_country(path, table, where, files) if "third_country_rates" in table else ()
    _check_course_keys(path, kind, table, where)
    return Determination(table["name"], table.get("effective"), table.get("announced"),
                         table.get("source", ""), table.get("note", ""), rate_table,
                         table.get("rates", ""), table.get("provisional", False),
                         table.get("provisional_months"), table.get("provisional_end"),
                         table.get("refunds_from"), third_country=third,
                         third_country_file=table.get("third_country_rates", ""))


def _third_country(path: Path, table: dict, where: str, files: list[str]) -> tuple:
    """The third-country rows a determination with rates names (generator/third_country.py)."""
    if "rates" not in table:
        raise InputError(path, "'third_country_rates' belongs to a determination with rates",
                         column=f"{where}third_country_rates")
    rows = read_third_country(_rates_path(path, table["third_country_rates"],
                                          f"{where}third_country_rates"))
    files.append(table["third_country_rates"])
    return rows


def _check_course_keys(path: Path, kind: ProceedingKind, table: dict, where: str) -> None:
    """The keys of provisional measures and refunds, each alone (docs/rules.md; their dates
    against the timeline are checked by generator/course.py)."""
    months = table.get("provisional_months")
    if months is not None and months not in kind.provisional_days:
        allowed = " or ".join(map(str, kind.provisional_days))
        raise InputError(path, f"provisional_months = {months}: {kind} provisional measures "
                               f"last {allowed} months"
                               + ("; leave the key out" if len(kind.provisional_days) == 1
                                  else ""), column=f"{where}provisional_months")
    for key in ("provisional_months", "provisional_end"):
        if key in table and not table.get("provisional"):
            raise InputError(path, f"'{key}' belongs to a determination with provisional = "
                                   "true", column=f"{where}{key}")
    refunds = table.get("refunds_from")
    if refunds is None:
        return
    if isinstance(refunds, str) and refunds != START:
        raise InputError(path, f'refunds_from = "{refunds}": write "{START}" (every deposit '
                               "of the proceeding) or a date like 2026-03-12, no quotes",
                         column=f"{where}refunds_from")
    if "rates" in table:
        raise InputError(path, f"'{table['name']}' refunds deposits and lists rates: a "
                               "termination or revocation has no rates (it ends deposits)",
                         column=f"{where}refunds_from")
    effective = table.get("effective")
    if isinstance(refunds, dt.date) and effective is not None and refunds > effective:
        raise InputError(path, f"refunds_from {refunds} is after this determination's "
                               f"effective date {effective}: deposits on entries from "
                               "refunds_from are refunded, and deposits end at effective "
                               "(a revocation dated before its publication: effective = the "
                               "publication, refunds_from = the revocation's date)",
                         column=f"{where}refunds_from")


def _rates_path(path: Path, name: str, key: str) -> Path:
    if Path(name).name != name or name in ("", ".", ".."):
        raise InputError(path, f"rates = '{name}' must name a file in the case folder "
                               "(no folder part)", column=key)
    rates = path.parent / name
    if not rates.exists():
        raise InputError(rates, f"file not found (named by {path.name}, key '{key}')")
    return rates


def _fallback(path: Path, kind: ProceedingKind, table, prefix: str) -> Fallback:
    if not isinstance(table, dict):
        raise InputError(path, f"'{prefix.rstrip('.')}' must be a table with the fallback's "
                               "name and rates", column=prefix.rstrip("."))
    check_keys(path, table, {k: FALLBACK_TYPES[k] for k in kind.fallback_keys},
                OPTIONAL_FALLBACK_KEYS, prefix)
    for key in ("name", "case_number", "note"):
        if key in table:
            check_case_text(path, f"{prefix}{key}", table[key])
    if not table["name"].strip():
        raise InputError(path, "blank name", column=f"{prefix}name")
    margin, deposit = (percent(path, None, f"{prefix}{k}", number_text(table[k]))
                       if k in table else None for k in ("margin_pct", "cash_deposit_pct"))
    number = case_number(path, None, f"{prefix}case_number", table.get("case_number", ""))
    return Fallback(table["name"], margin, deposit, number, table.get("note", ""))
