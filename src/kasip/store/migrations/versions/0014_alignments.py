"""Curriculum alignments: a programme, the card versions it was aligned against, the links.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("programme_json", sa.Text(), nullable=False),
        sa.Column("rule_json", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alignments"),
    )
    op.create_table(
        "alignment_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alignment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("standard_key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alignment_id"], ["alignments.id"], name="fk_alignment_cards_alignment_id_alignments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alignment_cards"),
        sa.UniqueConstraint(
            "alignment_id", "card_id", name="uq_alignment_cards_alignment_id_card_id"
        ),
    )
    op.create_table(
        "alignment_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alignment_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=False),
        sa.Column("element_id", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("review", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alignment_id"], ["alignments.id"], name="fk_alignment_links_alignment_id_alignments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alignment_links"),
        sa.UniqueConstraint(
            "alignment_id",
            "outcome",
            "element_id",
            name="uq_alignment_links_alignment_id_outcome_element_id",
        ),
    )


def downgrade() -> None:
    op.drop_table("alignment_links")
    op.drop_table("alignment_cards")
    op.drop_table("alignments")
