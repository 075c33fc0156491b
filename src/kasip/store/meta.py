"""The registry's state, as key-value pairs in ``registry_meta``.

Each layer that derives data from the stored documents records here which
version of its derivation the data was made with, so that a newer kasip can
rebuild what an older one made: the store its ``cards``/``elements`` rows
(``rows_version``, :mod:`kasip.store.rows`), search its index
(``keys_version`` and ``generation``, :mod:`kasip.search.indexer`).
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from kasip.store.schema import registry_meta

__all__ = ["read_meta", "write_meta"]


def read_meta(conn: Connection, key: str) -> str | None:
    """A value of ``registry_meta`` (None when unset)."""
    query = select(registry_meta.c.value).where(registry_meta.c.key == key)
    value: str | None = conn.execute(query).scalar_one_or_none()
    return value


def write_meta(conn: Connection, key: str, value: str) -> None:
    """Set a value of ``registry_meta`` (in the caller's transaction)."""
    table = registry_meta
    done = conn.execute(update(table).where(table.c.key == key).values(value=value))
    if done.rowcount == 0:
        conn.execute(insert(table).values(key=key, value=value))
