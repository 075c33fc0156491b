"""Search ranks every entry that holds a query token, over arrays (issue 11).

kasip.search.ranking scores all entries at once and reads only the best rows;
these tests hold it to the plain definition: every stored entry scored by
``kasip.search.engine._score`` and sorted, with the same filters, on SQLite and
PostgreSQL, for every query of the three labelled sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Connection, text

from compare_support import seed_document
from conftest_store import BACKENDS, reset_postgres
from kasip.match.stored import pieces_fingerprint
from kasip.model import Document, Order
from kasip.registry import Registry, open_registry
from kasip.search import engine
from kasip.search.backend import _COLUMNS, Candidate, Filters
from kasip.search.indexer import bump_generation
from kasip.search.ranking import SearchJoin, piece_columns

EVAL = Path(__file__).resolve().parents[1] / "eval"
QUERIES = [
    json.loads(line)["query"]
    for name in ("dev", "holdout", "test")
    for line in (EVAL / f"search-{name}.jsonl").read_text(encoding="utf-8").splitlines()
]
# A second standard: the seed under another order number (so another key).
OTHER_ORDER = Order(number="293", date="2019-05-31")


def other_standard() -> Document:
    doc = seed_document()
    return doc.model_copy(
        update={"standard": doc.standard.model_copy(update={"order": OTHER_ORDER})}
    )


@pytest.fixture(scope="module", params=BACKENDS)
def registry(request: pytest.FixtureRequest) -> Iterator[Registry]:
    url = request.param
    if not url.startswith("sqlite"):
        reset_postgres(url)
    reg = open_registry(url)
    reg.import_documents([seed_document(), other_standard()])
    try:
        yield reg
    finally:
        reg.close()


def every_entry(
    conn: Connection,
    _arrays: object,
    query: tuple[list[engine.QueryWord], engine._Weights, bool],
    filters: Filters,
    _wanted: int,
) -> list[tuple[float, Candidate]]:
    """engine._ranked by definition: every stored entry scored, filtered and sorted."""
    _, weights, definition = query
    rows = conn.execute(
        text(f"SELECT {_COLUMNS} FROM search_entries e JOIN standards s ON s.id = e.standard_id")
    ).all()
    found = [
        c
        for c in (Candidate(*row) for row in rows)
        if (filters.standard is None or c.standard == filters.standard)
        and (filters.level is None or c.level == filters.level)
        and (not filters.types or c.type in filters.types)
    ]
    scored = ((engine._score(c, weights, definition=definition), c) for c in found)
    return sorted(
        (sc for sc in scored if sc[0] > 0),
        key=lambda sc: (-sc[0], len(sc[1].text), sc[1].element_id, sc[1].standard),
    )


def hits(reg: Registry, query: str, **filters: object) -> list[tuple[str, str, float]]:
    found = reg.search(query, limit=15, **filters)  # type: ignore[arg-type]
    return [(h.element.id, h.card.standard, h.score) for h in found.hits]


FILTERS: list[dict[str, object]] = [
    {},
    {"level": 6},
    {"types": ["skill", "knowledge"]},
    {"types": ["term", "abbreviation"]},
]


def test_ranking_over_arrays_gives_what_scoring_every_entry_gives(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [s.key for s in registry.list_standards()]
    # Every query unfiltered, a third of them with each filter: scoring every
    # entry in Python takes 30 ms a query, and all of them with all filters took
    # a minute of the suite.
    cases = [(q, f) for q in QUERIES for f in FILTERS[:1]]
    cases += [(q, f) for q in QUERIES[::3] for f in FILTERS[1:]]
    cases += [(q, {"standard": key}) for q in QUERIES[1::7] for key in keys]
    ranked = [hits(registry, q, **f) for q, f in cases]
    monkeypatch.setattr(engine, "_ranked", every_entry)
    for (query, filters), found in zip(cases, ranked, strict=True):
        assert found == hits(registry, query, **filters), (query, filters)
    # Not vacuous: most queries find something, and both standards are found.
    assert sum(bool(f) for f in ranked) > len(cases) * 0.6
    assert {s for found in ranked for _, s, _ in found} == set(keys)


def test_ties_between_the_copies_of_an_element_come_in_element_then_standard_order(
    registry: Registry,
) -> None:
    # Each element is in both standards, with the same score and length: the
    # rows read beyond the limit keep the order complete (kasip.search.ranking).
    found = hits(registry, "әлеуметтік қызметкер")
    assert len(found) == 15
    pairs = [(e, s) for e, s, _ in found]
    assert [p for p in pairs if p[0] == pairs[0][0]] == sorted(
        p for p in pairs if p[0] == pairs[0][0]
    )
    assert len({s for _, s in pairs[:2]}) == 2


def test_a_reindexed_registry_maps_a_new_file_and_finds_the_same(tmp_path: Path) -> None:
    # Rebuilding the search index may give its entries new row ids while every
    # text stays the same: the file of the state before must not be read for
    # them, so the fingerprint holds the generation.
    url = f"sqlite:///{tmp_path / 'r.db'}"
    with open_registry(url) as reg:
        reg.import_documents([seed_document()])
        before = [hits(reg, q) for q in QUERIES[:20]]
        with reg.engine.connect() as conn:
            fingerprint = pieces_fingerprint(conn)
        reg.reindex()
        with reg.engine.connect() as conn:
            assert pieces_fingerprint(conn) != fingerprint
        assert [hits(reg, q) for q in QUERIES[:20]] == before
    with open_registry(url) as reg:
        assert [hits(reg, q) for q in QUERIES[:20]] == before
    assert len(list((tmp_path / "r.db.match").glob("match-*.idx"))) == 2


def test_a_standard_whose_row_ids_are_not_one_run_has_them_read_one_by_one(tmp_path: Path) -> None:
    # Imports side by side on PostgreSQL draw ids from one sequence: a standard's
    # entries need not be one run of ids. Made here by spreading the ids apart.
    url = f"sqlite:///{tmp_path / 'r.db'}"
    with open_registry(url) as reg:
        reg.import_documents([seed_document(), other_standard()])
        before = [hits(reg, q) for q in QUERIES[:30]]
        with reg.engine.begin() as conn:
            # Negative first, so that no new id meets an old one on the way.
            conn.execute(text("UPDATE search_entries SET id = -id"))
            conn.execute(text("UPDATE search_entries SET id = -id * 2 + standard_id % 2"))
            spans = conn.execute(
                text("SELECT max(id)-min(id)+1, count(*) FROM search_entries GROUP BY standard_id")
            ).all()
            assert all(width > count for width, count in spans)
            # The state changed: caches and the index file must not be reused.
            bump_generation(conn)
        assert [hits(reg, q) for q in QUERIES[:30]] == before


def test_joining_refuses_a_piece_and_rows_that_disagree() -> None:
    columns = {k: np.asarray(v, dtype=np.uint32) for k, v in piece_columns([]).items()}
    joining = SearchJoin()
    joining.survey("x", columns)
    with pytest.raises(ValueError, match="standard x: 2 search entries stored, 0"):
        joining.start([np.array([1, 2], dtype=np.int64)])
