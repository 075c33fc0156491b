"""The audit log: who changed what, when, from what to what; appended to, never rewritten.

Every change to an account (and, as assessment arrives, every score and
verdict: issue 12) is written here in the transaction that makes it, so the
log and the data cannot disagree. The table refuses UPDATE and DELETE
(triggers, migration 0010). Each row also carries the SHA-256 of its content
and of the row before it: a row changed or removed by someone who can drop
the triggers breaks the chain, which :func:`verify_log` finds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from kasip.store.db import lock_name
from kasip.store.schema import audit_log

__all__ = ["GENESIS", "AuditEntry", "LogCheck", "read_log", "record", "verify_log"]

GENESIS = "0" * 64  # the "row before" the first row


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the audit log."""

    id: int
    at: str
    actor: str
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class LogCheck:
    """What :func:`verify_log` found: the rows read, and the first that breaks the chain."""

    rows: int
    broken_at: int | None = None  # the id of the first row whose hashes do not hold

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _json(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _digest(prev: str, fields: Sequence[str | None]) -> str:
    """The hash of a row: the hash before it, then at, actor, action, subject, before, after."""
    # One JSON array: no field's text can pass for a boundary between two fields.
    content = json.dumps([prev, *fields], ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def record(  # noqa: PLR0913
    conn: Connection,
    *,
    actor: str,
    action: str,
    subject: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append a row, inside the caller's write transaction (:func:`kasip.store.db.writing`).

    Never pass a secret (a password, a token): ``before`` and ``after`` are
    stored as they are.
    """
    # On PostgreSQL writers run side by side: one appends at a time, so each
    # row follows the one before it (SQLite has one writer anyway).
    lock_name(conn, "kasip:audit")
    last = conn.execute(
        select(audit_log.c.row_sha256).order_by(audit_log.c.id.desc()).limit(1)
    ).scalar()
    prev = last or GENESIS
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    fields = (at, actor, action, subject, _json(before), _json(after))
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            before_json=fields[4],
            after_json=fields[5],
            prev_sha256=prev,
            row_sha256=_digest(prev, fields),
        )
    )


def record_import(
    conn: Connection, action: str, subject: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> None:
    """An import's change to a held version's date or source, as the ``import`` actor
    (the :data:`kasip.store.importer.FactHook` the registry passes to an import)."""
    record(conn, actor="import", action=action, subject=subject, before=before, after=after)


def read_log(engine: Engine, *, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest rows first (of ``subject`` only, when given)."""
    a = audit_log.c
    query = select(audit_log).order_by(a.id.desc()).limit(limit)
    if subject is not None:
        query = query.where(a.subject == subject)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        AuditEntry(
            row.id,
            row.at,
            row.actor,
            row.action,
            row.subject,
            json.loads(row.before_json) if row.before_json is not None else None,
            json.loads(row.after_json) if row.after_json is not None else None,
        )
        for row in rows
    ]


def verify_log(engine: Engine) -> LogCheck:
    """Recompute the chain over every row, oldest first.

    A row changed, inserted or removed before the newest shows; removing the
    newest rows leaves a shorter chain that holds (the triggers refuse it).
    """
    a = audit_log.c
    prev = GENESIS
    count = 0
    with engine.connect() as conn:
        rows = conn.execution_options(yield_per=1000).execute(select(audit_log).order_by(a.id))
        for row in rows:
            count += 1
            fields = (row.at, row.actor, row.action, row.subject, row.before_json, row.after_json)
            if row.prev_sha256 != prev or row.row_sha256 != _digest(prev, fields):
                return LogCheck(count, row.id)
            prev = row.row_sha256
    return LogCheck(count)
