# The README's two commands: `make serve` (set up, build, serve) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8001
# The release recorded in the repository (osce-data release), whose archive the site links.
RELEASE = $(shell sed -n 's/.*"version": "\(.*\)".*/\1/p' build_data/data/release.json)
# Number of synthetic journals for `make bench`.
N ?= 3000
# Worker processes of `make serve` (build_data/site_command.py); `make loadtest WORKERS=1,2,4` compares counts.
WORKERS ?= 1
# The database `make loadtest` serves.
LOADTEST_DB ?= osce.db

.PHONY: install stop-server build export serve test lint validate bench accuracy clean loadtest

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# A build may patch osce.db in place, which a running server (immutable mode) does not
# expect: a server started earlier by make serve (.serve.pid names it) is stopped first.
stop-server:
	@pid=$$(cat .serve.pid 2>/dev/null); \
	if [ -n "$$pid" ] && ps -p "$$pid" -o args= 2>/dev/null | grep -qE 'datasette serve|site_command:worker_app'; then \
		echo "Stopping the server started earlier by make serve (pid $$pid): the build may change its database."; \
		kill "$$pid"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do kill -0 "$$pid" 2>/dev/null || break; sleep 0.5; done; \
	fi

build: install stop-server
	$(BIN)/osce-data build

validate: install
	$(BIN)/osce-data validate datapackage

# Akoma Ntoso, Popolo, Parquet and the citation graph, served at /exports/.
export: build
	$(BIN)/osce-data export

# The build stops a server started earlier (stop-server); this one records its pid.
# dist/ holds the release archives and the data changelog (`osce-data release`), linked from the home page.
# The site itself (options, settings, server, secret) is defined once, in build_data/site_command.py.
serve: export
	@# The home page links the recorded release's archive: made again here when absent (same data, same bytes).
	test -e dist/osce-data-$(RELEASE).zip || $(BIN)/osce-data release --version $(RELEASE) \
		|| echo "The data differ from release $(RELEASE): its archive is not served (see osce-data release)."
	mkdir -p dist
	echo $$$$ > .serve.pid; exec $(BIN)/osce-data serve --db osce.db --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: install
	$(BIN)/python -m pytest

# Ruff: the lint rules and the formatter of pyproject.toml ([tool.ruff]); nothing is rewritten.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

accuracy: install
	$(BIN)/python -m benchmarks.accuracy

# End-to-end benchmark on N synthetic journals (see benchmarks/README.md); not a test.
bench: install
	$(BIN)/python benchmarks/bench.py --n $(N)

# Concurrent clients against the site served as `make serve` serves it, on a free 127.0.0.1
# port, once per worker count of WORKERS (README).
loadtest: install
	$(BIN)/python benchmarks/loadtest.py --db $(LOADTEST_DB) --workers $(WORKERS)

clean:
	rm -rf $(VENV) osce.db exports osce.db.cache osce.db.cache-* osce.db.lock osce.db.serving inspect-data.json .serve.pid .pytest_cache test-artifacts
