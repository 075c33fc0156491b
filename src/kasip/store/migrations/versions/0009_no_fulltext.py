"""Search without the engines' full-text indexes: SQLite FTS5 and PostgreSQL tsvector go.

Search now scores every entry that holds a query token over arrays made at
import (kasip.search.ranking) and reads only the best rows, by id. The FTS5
table (with its triggers) and the PostgreSQL ``search_vector`` column with its
GIN index were read by nothing, yet kept in step with every insert: about half
of an import's writing time.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migrations 0002 and 0008 written out: a migration must not change when the
# application does.
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)
_SQLITE_CREATE = (
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        keys, xkeys, content='search_entries', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
        INSERT INTO search_fts(rowid, keys, xkeys) VALUES (new.id, new.keys, new.xkeys);
    END""",
    """CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
        INSERT INTO search_fts(search_fts, rowid, keys, xkeys)
        VALUES ('delete', old.id, old.keys, old.xkeys);
    END""",
    # The entries stored meanwhile, indexed again.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
_PG_DROP = (
    "DROP INDEX IF EXISTS ix_search_entries_fts",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS search_vector",
)
_PG_CREATE = (
    "ALTER TABLE search_entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, keys), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, xkeys), 'B')) STORED",
    "CREATE INDEX ix_search_entries_fts ON search_entries USING gin (search_vector)",
)


def _run(sqlite: Sequence[str], postgres: Sequence[str]) -> None:
    for statement in sqlite if op.get_bind().dialect.name == "sqlite" else postgres:
        op.execute(statement)


def upgrade() -> None:
    # The stored match pieces lack search's arrays: their format changed, so the
    # registry makes them anew when next opened (kasip.match.stored).
    _run(_SQLITE_DROP, _PG_DROP)


def downgrade() -> None:
    _run(_SQLITE_CREATE, _PG_CREATE)
