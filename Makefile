# Two entry points a new machine needs: `make demo` and `make test`.
# Each creates the virtual environment on first use (Python 3.11+ only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= samples/01-existing-carer-agreed

.PHONY: demo test lint typecheck pytest schema templates docs clean bench

# pip's own progress is shown (no --quiet): the first install takes about a minute.
$(BIN)/permdocs: pyproject.toml
	@echo "Setting up $(VENV): installing permdocs and its dependencies (about a minute, the first time only)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[test]'
	touch $@
	@echo "Installed: the command is $(BIN)/permdocs (or run 'source $(BIN)/activate' first, then permdocs ...)"

demo: $(BIN)/permdocs
	@echo "Checking $(SAMPLE):"
	$(BIN)/permdocs check --as-of 2026-11-23 $(SAMPLE)
	@echo "Building $(SAMPLE) (the PDF pack takes LibreOffice 10 to 20 seconds, if it is installed):"
	$(BIN)/permdocs build --as-of 2026-11-23 $(SAMPLE)
	@echo "Now try: $(BIN)/permdocs --help   (or: source $(BIN)/activate, then permdocs --help)"

test: lint typecheck pytest

lint: $(BIN)/permdocs
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks

typecheck: $(BIN)/permdocs
	$(BIN)/mypy

# Two workers (pytest-xdist): the suite's LibreOffice and CLI tests wait on other processes.
pytest: $(BIN)/permdocs
	$(BIN)/python -m pytest -q -n 2

schema: $(BIN)/permdocs
	$(BIN)/permdocs schema > schemas/case.schema.json

templates: $(BIN)/permdocs
	$(BIN)/python tools/make_templates.py
	$(BIN)/python tools/make_letter_templates.py
	$(BIN)/python tools/make_pack_templates.py
	$(BIN)/python tools/make_prepared.py

# The field reference for template authors, generated from the view model (a test keeps it current).
docs: $(BIN)/permdocs
	$(BIN)/permdocs templates fields > docs/fields.md

bench: $(BIN)/permdocs
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
