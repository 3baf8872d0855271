"""Run Gnumeric's ssconvert: recalculate a workbook, a third engine beside LibreOffice and
the `formulas` package.

`ssconvert --recalc` recalculates every cell before writing; without it Gnumeric keeps the
cached values it read. The locale is set to C.UTF-8 so that a run does not depend on the
machine's: under it Gnumeric's text `<` orders by code point, which differs from LibreOffice's
collation for some keys, so the workbook's Match Type check (AD_Match) finds the rates
keys out of order and the entry formulas fall back to an exact MATCH (slower, the same rates).
Used by the tests, never by the generator.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from testsupport.libreoffice import output_path

LOCALE = "C.UTF-8"


def find_ssconvert() -> str | None:
    return shutil.which("ssconvert")


def recalculate(src: Path | str, out_dir: Path | str, timeout: float = 600) -> Path:
    """Open `src` in Gnumeric, recalculate every formula and save it as xlsx in `out_dir`
    under the same name; return the new file's path."""
    ssconvert = find_ssconvert()
    if ssconvert is None:
        raise RuntimeError("Gnumeric (ssconvert) is not installed: apt-get install gnumeric")
    src, target = output_path(src, out_dir, "xlsx")
    env = {**os.environ, "LANG": LOCALE, "LC_ALL": LOCALE, "LANGUAGE": "",
           "GSETTINGS_BACKEND": "memory"}  # no dconf: nothing read from or written to $HOME
    run = subprocess.run([ssconvert, "--recalc", "--export-type=Gnumeric_Excel:xlsx2",
                          str(src), str(target)],
                         capture_output=True, text=True, timeout=timeout, env=env)
    if run.returncode != 0 or not target.exists():
        raise RuntimeError(f"ssconvert did not write {target} (exit {run.returncode}): "
                           f"{run.stderr.strip()[-2000:]}")
    return target
