# Koers: two commands. `make demo` sets up and serves the app with demo data (SQLite);
# `make test` runs every quality gate and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KOERS := $(BIN)/koers
PYTEST_ARGS ?=
# The official ESCO, O*NET and crosswalk downloads (see each LICENSE-NOTE.md); Koers imports them.
KOERS_DATA_DIR ?= ../shared/data
ESCO_NL := $(KOERS_DATA_DIR)/esco-nl

.PHONY: demo install assets browser benchmark messages test lint typecheck check-migrations check-translations pytest benchmark clean

demo: install assets
	$(KOERS) migrate --no-input
	$(KOERS) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(KOERS) demo
	@if [ -d "$(KOERS_DATA_DIR)/esco-v1.1.1" ]; then \
	  $(KOERS) import-esco $(KOERS_DATA_DIR)/esco-v1.1.1 $(ESCO_NL)/ISCOGroups_nl.csv \
	    $(ESCO_NL)/occupations_nl.csv $(ESCO_NL)/skillGroups_nl.csv && \
	  $(KOERS) import-onet $(KOERS_DATA_DIR)/onet-29.3 $(KOERS_DATA_DIR)/crosswalks; \
	else echo "No ESCO download in $(KOERS_DATA_DIR): career information stays empty (see README)."; fi
	@echo "Serving Koers on http://127.0.0.1:8000 (Ctrl+C stops it)"
	$(KOERS) serve 127.0.0.1:8000

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: install assets browser lint typecheck check-migrations check-translations pytest

# The browser tests drive Debian's Chromium (Playwright's own download does not work offline).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint:
	$(BIN)/ruff check koers tests conftest.py
	$(BIN)/ruff format --check koers tests conftest.py
	$(BIN)/djlint koers --lint --quiet
	$(BIN)/lint-imports

typecheck:
	KOERS_ENV=test $(BIN)/mypy koers

check-migrations:
	KOERS_ENV=test $(KOERS) makemigrations --check --dry-run

check-translations:
	$(BIN)/python scripts/check_translations.py

pytest:
	$(KOERS) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(BIN)/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var

messages:
	for app in koers/*/apps.py; do (cd $$(dirname $$app) && DJANGO_SETTINGS_MODULE=koers.config.settings KOERS_ENV=test ../../$(BIN)/django-admin makemessages -l nl --no-obsolete); done

# Benchmarks: Koers against a baseline in the same run (PostgreSQL at DATABASE_URL's server);
# not part of `make test`. Results land in benchmarks/results.md.
benchmark: install assets
	$(BIN)/python benchmarks/run.py
