"""Regenerate docs/*.png: one picture per sheet, as LibreOffice prints it.

Builds the workbook from data/ with a few realistic sample entries, has LibreOffice render it
to PDF (recalculating every formula), and turns the first page of each sheet into a PNG
(pypdfium2 and Pillow, from the test extra), cropped below the last line of content. Run
`make screenshots`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import build_workbook  # noqa: E402
from generator.entries import Entry  # noqa: E402
from testsupport.libreoffice import convert  # noqa: E402
from testsupport.pdf import page_count, page_text, text_boxes, write_png  # noqa: E402

DPI = 80
SHEET_DPI = {"Entries": 100}  # the widest sheet prints smallest: render it sharper
D = dt.date(2025, 8, 4)
SAMPLE_ENTRIES = [
    Entry("AB1-2345678-9", D, "3801.10.5000", "Tesla (Shanghai) Co., Ltd.",
          "Shanghai XFH Technology Co. Ltd.", entered_value=1_284_500.00, quantity_kg=152_000),
    Entry("AB1-2345679-7", D, "3801.10.5000", "LG Energy Solution (Nanjing) Co. Ltd.",
          "LG Energy Solution (Nanjing) Co. Ltd.", entered_value=642_318.40, quantity_kg=80_500),
    Entry("AB1-2345680-5", dt.date(2025, 8, 11), "2504.10.5000",
          "Panasonic Energy (Wuxi) Co., Ltd.", "Resonac Corporation", entered_value=96_250.00,
          quantity_kg=12_000),
    Entry("AB1-2345681-3", dt.date(2025, 8, 11), "3801.10.5000",
          "Panasonic Global Procurement China Co., Ltd.",
          "Shanghai Shanshan Technology Co., Ltd.", entered_value=210_000.00, quantity_kg=25_000),
    Entry("AB1-2345682-1", dt.date(2025, 8, 18), "3801.10.5000",
          "Qingdao Graphite Trading Co., Ltd.",
          "Huzhou Kaijin New Energy Technology Corp., Ltd.", entered_value=58_730.25,
          quantity_kg=9_800),
    Entry("AB1-2345683-9", dt.date(2025, 8, 18), "8507.60.0020", "Samsung SDI Hungary ZRT",
          "Jiangxi Zichen Technology Co., Ltd.", entered_value=2_400_000.00, quantity_kg=30_000,
          subject_value=185_400.00),
]
# Entries prints in three parts side by side: the first three pages
ENTRIES_PARTS = ["entries", "entries-ad", "entries-cvd"]


def sheet_pages(pdf: Path, sheets: list[str]) -> dict[str, int]:
    """The first page of each sheet: the sheet name is the centre of every page header."""
    first: dict[str, int] = {}
    for page in range(1, page_count(pdf) + 1):
        text = page_text(pdf, page).strip()
        top_line = text.splitlines()[0] if text else ""
        for name in sheets:
            if name not in first and re.search(rf"\s{re.escape(name)}\s", top_line):
                first[name] = page
    return first


def content_box(pdf: Path, page: int) -> tuple[float, float]:
    """The right and bottom edges (PDF points from the top left) of the page's text, the
    footer excluded, with a small margin."""
    width, height, boxes = text_boxes(pdf, page)
    body = [(right, bottom) for _, _, right, bottom in boxes if bottom < height - 60]
    right = max((x for x, _ in body), default=width) + 20
    bottom = max((y for _, y in body), default=height) + 14
    return min(width, right), min(height, bottom)


def render(pdf: Path, page: int, out: Path, dpi: int = DPI) -> Path:
    return write_png(pdf, page, out, dpi, size=content_box(pdf, page))


def main(out_dir: Path = ROOT / "docs") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        built = build_workbook(ROOT / "data", Path(tmp) / "sample.xlsx",
                               entries=SAMPLE_ENTRIES, rows=50)
        pdf = convert(built.path, tmp, "pdf")
        written = []
        for name, page in sheet_pages(pdf, built.sheets).items():
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            slugs = ENTRIES_PARTS if name == "Entries" else [slug]
            for part, slug in enumerate(slugs):
                written.append(render(pdf, page + part, out_dir / f"{slug}.png",
                                      SHEET_DPI.get(name, DPI)))
    for path in written:
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size / 1024:,.0f} KB)")
    return written


if __name__ == "__main__":
    main()
