"""Candidate retrieval in the database's own full-text engine.

A query is a list of token groups, one per query word: the group's tokens are
alternatives (the word's keys, translations, corrections). ``all_words``
asks for entries that match every group, otherwise any group. The engine
ranks (FTS5 ``bm25`` on SQLite, ``ts_rank`` on PostgreSQL) and returns the
best ``limit`` candidates; :mod:`kasip.search.engine` re-scores them the
same way on both engines, so both give the same results as long as a query
matches fewer entries than that limit. A broader query ("әлеуметтік" matches
half of a standard) is scored on the engine's own best candidates, which
differ a little between the engines beyond the first few dozen hits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import Connection, text

from kasip.search.entries import Entry

__all__ = ["Candidate", "Filters", "fetch_candidates", "fetch_cards_by_code"]

# Stored by PostgreSQL itself (a generated column, migration 0008), GIN-indexed:
# ranking computed it again for every matched entry, 80 % of a broad query's time.
_PG_VECTOR = "e.search_vector"
# PostgreSQL's planner overestimates how many entries an OR of many tokens
# matches (17,805 for 7,021 at 100 standards), and then reads the whole table
# (or walks another index) instead of the GIN index: 300 ms where the index
# takes 75. EXPLAIN ANALYZE of the candidate query, docs/search.md.
_PG_PLAN = "SET LOCAL enable_seqscan = {0}; SET LOCAL enable_indexscan = {0}"


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


_BM25 = "bm25(search_fts, 1.0, 0.6)"


def _sqlite(groups: Sequence[Sequence[str]], all_words: bool, where: str) -> tuple[str, str]:
    # Tokens are letters only (see kasip.search.analysis), safe inside quotes.
    ors = ["(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups]
    match = (" AND " if all_words else " OR ").join(ors)
    if not where:
        # Rank inside the full-text table first and join only the best rows: a
        # common word matches thousands of entries, and joining each before the
        # sort doubled the query's time. Ties go by row id, as below.
        sql = (
            f"SELECT {_COLUMNS} FROM (SELECT rowid AS rid, {_BM25} AS rank FROM search_fts"
            " WHERE search_fts MATCH :match ORDER BY rank, rowid LIMIT :limit) AS f"
            " JOIN search_entries e ON e.id = f.rid"
            " JOIN standards s ON s.id = e.standard_id ORDER BY f.rank, f.rid"
        )
        return sql, match
    sql = (
        f"SELECT {_COLUMNS} FROM search_fts"
        " JOIN search_entries e ON e.id = search_fts.rowid"
        " JOIN standards s ON s.id = e.standard_id"
        f" WHERE search_fts MATCH :match{where}"
        f" ORDER BY {_BM25}, e.id LIMIT :limit"
    )
    return sql, match


def _postgres(groups: Sequence[Sequence[str]], all_words: bool, where: str) -> tuple[str, str]:
    ors = ["(" + " | ".join(group) + ")" for group in groups]
    match = (" & " if all_words else " | ").join(ors)
    sql = (
        f"SELECT {_COLUMNS} FROM search_entries e"
        " JOIN standards s ON s.id = e.standard_id"
        f" WHERE {_PG_VECTOR} @@ to_tsquery('simple', :match){where}"
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
    params: dict[str, object] = {"limit": limit}
    sql, params["match"] = build(groups, all_words, _where(filters, params))
    if conn.dialect.name == "sqlite":
        # Positional: the columns are the dataclass's fields, in order (_COLUMNS).
        return [Candidate(*row) for row in conn.execute(text(sql), params).all()]
    conn.execute(text(_PG_PLAN.format("off")))
    rows = conn.execute(text(sql), params).all()
    # Back on for the rest of the transaction (a failed query aborts it, and the
    # setting with it: nothing to restore then).
    conn.execute(text(_PG_PLAN.format("on")))
    return [Candidate(*row) for row in rows]


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
