"""What matching needs of each standard, stored at import: match_pieces.

Every process used to read all card elements again to build its match index
(about a minute at 700 standards, paid by the first match after each start or
import). Imports now store each standard's share of it, and processes join the
shares. The table starts empty: the registry fills it when next opened
(kasip.match.stored, "match_version" in registry_meta), as a migration must
not run the application's analysis.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_pieces",
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["standards.id"],
            name="fk_match_pieces_standard_id_standards",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["standard_versions.id"],
            name="fk_match_pieces_version_id_standard_versions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("standard_id", name="pk_match_pieces"),
    )
    op.execute("DELETE FROM registry_meta WHERE key = 'match_version'")


def downgrade() -> None:
    op.drop_table("match_pieces")
