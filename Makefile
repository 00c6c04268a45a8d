# Putright: `make run` serves the product, `make test` runs the tests.
# Each step leaves a stamp, so a second `make run` skips what is already done.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= $(or $(PUTRIGHT_PORT),8000)
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
STAMPS := var/.stamps
DEMO_COMPLAINTS ?= 60
WEB_WORKERS ?= 2

# The first Python that is 3.11 or newer.
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)

# The task worker: the database queue's, or RQ's when PUTRIGHT_TASK_BACKEND=rq (ADR 0017). RQ's
# worker names every queue in settings.TASK_QUEUES and runs the scheduler that starts retries.
ifeq ($(PUTRIGHT_TASK_BACKEND),rq)
TASK_WORKER := rqworker --job-class django_tasks_rq.Job --with-scheduler default letters
DEV_TASK_WORKER := $(TASK_WORKER)
else
TASK_WORKER := db_worker --queue-name '*' --no-reload
DEV_TASK_WORKER := db_worker --queue-name '*' --reload
endif

SCSS := $(wildcard frontend/scss/*.scss)
CSS := putright/common/static/putright/build/app.css

.PHONY: help run dev test test-tasks lint bench tools serve clean messages

help:
	@echo "make run    install everything and serve Putright at http://$(HOST):$(PORT)"
	@echo "make test   lint, then run the test suite (SQLite, or DATABASE_URL if set)"
	@echo "make test-tasks  the task queue's tests, on PUTRIGHT_TASK_BACKEND's queue (rq: Redis)"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make dev    like run, with Django's autoreloading development server"

tools:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Putright needs Python 3.11 or newer, and none was found on PATH."; \
	  echo "Install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv) and run make again."; \
	  exit 1; fi
	@if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then \
	  echo "$(PYTHON) cannot create virtual environments (venv/ensurepip missing)."; \
	  echo "Install it (Debian/Ubuntu: sudo apt-get install python3-venv) and run make again."; \
	  exit 1; fi
	@if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then \
	  echo "Putright needs Node.js 18 or newer with npm, to build the GOV.UK Frontend styles."; \
	  echo "Install it (Debian/Ubuntu: sudo apt-get install nodejs npm) and run make again."; \
	  exit 1; fi

$(STAMPS):
	@mkdir -p $(STAMPS)

# Python: a virtual environment with the pinned versions in requirements.lock.
$(STAMPS)/python: pyproject.toml requirements.lock | $(STAMPS)
	@$(MAKE) --no-print-directory tools
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages (pinned in requirements.lock)…"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	@touch $@

# npm: GOV.UK Frontend, Sass and axe-core, exactly as in package-lock.json.
$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	@$(MAKE) --no-print-directory tools
	@echo "Installing npm packages (pinned in package-lock.json)…"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(STAMPS)/npm $(SCSS)
	@echo "Compiling GOV.UK Frontend styles…"
	@npm run --silent build

$(STAMPS)/static: $(STAMPS)/python $(CSS)
	@$(BIN)/putright collectstatic --noinput --verbosity 0
	@touch $@

messages: $(STAMPS)/python
	@cd putright && ../$(BIN)/putright compilemessages --verbosity 0

install: $(STAMPS)/python $(STAMPS)/static

run: install
	@$(BIN)/putright migrate --noinput --verbosity 0
	@$(BIN)/putright demo-data --complaints $(DEMO_COMPLAINTS) --if-empty
	@$(MAKE) --no-print-directory serve

serve:
	@echo ""
	@echo "Putright is starting at http://$(HOST):$(PORT)  (staff sign-in: http://$(HOST):$(PORT)/staff/)"
	@echo "Press Ctrl+C to stop."
	@export PUTRIGHT_BASE_URL="$${PUTRIGHT_BASE_URL:-http://$(HOST):$(PORT)}"; \
	trap 'trap - EXIT INT TERM; kill 0 2>/dev/null' EXIT INT TERM; \
	$(BIN)/putright $(TASK_WORKER) --verbosity 0 & \
	$(BIN)/putright scheduler --verbosity 0 & \
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
	  --access-logfile - --error-logfile - --log-level warning --timeout 60

dev: install
	@$(BIN)/putright migrate --noinput --verbosity 0
	@$(BIN)/putright demo-data --complaints $(DEMO_COMPLAINTS) --if-empty
	@export PUTRIGHT_BASE_URL="$${PUTRIGHT_BASE_URL:-http://$(HOST):$(PORT)}"; \
	trap 'trap - EXIT INT TERM; kill 0 2>/dev/null' EXIT INT TERM; \
	$(BIN)/putright $(DEV_TASK_WORKER) & \
	$(BIN)/putright scheduler & \
	DJANGO_DEBUG=true $(BIN)/putright runserver $(HOST):$(PORT)

lint: $(STAMPS)/python
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check --quiet putright config tests benchmarks || \
	  { echo "Run: $(BIN)/ruff format putright config tests benchmarks"; exit 1; }

test: $(STAMPS)/python $(CSS)
	@$(MAKE) --no-print-directory lint
	@mkdir -p var
	@$(BIN)/pytest --cov=putright --cov-branch --cov-report= $(PYTEST_ARGS)
	@$(BIN)/coverage report --include='putright/policy/*' --fail-under=100 --skip-covered \
	  || { echo "putright/policy must keep 100% branch coverage"; exit 1; }

# The tests marked `tasks` (a real worker runs what they queue) on the configured task backend,
# e.g. PUTRIGHT_TASK_BACKEND=rq REDIS_URL=redis://127.0.0.1:6379/0 make test-tasks. No coverage
# gate: it runs a fraction of the suite.
test-tasks: $(STAMPS)/python
	@mkdir -p var
	@$(BIN)/pytest -m tasks $(PYTEST_ARGS)

bench: $(STAMPS)/python
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf var/.stamps var/static node_modules putright/common/static/putright/build
