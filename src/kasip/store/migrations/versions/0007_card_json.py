"""Each card's JSON on its row, each version's document without its cards, cards by ID.

A card page read and parsed the whole stored document (about 10 ms for a
standard of 14 cards) whenever it was not among the few kept in memory: at 700
standards almost every page. It now reads its card's row and the version's
frame. The columns start empty; the store fills them when next opened, as it
remakes its derived rows (kasip.store.rows, "rows_version").

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE (SQLite 3.35+ drops a column in place): a batch operation would
# copy the tables, which other open connections may hold.
def upgrade() -> None:
    op.add_column("cards", sa.Column("card_json", sa.Text(), nullable=True))
    # A card page asks which standards hold its card ID: without this index, a
    # scan of every card (8 ms at 700 standards).
    op.create_index("ix_cards_card_id", "cards", ["card_id"])
    op.add_column("standard_versions", sa.Column("frame_json", sa.Text(), nullable=True))
    op.execute("DELETE FROM registry_meta WHERE key = 'rows_version'")


def downgrade() -> None:
    op.drop_index("ix_cards_card_id", table_name="cards")
    op.drop_column("standard_versions", "frame_json")
    op.drop_column("cards", "card_json")
