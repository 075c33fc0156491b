"""Fixtures for the store and export tests.

Test modules load it with ``pytest_plugins = ["conftest_store"]``; helpers are
in store_support.py. ``fresh_registry`` runs on in-memory SQLite (a copy of
one empty registry migrated once per session) and, when ``TEST_DATABASE_URL``
is set, also on that PostgreSQL database, whose kasip tables it drops before
each test: point it at a throwaway database.
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

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")

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
