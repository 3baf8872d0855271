import os
from pathlib import Path

import pytest

from tests.engines import ENGINES, Engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def distinct_case() -> Path:
    """A held-out case whose combinations all have different rates and tricky names."""
    return FIXTURES / "distinct"


@pytest.fixture
def seed_case() -> Path:
    return ROOT / "data"


def _engine(name: str) -> Engine:
    """The engine, or a skip when its program is missing (a failure when it is required)."""
    engine = ENGINES[name]
    if not engine.installed():
        if engine.required():
            pytest.fail(f"{engine.require_variable}=1 but {engine.skip_reason}")
        pytest.skip(engine.skip_reason)
    return engine


@pytest.fixture(scope="session")
def libreoffice() -> Engine:
    """Recalculate a workbook in LibreOffice: `libreoffice(path, out_dir) -> recalculated path`,
    from a copy whose cached values are poisoned (tests/engines.py). Skips without soffice,
    unless REQUIRE_LIBREOFFICE=1 (as in CI), where it fails."""
    return _engine("libreoffice")


@pytest.fixture(scope="session")
def gnumeric() -> Engine:
    """Recalculate a workbook in Gnumeric: `gnumeric(path, out_dir) -> recalculated path`,
    from a poisoned copy. Skips without ssconvert, unless REQUIRE_GNUMERIC=1 (as in CI)."""
    return _engine("gnumeric")


@pytest.fixture(params=list(ENGINES))
def engine(request) -> Engine:
    """Each spreadsheet engine in turn (test ids [libreoffice], [gnumeric]); `engine.name`
    tells which."""
    return request.getfixturevalue(request.param)


INSTALL_SKIP = "installs a wheel from the package index: RUN_INSTALL_TEST=1 runs it (as .ci/run)"


def pytest_collection_modifyitems(items):
    """Mark each test with the engine it runs in (`-m "not gnumeric"` leaves Gnumeric out).
    Skip the `install` test unless RUN_INSTALL_TEST=1: it needs the package index and a
    minute, so CI runs it, not every local `make test`."""
    run_install = os.environ.get("RUN_INSTALL_TEST") == "1"
    for item in items:
        if item.get_closest_marker("install") and not run_install:
            item.add_marker(pytest.mark.skip(reason=INSTALL_SKIP))
        used = set(item.fixturenames)
        callspec = getattr(item, "callspec", None)
        if callspec is not None:
            used.add(callspec.params.get("engine"))
        for name in ENGINES:
            if name in used:
                item.add_marker(name)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """One loud line when engine tests were skipped: `make test` passes without the
    spreadsheet programs, and that must not go unnoticed. Written after the short test
    summary (-rs), just above the final counts."""
    result = yield
    reasons = [str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
               for report in terminalreporter.stats.get("skipped", [])]
    missing = [(engine, sum(engine.skip_reason in reason for reason in reasons))
               for engine in ENGINES.values()]
    missing = [(engine, count) for engine, count in missing if count]
    if missing:
        counts = ", ".join(f"{count} {engine.label} test{'s' * (count != 1)} "
                           f"({engine.command} not found)" for engine, count in missing)
        packages = " ".join(engine.package for engine, _ in missing)
        terminalreporter.write_line(f"ENGINE TESTS SKIPPED: {counts}; install {packages}",
                                    red=True, bold=True)
    return result
