# The front door: `make run` serves the demo on http://127.0.0.1:8000, `make test` checks everything.
# Both start from a fresh clone on Debian 12 with python3 and node/npm; as root they install what is missing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (auto: one per core; 0 runs the suite in one process).
PYTEST_WORKERS ?= auto
BENCH_ARGS ?=
# mypy's Django plugin loads the settings, which want a database URL; `make lint` never connects to this one.
LINT_DATABASE_URL := postgres://lint@127.0.0.1/lint
# Where `make run` serves.
RUN_ADDRESS ?= 127.0.0.1:8000
# `make run` serves as production does, with DEBUG off (the product's own 404, 403 and 500 pages, never Django's
# debug pages), with the demo app installed; over plain HTTP on loopback, so cookies without the Secure flag and no
# redirect to HTTPS; static files served by WhiteNoise from where they are, without collectstatic.
RUN_ENV := DJANGO_DEBUG=false DEMO=true DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false \
	WHITENOISE_USE_FINDERS=true STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
# `make test` runs as of one day: TODAY=YYYY-MM-DD, or else one drawn at random from today to three years ahead.
TODAY ?=
ifneq ($(filter test test-day,$(MAKECMDGOALS)),)
TEST_DAY := $(shell scripts/test-day.sh '$(TODAY)')
endif

# psycopg2 builds from source; WeasyPrint needs pango and a font at run time.
BUILD_PACKAGES := gcc libpq-dev python3-dev libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# Any installed PostgreSQL server version will do.
SERVICE_PACKAGES := 'postgresql=/usr/lib/postgresql/*/bin/initdb' redis-server
TEST_PACKAGES := $(SERVICE_PACKAGES) chromium poppler-utils

.PHONY: help run test test-day fmt lint bench deps service-packages test-packages

help:
	@echo "make run    install what is missing, start PostgreSQL and Redis (data in var/), load the demo, serve on http://$(RUN_ADDRESS)"
	@echo "make test   install what is missing, start PostgreSQL and Redis, run checks and pytest as of a random day"
	@echo "            from today to three years ahead (make test TODAY=YYYY-MM-DD repeats a day)"
	@echo "make fmt    format and auto-fix with ruff"
	@echo "make lint   ruff, formatting, import-layer and type (mypy) checks"
	@echo "make bench  run the benchmarks against a throw-away PostgreSQL and Redis"
	@echo "make backup   back up the database and the case documents into var/backups/asb-backup-<time>/"
	@echo "make restore BACKUP=var/backups/asb-backup-<time> [FORCE=1]   restore one (docs/operations.md)"

# The stamp files make re-runs skip installs until a requirements file or the npm lock file change. A developer's
# machine gets the service's requirements and the tools (requirements-dev.txt); production installs requirements.txt.
$(VENV)/.requirements-installed: requirements.txt requirements-dev.txt
	@scripts/system-packages.sh $(BUILD_PACKAGES)
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || scripts/system-packages.sh python3-venv
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $@

node_modules/.npm-installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend compiled for a service outside GOV.UK (static/scss/govuk.scss says how).
static/css/govuk.css: static/scss/govuk.scss node_modules/.npm-installed
	@npm run --silent build

deps: $(VENV)/.requirements-installed node_modules/.npm-installed static/css/govuk.css
	@mkdir -p var

service-packages:
	@scripts/system-packages.sh $(SERVICE_PACKAGES)

test-packages:
	@scripts/system-packages.sh $(TEST_PACKAGES)

# The demo on the project's own PostgreSQL and Redis, whose data stay in var/postgres and var/redis between runs
# (`scripts/services.sh up var`); a Celery worker and beat (the schedule django-celery-beat keeps in the database)
# run beside the server, logging to var/log/. Ctrl-C stops the server, then the worker, beat, PostgreSQL and Redis.
run: service-packages deps
	@services=$$(scripts/services.sh up var)
	eval "$$services"
	export $(RUN_ENV)
	pids=()
	stop() { kill "$${pids[@]}" 2>/dev/null || true; wait "$${pids[@]}" 2>/dev/null || true; scripts/services.sh down var; }
	trap stop EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	echo "==> PostgreSQL at $$DATABASE_URL, Redis at $$REDIS_URL (data in var/; logs in var/log/)"
	$(PY) manage.py migrate --no-input
	# The demo loader creates logins whose password is published, so it runs only with DEBUG on: on its own.
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	mkdir -p var/log
	$(VENV)/bin/celery -A config worker --concurrency 2 --loglevel INFO >>var/log/celery-worker.log 2>&1 &
	pids+=($$!)
	$(VENV)/bin/celery -A config beat --scheduler django_celery_beat.schedulers:DatabaseScheduler --loglevel INFO \
		>>var/log/celery-beat.log 2>&1 &
	pids+=($$!)
	# In the background too, so that whatever stops this shell stops the server with the rest.
	$(PY) manage.py runserver $(RUN_ADDRESS) &
	pids+=($$!)
	wait $$!

test-day:
	@[ -n "$(TEST_DAY)" ] || exit 2
	echo "==> tests as of $(TEST_DAY) (make test TODAY=$(TEST_DAY) to repeat)"

# Every check runs even when an earlier one fails, so one run shows every problem; the exit status is
# pytest's when pytest fails, else that of the first failed check. pytest runs as of TEST_DAY (tests/conftest.py
# moves the clock there), on one pytest-xdist worker per core; tests/ordered_scheduling.py says how they share the work.
test: test-day test-packages deps
	@services=$$(scripts/services.sh start)
	eval "$$services"
	trap 'scripts/services.sh stop' EXIT
	echo "==> PostgreSQL at $$DATABASE_URL, Redis at $$REDIS_URL"
	status=0
	check() { echo "==> $$*"; "$$@" || { local rc=$$?; [ "$$status" -ne 0 ] || status=$$rc; }; }
	check $(PY) manage.py makemigrations --check --dry-run
	check $(VENV)/bin/ruff check .
	check $(VENV)/bin/ruff format --check .
	check $(VENV)/bin/mypy
	echo "==> pytest"
	ASB_TEST_TODAY=$(TEST_DAY) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS) || exit $$?
	exit $$status

fmt: deps
	@$(VENV)/bin/ruff check --fix --exit-zero --quiet .
	$(VENV)/bin/ruff format .

lint: deps
	@$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	DATABASE_URL=$(LINT_DATABASE_URL) $(VENV)/bin/mypy

bench: service-packages deps
	@scripts/services.sh run $(PY) bench/run.py $(BENCH_ARGS)

# Backup and restore of the database and the case documents (core/backups.py; docs/operations.md says how and when).
# They act on DATABASE_URL and DOCUMENT_ROOT when set, else on `make run`'s PostgreSQL and var/documents, starting
# that PostgreSQL (and Redis) for the while if `make run` is not running. `make restore` refuses to write over a
# database with tables or a document folder with files unless FORCE=1.
BACKUP_DIR ?= var/backups
BACKUP ?=
FORCE ?=

.PHONY: backup restore

backup: service-packages $(VENV)/.requirements-installed
	@if [ -z "$${DATABASE_URL:-}" ] && [ ! -f var/services.env ]; then
		eval "$$(scripts/services.sh up var)"
		trap 'scripts/services.sh down var' EXIT
	fi
	$(PY) manage.py backup --to '$(BACKUP_DIR)'

restore: service-packages $(VENV)/.requirements-installed
	@if [ -z '$(BACKUP)' ]; then
		echo "usage: make restore BACKUP=$(BACKUP_DIR)/asb-backup-YYYYMMDDTHHMMSSZ [FORCE=1]" >&2
		exit 2
	fi
	if [ -z "$${DATABASE_URL:-}" ] && [ ! -f var/services.env ]; then
		eval "$$(scripts/services.sh up var)"
		trap 'scripts/services.sh down var' EXIT
	fi
	$(PY) manage.py restore '$(BACKUP)' $(if $(filter 1 yes true,$(FORCE)),--force)
