"""Engine factory: one place that knows the backends' quirks.

SQLite is the default backend and PostgreSQL (psycopg 3) the second one; the
rest of the store is portable SQLAlchemy Core.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the settings the registry relies on.

    For SQLite: ``foreign_keys=ON`` on every connection, WAL for files (readers
    do not block the importer), and SQLAlchemy, not the ``sqlite3`` module,
    emits ``BEGIN`` so that reads and DDL are inside the transaction too. An
    in-memory database (``sqlite://``) uses one shared connection, so that
    everything done through one engine sees the same data. A bare
    ``postgresql://`` URL is given the psycopg 3 driver, the one kasip ships.

    Args:
        url: A SQLAlchemy database URL.

    Returns:
        A new engine; dispose of it when done.

    Example:
        >>> engine = make_engine("sqlite://")
        >>> with engine.connect() as conn:
        ...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
        1
        >>> engine.dispose()
    """
    parsed = _with_default_driver(make_url(url))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if is_memory_sqlite(parsed):
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(parsed)
    _install_sqlite_hooks(engine, wal=not is_memory_sqlite(parsed))
    return engine


def is_memory_sqlite(url: str | URL) -> bool:
    """Tell whether ``url`` names an in-memory SQLite database.

    Args:
        url: A database URL.

    Returns:
        True for ``sqlite://``, ``sqlite:///:memory:`` and ``mode=memory`` URLs.

    Example:
        >>> is_memory_sqlite("sqlite://"), is_memory_sqlite("sqlite:///a.db")
        (True, False)
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    return parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"


def ensure_sqlite_directory(url: str) -> None:
    """Create the parent directory of a SQLite database file if it is missing.

    Args:
        url: A database URL; other backends and in-memory SQLite are ignored.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or is_memory_sqlite(parsed):
        return
    database = parsed.database or ""
    if database.startswith("file:"):
        # A URI filename (``?uri=true``): leave it to SQLite.
        return
    parent = Path(database).expanduser().parent
    if not parent.exists():
        logger.info("creating directory %s for the registry", parent)
        parent.mkdir(parents=True, exist_ok=True)


def _with_default_driver(url: URL) -> URL:
    # SQLAlchemy 2.0 maps a bare postgresql:// to psycopg2, which kasip does not
    # depend on; psycopg 3 is the driver of the "postgres" extra.
    if url.drivername == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    return url


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop sqlite3 from issuing its own BEGIN (it skips SELECT and DDL);
        # the "begin" hook below emits it, per the SQLAlchemy SQLite docs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
