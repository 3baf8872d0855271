"""Benchmark the generator and the workbook at four sizes; write BENCHMARKS.md.

Every number is a ratio to a floor measured in the same run on the same data, because this
machine is shared and noisy (absolute seconds drift):
- generation: the `adcvd-workbook build --entries FILE.csv` command's own time (its summary
  line, Python start-up excluded) against a bare xlsxwriter script writing the same cells,
  formats aside, in constant-memory mode, with the generator's own xlsxwriter Workbook
  (generator/xlsx.py: stock xlsxwriter spends most of its time rewriting formulas, which
  would hide the generator's own cost);
- LibreOffice: headless recalculation (forced) and save of the workbook, against the same
  for a copy of the same workbook (styles, names, validation, chart and all) whose every
  formula cell holds its cached value instead (`values_only`);
- file size: the workbook against that values-only copy;
- peak memory of the build command (max RSS, through a small launcher: a child forked from
  this process counts this process's pages in its max RSS until it execs).
Each time is the fastest of RUNS runs (LibreOffice: RUNS + 1, workbook and floor
interleaved), floors and measured alike.
At every size, every entry row LibreOffice computed is checked against the Python reference.
Every case has a companion CVD case; T has three AD determinations of 10,000 combinations.
With --against COMMIT, the same case is also built by that commit of this repository
(installed in its own virtual environment) and its LibreOffice runs are interleaved with
this version's: both ratios come from the same minutes of the same machine.

    python scripts/bench.py            # S, M, L and T (L and T take several minutes each)
    python scripts/bench.py S M        # some sizes only
    python scripts/bench.py T --against 3d482a1   # this version and that one, same run
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.case import load_case  # noqa: E402
from generator.carry import read_entries  # noqa: E402
from generator.pricing import column_value, price_entries  # noqa: E402
from generator.sheets.entries import entries_layout  # noqa: E402
from generator.xlsx import Workbook  # noqa: E402
from testsupport.libreoffice import convert, find_soffice  # noqa: E402

# size: (AD combinations per determination, entries, AD determinations, CVD companies per
# determination, CVD determinations)
SIZES = {"S": (66, 1_000, 1, 4, 1), "M": (1_000, 10_000, 1, 100, 1),
         "L": (10_000, 100_000, 1, 1_000, 2), "T": (10_000, 100_000, 3, 1_000, 2)}
RUNS = 2  # each time is the fastest of this many runs: the machine's noise only adds time
GOALS = {"generation": 1.5, "libreoffice": 3.0, "size": 1.5, "memory_mb": 300}
GOAL_SIZES = ("L", "T")
WORDS = ["Anode", "Graphite", "Carbon", "New", "Energy", "Material", "Technology", "Group",
         "Holding", "Battery", "Power", "Shanghai", "Jiangxi", "Société", "Łódź", "&", "(Wuxi)"]
START = dt.date(2025, 6, 1)   # entries are dated from here over 600 days


def company(rng: random.Random, suffix: str) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(3)) + f" {suffix} Co., Ltd."


def make_case(folder: Path, size: str, seed: int = 7) -> Path:
    """A case with distinct rates in every determination and an entries CSV that a broker
    exports: 80% listed pairs (re-cased or re-spaced at times), 10% exporter with another
    producer, 10% pairs not listed; dated over the timeline, 1% without a date; a CVD case
    whose companies are some of the exporters and producers."""
    combinations, entries, ad_dets, companies, cvd_dets = SIZES[size]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "import_stats.csv").write_text("year,volume_kg,value_usd\n2023,10,20\n2024,30,40\n")
    pairs = [(company(rng, f"E{i // 3}"), company(rng, f"P{i}")) for i in range(combinations)]
    toml = ['case_number = "A-570-999"\nproduct = "Bench Graphite"\ncountry = "China"\n'
            'proceeding = "Antidumping Duty Investigation"\nsource = "https://example.com"\n'
            'hts = ["3801.10.5000"]\n']
    for d in range(ad_dets):
        name = f"ad-{d + 1}.csv"
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"])
            for i, (e, p) in enumerate(pairs):
                deposit = Decimal(rng.randint(0, 300_000)) / 100
                out.writerow([e, p, deposit + 1, deposit, f"A-570-999-{i % 1000:03d}"])
        toml.append(_determination("determination", d, name, "China-Wide Entity", True))
    toml.append('[cvd]\ncase_number = "C-570-999"\nproceeding = "Countervailing Duty '
                'Investigation"\n')
    names = [n for pair in pairs for n in pair]
    for d in range(cvd_dets):
        name = f"cvd-{d + 1}.csv"
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["company", "cash_deposit_pct", "case_number"])
            for i, firm in enumerate(rng.sample(names, companies)):
                out.writerow([firm, Decimal(rng.randint(0, 80_000)) / 100,
                              f"C-570-999-{i % 1000:03d}"])
        toml.append(_determination("cvd.determination", d, name, "All Others", False))
    (folder / "case.toml").write_text("\n".join(toml), "utf-8")
    with open(folder / "entries.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Entry Number", "Entry Date", "HTS Number", "Exporter", "Producer",
                      "Entered Value (USD)", "Quantity (kg)"])
        for n in range(entries):
            e, p = rng.choice(pairs)
            roll = rng.random()
            if roll < 0.1:
                p = rng.choice(pairs)[1]
            elif roll < 0.2:
                e, p = company(rng, "X"), company(rng, "Y")
            elif roll < 0.3:
                e, p = e.upper(), "  " + p.replace(" ", "  ")
            date = "" if rng.random() < 0.01 else str(START + dt.timedelta(rng.randrange(600)))
            out.writerow([f"BRK-{n:07d}", date, "3801.10.5000", e, p,
                          f"{rng.randint(100, 10_000_000) / 100:.2f}", rng.randint(1, 90_000)])
    return folder


def _determination(table: str, index: int, rates: str, fallback: str, ad: bool) -> str:
    """One [[determination]] of the bench timeline: every 200 days from START."""
    effective = START + dt.timedelta(days=200 * index)
    margin = f"margin_pct = {100 + index}.5\n" if ad else ""
    return (f'[[{table}]]\nname = "Determination {index + 1}"\neffective = {effective}\n'
            f'source = "https://example.com/{rates}"\nrates = "{rates}"\n'
            f'[{table}.fallback]\nname = "{fallback}"\n{margin}'
            f"cash_deposit_pct = {100 + index}.25\n")


# Runs a command and prints its max RSS (KB) last: the command is forked from this small
# launcher, not from the benchmark, whose resident pages would count until the exec.
PEAK_LAUNCHER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
                 "print('peak_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
                 "sys.exit(code)")


def run_build(case: Path, out: Path, python: Path = Path(sys.executable),
              cwd: Path = ROOT) -> tuple[float, float]:
    """Run the CLI; return its own seconds (from its summary line) and its peak memory (MB)."""
    cmd = [sys.executable, "-c", PEAK_LAUNCHER, str(python), "-m", "generator", "build",
           "--data", str(case), "--entries", str(case / "entries.csv"), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if proc.returncode:
        raise SystemExit(f"build failed: {proc.stderr}")
    seconds = float(re.search(r"KB, ([\d.]+) s\)", proc.stdout).group(1))
    return seconds, int(re.search(r"peak_kb (\d+)", proc.stdout).group(1)) / 1024


def install_version(commit: str, folder: Path) -> Path:
    """That commit of this repository, installed (not editable: its templates ship inside
    its package) in a virtual environment of its own; returns that environment's python."""
    source = folder / "source"
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    python = folder / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(source)], check=True)
    return python


def read_cells(path: Path) -> list[tuple[str, list]]:
    """Every cell of the workbook: (sheet, [(row, col, formula or None, cached value)])."""
    formulas = openpyxl.load_workbook(path, read_only=True)
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = []
    for ws_f, ws_v in zip(formulas.worksheets, values.worksheets):
        cells = []
        for row_f, row_v in zip(ws_f.iter_rows(), ws_v.iter_rows()):
            for cf, cv in zip(row_f, row_v):
                if cf.value is None:
                    continue
                is_formula = isinstance(cf.value, str) and cf.value.startswith("=")
                cells.append((cf.row - 1, cf.column - 1, cf.value if is_formula else None, cv.value))
        sheets.append((ws_f.title, cells))
    return sheets


# A formula cell as xlsxwriter writes it: attributes, result type, formula, cached value.
FORMULA_CELL = re.compile(r'<c ([^>]*?)(?: t="(str|b|e)")?>(?:<f[^>]*/>|<f[^>]*>.*?</f>)'
                          r'<v>(.*?)</v></c>')


def _value_cell(match: re.Match) -> str:
    attrs, kind, value = match.groups()
    if kind == "str":
        return (f'<c {attrs} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
                if value else f"<c {attrs}/>")
    kind = f' t="{kind}"' if kind else ""
    return f"<c {attrs}{kind}><v>{value}</v></c>"


def values_only(src: Path, dst: Path) -> None:
    """The same workbook with every formula cell replaced by its cached value."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = FORMULA_CELL.sub(_value_cell, data.decode("utf-8")).encode("utf-8")
                assert not re.search(rb"<f[ >/]", data), f"a formula left in {item.filename}"
            zout.writestr(item, data)


def write_cells(path: Path, sheets) -> float:
    """The floor of generation: a bare xlsxwriter script writing the cells (formulas with
    their cached values); returns its seconds."""
    started = time.perf_counter()
    book = Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    for name, cells in sheets:
        sheet = book.add_worksheet(name)
        for row, col, formula, value in cells:
            if formula:
                sheet.write_formula(row, col, formula, None, "" if value is None else value)
            elif isinstance(value, str):
                sheet.write_string(row, col, value)
            elif value is not None:
                sheet.write(row, col, value)
    book.close()
    return time.perf_counter() - started


def timed_convert(path: Path, out_dir: Path) -> tuple[float, Path]:
    started = time.perf_counter()
    result = convert(path, out_dir, "xlsx")
    return time.perf_counter() - started, result


def check_every_row(case: Path, recalculated: Path) -> tuple[int, int]:
    """Compare each entry row LibreOffice computed with the reference, every output column
    (determination, rate, basis, case number and deposit of AD and CVD, the total):
    (rows, wrong)."""
    data = load_case(case)
    entries = read_entries(case / "entries.csv").entries
    layout = entries_layout(data)
    keys = [c.key for c in layout.columns if c.kind == "output"]
    values = {key: column_value(key) for key in keys}
    sheet = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)[layout.name]
    rows = sheet.iter_rows(min_row=layout.first_data_row, values_only=True)
    wrong, compared = 0, 0
    for priced, row in zip(price_entries(data, entries), rows):
        compared += 1
        if any(not _same(row[layout[k].index], values[k](priced)) for k in keys):
            wrong += 1
    return len(entries), wrong + len(entries) - compared  # a row LibreOffice lacks is wrong


def _same(got, want) -> bool:
    got = "" if got is None else got
    if isinstance(want, float) and isinstance(got, (int, float)):
        return abs(got - want) <= 1e-9 * max(1, abs(want))
    return got == want


def bench(size: str, work: Path, against: Path | None = None) -> dict:
    """One size; with `against` (another version's python), its LibreOffice ratio too."""
    combinations, entries, ad_dets, companies, cvd_dets = SIZES[size]
    case = make_case(work / size / "case", size)
    builds = [run_build(case, work / size / f"workbook{i}.xlsx") for i in range(RUNS)]
    gen_seconds, peak_mb = min(s for s, _ in builds), max(mb for _, mb in builds)
    book = work / size / "workbook0.xlsx"
    cells = read_cells(book)
    floor_seconds = min(write_cells(work / size / f"floor{i}.xlsx", cells) for i in range(RUNS))
    values = work / size / "values.xlsx"
    values_only(book, values)
    books = {"lo": book, "lo_floor": values}
    if against:
        books["against"] = work / size / "against.xlsx"
        run_build(case, books["against"], against, cwd=work)  # not in this checkout's tree
        books["against_floor"] = work / size / "against-values.xlsx"
        values_only(books["against"], books["against_floor"])
    runs: dict[str, list[float]] = {key: [] for key in books}
    for i in range(RUNS + 1):  # interleaved, so that a slow spell slows all alike
        for key, path in books.items():
            seconds, result = timed_convert(path, work / size / f"{key}{i}")
            runs[key].append(seconds)
            if key == "lo" and i == 0:
                recalculated = result
    fastest = {f"{key}_s": min(times) for key, times in runs.items()}
    rows, wrong = check_every_row(case, recalculated)
    return fastest | {"size": size, "combinations": combinations, "entries": entries,
            "ad_dets": ad_dets, "companies": companies, "cvd_dets": cvd_dets,
            "gen_s": gen_seconds, "gen_floor_s": floor_seconds,
            "bytes": book.stat().st_size, "values_bytes": values.stat().st_size,
            "peak_mb": peak_mb, "rows": rows, "wrong": wrong}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    lo = subprocess.run([find_soffice(), "--version"], capture_output=True, text=True).stdout
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, "
            f"xlsxwriter {xlsxwriter.__version__}, {lo.strip()}")


def ratio(seconds: float, floor: float) -> str:
    return f"{seconds / floor:.2f}x ({seconds:.1f} s / {floor:.1f} s)"


def report(results: list[dict], against: str | None = None) -> str:
    """BENCHMARKS.md; with `against`, a column of that commit's LibreOffice ratio."""
    other = [f"LibreOffice / floor, {against} (same run)"] if against else []
    lines = [
        "# Benchmarks", "",
        f"Measured {time.strftime('%Y-%m-%d')} by `make bench` (scripts/bench.py) on: {machine()}.",
        "", "Ratios are against floors measured in the same run (see scripts/bench.py); the "
        "seconds are shown for scale only, this machine is shared and noisy.", "",
        table_row(["size", "AD rates x determinations, CVD rates x determinations, entries",
                   "generation / floor", "LibreOffice / floor", *other, "file / values-only",
                   "peak memory", "rows checked in LibreOffice"]),
        table_row(["---"] * (7 + len(other))),
    ]
    for r in results:
        lines.append(table_row([
            r["size"], f"AD {r['combinations']:,} x {r['ad_dets']}, CVD "
            f"{r['companies']:,} x {r['cvd_dets']}, {r['entries']:,} entries",
            ratio(r["gen_s"], r["gen_floor_s"]), ratio(r["lo_s"], r["lo_floor_s"]),
            *([ratio(r["against_s"], r["against_floor_s"])] if against else []),
            f"{r['bytes'] / r['values_bytes']:.2f}x ({r['bytes'] / 2**20:.1f} MB / "
            f"{r['values_bytes'] / 2**20:.1f} MB)", f"{r['peak_mb']:.0f} MB",
            f"{r['rows'] - r['wrong']:,} of {r['rows']:,} right"]))
    lines += ["", f"Goals at {' and '.join(GOAL_SIZES)}: generation <= {GOALS['generation']}x, "
              f"LibreOffice <= "
              f"{GOALS['libreoffice']}x, file <= {GOALS['size']}x, peak memory <= "
              f"{GOALS['memory_mb']} MB, every rate right.", ""]
    return "\n".join(lines)


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--against", metavar="COMMIT",
                        help="also time that commit's workbook of each case, interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="adcvd-bench-") as tmp:
        other = install_version(args.against, Path(tmp) / "against") if args.against else None
        results = []
        for size in args.sizes:
            print(f"{size}: {SIZES[size]}...", file=sys.stderr, flush=True)
            results.append(bench(size, Path(tmp), other))
            print(report(results[-1:], args.against).splitlines()[-3], file=sys.stderr)
    text = report(results, args.against)
    args.out.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
