"""Assessment sittings: candidates' attempts at a programme and their answers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("candidate", sa.Text(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("assessor", sa.Text(), nullable=True),
        sa.Column("started_at", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Text(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name="fk_attempts_application_id_applications"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_attempts_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
        sa.UniqueConstraint("application_id", "number", name="uq_attempts_application_id_number"),
    )
    op.create_index("ix_attempts_candidate", "attempts", ["candidate"])
    op.create_index("ix_attempts_assessor", "attempts", ["assessor"])
    op.create_table(
        "attempt_answers",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("answer_json", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_attempt_answers_attempt_id_attempts"
        ),
        sa.PrimaryKeyConstraint("attempt_id", "question_id", name="pk_attempt_answers"),
    )


def downgrade() -> None:
    op.drop_table("attempt_answers")
    op.drop_index("ix_attempts_assessor", table_name="attempts")
    op.drop_index("ix_attempts_candidate", table_name="attempts")
    op.drop_table("attempts")
