"""Where each version's official text is published: official_url, official_note.

Both nullable, and existing versions stay null: nothing in a stored text says
where its official publication is, so they are "not recorded" until a person
enters it (``kasip versions KEY --set-official-source``) or the bundled text is
imported again (its record: ``kasip/data/sources.toml``).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, as 0007 and 0015: a batch operation would copy the table.
def upgrade() -> None:
    op.add_column("standard_versions", sa.Column("official_url", sa.Text(), nullable=True))
    op.add_column("standard_versions", sa.Column("official_note", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("standard_versions", "official_note")
    op.drop_column("standard_versions", "official_url")
