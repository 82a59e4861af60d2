# The two commands a newcomer needs: `make run` and `make test`.
# Without DATABASE_URL / CELERY_BROKER_URL everything runs on an embedded PostgreSQL and a
# filesystem broker under var/; set them to use a real PostgreSQL and Redis.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install migrate seed worker web lint format bench stop messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0; \
	else echo "msgfmt (GNU gettext) not found: English translations are not compiled; Dutch works."; fi

setup: install messages
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_wbw --demo

run: setup
	@echo ""
	@echo "  WBW Regieportaal: http://$(HOST):$(PORT)/  (log in with a demo account above; Ctrl-C stops)"
	@echo ""
	DEBUG=$${DEBUG:-1} $(BIN)/python -m celery -A wbw_portal worker --loglevel=INFO --concurrency=2 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python -m benchmarks.bench_maturity
	$(BIN)/python -m benchmarks.bench_reports

stop:
	$(BIN)/python -m wbw_portal.embedded stop
