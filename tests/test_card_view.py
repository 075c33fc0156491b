"""A card page reads its card, not its whole standard (issue 11: the same cost at 1× and 700×)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import delete, select, update

from compare_support import SEED_KEY, seed_document
from kasip.pages.cache import DocumentCache
from kasip.pages.card import build_card
from kasip.registry import open_registry
from kasip.store import repo
from kasip.store.schema import cards, registry_meta, standard_versions


def test_a_card_view_is_the_stored_card_with_its_standards_frame(tmp_path: object) -> None:
    doc = seed_document()
    with open_registry(f"sqlite:///{tmp_path}/view.db") as registry:
        registry.import_documents([doc])
        view = registry.card_view(doc.cards[2].id)
    assert view.card == doc.cards[2]
    assert view.frame.standard == doc.standard and view.frame.source == doc.source
    assert view.frame.cards == ()
    assert [c.summary.card_id for c in view.cards] == [c.id for c in doc.cards]
    assert [c.occupation_code for c in view.cards] == [c.occupation_code for c in doc.cards]
    assert view.location.standard == SEED_KEY and view.location.position == 3


def test_a_card_page_does_not_read_the_whole_document(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = seed_document()
    with open_registry(f"sqlite:///{tmp_path}/view.db") as registry:
        registry.import_documents([doc])
        expected = build_card(registry, doc.cards[4].id)

        def refuse(*_: object, **__: object) -> None:
            raise AssertionError("the whole document was read")

        monkeypatch.setattr(repo, "documents_json_by_id", refuse)
        monkeypatch.setattr(DocumentCache, "get", refuse)
        page = build_card(registry, doc.cards[4].id)
    assert page == expected and page.same_code


def test_rows_written_before_the_card_column_are_remade_when_the_registry_opens(
    tmp_path: object,
) -> None:
    doc = seed_document()
    url = f"sqlite:///{tmp_path}/view.db"
    with open_registry(url) as registry:
        registry.import_documents([doc])
        expected = build_card(registry, doc.cards[1].id)
        with registry.engine.begin() as conn:  # as migration 0007 leaves older rows
            conn.execute(update(cards).values(card_json=None))
            conn.execute(update(standard_versions).values(frame_json=None))
            conn.execute(delete(registry_meta).where(registry_meta.c.key == "rows_version"))
    with open_registry(url) as registry:
        with registry.engine.connect() as conn:
            assert None not in conn.execute(select(cards.c.card_json)).scalars().all()
        assert build_card(registry, doc.cards[1].id) == expected


def test_a_card_view_names_every_standard_holding_the_card_and_reads_it_in_one_query(
    tmp_path: object,
) -> None:
    from sqlalchemy import event

    from kasip.errors import NotFound

    doc = seed_document()
    order = doc.standard.order.model_copy(update={"annex": "2"})
    other = doc.model_copy(
        update={
            "standard": doc.standard.model_copy(update={"order": order}),
            "source": doc.source.model_copy(update={"sha256": "7" * 64}),
        }
    )
    card = doc.cards[3].id
    with open_registry(f"sqlite:///{tmp_path}/view.db") as registry:
        registry.import_documents([doc, other])
        keys = sorted(r.key for r in registry.list_standards())
        statements: list[str] = []
        event.listen(registry.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        first = registry.card_view(card)
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        # where the card is, with its version's cards and its JSON
        assert len(reads) == 1
        statements.clear()
        second = registry.card_view(card, standard=keys[1])
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
        old = registry.card_view(card, standard=keys[0], version=1)
        with pytest.raises(NotFound, match="standard"):
            registry.card_view(card, standard="no-such-standard")
        with pytest.raises(NotFound, match="no card"):
            registry.card_view("9999-9-999@5", standard=keys[0])
    assert first.holders == second.holders == old.holders == tuple(keys)
    assert first.location.standard == keys[0] and second.location.standard == keys[1]
    assert first.card == second.card == old.card == doc.cards[3]
    assert [c.summary.card_id for c in first.cards] == [c.id for c in doc.cards]
    assert first.cards == tuple(
        replace(listed, summary=replace(listed.summary, standard=keys[0]))
        for listed in second.cards
    )
    assert first.location.position == second.location.position == old.location.position
    assert first.cards[first.location.position - 1].summary.card_id == card
    assert (first.location.version, old.location.version) == (1, 1)


def test_a_card_page_reads_the_registry_in_three_queries(tmp_path: object) -> None:
    # On PostgreSQL every query is a round trip (issue 11): where the card is with its
    # version's cards and its JSON, the version list (each version's dates and
    # official source: one query joined on the key), the generation.
    from sqlalchemy import event

    with open_registry(f"sqlite:///{tmp_path}/page.db") as registry:
        registry.import_documents([seed_document()])
        build_card(registry, "2635-3-001@5")  # the standards index and caches, once
        statements: list[str] = []
        event.listen(registry.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        build_card(registry, "2635-3-001@5")
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 3, reads
