"""generator/ holds only what `adcvd-workbook` runs. The spreadsheet programs and the PDF
reader the tests drive live in testsupport/: no generator module imports a package of the
test extra (pyproject.toml), testsupport or tests, and every generator module is one the
command loads, so a helper moved back into generator/ fails here."""

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
ENTRY_POINT = {"generator.__main__"}  # `python -m generator`: the command by another name

# Runs in a fresh interpreter: test-only imports raise, then the command builds a workbook
# with the entries of a CSV file, and another with the entries of that workbook; prints the
# generator modules loaded.
BUILD_WITH_TEST_PACKAGES_BLOCKED = """
import importlib.abc, sys
blocked, data, csv, out = sys.argv[1].split(","), *sys.argv[2:]
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError(f"the product imports {name}, a test-only module")
sys.meta_path.insert(0, Block())
from generator.cli import main
for entries, workbook in ((csv, out + "-1.xlsx"), (out + "-1.xlsx", out + "-2.xlsx")):
    if main(["build", "--data", data, "--entries", entries, "--out", workbook]) != 0:
        sys.exit(1)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] == "generator")))
"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def extra_test_modules() -> set[str]:
    """Top-level import names of the test extra's distributions, and the test packages."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extra = {canonical(re.match(r"[A-Za-z0-9._-]+", requirement).group())
             for requirement in project["optional-dependencies"]["test"]}
    return {module for module, owners in packages_distributions().items()
            if any(canonical(owner) in extra for owner in owners)} | {"testsupport", "tests"}


def generator_modules() -> set[str]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for path in GENERATOR.rglob("*.py")}


def imported_names(path: Path) -> set[str]:
    """The top-level names a module imports anywhere, inside functions too."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_test_only_modules_are_read_from_the_test_extra():
    assert {"pytest", "hypothesis", "formulas", "pypdfium2", "PIL",
            "testsupport", "tests"} <= extra_test_modules()


def test_no_generator_module_imports_a_test_only_package():
    blocked = extra_test_modules()
    found = {f"{path.relative_to(ROOT)}: {name}" for path in GENERATOR.rglob("*.py")
             for name in imported_names(path) & blocked}
    assert found == set()


def test_the_command_runs_without_test_packages_and_loads_every_generator_module(
        tmp_path, distinct_case):
    entries = tmp_path / "entries.csv"
    entries.write_text("Entry Number,Entry Date,Exporter,Producer,Entered Value (USD)\n"
                       "E-1,2026-02-01,Zeta Co.,Zeta Co.,100\n", "utf-8")
    run = subprocess.run([sys.executable, "-c", BUILD_WITH_TEST_PACKAGES_BLOCKED,
                          ",".join(sorted(extra_test_modules())), str(distinct_case),
                          str(entries), str(tmp_path / "wb")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "wb-2.xlsx").is_file()
    loaded = set(run.stdout.splitlines()[-1].split())
    assert generator_modules() - ENTRY_POINT - loaded == set(), (
        "generator/ holds modules the command never loads: test helpers go to testsupport/")


def test_an_import_inside_a_function_is_seen():
    """testsupport/pdf.py imports pypdfium2 only where it reads a PDF."""
    assert imported_names(ROOT / "testsupport" / "pdf.py") & extra_test_modules() == {
        "pypdfium2"}
