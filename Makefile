# Common Ground — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install run test test-fast lint format messages lock bench clean

install: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Common Ground is at http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	bash tests/harness/system-packages.sh
	$(PY) -m tests.harness.services -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l cy --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l cy --ignore=.venv

# Re-resolve exact versions from pyproject.toml (needs the network).
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements.lock --python $(PY)

bench: install
	bash tests/harness/system-packages.sh
	for b in bench/*.py; do $(PY) -m tests.harness.services -- $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .test-artifacts .pytest_cache
