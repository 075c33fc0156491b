"""Engine factory: one place that knows the backends' quirks.

SQLite is the default backend and PostgreSQL (psycopg 3) the second one; the
rest of the store is portable SQLAlchemy Core.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from kasip.config import DEFAULT_LOCK_TIMEOUT

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "REGISTRY_LOCK",
    "ensure_sqlite_directory",
    "is_memory_sqlite",
    "lock_name",
    "lock_timeout_of",
    "make_engine",
    "retry_while_busy",
    "writing",
]

logger = logging.getLogger(__name__)

# The name of the whole registry's lock (see :func:`writing`).
REGISTRY_LOCK = "kasip:registry"
# Execution options the engine carries (read by the hooks and by writing()).
_WRITE = "kasip_write"
_LOCK_TIMEOUT = "kasip_lock_timeout"
# SQLite's primary result code for "database is locked" (extended codes add bits above).
_SQLITE_BUSY = 5
_RETRY_FIRST_S = 0.01
_RETRY_MOST_S = 0.5

T = TypeVar("T")


def make_engine(url: str, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Engine:
    """Create an engine for ``url`` with the settings the registry relies on.

    For SQLite: ``foreign_keys=ON`` on every connection, WAL for files (readers
    do not wait for a writer, nor a writer for readers), a busy timeout of
    ``lock_timeout``, and SQLAlchemy, not the ``sqlite3`` module, emits
    ``BEGIN`` (``BEGIN IMMEDIATE`` in :func:`writing`) so that reads and DDL
    are inside the transaction too. An in-memory database (``sqlite://``)
    uses one shared connection, so that everything done through one engine
    sees the same data. A bare ``postgresql://`` URL is given the psycopg 3
    driver, the one kasip ships.

    Args:
        url: A SQLAlchemy database URL.
        lock_timeout: Seconds a write transaction waits for the writers
            before it (:func:`writing`) before it fails.

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
    options = {_LOCK_TIMEOUT: lock_timeout}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, execution_options=options)
    if is_memory_sqlite(parsed):
        engine = create_engine(
            parsed,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            execution_options=options,
        )
    else:
        engine = create_engine(parsed, execution_options=options)
    _install_sqlite_hooks(engine, wal=not is_memory_sqlite(parsed), lock_timeout=lock_timeout)
    return engine


@contextmanager
def writing(engine: Engine, *, standards: Iterable[str] | None = None) -> Iterator[Connection]:
    """Open a write transaction that takes its locks before it reads anything.

    Any number of processes may write at once; they wait for each other (up
    to the engine's lock timeout) instead of failing:

    - SQLite: ``BEGIN IMMEDIATE`` takes the database's one writer lock at the
      start. A plain ``BEGIN`` would read first and ask for the lock at the
      first write, and SQLite refuses that upgrade at once ("database is
      locked", whatever the busy timeout) when another writer went first.
      Readers are not blocked (WAL).
    - PostgreSQL: transaction-scoped advisory locks. With ``standards``, the
      registry lock shared and one lock per standard key, exclusive, taken
      in key order (so two writers cannot deadlock): imports of different
      standards run side by side, imports of one standard take turns, and
      the second then finds the first one's rows. Without ``standards``, the
      registry lock exclusive (migrations, rebuilds).

    Args:
        engine: The registry's engine (from :func:`make_engine`).
        standards: The keys of the standards the transaction writes, or
            ``None`` for the whole registry.

    Yields:
        The connection, inside the transaction; it commits when the block ends
        and rolls back if it raises.

    Example:
        >>> engine = make_engine("sqlite://")
        >>> with writing(engine, standards=["a", "b"]) as conn:
        ...     conn.exec_driver_sql("SELECT 1").scalar()
        1
        >>> engine.dispose()
    """
    with engine.execution_options(**{_WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            timeout_ms = int(conn.get_execution_options()[_LOCK_TIMEOUT] * 1000)
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout_ms}")
            if standards is None:
                lock_name(conn, REGISTRY_LOCK)
            else:
                lock_name(conn, REGISTRY_LOCK, shared=True)
                for key in sorted(set(standards)):
                    lock_name(conn, f"kasip:standard:{key}")
        yield conn


def lock_timeout_of(engine: Engine) -> float:
    """The seconds a write through ``engine`` waits for the writers before it."""
    return float(engine.get_execution_options().get(_LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT))


def retry_while_busy(action: Callable[[], T], *, timeout: float) -> T:
    """Run ``action`` again while SQLite answers "database is locked" without waiting.

    SQLite waits out another connection's lock (the busy timeout), except
    where waiting could deadlock: then it answers SQLITE_BUSY at once, and
    the remedy its documentation gives is to end the transaction and begin
    it again. Opening a registry that other processes are creating,
    migrating or importing into met that once, on a loaded machine
    (tests/test_store_concurrency.py). ``action`` must run its transactions
    whole, so that a retry begins them again.

    Args:
        action: What to run.
        timeout: Seconds after which a busy answer is raised.

    Raises:
        OperationalError: Another error, or still busy after ``timeout``.
    """
    deadline = time.monotonic() + timeout
    delay = _RETRY_FIRST_S
    while True:
        try:
            return action()
        except OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() + delay > deadline:
                raise
            logger.info("the registry is busy (%s); trying again", exc.orig)
        time.sleep(delay)
        delay = min(delay * 2, _RETRY_MOST_S)


def _is_busy(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == _SQLITE_BUSY


def lock_name(conn: Connection, name: str, *, shared: bool = False) -> None:
    """Take a lock on ``name`` until the transaction ends (PostgreSQL; nothing on SQLite).

    On SQLite a transaction of :func:`writing` already holds the only writer
    lock. On PostgreSQL, a transaction-scoped advisory lock keyed by a 64-bit
    hash of ``name``; take locks in one order everywhere (the registry's,
    the standards', then any other) so that writers cannot deadlock.

    Args:
        conn: A connection inside a transaction of :func:`writing`.
        name: What is locked, e.g. ``kasip:generation``.
        shared: Take the lock shared (others may share it, none may hold it alone).
    """
    if conn.dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    conn.execute(text(f"SELECT {function}(:key)"), {"key": key})


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


def _install_sqlite_hooks(engine: Engine, *, wal: bool, lock_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop sqlite3 from issuing its own BEGIN (it skips SELECT and DDL);
        # the "begin" hook below emits it, per the SQLAlchemy SQLite docs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # First: switching a new file to WAL needs a lock another process may hold.
            cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # writing() asks for the writer lock up front (see there).
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
