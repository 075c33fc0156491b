"""Programmes kept in the registry: made by methodologists, each change audited.

A programme is stored whole, as JSON (the model of
:mod:`kasip.assessment.models`), beside the columns it is looked up by:
its standard, version and card.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select

from kasip.accounts import audit
from kasip.assessment.models import Programme, StoredProgramme
from kasip.assessment.rows import row_by_id
from kasip.errors import NotFound
from kasip.store.db import writing
from kasip.store.schema import programmes

__all__ = ["get_programme", "list_programmes", "read_programme", "save_programme"]


def _stored(row: Row[Any]) -> StoredProgramme:
    return StoredProgramme(
        id=row.id,
        programme=Programme.model_validate_json(row.body_json),
        created_by=row.created_by,
        created_at=row.created_at,
    )


def save_programme(engine: Engine, programme: Programme, *, actor: str) -> StoredProgramme:
    """Keep ``programme`` (a new one), with its audit row."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with writing(engine, standards=()) as conn:
        new_id = conn.execute(
            insert(programmes)
            .values(
                standard_key=programme.standard,
                version=programme.version,
                card_id=programme.card_id,
                title=programme.title,
                body_json=programme.model_dump_json(),
                created_by=actor,
                created_at=now,
            )
            .returning(programmes.c.id)
        ).scalar_one()
        audit.record(
            conn,
            actor=actor,
            action="programme.create",
            subject=f"programme:{new_id}",
            after={
                "title": programme.title,
                "standard": programme.standard,
                "version": programme.version,
                "card": programme.card_id,
                "elements": list(programme.element_ids()),
            },
        )
    return StoredProgramme(id=new_id, programme=programme, created_by=actor, created_at=now)


def get_programme(engine: Engine, programme_id: int) -> StoredProgramme:
    """The programme ``programme_id``.

    Raises:
        NotFound: There is none.
    """
    return _stored(row_by_id(engine, programmes, programme_id, what="programme"))


def list_programmes(engine: Engine, *, card_id: str | None = None) -> list[StoredProgramme]:
    """Every programme (of ``card_id`` only, when given), newest first."""
    query = select(programmes).order_by(programmes.c.id.desc())
    if card_id is not None:
        query = query.where(programmes.c.card_id == card_id)
    with engine.connect() as conn:
        return [_stored(row) for row in conn.execute(query)]


def read_programme(conn: Connection, programme_id: int) -> Programme:
    """The programme ``programme_id``, read in the caller's transaction (programmes never change).

    Raises:
        NotFound: There is none.
    """
    body = conn.execute(
        select(programmes.c.body_json).where(programmes.c.id == programme_id)
    ).scalar()
    if body is None:
        raise NotFound(f"no programme {programme_id}")
    return Programme.model_validate_json(body)
