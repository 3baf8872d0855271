"""The package as users install it: the templates ship inside it, and a template that cannot
be read is reported as such."""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p.name for p in (ROOT / "templates").glob("*.toml"))


@pytest.fixture
def fresh_templates():
    """Forget the templates read so far, before and after the test."""
    for cached in (templates.sheet_template, templates.template_data, templates.styles):
        cached.cache_clear()
    yield
    for cached in (templates.sheet_template, templates.template_data, templates.styles):
        cached.cache_clear()


def test_the_installed_package_holds_every_template():
    folder = resources.files(templates.TEMPLATE_PACKAGE)
    assert TEMPLATES and all(folder.joinpath(name).is_file() for name in TEMPLATES), (
        f"{templates.TEMPLATE_PACKAGE} lacks templates; reinstall: pip install -e .")


@pytest.mark.parametrize("package, reason", [
    ("generator.sheets", "No such file or directory"),   # a package without the .toml files
    ("generator.no_such_package", "is not installed"),
])
def test_a_template_that_cannot_be_read_is_a_read_error_naming_it(
        package, reason, tmp_path, distinct_case, monkeypatch, capsys, fresh_templates):
    monkeypatch.setattr(templates, "TEMPLATE_PACKAGE", package)
    out = tmp_path / "wb.xlsx"
    assert main(["build", "--data", str(distinct_case), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "error: cannot read template " in err and ".toml" in err and reason in err, err
    assert "cannot write" not in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_template_that_is_not_toml_is_named(tmp_path, monkeypatch, fresh_templates):
    monkeypatch.setattr(templates.resources, "files", lambda package: tmp_path)
    (tmp_path / "styles.toml").write_text("x = [", "utf-8")
    with pytest.raises(templates.TemplateError, match=r"styles\.toml .*not valid TOML"):
        templates.styles()


@pytest.mark.install
def test_a_wheel_installed_in_a_fresh_environment_builds_the_workbook(tmp_path):
    """`pip install .` (not -e) in a new virtual environment, then the command run from a
    folder outside the repository: the templates must come with the package."""
    source = tmp_path / "source"  # a copy, so no build/ or egg-info lands in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache",
        "docs"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def run(*command, cwd=tmp_path):
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"
        return done

    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist",
        source)
    wheel, = (tmp_path / "dist").glob("adcvd_workbook-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = {Path(name).name for name in names if name.startswith("generator/template_files/")}
    assert set(TEMPLATES) <= shipped, f"not in the wheel: {set(TEMPLATES) - shipped}"
    folders = {name.split("/")[0] for name in names}
    assert {f for f in folders if not f.endswith(".dist-info")} == {"generator"}, (
        "the wheel ships only the product: not testsupport/, tests/ or scripts/")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "x.xlsx"
    done = run(venv / "bin" / "adcvd-workbook", "build", "--data", ROOT / "data", "--out", out,
               cwd=elsewhere)
    assert "132 AD combinations in 3 determinations" in done.stdout
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert "Entries" in book.sheetnames
    finally:
        book.close()


def test_ci_runs_the_install_test_that_a_local_run_skips(tmp_path):
    """.ci/run fails on any skipped test, so it must set what the install test needs, and
    the engines' variables; without RUN_INSTALL_TEST=1 the test is skipped, saying why."""
    exported = re.findall(r"^export (.+)$", (ROOT / ".ci" / "run").read_text("utf-8"), re.M)
    assert {"REQUIRE_LIBREOFFICE=1", "REQUIRE_GNUMERIC=1", "RUN_INSTALL_TEST=1"} <= {
        word for line in exported for word in line.split()}
    env = {k: v for k, v in os.environ.items() if k != "RUN_INSTALL_TEST"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "--basetemp",
         str(tmp_path / "inner"), "-m", "install", "tests/test_packaging.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "RUN_INSTALL_TEST=1 runs it" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("1 skipped, "), run.stdout
