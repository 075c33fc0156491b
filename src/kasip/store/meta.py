"""The registry's state, as key-value pairs in ``registry_meta``.

Each layer that derives data from the stored documents records here which
version of its derivation the data was made with, so that a newer kasip can
rebuild what an older one made: the store its ``cards``/``elements`` rows
(``rows_version``, :mod:`kasip.store.rows`), search its index
(``keys_version`` and ``generation``, :mod:`kasip.search.indexer`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, insert, select, update

from kasip.errors import RegistryError
from kasip.store.db import is_memory_sqlite
from kasip.store.schema import registry_meta

if TYPE_CHECKING:
    import psycopg

__all__ = ["AsyncMetaReader", "MetaReader", "read_meta", "read_meta_once", "write_meta"]

# conn.info key: the transaction whose registry_meta reads are held, and those reads.
_HELD = "kasip_meta_of_transaction"
# Isolation levels that read one snapshot for the whole transaction.
_ONE_SNAPSHOT = frozenset({"REPEATABLE READ", "SERIALIZABLE"})


def read_meta(conn: Connection, key: str) -> str | None:
    """A value of ``registry_meta`` (None when unset)."""
    query = select(registry_meta.c.value).where(registry_meta.c.key == key)
    value: str | None = conn.execute(query).scalar_one_or_none()
    return value


def read_meta_once(conn: Connection, key: str) -> str | None:
    """A value of ``registry_meta``, read once per transaction where it cannot change.

    A search reads the registry's generation three times (its statistics,
    the match index and the standards beside it each key a cache by it): on
    PostgreSQL each read is a round trip, about a tenth of a search. Inside
    a transaction that reads one snapshot (SQLite's; PostgreSQL's repeatable
    read, as :class:`kasip.store.store.Store` reads) the value can only
    change by this transaction's own :func:`write_meta`, which forgets it.
    Anywhere else it is read each time.
    """
    if not _one_snapshot(conn):
        return read_meta(conn, key)
    held = conn.info.get(_HELD)
    transaction = conn.get_transaction()
    # The transaction itself is held (not its id): a new one is never taken for it.
    if held is not None and transaction is not None and held[0] is transaction:
        values: dict[str, str | None] = held[1]
        if key not in values:
            values[key] = read_meta(conn, key)
        return values[key]
    value = read_meta(conn, key)  # begins the transaction when none had begun
    conn.info[_HELD] = (conn.get_transaction(), {key: value})
    return value


def _one_snapshot(conn: Connection) -> bool:
    # The level the engine was given (reading the server's would cost a round trip).
    level = conn.get_execution_options().get("isolation_level")
    if conn.dialect.name == "sqlite":
        # A transaction reads one snapshot (WAL) or keeps writers out (rollback journal).
        return level != "AUTOCOMMIT"
    return level in _ONE_SNAPSHOT


def write_meta(conn: Connection, key: str, value: str) -> None:
    """Set a value of ``registry_meta`` (in the caller's transaction)."""
    held = conn.info.get(_HELD)
    if held is not None:
        held[1].pop(key, None)
    table = registry_meta
    done = conn.execute(update(table).where(table.c.key == key).values(value=value))
    if done.rowcount == 0:
        conn.execute(insert(table).values(key=key, value=value))


class MetaReader:
    """Reads one ``registry_meta`` value often and cheaply, e.g. once per web request.

    Through SQLAlchemy a read costs about 0.3 ms (a pooled connection, a
    transaction); a SQLite file is read instead on a connection of its own,
    opened read-only on first use, in about 10 µs. In WAL mode that read never
    waits for a writer. Other databases, in-memory SQLite and URI file names
    are read through the engine (PostgreSQL in autocommit: no transaction).
    """

    def __init__(self, engine: Engine) -> None:
        """Read from the database of ``engine`` (which stays the caller's)."""
        # A single read needs no transaction: on PostgreSQL, autocommit saves
        # the BEGIN and ROLLBACK round trips of every web request's read.
        self._engine = (
            engine.execution_options(isolation_level="AUTOCOMMIT")
            if engine.dialect.name == "postgresql"
            else engine
        )
        self._lock = threading.Lock()
        self._raw: sqlite3.Connection | None = None
        self._path = _sqlite_file(engine)

    @property
    def local(self) -> bool:
        """Whether a read opens a SQLite file on this machine (microseconds), not a query."""
        return self._path is not None

    def read(self, key: str) -> str | None:
        """The value of ``key`` now (None when unset)."""
        if self._path is None:
            with self._engine.connect() as conn:
                return read_meta(conn, key)
        with self._lock:
            if self._raw is None:
                uri = f"file:{quote(str(self._path))}?mode=ro"
                self._raw = sqlite3.connect(uri, uri=True, check_same_thread=False)
            # fetchall() ends the statement, so no read snapshot stays open.
            rows = self._raw.execute(
                "SELECT value FROM registry_meta WHERE key = ?", (key,)
            ).fetchall()
        return str(rows[0][0]) if rows else None

    def close(self) -> None:
        """Close the reader's own connection, if it opened one."""
        with self._lock:
            if self._raw is not None:
                self._raw.close()
                self._raw = None


class AsyncMetaReader:
    """Reads one ``registry_meta`` value on an event loop, from PostgreSQL.

    For a web worker's requests (:mod:`kasip.http.generation`): a query made
    through the engine blocks the loop, and one run in a thread waits for the
    interpreter lock behind the loop's own work (a cached card over HTTP: p99
    146 ms that way against 13 ms read in place, BENCHMARKS.md). So this
    reads through psycopg's own asynchronous connection, one per loop (a
    worker has one), in autocommit, opened on the first read and again after
    a failed one. One read at a time: the caller shares each read among the
    requests that wait for it.
    """

    def __init__(self, url: URL) -> None:
        """Read from the PostgreSQL database of ``url`` (an SQLAlchemy URL)."""
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: psycopg.AsyncConnection[tuple[str]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def read(self, key: str) -> str | None:
        """The value of ``key`` now (None when unset).

        Raises:
            RegistryError: The server cannot be reached or the query failed (the
                connection is let go; the next read opens another).
        """
        import psycopg  # the "postgres" extra

        try:
            conn = await self._connection()
            cursor = await conn.execute("SELECT value FROM registry_meta WHERE key = %s", (key,))
            row = await cursor.fetchone()
        except (psycopg.Error, OSError) as exc:
            self._discard()
            raise RegistryError(f"the registry query failed: {exc}") from exc
        return None if row is None else str(row[0])

    async def _connection(self) -> psycopg.AsyncConnection[tuple[str]]:
        loop = asyncio.get_running_loop()
        if self._conn is None or self._conn.closed or self._loop is not loop:
            # A connection of another loop (a test client's, ended) cannot be awaited here.
            import psycopg

            self._discard()
            self._conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
            self._loop = loop
        return self._conn

    def _discard(self) -> None:
        if self._conn is not None and not self._conn.closed:
            # Closed without its loop: libpq's own close, synchronous.
            self._conn.pgconn.finish()
        self._conn, self._loop = None, None

    async def aclose(self) -> None:
        """Close the connection (on its loop); a later read opens another."""
        if self._conn is not None and self._loop is asyncio.get_running_loop():
            await self._conn.close()
        self._discard()


def _sqlite_file(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or is_memory_sqlite(url) or url.query:
        return None
    database = url.database or ""
    if database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()
