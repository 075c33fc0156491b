"""Search index: search_entries, with SQLite FTS5 or a PostgreSQL GIN index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tokenizer keeps Kazakh and Russian letters as they are: keys are already
# lower-case, and ``remove_diacritics`` would fold й into и.
_SQLITE_UP = (
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
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)
# The same expression is used by kasip.search.backend; keep them equal.
_PG_UP = (
    """CREATE INDEX ix_search_entries_fts ON search_entries USING gin ((
        setweight(to_tsvector('simple'::regconfig, keys), 'A')
        || setweight(to_tsvector('simple'::regconfig, xkeys), 'B')))""",
)
_PG_DOWN = ("DROP INDEX IF EXISTS ix_search_entries_fts",)


def _create_table() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.Text(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("card_name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("lang", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.Column("xkeys", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_entries"),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["standards.id"],
            name="fk_search_entries_standard_id_standards",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["standard_versions.id"],
            name="fk_search_entries_version_id_standard_versions",
            ondelete="CASCADE",
        ),
    )
    for column in ("standard_id", "version_id", "type", "level"):
        op.create_index(f"ix_search_entries_{column}", "search_entries", [column])


def upgrade() -> None:
    _create_table()
    bind = op.get_bind()
    for statement in _SQLITE_UP if bind.dialect.name == "sqlite" else _PG_UP:
        op.execute(statement)
    # The entries are written when the registry is opened at head
    # (kasip.search.indexer.ensure_current_keys), with the code of that day:
    # this script must not depend on today's model or analysis.


def downgrade() -> None:
    bind = op.get_bind()
    for statement in _SQLITE_DOWN if bind.dialect.name == "sqlite" else _PG_DOWN:
        op.execute(statement)
    op.drop_table("search_entries")
