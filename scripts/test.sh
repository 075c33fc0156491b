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
# The layers of docs/architecture.md (pyproject.toml [tool.importlinter]).
.venv/bin/lint-imports
# System packages for the browser and PDF tests (Chromium, Pango, DejaVu,
# poppler-utils), installed when missing if we are root with apt-get.
# shellcheck source=scripts/system-deps.sh
source scripts/system-deps.sh
if [ "${KASIP_NO_SYSTEM_PACKAGES:-}" != 1 ] && ! kasip_test_packages; then
    # CI must run the browser and PDF tests: there a missing package is a failure.
    if [ "${CI:-}" = true ]; then
        echo "test.sh: CI needs ${KASIP_TEST_PACKAGES[*]} and they could not be installed" >&2
        exit 1
    fi
    echo "test.sh: browser/PDF system packages missing; those tests are skipped" >&2
fi
# The store tests also run against a real PostgreSQL server when one can be
# started here (Debian package, throwaway cluster); otherwise they are skipped.
if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${KASIP_NO_POSTGRES:-}" != 1 ]; then
    # shellcheck source=scripts/postgres.sh
    source scripts/postgres.sh
    if ! kasip_pg_start; then
        # CI must test the PostgreSQL backend: there a missing server is a failure.
        if [ "${CI:-}" = true ]; then
            echo "test.sh: CI needs a PostgreSQL server and none could be started" >&2
            exit 1
        fi
        echo "test.sh: no PostgreSQL server; postgres-marked tests are skipped" >&2
    fi
fi
# One pytest process per CPU (pytest-xdist), at most four: the suite took 15 of
# CI's minutes in one. Each worker takes whole files, so that a module's
# fixtures are made once, in the order tests/conftest.py sorts them (the browser
# tests last: xdist would otherwise start with the files of most tests), and has
# a PostgreSQL database of its own on the server (tests/conftest_store.py);
# KASIP_TEST_WORKERS=0 runs it all in one process.
.venv/bin/python -m pytest --numprocesses "${KASIP_TEST_WORKERS:-auto}" --maxprocesses 4 \
    --dist loadfile --no-loadscope-reorder
