"""Registry lookups by ID and by text: locate_card, get_card, locate_element, search_cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

from kasip.errors import NotFound
from kasip.model import Document
from kasip.model.elements import walk
from kasip.model.vocabulary import ELEMENT_TYPES
from kasip.registry import Registry, open_registry
from kasip.store import CardLocation, ElementLocation
from kasip.store.schema import elements, registry_meta
from kasip.testing import make_card, make_document

KK = "292-2019-05-30-kk"
RU = "292-2019-05-30-ru"


def two_editions(registry: Registry) -> None:
    """The Kazakh and Russian texts of one order, holding the same card IDs."""
    kk = make_document(
        cards=[make_card(level=5, other_names=["Кейс-менеджер"]), make_card("3412-0-008", 4)]
    )
    ru = make_document(language="ru", cards=[make_card(level=5, name="Специалист")])
    registry.import_documents([kk, ru])


def test_locate_card_finds_every_standard_holding_it(fresh_registry: Registry) -> None:
    two_editions(fresh_registry)
    assert fresh_registry.locate_card("2635-3-001@5") == [
        CardLocation(KK, "kk", 1, 1, "2635-3-001@5"),
        CardLocation(RU, "ru", 1, 1, "2635-3-001@5"),
    ]
    assert [loc.standard for loc in fresh_registry.locate_card("2635-3-001@5", standard=RU)] == [RU]
    assert fresh_registry.locate_card("3412-0-008@4")[0].position == 2
    assert fresh_registry.locate_card("9999-9-999@1") == []


def test_locate_card_in_an_old_version(fresh_registry: Registry) -> None:
    fresh_registry.import_documents([make_document(cards=[make_card(level=5)])])
    fresh_registry.import_documents([make_document(cards=[make_card(level=6)])])
    assert fresh_registry.locate_card("2635-3-001@5") == []
    [old] = fresh_registry.locate_card("2635-3-001@5", standard=KK, version=1)
    assert (old.version, old.position) == (1, 1)
    assert fresh_registry.get_card("2635-3-001@5", standard=KK, version=1).level == 5
    with pytest.raises(NotFound):
        fresh_registry.get_card("2635-3-001@5")


def test_get_card_returns_the_first_by_standard_key(fresh_registry: Registry) -> None:
    two_editions(fresh_registry)
    assert fresh_registry.get_card("2635-3-001@5").name != "Специалист"
    assert fresh_registry.get_card("2635-3-001@5", standard=RU).name == "Специалист"


def test_lookups_refuse_a_version_without_a_standard(fresh_registry: Registry) -> None:
    with pytest.raises(ValueError, match="needs a standard"):
        fresh_registry.get_card("2635-3-001@5", version=1)
    with pytest.raises(ValueError, match="needs a standard"):
        fresh_registry.locate_card("2635-3-001@5", version=1)


def test_lookups_in_an_unknown_standard_raise_not_found(fresh_registry: Registry) -> None:
    two_editions(fresh_registry)
    for call in (
        lambda: fresh_registry.locate_card("2635-3-001@5", standard="nope"),
        lambda: fresh_registry.locate_element("term1", standard="nope"),
        lambda: fresh_registry.search_cards(standard="nope"),
    ):
        with pytest.raises(NotFound):
            call()


def test_locate_element_by_id(fresh_registry: Registry) -> None:
    two_editions(fresh_registry)
    assert fresh_registry.locate_element("2635-3-001@5/f1/t1/s1", standard=KK) == [
        ElementLocation(
            KK, 1, "2635-3-001@5/f1/t1/s1", "skill", "2635-3-001@5", "2635-3-001@5/f1/t1"
        )
    ]
    assert [loc.standard for loc in fresh_registry.locate_element("2635-3-001@5/f1")] == [KK, RU]
    assert fresh_registry.locate_element("2635-3-001@5/f9") == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [(KK, "2635-3-001@5"), (KK, "3412-0-008@4"), (RU, "2635-3-001@5")]),
        ({"standard": RU}, [(RU, "2635-3-001@5")]),
        ({"code": "3412-0-008"}, [(KK, "3412-0-008@4")]),
        ({"level": 5}, [(KK, "2635-3-001@5"), (RU, "2635-3-001@5")]),
        ({"text": "СПЕЦИАЛИСТ"}, [(RU, "2635-3-001@5")]),
        ({"text": "кейс-МЕНЕДЖЕР"}, [(KK, "2635-3-001@5")]),  # an other name
        ({"text": "әлеуметтік ЖҰМЫС", "level": 4}, [(KK, "3412-0-008@4")]),
        ({"text": "жоқ"}, []),
    ],
)
def test_search_cards_filters(
    fresh_registry: Registry, filters: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    two_editions(fresh_registry)
    found = fresh_registry.search_cards(**filters)  # type: ignore[arg-type]
    assert [(c.standard, c.card_id) for c in found] == expected


def test_locate_element_finds_every_element_of_the_walk(
    fresh_registry: Registry, seed_document: Document
) -> None:
    # One walk of a document (kasip.model.elements.walk) feeds the store's lookup
    # table: every ID a page or the API resolves, the registry locates too.
    fresh_registry.import_documents([seed_document])
    refs = list(walk(seed_document))
    assert set(ELEMENT_TYPES) - {ref.type for ref in refs} <= {"directory_relation"}
    for ref in refs:
        found = fresh_registry.locate_element(ref.id)
        assert [(loc.type, loc.card_id, loc.parent_id) for loc in found] == [
            (ref.type, ref.card_id, ref.parent_id)
        ], ref.id


def test_rows_made_by_an_older_kasip_are_rebuilt_on_open(
    tmp_path: Path, seed_document: Document
) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    row = "3412-0-008@4/row1"
    with open_registry(url) as registry:
        registry.import_documents([seed_document])
        assert registry.locate_element(row)
        with registry.engine.begin() as conn:  # as a kasip of 2026-11 left them
            conn.execute(delete(elements).where(elements.c.type == "card_field"))
            conn.execute(delete(registry_meta).where(registry_meta.c.key == "rows_version"))
        assert registry.locate_element(row) == []
    with open_registry(url) as registry:
        [found] = registry.locate_element(row)
        assert (found.type, found.card_id) == ("card_field", "3412-0-008@4")
