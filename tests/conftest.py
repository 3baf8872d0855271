import os
from pathlib import Path

import pytest

from generator.libreoffice import convert, find_soffice

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def distinct_case() -> Path:
    """A held-out case whose combinations all have different rates and tricky names."""
    return FIXTURES / "distinct"


@pytest.fixture
def seed_case() -> Path:
    return ROOT / "data"


@pytest.fixture(scope="session")
def libreoffice():
    """Recalculate a workbook in LibreOffice: `libreoffice(path, out_dir) -> recalculated path`.
    Skips without LibreOffice, unless REQUIRE_LIBREOFFICE=1 (as in CI), where it fails."""
    if find_soffice() is None:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return lambda path, out_dir: convert(path, out_dir, "xlsx")
