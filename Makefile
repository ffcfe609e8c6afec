# The two commands of the README: `make demo` and `make test`. Each installs what it needs
# into .venv (PyPI only), so they work on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean docs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/kargah demo

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -m "not heavy"

# Heavy runs, outside the default suite: full-size benchmarks.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/stats_panel.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

docs: $(BIN)/.installed
	$(BIN)/python -m kargah.cli._reference > docs/cli.md
