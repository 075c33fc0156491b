"""Candidate retrieval in the database's own full-text engine.

A query is a list of token groups, one per query word: the group's tokens are
alternatives (the word's keys, translations, corrections). ``all_words``
asks for entries that match every group, otherwise any group. The engine
ranks (FTS5 ``bm25`` on SQLite, ``ts_rank`` on PostgreSQL) and returns the
best ``limit`` candidates; :mod:`kasip.search.engine` re-scores them the
same way on both engines, so both give the same results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from kasip.search.entries import Entry

__all__ = ["Candidate", "Filters", "fetch_candidates"]

# Must equal the expression of the GIN index made by migration 0002.
_PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, e.keys), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, e.xkeys), 'B'))"
)
_COLUMNS = (
    "e.id, e.element_id, e.card_id, e.code, e.level, e.card_name, e.type, e.lang,"
    " e.text, e.keys, e.xkeys, s.key AS standard"
)


@dataclass(frozen=True, slots=True)
class Filters:
    standard: str | None = None
    level: int | None = None
    types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate(Entry):
    """A stored entry the engine found: its row id and its standard's key too."""

    id: int
    standard: str


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


def _sqlite(groups: Sequence[Sequence[str]], all_words: bool) -> tuple[str, str]:
    # Tokens are letters only (see kasip.search.analysis), safe inside quotes.
    ors = ["(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups]
    match = (" AND " if all_words else " OR ").join(ors)
    sql = (
        f"SELECT {_COLUMNS} FROM search_fts"
        " JOIN search_entries e ON e.id = search_fts.rowid"
        " JOIN standards s ON s.id = e.standard_id"
        " WHERE search_fts MATCH :match{where}"
        " ORDER BY bm25(search_fts, 1.0, 0.6) LIMIT :limit"
    )
    return sql, match


def _postgres(groups: Sequence[Sequence[str]], all_words: bool) -> tuple[str, str]:
    ors = ["(" + " | ".join(group) + ")" for group in groups]
    match = (" & " if all_words else " | ").join(ors)
    sql = (
        f"SELECT {_COLUMNS} FROM search_entries e"
        " JOIN standards s ON s.id = e.standard_id"
        f" WHERE {_PG_VECTOR} @@ to_tsquery('simple', :match){{where}}"
        f" ORDER BY ts_rank({_PG_VECTOR}, to_tsquery('simple', :match)) DESC, e.id"
        " LIMIT :limit"
    )
    return sql, match


def fetch_candidates(
    conn: Connection,
    groups: Sequence[Sequence[str]],
    filters: Filters,
    *,
    all_words: bool,
    limit: int,
) -> list[Candidate]:
    """The engine's best ``limit`` entries for the token groups (see module doc)."""
    groups = [g for g in groups if g]
    if not groups:
        return []
    build = _sqlite if conn.dialect.name == "sqlite" else _postgres
    sql, match = build(groups, all_words)
    params: dict[str, object] = {"match": match, "limit": limit}
    sql = sql.replace("{where}", _where(filters, params))
    rows = conn.execute(text(sql), params).all()
    return [Candidate(**row._mapping) for row in rows]
