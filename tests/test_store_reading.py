"""One read per page: ``Store.reading`` shares one connection and one snapshot."""

from __future__ import annotations

import threading

from sqlalchemy import event

from compare_support import seed_document
from kasip.model import Document
from kasip.pages.card import build_card
from kasip.pages.listing import build_standards
from kasip.registry import Registry, open_registry
from kasip.search.snapshot import GENERATION_KEY
from kasip.store.meta import read_meta_once, write_meta
from kasip.store.outline import read_outline

pytest_plugins = ["conftest_store"]


def another_standard(doc: Document) -> Document:
    """The same text under another order annex: another standard key."""
    order = doc.standard.order.model_copy(update={"annex": "2"})
    return doc.model_copy(
        update={
            "standard": doc.standard.model_copy(update={"order": order}),
            "source": doc.source.model_copy(update={"sha256": "7" * 64}),
        }
    )


def checkouts(registry: Registry) -> list[object]:
    """Every connection the registry's engine checks out from now on."""
    taken: list[object] = []
    event.listen(registry.engine, "checkout", lambda *args: taken.append(args[0]))
    return taken


def test_a_card_page_checks_out_one_connection(registry_url: str) -> None:
    doc = seed_document()
    with open_registry(registry_url) as registry:
        registry.import_documents([doc])
        expected = registry.card_view(doc.cards[2].id).card
        taken = checkouts(registry)
        page = build_card(registry, doc.cards[2].id)
        standards = build_standards(registry)
    # the card, its version's cards and the standards' generation: one read each page
    assert len(taken) == 2
    assert page.card == expected and [s.key for s in standards.data] == [page.standard.key]


def test_reads_in_one_block_see_the_registry_as_it_was_when_the_block_began(
    registry_url: str,
) -> None:
    doc = seed_document()
    with open_registry(registry_url) as registry, open_registry(registry_url) as other:
        registry.import_documents([doc])
        with registry.reading():
            before = [s.key for s in registry.list_standards()]
            other.import_documents([another_standard(doc)])  # another process, committed
            inside = [s.key for s in registry.list_standards()]
            cards_inside = len(registry.list_cards())
            with registry.reading():  # nested: still the same read
                nested = [s.key for s in registry.list_standards()]
        after = [s.key for s in registry.list_standards()]
    assert before == inside == nested and len(before) == 1
    assert cards_inside == len(doc.cards)
    assert len(after) == 2


def test_a_block_in_one_thread_leaves_the_reads_of_other_threads_alone(
    registry_url: str,
) -> None:
    doc = seed_document()
    card = doc.cards[0].id
    seen: list[int] = []
    with open_registry(registry_url) as registry:
        registry.import_documents([doc])
        with registry.reading():
            assert len(registry.locate_card(card)) == 1
            registry.import_documents([another_standard(doc)])
            thread = threading.Thread(target=lambda: seen.append(len(registry.locate_card(card))))
            thread.start()
            thread.join()
            assert len(registry.locate_card(card)) == 1
    assert seen == [2]


def test_the_outline_streams_the_element_texts(registry_url: str) -> None:
    """On PostgreSQL ``yield_per`` reads the elements through a server-side cursor."""
    streamed: list[object] = []

    def seen(*args: object) -> None:
        if "elements.text" in str(args[2]):  # the element query: (conn, cursor, statement, ...)
            streamed.append(getattr(args[4], "execution_options", {}).get("yield_per"))

    with open_registry(registry_url) as registry:
        registry.import_documents([seed_document()])
        event.listen(registry.engine, "before_cursor_execute", seen)
        with registry.engine.connect() as conn:
            rows = read_outline(conn)
    assert len(rows) > 100
    assert streamed == [1000]


def meta_reads(registry: Registry) -> list[str]:
    """Every statement on ``registry_meta`` the registry's engine runs from now on."""
    seen: list[str] = []

    def note(*args: object) -> None:
        if "registry_meta" in str(args[2]):  # (conn, cursor, statement, ...)
            seen.append(str(args[2]))

    event.listen(registry.engine, "before_cursor_execute", note)
    return seen


def test_a_search_reads_the_generation_once(registry_url: str) -> None:
    """Its statistics, match index and standards each key a cache by the generation:
    one read serves them all (on PostgreSQL each read is a round trip)."""
    with open_registry(registry_url) as registry:
        registry.import_documents([seed_document()])
        registry.search("психолог")  # the caches loaded
        reads = meta_reads(registry)
        hits = registry.search("психологиялық көмек")
    assert hits.hits
    assert len(reads) == 1


def test_a_read_once_meta_value_follows_its_own_transactions_write(registry_url: str) -> None:
    with open_registry(registry_url) as registry:
        registry.import_documents([seed_document()])
        with registry.engine.connect() as conn:
            first = read_meta_once(conn, GENERATION_KEY)
            write_meta(conn, GENERATION_KEY, str(int(first or 0) + 5))
            after = read_meta_once(conn, GENERATION_KEY)
            conn.rollback()
            # A new transaction reads anew: the write was rolled back.
            again = read_meta_once(conn, GENERATION_KEY)
    assert after == str(int(first or 0) + 5)
    assert again == first


def test_a_read_once_meta_value_is_read_again_in_the_next_read(registry_url: str) -> None:
    doc = seed_document()
    with open_registry(registry_url) as registry, open_registry(registry_url) as other:
        registry.import_documents([doc])
        with registry.reading():
            before = registry.search("психолог")
            other.import_documents([another_standard(doc)])  # committed meanwhile
            inside = registry.search("психолог")
        after = registry.search("психолог")
    standards = [{hit.card.standard for hit in found.hits} for found in (before, inside, after)]
    assert len(standards[0]) == len(standards[1]) == 1
    assert len(standards[2]) == 2


def test_without_a_snapshot_a_meta_value_is_read_each_time(registry_url: str) -> None:
    """In autocommit every statement sees the latest state: nothing is held."""
    with open_registry(registry_url) as registry:
        registry.import_documents([seed_document()])
        reads = meta_reads(registry)
        engine = registry.engine.execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            values = {read_meta_once(conn, GENERATION_KEY) for _ in range(3)}
    assert len(values) == 1
    assert len(reads) == 3
