# One-command set-up: `make run` serves the API on the embedded SQLite store, `make test` runs the suite.
PYTHON ?= python3
# One test process per core (pytest-xdist); each starts its own throwaway PostgreSQL. The 30 slowest
# tests are listed at the end, so a run that grew slower says where.
TEST_WORKERS ?= auto
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint clean bench lock browser documents

# requirements-dev.lock (what `make install` uses) and requirements.lock (the service alone, for the
# image) pin every transitive dependency with its hashes; regenerate both with `make lock`. pip refuses
# a file whose hash differs, and the project is built with the locked setuptools, not a fetched one.
# pip itself first, at the locked version and hashes (the venv's own may be too old for the lock).
PIP_FROM_LOCK := awk '/^pip==/ {keep=1; print; next} keep && /^ / {print; next} {keep=0}'
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP_FROM_LOCK) requirements-dev.lock > $(VENV)/pip.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(VENV)/pip.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) browser documents

run: $(STAMP)
	$(BIN)/cascade init
	$(BIN)/cascade demo --once
	$(BIN)/cascade tokens
	$(BIN)/cascade serve

test: $(STAMP) browser documents
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=30

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache

bench: $(STAMP)
	$(BIN)/python -m bench run $(BENCH_ARGS)

# The versions are the ones the venv holds after installing a changed pyproject.toml; uv adds the hashes.
LOCK := $(BIN)/uv pip compile --quiet --native-tls --generate-hashes --no-header --no-annotate \
	--python-version 3.11 pyproject.toml -c $(VENV)/pinned.txt --extra build
lock: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,build]'
	$(BIN)/pip freeze --all --exclude-editable > $(VENV)/pinned.txt
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

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
