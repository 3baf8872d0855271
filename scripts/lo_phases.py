"""Time LibreOffice's load, recalculation and xlsx save of each workbook, in one session.

Where the LibreOffice time of `make bench` goes (docs/development.md, Benchmarks). Needs the system Python with
LibreOffice's UNO bridge (Debian: python3-uno), not the project's virtual environment:

    /usr/bin/python3 scripts/lo_phases.py workbook.xlsx values-only.xlsx
"""

import os
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

PORT = 2002


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile: str):
    """Start a headless soffice with its own profile; return (process, desktop)."""
    proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                             f"-env:UserInstallation=file://{profile}",
                             f"--accept=socket,host=localhost,port={PORT};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:socket,host=localhost,port={PORT};urp;"
                                   "StarOffice.ComponentContext")
            return proc, ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.5)
    raise SystemExit("soffice did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proc, desktop = connect(os.path.join(tmp, "profile"))
        for path in sys.argv[1:]:
            started = time.perf_counter()
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)),
                                               "_blank", 0, (prop("Hidden", True),))
            loaded = time.perf_counter()
            doc.calculateAll()
            calculated = time.perf_counter()
            doc.storeToURL(uno.systemPathToFileUrl(os.path.join(tmp, "out.xlsx")),
                           (prop("FilterName", "Calc Office Open XML"),))
            saved = time.perf_counter()
            doc.close(True)
            print(f"{path}: load {loaded - started:.1f} s, calculateAll "
                  f"{calculated - loaded:.1f} s, save {saved - calculated:.1f} s", flush=True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as soffice quits
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
