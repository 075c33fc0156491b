# Short verbs for kasip development; every target uses the .venv that
# scripts/test.sh creates (run `make test` first on a fresh clone).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint format docs bench

run:  ## serve the registry (the bundled standard is imported into an empty one)
	$(BIN)/kasip serve

test:  ## the README test command: install, lint, type-check, pytest
	bash scripts/test.sh

# The quick loop while editing: SQLite only (no PostgreSQL, even when
# TEST_DATABASE_URL is set), no browser, without the slow-marked tests, on
# every core (pytest-xdist, from the test extra: `make test` installs it).
# Bytecode caches are written even where PYTHONDONTWRITEBYTECODE is set:
# compiling everything again costs each worker seconds. `make test` still
# runs every test, in one process.
test-fast:  ## the SQLite tests without browser and slow ones, in parallel; installs nothing
	PYTHONDONTWRITEBYTECODE= KASIP_NO_POSTGRES=1 TEST_DATABASE_URL= \
		$(BIN)/python -m pytest -m "not browser and not postgres and not slow" -n auto

lint:  ## ruff, mypy and the import layers only
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format:  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests scripts benchmarks
	$(BIN)/ruff format src tests scripts benchmarks

docs:  ## regenerate docs/cli.md from the commands' help
	$(BIN)/python scripts/gen_cli_docs.py

bench:  ## parse and import benchmark
	$(BIN)/python benchmarks/bench_parse_import.py
