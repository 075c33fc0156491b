"""Certificates: issued on a pass, append-only, revoked by a row of their own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("certificates", "certificate_revocations")


def _sqlite_triggers(table: str) -> tuple[str, ...]:
    refused = f"{table} is append-only"
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""",
    )


def _pg_triggers(table: str) -> tuple[str, ...]:
    # kasip_audit_log_append_only() (migration 0010) refuses whatever it guards.
    return (
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION kasip_audit_log_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION kasip_audit_log_append_only()""",
    )


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("candidate", sa.Text(), nullable=False),
        sa.Column("holder_name", sa.Text(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("standard_key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.Text(), nullable=False),
        sa.Column("valid_until", sa.Text(), nullable=True),
        sa.Column("credential_json", sa.Text(), nullable=False),
        sa.Column("jwt", sa.Text(), nullable=False),
        sa.Column("kid", sa.Text(), nullable=False),
        sa.Column("issued_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_certificates_attempt_id_attempts"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_certificates_programme_id_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("number", name="uq_certificates_number"),
    )
    op.create_index("ix_certificates_attempt_id", "certificates", ["attempt_id"])
    op.create_index("ix_certificates_candidate", "certificates", ["candidate"])
    op.create_table(
        "certificate_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("revoked_at", sa.Text(), nullable=False),
        sa.Column("revoked_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name="fk_certificate_revocations_certificate_id_certificates",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_revocations"),
        sa.UniqueConstraint("certificate_id", name="uq_certificate_revocations_certificate_id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in _TABLES:
        for statement in _pg_triggers(table) if postgres else _sqlite_triggers(table):
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("certificate_revocations")  # their triggers go with them
    op.drop_index("ix_certificates_candidate", table_name="certificates")
    op.drop_index("ix_certificates_attempt_id", table_name="certificates")
    op.drop_table("certificates")
