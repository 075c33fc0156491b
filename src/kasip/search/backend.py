"""The rows search reads from the database: entries by row id, cards by occupation code.

Which entries a query finds, and in what order, is worked out over arrays
(:mod:`kasip.search.ranking`), the same way on SQLite and PostgreSQL; only
the best few are read here, by primary key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import Connection, bindparam, text

from kasip.search.entries import Entry

__all__ = ["Candidate", "Filters", "fetch_cards_by_code", "fetch_elements", "fetch_entries"]


@dataclass(frozen=True, slots=True)
class Filters:
    standard: str | None = None
    level: int | None = None
    types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate(Entry):
    """A stored entry search found: its row id and its standard's key too."""

    id: int
    standard: str


# Candidate's fields in order: rows are read into it by position.
_COLUMNS = ", ".join(
    "s.key AS standard" if f.name == "standard" else f"e.{f.name}" for f in fields(Candidate)
)


def _where(filters: Filters, params: dict[str, object]) -> str:
    clauses = []
    if filters.standard is not None:
        clauses.append("s.key = :standard")
        params["standard"] = filters.standard
    if filters.level is not None:
        clauses.append("e.level = :level")
        params["level"] = filters.level
    if filters.types:
        names = []
        for n, kind in enumerate(filters.types):
            params[f"type{n}"] = kind
            names.append(f":type{n}")
        clauses.append(f"e.type IN ({', '.join(names)})")
    return "".join(f" AND {c}" for c in clauses)


def fetch_entries(conn: Connection, ids: Sequence[int]) -> list[Candidate]:
    """The entries with these row ids (those still stored), in no particular order."""
    if not ids:
        return []
    sql = (
        f"SELECT {_COLUMNS} FROM search_entries e JOIN standards s ON s.id = e.standard_id"
        " WHERE e.id IN :ids"
    )
    query = text(sql).bindparams(bindparam("ids", expanding=True))
    # Positional: the columns are the dataclass's fields, in order (_COLUMNS).
    return [Candidate(*row) for row in conn.execute(query, {"ids": list(ids)}).all()]


def fetch_elements(conn: Connection, wanted: Sequence[tuple[str, str]]) -> list[Candidate]:
    """The entries of these (standard key, element ID) pairs that are stored, in no order."""
    if not wanted:
        return []
    sql = (
        f"SELECT {_COLUMNS} FROM search_entries e JOIN standards s ON s.id = e.standard_id"
        " WHERE s.key IN :keys AND e.element_id IN :ids"
    )
    query = text(sql).bindparams(
        bindparam("keys", expanding=True), bindparam("ids", expanding=True)
    )
    params = {"keys": sorted({k for k, _ in wanted}), "ids": sorted({i for _, i in wanted})}
    pairs = set(wanted)
    found = (Candidate(*row) for row in conn.execute(query, params).all())
    return [c for c in found if (c.standard, c.element_id) in pairs]


def fetch_cards_by_code(
    conn: Connection, codes: Sequence[str], filters: Filters, *, limit: int
) -> list[Candidate]:
    """The card entries whose occupation code is one of ``codes``.

    A short code (``3412-008``, as some texts print it) matches any middle
    digit (``3412-0-008``).
    """
    params: dict[str, object] = {"limit": limit}
    alternatives = []
    for n, code in enumerate(codes):
        head, _, tail = code.partition("-")
        if tail.count("-") == 0:  # the short form: NNNN-NNN
            params[f"code{n}"] = f"{head}-_-{tail}"
            alternatives.append(f"e.code LIKE :code{n}")
        else:
            params[f"code{n}"] = code
            alternatives.append(f"e.code = :code{n}")
    if not alternatives:
        return []
    where = _where(filters, params)
    sql = (
        f"SELECT {_COLUMNS} FROM search_entries e JOIN standards s ON s.id = e.standard_id"
        f" WHERE e.type = 'card' AND ({' OR '.join(alternatives)}){where}"
        " ORDER BY s.key, e.level, e.element_id LIMIT :limit"
    )
    return [Candidate(*row) for row in conn.execute(text(sql), params).all()]
