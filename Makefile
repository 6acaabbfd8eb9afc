# Golden Thread. `make run` serves the demo council; `make test` runs the whole suite.
# Both set everything up first, on a fresh machine, from the pinned constraints.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# This checkout's defaults for `goldenthread` in any shell (goldenthread/env.py reads them).
CHECKOUT_DEFAULTS := $(VENV)/goldenthread.env
ASSETS := goldenthread/static/build/.built
export GOLDENTHREAD_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets browser pdf-libs lint typecheck check bench clean

run: install assets pdf-libs
	GOLDENTHREAD_ENV=development $(BIN)/goldenthread migrate --no-input
	GOLDENTHREAD_ENV=development $(BIN)/goldenthread demo --if-empty
	GOLDENTHREAD_ENV=development $(BIN)/goldenthread demo --logins
	@echo "Serving Golden Thread on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	GOLDENTHREAD_ENV=development $(BIN)/goldenthread runserver $(HOST):$(PORT)

test: install assets browser pdf-libs
	GOLDENTHREAD_ENV=test $(BIN)/goldenthread makemigrations --check --dry-run
	$(BIN)/ruff check goldenthread tests bench
	$(BIN)/ruff format --check --quiet goldenthread tests bench
	GOLDENTHREAD_ENV=test $(BIN)/mypy goldenthread
	GOLDENTHREAD_ENV=test $(BIN)/pytest -n auto -rs $(PYTEST_ARGS)

install: $(INSTALLED) $(CHECKOUT_DEFAULTS)

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# So that `. .venv/bin/activate; goldenthread report coverage` in a new shell reads the same
# database `make run` serves. Variables set in the environment still win.
$(CHECKOUT_DEFAULTS): Makefile | $(INSTALLED)
	printf '%s\n' "# Written by make install: this checkout's defaults for the goldenthread command." \
	  "# Variables set in the environment win. Delete the file for production defaults." \
	  "GOLDENTHREAD_ENV=development" "GOLDENTHREAD_DATA_DIR=$(GOLDENTHREAD_DATA_DIR)" > $@

assets: $(ASSETS)

$(ASSETS): package.json package-lock.json scripts/build_assets.mjs $(wildcard goldenthread/static/src/*)
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/build_assets.mjs
	touch $@

# End-to-end tests drive Debian's Chromium. Install it when it is missing and we may (as root);
# otherwise say plainly that the browser tests will be skipped (CI requires them).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "*** Chromium is missing (sudo apt-get install chromium): the browser tests" \
	    "will be SKIPPED. ***" >&2; fi; }

# PDF reports are laid out by WeasyPrint, which needs Pango (and draws faster with HarfBuzz's
# font subsetter). Install them when missing and we may (as root); otherwise say so.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pdf-libs:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS); \
	  else echo "*** Pango or HarfBuzz-subset is missing (sudo apt-get install $(PDF_LIBS)): PDF reports" \
	    "cannot be made, or are slower, and their tests FAIL without Pango. ***" >&2; fi; }

lint: install
	$(BIN)/ruff check goldenthread tests bench
	$(BIN)/ruff format --check goldenthread tests bench

typecheck: install
	GOLDENTHREAD_ENV=test $(BIN)/mypy goldenthread

check: install
	GOLDENTHREAD_ENV=test $(BIN)/goldenthread check

bench: install pdf-libs
	GOLDENTHREAD_ENV=test $(BIN)/python bench/run_all.py

# Refreshes the pinned versions after a change to pyproject.toml's dependencies.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade "pip>=24"
	.venv-lock/bin/python -m pip install --quiet ".[dev]"
	.venv-lock/bin/python -m pip freeze --exclude goldenthread | sort > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules goldenthread/static/build
