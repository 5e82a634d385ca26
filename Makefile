# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv setup lint system-deps clean prod-check bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Debian's Chromium for the browser tests (Playwright cannot download a browser here).
system-deps:
	@bash scripts/system-deps.sh

test: venv system-deps lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts

# The production path: check --deploy with DEBUG=0, gunicorn on 127.0.0.1, /healthz (scripts/prod_check.sh).
prod-check: venv
	bash scripts/prod_check.sh

# Benchmarks on their own database (default: a SQLite file, 5.000 staff × 2 years), marked as a benchmark
# database first (bench and generate_load refuse any other; marking refuses a database that already has users
# or figures, unless it is already marked). On PostgreSQL (a new database: createdb bench):
#   make bench BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/bench BENCH_STAFF=50000 BENCH_YEARS=5
# BENCH_LABEL=5k writes its own section (postgresql:5k), so two data sizes sit side by side (README).
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/bench.sqlite3
BENCH_STAFF ?= 5000
BENCH_YEARS ?= 2
BENCH_LABEL ?=
bench: venv
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_database_mark
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_demo
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_load --staff $(BENCH_STAFF) --years $(BENCH_YEARS) --replace
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(if $(BENCH_LABEL),--label $(BENCH_LABEL))
	$(PY) -c "import locust" 2>/dev/null || $(PY) -m pip install --quiet -r requirements-load.txt
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scripts/load_run.py $(if $(BENCH_LABEL),--label $(BENCH_LABEL))
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scripts/faults_under_load.py
