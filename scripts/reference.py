"""Regenerate docs/reference.md from the code (the command's --help texts, the Entries
columns). Run `make reference` after changing an option, a help text or a column."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testsupport.reference import write_reference  # noqa: E402

if __name__ == "__main__":
    print(f"Wrote {write_reference().relative_to(ROOT)}")
