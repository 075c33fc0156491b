"""Token statistics of the search index, kept in the database (``search_tokens``).

For each token: how many entries hold it (their own keys or their
translations' keys) and how many Kazakh entries hold it among their own keys.
Search needs both for every query (IDF weights; the Kazakh vocabulary the
stemmer checks stems against). Imports change them by the difference between
the entries they remove and those they write, in their own transaction, so a
reader that finds a new state of the registry reads one row per token instead
of every entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from kasip.store.schema import search_entries, search_tokens

__all__ = [
    "EntryKeys",
    "TokenCounts",
    "count_tokens",
    "read_tokens",
    "write_tokens",
]

# An entry's ``keys``, ``xkeys`` and ``lang`` columns.
EntryKeys = tuple[str, str, str]


class TokenCounts:
    """Entries per token, and Kazakh entries per token of their own keys."""

    def __init__(self) -> None:
        self.entries: Counter[str] = Counter()
        self.kazakh: Counter[str] = Counter()

    def add(self, rows: Iterable[EntryKeys], sign: int = 1) -> None:
        # Counted by Counter.update and subtract (C loops): an import counts every
        # token of every entry it writes or removes.
        entries: Counter[str] = Counter()
        kazakh: Counter[str] = Counter()
        for keys, xkeys, lang in rows:
            own = set(keys.split())
            entries.update(own | set(xkeys.split()))
            if lang == "kk":
                kazakh.update(own)
        if sign < 0:
            self.entries.subtract(entries)
            self.kazakh.subtract(kazakh)
        else:
            self.entries.update(entries)
            self.kazakh.update(kazakh)


def count_tokens(rows: Iterable[EntryKeys]) -> TokenCounts:
    """The counts of ``rows``, as :func:`read_tokens` gives them for the stored entries."""
    counts = TokenCounts()
    counts.add(rows)
    return counts


def _upsert(conn: Connection) -> sqlite.Insert | postgresql.Insert:
    """INSERT adding to the counts of tokens already there (both engines spell it alike)."""
    stmt = (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(search_tokens)
    t = search_tokens.c
    return stmt.on_conflict_do_update(
        index_elements=[t.token],
        set_={
            "entries": t.entries + stmt.excluded.entries,
            "kazakh": t.kazakh + stmt.excluded.kazakh,
        },
    )


def write_tokens(conn: Connection, delta: TokenCounts) -> None:
    """Add ``delta`` to the stored counts.

    An import of many standards writes the sum of their changes once: each
    standard holds most of the vocabulary, and writing its counts one by one
    was a fifth of a 700-standard import. Tokens are written in sorted order:
    PostgreSQL imports of different standards run side by side and lock the
    token rows they change, always in the same order, so they wait for each
    other but never deadlock.
    """
    changed = sorted(
        t for t in delta.entries.keys() | delta.kazakh.keys() if delta.entries[t] or delta.kazakh[t]
    )
    if not changed:
        return
    conn.execute(
        _upsert(conn),
        [{"token": t, "entries": delta.entries[t], "kazakh": delta.kazakh[t]} for t in changed],
    )
    if any(delta.entries[t] < 0 for t in changed):
        # Committed rows never hold 0 (each import removes its own), so this
        # never waits for another import's rows.
        conn.execute(delete(search_tokens).where(search_tokens.c.entries <= 0))


def read_tokens(conn: Connection) -> tuple[int, Sequence[tuple[str, int, int]]]:
    """The number of entries, and each token with its counts, in token order."""
    total = conn.execute(select(func.count()).select_from(search_entries)).scalar_one()
    t = search_tokens.c
    rows = conn.execute(select(t.token, t.entries, t.kazakh).order_by(t.token)).all()
    return int(total), rows
