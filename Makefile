# The two commands a newcomer needs: `make run` and `make test`.
# Without DATABASE_URL / CELERY_BROKER_URL everything runs on an embedded PostgreSQL and an
# embedded Redis under var/ (wbw_portal/embedded.py); set them to use real servers.
# `make stop` stops the embedded servers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Development commands run with DEBUG on unless told otherwise: only then do manage.py and
# Celery start the embedded servers for unset variables.
DEV := DEBUG=$${DEBUG:-1}

.PHONY: run serve test setup install lock migrate seed worker web lint lint-api spectral format bench stop messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs exactly the locked versions, checked against their hashes (requirements/dev.txt;
# the image uses requirements/main.txt). After changing dependencies in pyproject.toml: make lock.
$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

# Re-resolve the lockfiles from pyproject.toml, keeping every pin that still fits (uv);
# `make lock UPGRADE=--upgrade` moves everything to the newest allowed versions.
LOCK_FLAGS := --python-version 3.11 --generate-hashes --quiet $(UPGRADE)
lock: | $(BIN)/python
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements/main.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements/dev.txt

install: $(VENV)/.installed

# Compiled only when a catalogue changed: every `make test` and `make run` passes through here.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
messages: $(CATALOGUES:.po=.mo)

%.mo: %.po | install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0; \
	else echo "msgfmt (GNU gettext) not found: English translations are not compiled; Dutch works."; fi

setup: install messages
	$(DEV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEV) $(BIN)/python manage.py seed_wbw --demo

run: setup serve

# Web, worker and beat (Procfile.dev) under honcho; Ctrl-C stops all of them within seconds.
serve: install
	@echo ""
	@echo "  WBW Regieportaal: http://$(HOST):$(PORT)/  (log in with a demo account above; Ctrl-C stops)"
	@echo ""
	@$(DEV) HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho --no-colour -f Procfile.dev start

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# The OpenAPI document of API v1 against the NLGov REST API Design Rules: 0 errors required.
# Spectral comes from npm (`make spectral`, which .ci/run calls); the ruleset from ../shared.
SPECTRAL ?= var/spectral/node_modules/.bin/spectral
NLGOV_RULESET ?= ../shared/reference/nlgov-adr-ruleset.yaml

spectral:
	npm install --prefix var/spectral --no-audit --no-fund --silent @stoplight/spectral-cli@6.16.3

lint-api: install
	$(DEV) $(BIN)/python manage.py spectacular --format openapi-json --file var/openapi.json
	$(SPECTRAL) lint --fail-severity error -r $(NLGOV_RULESET) var/openapi.json

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python -m benchmarks.bench_maturity
	$(BIN)/python -m benchmarks.bench_reports

stop:
	$(BIN)/python -m wbw_portal.embedded stop
