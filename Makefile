# The WSIS Outcomes Portal. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PORT ?= 8000
PY := .venv/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Sourced at the top of a recipe: use the named cluster unless DATABASE_URL is set.
define use_db
if [ -z "$${DATABASE_URL:-}" ]; then
    scripts/db.sh start $(1)
    export DATABASE_URL=$$(scripts/db.sh url $(1))
fi
endef

.PHONY: help run test serve db-stop lint bench

help:
	@echo "make run      serve the portal for development on http://127.0.0.1:$(PORT)/ (PORT=...)"
	echo "make test     check migrations and run the tests (PYTEST_ARGS=...)"
	echo "make serve    serve with production settings through gunicorn"
	echo "make lint     ruff check and format check"
	echo "make bench    run the benchmarks in bench/"
	echo "make db-stop  stop the local PostgreSQL clusters (scripts/db.sh status shows them)"

.venv/.installed: requirements.txt requirements-dev.txt
	@# A venv made by an older Python (or half made) is rebuilt from scratch.
	if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
	    py=$$(scripts/find-python.sh)
	    echo "Creating .venv with $$py"
	    rm -rf .venv
	    "$$py" -m venv .venv
	fi
	echo "Installing requirements-dev.txt into .venv"
	.venv/bin/pip install -q -r requirements-dev.txt
	touch $@

run: .venv/.installed
	@if (exec 3<>/dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; then
	    echo "error: port $(PORT) is in use by another program; stop it or run: make run PORT=8001" >&2
	    exit 1
	fi
	$(call use_db,run)
	export DJANGO_SETTINGS_MODULE=wsis_portal.settings.dev DJANGO_DEBUG=1
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	echo
	echo "Serving the WSIS Outcomes Portal on http://127.0.0.1:$(PORT)/"
	echo
	exec $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: .venv/.installed
	@scripts/ensure-chromium.sh
	$(call use_db,test)
	DJANGO_SETTINGS_MODULE=wsis_portal.settings.test $(PY) manage.py makemigrations --check --dry-run --noinput
	exec $(PY) -m pytest $(PYTEST_ARGS)

serve: .venv/.installed
	@$(call use_db,run)
	export DJANGO_SETTINGS_MODULE=wsis_portal.settings.production DJANGO_DEBUG=0
	# Plain HTTP on this machine; behind TLS leave DJANGO_HTTPS unset (docs/deploying.md).
	export DJANGO_HTTPS=$${DJANGO_HTTPS:-0} PORT=$(PORT)
	if [ -z "$${DJANGO_SECRET_KEY:-}" ]; then
	    # Made once and kept, so that sessions survive a restart.
	    [ -s .secret_key ] || (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' >.secret_key)
	    export DJANGO_SECRET_KEY=$$(cat .secret_key)
	fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py collectstatic --noinput
	echo "Serving with production settings on http://127.0.0.1:$(PORT)/ (gunicorn)"
	exec .venv/bin/gunicorn -c wsis_portal/gunicorn.conf.py wsis_portal.wsgi

db-stop:
	@scripts/db.sh stop

lint: .venv/.installed
	@.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: .venv/.installed
	@$(call use_db,run)
	scripts/bench.sh
