"""`make clean` removes what make and setuptools made and never a workbook: build/ is where
the command writes workbooks (and where users keep theirs) as well as where a wheel build
(`pip install .`) puts build/lib and build/bdist.*. Runs the Makefile's own clean recipe in
a temporary folder."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ["build/A-570-194-active-anode-material.xlsx", "build/old.xlsx",
             "build/amended/new.xlsx", "build/broker-export.csv"]
MADE = [".venv/bin/python", ".venv/.installed", "build/lib/generator/cli.py",
        "build/bdist.linux-x86_64/wheel/generator/cli.py", "adcvd_workbook.egg-info/PKG-INFO"]


def make_clean(folder: Path, files: list[str]) -> set[str]:
    """The files left after `make clean` in `folder`, holding `files` and the Makefile."""
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    subprocess.run(["make", "clean"], cwd=folder, env=env, check=True, capture_output=True,
                   timeout=60)
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and path.name != "Makefile"}


def test_clean_keeps_every_workbook_and_removes_what_make_and_setuptools_made(tmp_path):
    assert make_clean(tmp_path, WORKBOOKS + MADE) == set(WORKBOOKS)
    assert not (tmp_path / ".venv").exists() and not (tmp_path / "build" / "lib").exists()


def test_clean_removes_build_when_only_setuptools_used_it(tmp_path):
    assert make_clean(tmp_path, MADE) == set()
    assert list(tmp_path.iterdir()) == [tmp_path / "Makefile"]
