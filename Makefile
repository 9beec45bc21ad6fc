# make demo: set up and run the demo. make test: set up and run lint and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow test-browser lint eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/adfontes demo --db demo.db

lint: $(STAMP)
	$(BIN)/ruff check src tests eval bench scripts
	$(BIN)/ruff format --check src tests eval bench scripts

# pytest exits 5 when it collects no test: not a failure of the code under test.
test: lint
	$(BIN)/python -m pytest; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

# The heavy tests (whole seed corpus, embeddings): about a minute on 2 cores.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

# End-to-end tests of the workbench in Debian's headless chromium (/usr/bin/chromium, driven by
# playwright); they skip when the browser is absent.
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/serve; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

eval: $(STAMP)
	$(BIN)/python eval/run.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
