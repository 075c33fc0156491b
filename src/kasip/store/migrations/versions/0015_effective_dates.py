"""When each version took effect: effective_from, effective_basis, effective_note.

Existing versions get the date proposed from their stored text (basis
``order``: the latest amending order's date, else the approving order's;
kasip.store.effective), read here once from ``document_json``; a text that
names no dated order stays ``unknown``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kasip.store.effective import proposed_from_json

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_versions = sa.table(
    "standard_versions",
    sa.column("id", sa.Integer()),
    sa.column("document_json", sa.Text()),
    sa.column("effective_from", sa.Text()),
    sa.column("effective_basis", sa.Text()),
)


# Plain ALTER TABLE, as 0007: a batch operation would copy the table.
def upgrade() -> None:
    op.add_column("standard_versions", sa.Column("effective_from", sa.Text(), nullable=True))
    op.add_column(
        "standard_versions",
        sa.Column("effective_basis", sa.Text(), nullable=False, server_default="unknown"),
    )
    op.add_column("standard_versions", sa.Column("effective_note", sa.Text(), nullable=True))
    if op.get_context().as_sql:  # offline DDL: no rows to read
        return
    conn = op.get_bind()
    ids = conn.execute(sa.select(_versions.c.id)).scalars().all()
    for version_id in ids:  # one document at a time: they are large
        text = conn.execute(
            sa.select(_versions.c.document_json).where(_versions.c.id == version_id)
        ).scalar_one()
        proposed = proposed_from_json(json.loads(text))
        if proposed is not None:
            conn.execute(
                sa.update(_versions)
                .where(_versions.c.id == version_id)
                .values(effective_from=proposed, effective_basis="order")
            )


def downgrade() -> None:
    op.drop_column("standard_versions", "effective_note")
    op.drop_column("standard_versions", "effective_basis")
    op.drop_column("standard_versions", "effective_from")
