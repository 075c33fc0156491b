"""Search statistics kept per token: search_tokens.

Search weighs query words by their document frequency and checks Kazakh stems
against the vocabulary of the index. Both were computed by reading every
search entry whenever the registry changed (seconds at a few hundred
standards, paid by the first search after each import). Imports now keep one
row per token up to date, and readers read those rows. The rows are computed
here from the entries already indexed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tokens = op.create_table(
        "search_tokens",
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("kazakh", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token", name="pk_search_tokens"),
    )
    if context.is_offline_mode():
        # A SQL script cannot count here: forget the index's analysis version,
        # so that the registry rebuilds its index (and counts) when next opened.
        op.execute("DELETE FROM registry_meta WHERE key = 'keys_version'")
        return
    # The same counts as kasip.search.indexer keeps (written out here: a
    # migration must not change when the application does).
    entries: Counter[str] = Counter()
    kazakh: Counter[str] = Counter()
    rows = op.get_bind().execute(sa.text("SELECT keys, xkeys, lang FROM search_entries"))
    for keys, xkeys, lang in rows:
        own = set(keys.split())
        entries.update(own | set(xkeys.split()))
        if lang == "kk":
            kazakh.update(own)
    op.bulk_insert(
        tokens,
        [{"token": t, "entries": n, "kazakh": kazakh[t]} for t, n in sorted(entries.items())],
    )


def downgrade() -> None:
    op.drop_table("search_tokens")
