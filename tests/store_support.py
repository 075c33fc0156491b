"""Helpers for the store and export tests: registry copies, table dumps, hypothesis strategies.

Imported by name from the test modules; the fixtures are in conftest_store.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, select, text

from kasip.match.pieces import Piece
from kasip.model import Document, ProfessionCard
from kasip.registry import Registry
from kasip.store.db import make_engine
from kasip.store.schema import TABLES
from kasip.testing import make_card, make_document, make_function, make_span, make_task


def numbered(pieces: Sequence[tuple[str, Piece]]) -> list[np.ndarray[Any, Any]]:
    """Row ids for joining ``pieces`` outside a registry: as if each piece's search
    entries were stored in turn, numbered from 1."""
    rows = []
    first = 1
    for _, piece in pieces:
        count = len(piece.arrays["s_entry_type"])
        rows.append(np.arange(first, first + count, dtype=np.int64))
        first += count
    return rows


def copy_registry(registry: Registry) -> Registry:
    """A new in-memory registry holding a copy of ``registry``'s SQLite database.

    The copy (SQLite's backup API) has the same rows as the original; what is
    done to one is not seen by the other. Close the copy after use.
    """
    engine = make_engine("sqlite://")
    source = registry.engine.raw_connection()
    target = engine.raw_connection()
    try:
        original, copy = source.driver_connection, target.driver_connection
        assert original is not None and copy is not None
        original.backup(copy)
    finally:
        target.close()
        source.close()
    return Registry(engine)


def dump_tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every registry table (and alembic_version), in id order."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            dump[table.name] = [tuple(row) for row in rows]
        if inspect(conn).has_table("alembic_version"):
            versions = conn.execute(text("SELECT * FROM alembic_version"))
            dump["alembic_version"] = [tuple(row) for row in versions]
    return dump


def row_counts(engine: Engine) -> dict[str, int]:
    """The number of rows of each registry table."""
    return {name: len(rows) for name, rows in dump_tables(engine).items()}


# Text as it comes from the legal texts: Kazakh and Russian letters, NBSP,
# dashes and quotes, plus any other printable character now and then.
KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
TEXT_ALPHABET = st.sampled_from(
    list(KAZAKH + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя ABCxyz0123456789\u00a0–-«»\"'.,;:()\n\t№")
) | st.characters(codec="utf-8", exclude_characters="\x00")
texts = st.text(TEXT_ALPHABET, max_size=40)
codes = st.from_regex(r"[0-9]{4}-[0-9]-[0-9]{3}|[0-9]{4}-[0-9]{3}", fullmatch=True)
levels = st.integers(min_value=1, max_value=8)
spans = st.builds(
    make_span,
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    line_start=st.integers(1, 10**4),
    line_end=st.integers(1, 10**4),
)


@st.composite
def cards(draw: st.DrawFn) -> ProfessionCard:
    """A random, valid profession card."""
    task = st.builds(
        make_task,
        texts,
        skills=st.lists(texts, max_size=3),
        knowledge=st.lists(texts, max_size=3),
        span=spans,
    )
    tasks = draw(st.lists(task, max_size=2))
    functions = draw(st.lists(st.builds(make_function, texts, tasks=st.just(tasks)), max_size=2))
    code = draw(codes)
    return make_card(
        code,
        draw(levels),
        name=draw(texts),
        code_as_written=draw(st.sampled_from([code, code.replace("-", " - ", 1)])),
        functions=functions,
        other_names=draw(st.lists(texts, max_size=2)),
        span=draw(spans),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A random, valid document without error diagnostics."""
    return make_document(
        title=draw(texts),
        language=draw(st.sampled_from(["kk", "ru", "unknown"])),
        order_number=draw(st.none() | st.from_regex(r"№? ?\d{1,4}", fullmatch=True)),
        order_date=draw(st.none() | st.dates().map(lambda d: d.isoformat())),
        cards=draw(st.lists(cards(), max_size=3)),
        source_sha=draw(st.sampled_from([None, ""])),
        source_name=draw(texts),
        terms=draw(st.lists(st.tuples(texts, texts), max_size=2)),
        abbreviations=draw(st.lists(st.tuples(texts, texts), max_size=2)),
        occupations=draw(st.lists(texts, max_size=2)),
        amendments=draw(st.lists(texts, max_size=2)),
    )


def assert_token_statistics(engine: Engine) -> None:
    """The stored token statistics are those of the stored search entries, recounted."""
    from kasip.search.statistics import count_tokens, read_tokens
    from kasip.store.schema import search_entries

    e = search_entries.c
    with engine.connect() as conn:
        total, rows = read_tokens(conn)
        counted = count_tokens(conn.execute(select(e["keys"], e.xkeys, e.lang)))
    assert {t: (n, k) for t, n, k in rows} == {
        t: (n, counted.kazakh[t]) for t, n in counted.entries.items()
    }
    assert total == row_counts(engine)["search_entries"]


def downgrade(url: str, revision: str) -> None:
    """Take the registry at ``url`` back to an older schema ``revision`` (Alembic's downgrade)."""
    from alembic import command

    from kasip.store.migrate import alembic_config

    config = alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, revision)
