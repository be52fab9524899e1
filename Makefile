# Set-up and entry points. `make site` and `make test` work on a fresh machine:
# they create .venv, install the pinned packages, and (for tests) Debian's chromium
# and the npm checkers (vnu-jar, axe-core).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test serve lint check clean browser-deps bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-deps: $(NODE_STAMP)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium (needed by the browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Extra flags for the build, e.g. make site SITE_ARGS="--base-url https://user.github.io/repo/"
SITE_ARGS ?=

# Bytecode for the package: an editable install writes none, and with PYTHONDONTWRITEBYTECODE
# set every run would compile it from source again (issue 7: start-up counts in a rebuild).
site: $(STAMP)
	@$(BIN)/python -m compileall -q site_builder
	$(BIN)/site-builder build $(SITE_ARGS)

serve: $(STAMP)
	$(BIN)/site-builder serve

check: $(STAMP)
	$(BIN)/site-builder check

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/python bench/eval_fixtures.py
	$(BIN)/python -m pytest -n 2 -q -m "not forks"
	# xdist workers run a thread, which turns forking off: these run in one plain process.
	$(BIN)/python -m pytest -p no:xdist -q -m forks

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf output .cache test-artifacts
