"""Run LibreOffice headless: recalculate a workbook, or render it to PDF.

LibreOffice does not recalculate an xlsx on load by default; a private profile whose
registrymodifications.xcu sets OOXMLRecalcMode to 0 ("always") forces it (docs/rules.md).
Used by the tests, the benchmark and the screenshot script, never by the generator.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_profile_dir: Path | None = None


def _profile() -> Path:
    """A profile of this process's own: two LibreOffice runs sharing one would collide."""
    global _profile_dir
    if _profile_dir is None:
        _profile_dir = Path(tempfile.mkdtemp(prefix="adcvd-lo-profile-"))
        atexit.register(shutil.rmtree, _profile_dir, True)
        settings = _profile_dir / "user" / "registrymodifications.xcu"
        settings.parent.mkdir(parents=True)
        settings.write_text(PROFILE_SETTINGS, "utf-8")
    return _profile_dir


def output_path(src: Path | str, out_dir: Path | str, suffix: str) -> tuple[Path, Path]:
    """`src` resolved, and where a program converting it writes its output: `out_dir` (made
    if needed) / the same name with `suffix`, removed if it is there (a stale file must not
    pass for the program's output); never `src` itself."""
    src, out_dir = Path(src).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{src.stem}.{suffix}"
    if target == src:
        raise ValueError(f"{src} would be overwritten: write to another folder")
    target.unlink(missing_ok=True)
    return src, target


def convert(src: Path | str, out_dir: Path | str, to: str = "xlsx",
            timeout: float = 900) -> Path:
    """Open `src` in LibreOffice (recalculating every formula) and save it as `to`
    (xlsx, pdf, csv...) in `out_dir`; return the new file's path."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    src, target = output_path(src, out_dir, to.split(":")[0])
    subprocess.run([soffice, f"-env:UserInstallation={_profile().as_uri()}", "--headless",
                    "--norestore", "--convert-to", to, "--outdir", str(out_dir), str(src)],
                   check=True, capture_output=True, timeout=timeout)
    if not target.exists():
        raise RuntimeError(f"LibreOffice did not write {target}")
    return target
