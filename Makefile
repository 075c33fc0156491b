# Short verbs for kasip development; every target uses the .venv that
# scripts/test.sh creates (run `make test` first on a fresh clone).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint format docs bench

run:  ## serve the registry (the bundled standard is imported into an empty one)
	$(BIN)/kasip serve

test:  ## the README test command: install, lint, type-check, pytest
	bash scripts/test.sh

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
