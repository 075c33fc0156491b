"""One read per page: ``Store.reading`` shares one connection and one snapshot."""

from __future__ import annotations

import threading

from sqlalchemy import event

from compare_support import seed_document
from kasip.model import Document
from kasip.pages.card import build_card
from kasip.pages.listing import build_standards
from kasip.registry import Registry, open_registry
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
