"""Registry state for every layer: search_meta becomes registry_meta.

The key-value table that held the search index's state (its generation and
the version of its keys) now also holds the store's (the version of the
derived ``cards``/``elements`` rows), so it is the registry's, not search's.
Its rows are kept.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _meta_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=f"pk_{name}"),
    )


def upgrade() -> None:
    _meta_table("registry_meta")
    op.execute("INSERT INTO registry_meta (key, value) SELECT key, value FROM search_meta")
    op.drop_table("search_meta")


def downgrade() -> None:
    _meta_table("search_meta")
    op.execute(
        "INSERT INTO search_meta (key, value) SELECT key, value FROM registry_meta"
        " WHERE key IN ('generation', 'keys_version')"
    )
    op.drop_table("registry_meta")
