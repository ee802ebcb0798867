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
# Datasette limits for a public site (explained in the README).
DATASETTE_SETTINGS := --setting sql_time_limit_ms 2000 --setting max_returned_rows 1000 \
	--setting facet_time_limit_ms 400 --setting suggest_facets off
# Custom templates: the decision outline page and the provenance link on row pages.
TEMPLATES := build_data/templates

.PHONY: install build export serve test lint validate bench accuracy clean loadtest

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

build: install
	$(BIN)/osce-data build

validate: install
	$(BIN)/osce-data validate datapackage

# Akoma Ntoso, Popolo, Parquet and the citation graph, served at /exports/.
export: build
	$(BIN)/osce-data export

# A server started earlier would go on serving the replaced database: it is stopped
# (only when .serve.pid names a running `datasette serve`), then this one records its pid.
# dist/ holds the release archives and the data changelog (`osce-data release`), linked from the home page.
serve: export
	@pid=$$(cat .serve.pid 2>/dev/null); \
	if [ -n "$$pid" ] && ps -p "$$pid" -o args= 2>/dev/null | grep -q 'datasette serve'; then \
		echo "Stopping the server started earlier by make serve (pid $$pid): it serves the old database."; \
		kill "$$pid"; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$$pid" 2>/dev/null || break; sleep 0.5; done; \
	fi
	$(BIN)/datasette inspect osce.db --inspect-file inspect-data.json
	@# The home page links the recorded release's archive: made again here when absent (same data, same bytes).
	test -e dist/osce-data-$(RELEASE).zip || $(BIN)/osce-data release --version $(RELEASE) \
		|| echo "The data differ from release $(RELEASE): its archive is not served (see osce-data release)."
	mkdir -p dist
	echo $$$$ > .serve.pid; exec $(BIN)/datasette serve -i osce.db --inspect-file inspect-data.json -m metadata.yml \
		--host $(HOST) --port $(PORT) --static datapackage:datapackage --static exports:exports --static dist:dist \
		--template-dir $(TEMPLATES) \
		--plugins-dir plugins $(DATASETTE_SETTINGS)

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

# Concurrent clients against `datasette serve -i` on a free 127.0.0.1 port (README).
loadtest: install
	$(BIN)/python benchmarks/loadtest.py --db osce.db

clean:
	rm -rf $(VENV) osce.db exports osce.db.cache osce.db.cache-* osce.db.lock inspect-data.json .serve.pid .pytest_cache test-artifacts
