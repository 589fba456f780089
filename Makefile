# Whole Journey PREM: the front door. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.DEFAULT_GOAL := help
.PHONY: help demo test lint audit format install install-test assets lock serve serve-dev clean translations

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.test: requirements-test.lock $(VENV)/.runtime
	$(PIP) install -r requirements-test.lock
	@touch $@

# Compiled catalogues (.mo) are built from the committed .po files, never committed.
MO := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/pybabel --quiet compile -i $< -o $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.runtime $(MO) ## Create .venv, install the app from the lock file, compile catalogues
install-test: $(VENV)/.test $(MO) ## Also install the test extras
assets: node_modules/.installed ## Install NHS.UK frontend (and axe-core) from npm

demo: install assets ## Migrate, load the demo place, build its report, print links, serve on PREM_PORT
	$(BIN)/prem demo

# Production: gunicorn with its settings as code (PREM_WORKERS, PREM_THREADS, ...); run as many
# as you like, on as many hosts, against one PostgreSQL (README: Running in production).
serve: install assets ## Serve the app with gunicorn on PREM_HOST:PREM_PORT (production server)
	$(BIN)/gunicorn --config python:survey_app.gunicorn_conf survey_app.wsgi:app

serve-dev: install assets ## Serve the app with Flask's development server (one process)
	$(BIN)/prem serve

test: install-test assets ## Run every test (PostgreSQL and Chromium tests run when available)
	$(BIN)/pytest -n 2 -p no:cacheprovider

translations: install ## Extract every string into translations/messages.pot, update and compile catalogues
	$(BIN)/prem translations update

lint: install-test ## ruff: style, bugs, and the rule keeping Flask/SQLAlchemy out of pure packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pip-audit asks PyPI's JSON API (its default service, one request per pinned version) for
# known vulnerabilities of every version the lock files pin: what production installs
# (requirements.lock) and what CI runs (requirements-test.lock). The locks are complete, so
# --no-deps --disable-pip: nothing is resolved, downloaded or built. --strict: a package the
# service cannot answer for fails the audit instead of being skipped as if it were clean.
# Exceptions (a vulnerability with no fixed version yet) go here as `--ignore-vuln ID`, each
# with its reason on a comment line above; there are none.
audit: install-test ## Check every pinned dependency against known vulnerabilities (pip-audit)
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
		-r requirements.lock -r requirements-test.lock

format: install-test ## Reformat the code with ruff
	$(BIN)/ruff format .

lock: install ## Re-pin Python dependencies (requirements.lock, requirements-test.lock)
	$(PIP) install pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra test -o requirements-test.lock pyproject.toml

clean: ## Remove .venv, node_modules and caches (keeps instance/)
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
