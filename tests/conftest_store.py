"""Fixtures for the store and export tests.

Test modules load it with ``pytest_plugins = ["conftest_store"]``; helpers are
in store_support.py. ``fresh_registry`` runs on in-memory SQLite (a copy of
one empty registry migrated once per session) and, when ``TEST_DATABASE_URL``
is set, also on that PostgreSQL database, whose kasip tables it drops before
each test: point it at a throwaway database. Under pytest-xdist (scripts/test.sh
runs the suite in one process per CPU) each worker has a database of its own on
that server, named after it (``kasiptest_gw0``, ...), made when missing: the
workers' tests would otherwise drop each other's tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

if TYPE_CHECKING:
    from kasip.model import Document
    from kasip.registry import Registry


def worker_database(url: str | None, worker: str | None) -> str | None:
    """The database of pytest-xdist's ``worker`` on ``url``'s server (``url`` outside xdist).

    >>> worker_database("postgresql://u@h:5/kasiptest", "gw1")
    'postgresql://u@h:5/kasiptest_gw1'
    >>> worker_database("postgresql://u@h:5/kasiptest", None)
    'postgresql://u@h:5/kasiptest'
    """
    if not url or not worker:
        return url
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = worker_database(
    os.environ.get("TEST_DATABASE_URL"), os.environ.get("PYTEST_XDIST_WORKER")
)

T = TypeVar("T")

BACKENDS = [pytest.param("sqlite://", id="sqlite")]
if POSTGRES_URL:
    BACKENDS.append(pytest.param(POSTGRES_URL, id="postgres", marks=pytest.mark.postgres))
# A SQLite file rather than memory: each read its own connection, several processes.
FILE_BACKENDS = [pytest.param("sqlite", id="sqlite")]
if POSTGRES_URL:
    FILE_BACKENDS.append(pytest.param(POSTGRES_URL, id="postgres", marks=pytest.mark.postgres))


def reset_postgres(url: str) -> None:
    """Drop kasip's tables (and Alembic's) from a test PostgreSQL database."""
    from sqlalchemy import text

    from kasip.store.db import make_engine
    from kasip.store.schema import metadata

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _worker_database() -> None:
    """Make this worker's PostgreSQL database (see the module doc) when it is missing."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or base == POSTGRES_URL:
        return
    import psycopg
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL is not None
    name = make_url(POSTGRES_URL).database
    with psycopg.connect(base, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            try:
                conn.execute(f'CREATE DATABASE "{name}"')
            except psycopg.errors.InsufficientPrivilege as exc:
                pytest.fail(
                    f"TEST_DATABASE_URL's user may not create {name}, this worker's database "
                    f"({exc}): grant it CREATEDB, or run with KASIP_TEST_WORKERS=0",
                    pytrace=False,
                )


@pytest.fixture(scope="session")
def migrated_registry() -> Iterator[Registry]:
    """An empty in-memory registry migrated to head: copy it, never use it directly."""
    from kasip.registry import open_registry

    with open_registry("sqlite://") as registry:
        yield registry


@pytest.fixture(params=BACKENDS)
def fresh_registry(request: pytest.FixtureRequest) -> Iterator[Registry]:
    """An empty registry, migrated to head, closed after the test."""
    from kasip.registry import open_registry
    from store_support import copy_registry

    url: str = request.param
    if url == "sqlite://":
        # Migrating a new database takes ~20 ms; copying a migrated one, well under 1.
        registry = copy_registry(request.getfixturevalue("migrated_registry"))
    else:
        reset_postgres(url)
        registry = open_registry(url)
    try:
        yield registry
    finally:
        registry.close()


def on_every_backend(doc: Document, run: Callable[[Registry], T]) -> list[T]:
    """``run`` on a fresh registry holding ``doc``, once per test backend.

    Skips the test when only SQLite is available (no TEST_DATABASE_URL).
    """
    from kasip.registry import open_registry

    if len(BACKENDS) < 2:
        pytest.skip("no PostgreSQL test database (TEST_DATABASE_URL)")
    results = []
    for param in BACKENDS:
        url = param.values[0]
        assert isinstance(url, str)
        if not url.startswith("sqlite"):
            reset_postgres(url)
        with open_registry(url) as registry:
            registry.import_documents([doc])
            results.append(run(registry))
    return results


@pytest.fixture(params=FILE_BACKENDS)
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A registry that does not exist yet: a new SQLite file, or an emptied PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.db'}"
        return
    reset_postgres(request.param)
    yield request.param
