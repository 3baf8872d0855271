"""What the tests and scripts/ use to check the workbook, never the `adcvd-workbook` command:
LibreOffice (recalculate, print to PDF), Gnumeric (recalculate), the PDFs LibreOffice prints
(pypdfium2, from the test extra), and docs/reference.md generated from the code. Not part of
the installed package.

Run from the repository root (`python -m pytest`, `python scripts/bench.py`): the scripts put
the root on sys.path, as pytest run by `python -m` does."""
