"""The search index's token statistics (kasip.search.statistics) stay those of its entries.

Imports change them by difference, in their own transaction; a reader takes
them instead of reading every entry, so any drift would skew every search's
weights. Recounting the entries must always give the stored rows. Parallel
imports on both back ends are checked in test_store_concurrency.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from kasip.model import Document
from kasip.registry import open_registry
from kasip.search.snapshot import load_snapshot
from kasip.store.schema import search_tokens
from store_support import assert_token_statistics, documents, downgrade


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(documents(), min_size=1, max_size=3), min_size=1, max_size=4))
def test_tokens_follow_every_import_and_rebuild(batches: list[list[Document]]) -> None:
    # Random titles often repeat a key: a batch then brings new versions of
    # standards already there, whose entries replace the old ones.
    with open_registry("sqlite://") as registry:
        for batch in batches:
            registry.import_documents(batch)
            assert_token_statistics(registry.engine)
        registry.reindex()
        assert_token_statistics(registry.engine)


def test_a_rebuild_repairs_lost_statistics(seed_document: Document) -> None:
    with open_registry("sqlite://") as registry:
        registry.import_documents([seed_document])
        before = registry.search("әлеуметтік қызметкер")
        with registry.engine.begin() as conn:
            conn.execute(delete(search_tokens).where(search_tokens.c.token.like("ә%")))
        registry.reindex()
        assert_token_statistics(registry.engine)
        assert registry.search("әлеуметтік қызметкер") == before


def test_the_migration_counts_the_entries_indexed_before_it(
    tmp_path: object, seed_document: Document
) -> None:
    url = f"sqlite:///{tmp_path}/before-0005.db"
    with open_registry(url) as registry:
        registry.import_documents([seed_document])
        before = registry.search("әлеуметтік қызметкерлер", limit=50)
        with registry.engine.connect() as conn:
            snapshot = load_snapshot(conn)
        downgrade(url, "0004")
    with open_registry(url) as registry:  # upgrades to head: 0005 counts the entries
        assert_token_statistics(registry.engine)
        with registry.engine.connect() as conn:
            again = load_snapshot(conn)
        assert (again.entries, again.frequency) == (snapshot.entries, snapshot.frequency)
        assert again.analyzer.vocabulary == snapshot.analyzer.vocabulary
        assert registry.search("әлеуметтік қызметкерлер", limit=50) == before
