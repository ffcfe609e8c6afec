# The two commands of the README: `make demo` and `make test`. Each installs what it needs
# into .venv (PyPI) and node_modules (npm), so they work on a fresh machine with Python 3.11,
# make and npm.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
VENDOR := src/kargah/web/static/vendor

.PHONY: demo test lint bench clean docs assets

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed $(VENDOR)/.copied
	$(BIN)/kargah demo

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint $(VENDOR)/.copied
	$(BIN)/pytest -m "not heavy"

# Heavy runs, outside the default suite: full-size benchmarks.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/stats_panel.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)

docs: $(BIN)/.installed
	$(BIN)/python -m kargah.cli._reference > docs/cli.md

# Front-end assets from the npm registry (versions pinned in package.json / package-lock.json),
# copied into the site's static files; never committed, never fetched from a CDN.
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)/fonts
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/vega/build/vega.min.js \
	   node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-embed/build/vega-embed.min.js \
	   node_modules/tom-select/dist/js/tom-select.complete.min.js \
	   node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css $(VENDOR)/
	# Tabler (Bootstrap 5): the left-to-right build for English, the right-to-left one for Persian
	cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/css/tabler.rtl.min.css \
	   node_modules/@tabler/core/dist/js/tabler.min.js $(VENDOR)/
	cp node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2 \
	   node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2 $(VENDOR)/fonts/
	cp node_modules/vazirmatn/OFL.txt $(VENDOR)/fonts/Vazirmatn-OFL.txt
	touch $@

assets: $(VENDOR)/.copied
