"""Read a PDF that LibreOffice printed: page count, page text, text boxes, pixels, PNG.

Uses pypdfium2 (and Pillow for images), installed from PyPI with the test extra, so neither
the tests nor `make screenshots` need a system PDF tool. Pages are numbered from 1, as
printed. Used by the tests and the screenshot script, not by the generator.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _page(path: Path | str, page: int):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(document):
            raise IndexError(f"{path} has no page {page} (pages 1 to {len(document)})")
        yield document[page - 1]
    finally:
        document.close()


def page_count(path: Path | str) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def page_text(path: Path | str, page: int) -> str:
    """The page's text, line by line; the first line is the page header (left, centre and
    right parts separated by spaces)."""
    with _page(path, page) as pdf_page:
        return pdf_page.get_textpage().get_text_range().replace("\r\n", "\n")


def text_boxes(path: Path | str, page: int) -> tuple[float, float,
                                                     list[tuple[float, float, float, float]]]:
    """The page's width and height and its text boxes (left, top, right, bottom), in PDF
    points measured from the top left corner, like the page as seen."""
    with _page(path, page) as pdf_page:
        width, height = pdf_page.get_size()
        text = pdf_page.get_textpage()
        boxes = [text.get_rect(i) for i in range(text.count_rects())]
    return width, height, [(left, height - top, right, height - bottom)
                           for left, bottom, right, top in boxes]


def find_text(path: Path | str, page: int, text: str) -> list[tuple[float, float, float, float]]:
    """Where `text` occurs on the page (letter case counts): the box of its first character
    at each occurrence, in order, measured as text_boxes measures."""
    with _page(path, page) as pdf_page:
        height = pdf_page.get_height()
        textpage = pdf_page.get_textpage()
        searcher = textpage.search(text, match_case=True)
        found = []
        while (hit := searcher.get_next()) is not None:
            left, bottom, right, top = textpage.get_charbox(hit[0])
            found.append((left, height - top, right, height - bottom))
    return found


def text_in(path: Path | str, page: int, box: tuple[float, float, float, float]) -> str:
    """The page's characters whose centre is inside `box` (left, top, right, bottom,
    measured as text_boxes measures), in the page's reading order."""
    left, top, right, bottom = box
    with _page(path, page) as pdf_page:
        height = pdf_page.get_height()
        textpage = pdf_page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            x0, y0, x1, y1 = textpage.get_charbox(i)
            if left <= (x0 + x1) / 2 <= right and top <= height - (y0 + y1) / 2 <= bottom:
                chars.append(textpage.get_text_range(i, 1))
    return "".join(chars)


def render(path: Path | str, page: int, dpi: float):
    """The page as a Pillow RGB image at `dpi` dots per inch."""
    with _page(path, page) as pdf_page:
        return pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")


def page_colours(path: Path | str, page: int, dpi: float = 30) -> set[tuple[int, int, int]]:
    """The distinct RGB colours of the rendered page."""
    image = render(path, page, dpi)
    return {colour for _, colour in image.getcolors(maxcolors=image.width * image.height)}


def write_png(path: Path | str, page: int, out: Path | str, dpi: float,
              size: tuple[float, float] | None = None) -> Path:
    """Render the page to a PNG at `out`, cropped to its top left `size` (width, height in
    PDF points) when given."""
    image = render(path, page, dpi)
    if size is not None:
        image = image.crop((0, 0, min(image.width, int(size[0] * dpi / 72)),
                            min(image.height, int(size[1] * dpi / 72))))
    out = Path(out)
    image.save(out, optimize=True)
    return out
