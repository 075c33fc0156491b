#!/usr/bin/env bash
# The README's test command: install kasip with its test extras into .venv,
# then lint, type-check and run the tests (doctests included, see pyproject).
# Works from a fresh clone; set PYTHON to pick the interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
fi
# constraints.txt pins every dependency, so CI checks what developers ran.
.venv/bin/python -m pip install -q --disable-pip-version-check \
    -c constraints.txt -e ".[test,postgres]"

.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/ruff format --check src tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest
