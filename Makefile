# Common Ground — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The production image installs RUNTIME_LOCK only; a checkout installs both (DEV_LOCK pins the
# development tools with the same versions of everything the runtime set holds).
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(RUNTIME_LOCK) $(DEV_LOCK) | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install run test lint check format messages lock bench clean

install: $(STAMP)

$(STAMP): $(RUNTIME_LOCK) $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps -r $(RUNTIME_LOCK) -r $(DEV_LOCK)
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# `make run PORT=8100` serves on another port; links in emails and on voting cards (SITE_URL)
# follow it unless SITE_URL is set.
PORT ?= 8000
run: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py seed_demo
	@echo "Common Ground is at http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	bash tests/harness/system-packages.sh
	$(PY) -m tests.harness.services -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Everything CI checks besides the tests: lint, no model change without its migration, and the
# import contracts in pyproject.toml. Needs no database server (an in-memory SQLite).
check: lint
	DJANGO_SETTINGS_MODULE=config.settings.local DATABASE_URL=sqlite://:memory: \
	  $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l cy --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l cy --ignore=.venv

# Re-resolve exact versions from pyproject.toml (needs the network). uv keeps the versions already
# in a lock file unless pyproject.toml asks otherwise; the development set is constrained to the
# runtime pins, so tests run on exactly what production runs.
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml -o $(RUNTIME_LOCK) \
	  --python $(PY) --custom-compile-command "make lock"
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -c $(RUNTIME_LOCK) -o $(DEV_LOCK) \
	  --python $(PY) --custom-compile-command "make lock"

bench: install
	bash tests/harness/system-packages.sh
	for b in bench/*.py; do $(PY) -m tests.harness.services -- $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .test-artifacts .pytest_cache
