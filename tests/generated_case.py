"""Write a case folder from Python values, for tests that generate their own rates."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

from tests.conftest import FIXTURES


def write_case(folder: Path, rates: list[tuple[str, str, Decimal]]) -> Path:
    """A copy of the `distinct` case whose rates.csv lists `rates` (exporter, producer,
    cash deposit percent; the margin is the deposit plus 1, at most 10,000)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("case.toml", "import_stats.csv"):
        shutil.copy(FIXTURES / "distinct" / name, folder / name)
    with (folder / "rates.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["exporter", "producer", "margin_pct", "cash_deposit_pct", "case_number"])
        for i, (exporter, producer, pct) in enumerate(rates, start=1):
            writer.writerow([exporter, producer, min(pct + 1, 10_000), pct, f"A-570-999-{i:03d}"])
    return folder
