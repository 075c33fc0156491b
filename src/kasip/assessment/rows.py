"""Reading assessment's rows by number: one look-up for programmes and questions alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Row, Table, select

from kasip.errors import NotFound

__all__ = ["row_by_id"]


def row_by_id(engine: Engine, table: Table, row_id: int, *, what: str) -> Row[Any]:
    """The row ``row_id`` of ``table``.

    Raises:
        NotFound: There is none ("no {what} {row_id}").
    """
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == row_id)).first()
    if row is None:
        raise NotFound(f"no {what} {row_id}")
    return row
