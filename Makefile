# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# compilemessages needs settings but never touches keys: any well-formed value does.
BUILD_PII_KEY := AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)

# Find a Python >= 3.12: $PYTHON, python3.13, python3.12 (each must really run), then pyenv builds.
define find_python
for c in "$$PYTHON" python3.13 python3.12 \
         $(PYENV_ROOT)/versions/3.13*/bin/python $(PYENV_ROOT)/versions/3.12*/bin/python; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: run test test-fast install messages env migrate reference demo lint format clean openapi browser

$(VENV)/.installed: pyproject.toml
	@py=$$($(find_python)) || { \
	  echo "error: Python >= 3.12 is needed (3.13 preferred). Install python3.13 or set PYTHON=/path/to/python3.13." >&2; \
	  exit 1; }; \
	echo "using $$py ($$($$py --version))"; \
	[ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed messages

# Compiled translations (.mo) are built, not committed; gettext's msgfmt does it.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { \
	  echo "error: msgfmt is missing; install gettext (apt-get install gettext)." >&2; exit 1; }
	@DJANGO_SECRET_KEY=build PII_KEY=$(BUILD_PII_KEY) $(PY) manage.py compilemessages \
	  --ignore=.venv -v0

# A local .env with a fresh secret key and PII key, written once and never committed.
.env:
	@$(PY) scripts/make_dev_env.py

env: install .env

migrate: env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

reference: migrate
	$(PY) manage.py load_reference

demo: reference
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install browser
	$(BIN)/pytest

# Debian's chromium and a Chinese font for tests/browser, installed with apt when missing.
browser:
	@bash scripts/ensure_browser.sh

# The fast suite for a developer's loop: no generated schemathesis cases, no browser.
test-fast: install
	$(BIN)/pytest -m "not schemathesis and not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3

# The committed OpenAPI schema; tests fail when the code and openapi.yaml drift apart.
openapi: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py spectacular --validate \
	  --fail-on-warn --lang en --file openapi.yaml
