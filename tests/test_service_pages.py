"""The page builders over small registries built with kasip.testing's factories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kasip.errors import InvalidInput, NotFound
from kasip.model import Amendment, RelatedOccupation
from kasip.pages import (
    build_card,
    build_cards,
    build_element,
    build_home,
    build_standard,
    build_versions,
)
from kasip.pages.cache import CACHE_SIZE, DocumentCache, load_document
from kasip.registry import Registry, open_registry
from kasip.testing import make_card, make_document, make_span
from store_support import copy_registry

KK = "292-2019-05-30-kk"
RU = "292-2019-05-30-ru"


@pytest.fixture
def registry(migrated_registry: Registry) -> Iterator[Registry]:
    with copy_registry(migrated_registry) as registry:
        yield registry


def two_editions(registry: Registry) -> None:
    kk = make_document(cards=[make_card(level=5), make_card(level=6), make_card("3412-0-008", 4)])
    ru = make_document(language="ru", cards=[make_card(level=5, name="Специалист")])
    registry.import_documents([kk, ru])


def test_card_page_lists_the_editions_of_its_order(registry: Registry) -> None:
    two_editions(registry)
    page = build_card(registry, "2635-3-001@5")
    assert page.standard.key == KK and page.languages == ("kk", "ru")
    assert [(e.language, e.url) for e in page.editions] == [
        ("kk", f"/cards/2635-3-001@5?standard={KK}"),
        ("ru", f"/cards/2635-3-001@5?standard={RU}"),
    ]
    # A card only one edition has is published in that language only.
    assert build_card(registry, "2635-3-001@6").languages == ("kk",)
    assert build_card(registry, "2635-3-001@5", standard=RU).card.name == "Специалист"


def test_card_links_name_the_standard_only_when_there_are_several(registry: Registry) -> None:
    registry.import_documents([make_document(cards=[make_card(level=5), make_card(level=6)])])
    page = build_card(registry, "2635-3-001@5")
    assert (page.url, page.pdf_url) == ("/cards/2635-3-001@5", "/cards/2635-3-001@5.pdf")
    assert [c.url for c in page.same_code] == ["/cards/2635-3-001@6"]
    registry.import_documents([make_document(language="ru")])
    assert build_card(registry, "2635-3-001@5").url == f"/cards/2635-3-001@5?standard={KK}"


def test_card_page_resolves_related_occupations(registry: Registry) -> None:
    doc = make_document(cards=[make_card(level=5), make_card(level=6)])
    card = doc.cards[0]
    related = RelatedOccupation(
        id=f"{card.id}/r1",
        level=6,
        level_as_written="6-деңгей",
        names=(f"«{card.name}»",),
        span=make_span(),
    )
    doc = doc.model_copy(
        update={"cards": (card.model_copy(update={"related": (related,)}), doc.cards[1])}
    )
    registry.import_documents([doc])
    [link] = build_card(registry, "2635-3-001@5").related
    assert [c.id for c in link.cards] == ["2635-3-001@6"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda r: build_card(r, "2635-3-001"), InvalidInput),
        (lambda r: build_card(r, "2635-3-001@5", version=1), InvalidInput),
        (lambda r: build_card(r, "2635-3-001@8"), NotFound),
        (lambda r: build_card(r, "2635-3-001@5", standard=KK, version=2), NotFound),
        (lambda r: build_standard(r, "nope"), NotFound),
        (lambda r: build_standard(r, KK, version=0), InvalidInput),
        (lambda r: build_versions(r, KK, page=0), InvalidInput),
        (lambda r: build_cards(r, level=9), InvalidInput),
        (lambda r: build_cards(r, per_page=201), InvalidInput),
        (lambda r: build_cards(r, q="x" * 201), InvalidInput),
        (lambda r: build_home(r, level=0), InvalidInput),
        (lambda r: build_element(r, "term 1"), InvalidInput),
        (lambda r: build_element(r, "2635-3-001@5/f1/t9"), NotFound),
    ],
)
def test_builders_raise_invalid_input_or_not_found(
    registry: Registry, call: object, error: type[Exception]
) -> None:
    two_editions(registry)
    with pytest.raises(error):
        call(registry)  # type: ignore[operator]


def test_standard_page_timeline_orders_amending_orders_by_date(registry: Registry) -> None:
    notes = [
        Amendment(id="a1", order_number="9", order_date="2023-01-13", raw="b", span=make_span()),
        Amendment(id="a2", order_number="488", order_date="2021-12-23", raw="a", span=make_span()),
        Amendment(id="a3", raw="undated", span=make_span()),
        Amendment(id="a4", order_number="9", order_date="2023-01-13", raw="c", span=make_span()),
    ]
    doc = make_document()
    doc = doc.model_copy(
        update={"standard": doc.standard.model_copy(update={"amendments": tuple(notes)})}
    )
    registry.import_documents([doc])
    timeline = build_standard(registry, KK).timeline
    assert [(e.kind, e.order_number, [a.id for a in e.amendments]) for e in timeline] == [
        ("approved", "292", []),
        ("amended", "488", ["a2"]),
        ("amended", "9", ["a1", "a4"]),
        ("amended", None, ["a3"]),
    ]


def test_standard_page_of_an_earlier_version(registry: Registry) -> None:
    registry.import_documents([make_document(cards=[make_card(level=5)])])
    registry.import_documents([make_document(cards=[make_card(level=6)])])
    old = build_standard(registry, KK, version=1)
    assert (old.version, old.latest_version) == (1, 2)
    assert [c.id for c in old.cards] == ["2635-3-001@5"]
    assert [v.url for v in old.versions] == [
        f"/standards/{KK}?version=1",
        f"/standards/{KK}?version=2",
    ]


def test_home_counts_cards_per_level_and_limits_results(registry: Registry) -> None:
    two_editions(registry)
    home = build_home(registry)
    assert [(level.level, level.cards) for level in home.levels][3:6] == [(4, 1), (5, 2), (6, 1)]
    assert home.results is None and home.count == 0
    found = build_home(registry, q="  СПЕЦИАЛИСТ ", level=5)
    assert found.q == "СПЕЦИАЛИСТ" and [c.standard for c in found.results or ()] == [RU]


def test_element_page_of_a_card_and_of_a_standard_element(registry: Registry) -> None:
    registry.import_documents([make_document(terms=[("кәсіп", "еңбек қызметінің түрі")])])
    card = build_element(registry, "2635-3-001@6")
    assert (card.type, card.url, card.parent_id) == ("card", "/cards/2635-3-001@6", None)
    term = build_element(registry, "terms/1")
    assert (term.type, term.text, term.card_id) == ("term", "кәсіп – еңбек қызметінің түрі", None)
    assert term.url == f"/standards/{KK}#terms/1"


def test_documents_are_cached_per_registry(registry: Registry) -> None:
    registry.import_documents([make_document(cards=[make_card(level=5)])])
    first = load_document(registry, KK)
    assert load_document(registry, KK, 1) is first
    # Another registry holding another text under the same key and version.
    with open_registry("sqlite://") as other:
        other.import_documents([make_document(cards=[make_card(level=7)])])
        assert load_document(other, KK).card("2635-3-001@7") is not None
    assert first.card("2635-3-001@5") is not None


def test_document_cache_evicts_the_least_recently_used(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    for level in (4, 5, 6):
        registry.import_documents([make_document(cards=[make_card(level=level)])])
    cache = DocumentCache(size=2)
    reads: list[int] = []
    export = registry.export_document

    def counting_export(key: str, *, version: int | None = None):  # type: ignore[no-untyped-def]
        reads.append(version or 0)
        return export(key, version=version)

    monkeypatch.setattr(registry, "export_document", counting_export)
    for version in (1, 2, 1, 3, 1, 2):
        cache.get(registry, KK, version)
    assert reads == [1, 2, 3, 2]
    assert CACHE_SIZE >= 2
