# One-command set-up: `make run` serves the API on the embedded SQLite store, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint clean bench lock browser documents

# requirements.lock pins every transitive dependency (regenerate with `make lock`).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) browser documents

run: $(STAMP)
	$(BIN)/cascade init
	$(BIN)/cascade demo --once
	$(BIN)/cascade tokens
	$(BIN)/cascade serve

test: $(STAMP) browser documents
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache

bench: $(STAMP)
	$(BIN)/python -m bench run $(BENCH_ARGS)

lock: $(STAMP)
	$(BIN)/pip freeze --all --exclude-editable > requirements.lock

# The browser tests drive Debian's Chromium by path (never a browser downloaded by Playwright).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "the browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install -y chromium'" >&2; \
	    exit 1; \
	  fi; \
	fi

# The PDF documents are laid out by WeasyPrint on Debian's Pango, in the embedded Liberation fonts.
DOCUMENT_LIBS := /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf
documents:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || [ ! -f "$(DOCUMENT_LIBS)" ]; then \
	  if [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core; \
	  else \
	    echo "the PDF documents need Pango and fonts-liberation: run 'sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core'" >&2; \
	    exit 1; \
	  fi; \
	fi
