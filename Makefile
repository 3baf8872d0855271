# Quick start: `make workbook`, then `make test`. Needs Python 3.11+ and make; the tests also
# need LibreOffice and Gnumeric (apt-get install libreoffice-calc-nogui gnumeric).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: workbook test bench screenshots reference clean

workbook: $(VENV)/.installed
	$(BIN)/adcvd-workbook build

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Benchmarks at four sizes, as ratios to floors measured in the same run; writes BENCHMARKS.md
# (needs soffice; sizes L and T take several minutes each). `make bench SIZES="S M"` runs some.
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py $(SIZES)

# Regenerate docs/*.png (one picture per sheet, printed by LibreOffice, so it needs soffice;
# rendered by pypdfium2 from the test extra).
screenshots: $(VENV)/.test-installed
	$(BIN)/python scripts/screenshots.py

# Regenerate docs/reference.md from the code (the command's --help, the Entries columns);
# tests/test_docs.py fails when it is stale.
reference: $(VENV)/.installed
	$(BIN)/python scripts/reference.py

# Removes what make and setuptools made (the virtual environment; a wheel build's build/lib,
# build/bdist.* and *.egg-info), never the workbooks in build/ (tests/test_make_clean.py).
clean:
	rm -rf $(VENV) build/lib build/bdist.* *.egg-info
	rmdir build 2>/dev/null || true
