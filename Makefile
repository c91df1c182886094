# The two commands of README.md:
#   make serve   set up, build the graph from seeds/ into the embedded store, serve it on http://127.0.0.1:8000
#   make test    set up (system packages included) and run the whole test suite
# Both are idempotent.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export SAHELKG_DATA ?= $(CURDIR)/data

.PHONY: serve test setup system-deps js build-graph bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

js:
	@command -v npm >/dev/null 2>&1 || ./scripts/system-deps.sh npm
	@if [ -f server/package-lock.json ]; then \
	  if [ ! -d server/node_modules ] || [ server/package-lock.json -nt server/node_modules/.package-lock.json ]; then \
	    npm ci --prefix server --no-audit --no-fund --loglevel=error; fi; fi

setup: $(VENV)/.installed js

system-deps:
	./scripts/system-deps.sh

build-graph: setup
	$(BIN)/sahelkg build

serve: build-graph
	$(BIN)/sahelkg serve --host $(HOST) --port $(PORT)

test: system-deps setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) data build dist *.egg-info server/node_modules
