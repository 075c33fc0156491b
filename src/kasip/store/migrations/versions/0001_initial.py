"""Initial registry schema: standards, versions, cards, elements.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_standards() -> None:
    op.create_table(
        "standards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("order_number", sa.Text(), nullable=True),
        sa.Column("order_date", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_standards"),
        sa.UniqueConstraint("key", name="uq_standards_key"),
    )


def _create_standard_versions() -> None:
    op.create_table(
        "standard_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("identity_sha256", sa.Text(), nullable=False),
        sa.Column("source_sha256", sa.Text(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.Text(), nullable=False),
        sa.Column("card_count", sa.Integer(), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_standard_versions"),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["standards.id"],
            name="fk_standard_versions_standard_id_standards",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "standard_id", "version", name="uq_standard_versions_standard_id_version"
        ),
        sa.UniqueConstraint(
            "standard_id",
            "identity_sha256",
            name="uq_standard_versions_standard_id_identity_sha256",
        ),
    )


def _create_cards() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("code_as_written", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cards"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["standard_versions.id"],
            name="fk_cards_version_id_standard_versions",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("version_id", "position", name="uq_cards_version_id_position"),
    )
    op.create_index("ix_cards_version_id_card_id", "cards", ["version_id", "card_id"])
    op.create_index("ix_cards_code", "cards", ["code"])
    op.create_index("ix_cards_code_as_written", "cards", ["code_as_written"])
    op.create_index("ix_cards_level", "cards", ["level"])


def _create_elements() -> None:
    op.create_table(
        "elements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.Text(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Text(), nullable=True),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line_start", sa.Integer(), nullable=False),
        sa.Column("line_end", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_elements"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["standard_versions.id"],
            name="fk_elements_version_id_standard_versions",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_elements_version_id_element_id", "elements", ["version_id", "element_id"])
    op.create_index("ix_elements_version_id_type", "elements", ["version_id", "type"])
    op.create_index("ix_elements_version_id_card_id", "elements", ["version_id", "card_id"])
    op.create_index("ix_elements_element_id", "elements", ["element_id"])
    op.create_index("ix_elements_type", "elements", ["type"])


def upgrade() -> None:
    """Create the four tables and their indexes."""
    _create_standards()
    _create_standard_versions()
    _create_cards()
    _create_elements()


def downgrade() -> None:
    """Drop everything :func:`upgrade` created."""
    for table in ("elements", "cards", "standard_versions", "standards"):
        op.drop_table(table)
