"""The career ladder (kasip.pages.ladder) and its SVG (kasip.pages.ladder_svg)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from compare_support import SEED_KEY, seed_document, seed_registry
from kasip.errors import InvalidInput, NotFound
from kasip.model import ProfessionCard, RelatedOccupation
from kasip.pages.ladder import LadderPage, LadderText, build_ladder, ladder_from_document
from kasip.registry import Registry
from kasip.testing import make_card, make_document, make_span
from store_support import cards

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def registry() -> Iterator[Registry]:
    registry = seed_registry()
    try:
        yield registry
    finally:
        registry.close()


def svg_root(page: LadderPage) -> ET.Element:
    return ET.fromstring(page.svg)


def edges(page: LadderPage) -> list[tuple[str, str]]:
    return [(e.source, e.target) for e in page.edges]


def test_ladder_seed_occupation_climbs_its_levels(registry: Registry) -> None:
    page = build_ladder(registry, "2635-3-001")
    own = [(n.level, n.card_id) for n in page.nodes if n.kind == "card"]
    assert own == [(4, "2635-3-001@4"), (5, "2635-3-001@5"), (6, "2635-3-001@6")]
    assert ("2635-3-001@4", "2635-3-001@5") in edges(page)
    assert ("2635-3-001@5", "2635-3-001@6") in edges(page)
    assert page.standard.key == SEED_KEY
    assert page.levels == (1, 2, 3, 4, 5, 6, 7, 8)


def test_ladder_seed_related_names_resolve_to_cards_of_the_standard(registry: Registry) -> None:
    page = build_ladder(registry, "2635-3-001")
    related = {n.id: n for n in page.nodes if n.kind == "related"}
    # "Үйде ... бөлімінің (бөлімшенің) меңгерушісі" is an other name of
    # 1344-0-004@7, spelt "(бөлімшесінің)" there.
    head = related["1344-0-004@7"]
    assert (head.level, head.url) == (7, "/cards/1344-0-004@7")
    assert ("2635-3-001@6", "1344-0-004@7") in edges(page)
    # A related occupation no card describes is a node without a link.
    bare = [n for n in related.values() if n.card_id is None]
    assert [(n.level, n.url) for n in bare] == [(7, None)]
    assert bare[0].name.startswith("Әлеуметтік қорғау ұйымы құрамдас бөлігінің")


def test_ladder_seed_next_level_named_by_the_card_s_own_name(registry: Registry) -> None:
    # 3412-0-008@4 "Әлеуметтік қызметкер" names its own name at level 5, where
    # the card is titled "Әлеуметтік жұмыс жөніндегі қызметкер".
    page = build_ladder(registry, "3412-0-008")
    assert ("3412-0-008@4", "3412-0-008@5") in edges(page)
    assert ("3412-0-008@5", "3412-0-009@6") in edges(page)


def test_ladder_seed_several_cards_on_one_level(registry: Registry) -> None:
    page = build_ladder(registry, "2634-9-004")
    six = [n.card_id for n in page.nodes if n.kind == "card" and n.level == 6]
    assert six == ["2634-9-004@6", "2634-9-004@6~2", "2634-9-004@6~3"]


def test_ladder_svg_is_accessible_and_links_the_cards(registry: Registry) -> None:
    page = build_ladder(registry, "2635-3-001")
    root = svg_root(page)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    labelled_by = (root.get("aria-labelledby") or "").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert "2635-3-001" in (ids[labelled_by[0]].text or "")
    desc = ids[labelled_by[1]].text or ""
    assert "4, 5, 6" in desc and "1344-0-004" not in desc  # names, not IDs, of targets
    hrefs = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert hrefs == {n.url for n in page.nodes if n.url}
    texts = " ".join(t for el in root.iter() for t in [el.text or ""])
    for level in range(1, 9):
        assert f"Level {level}" in texts
    assert "2635-3-001@5" in texts


def test_ladder_svg_uses_the_given_words() -> None:
    text = LadderText(title="Мансап сатысы: {name} ({code})", level="{level}-деңгей")
    page = ladder_from_document(seed_document(), "2635-3-001", standard=SEED_KEY, text=text)
    root = svg_root(page)
    assert (root.find(f"{SVG}title").text or "").startswith("Мансап сатысы:")  # type: ignore[union-attr]
    assert "8-деңгей" in page.svg


def test_ladder_svg_escapes_names() -> None:
    card = make_card("1111-1-111", 3, name='A <b> & "c"')
    related = RelatedOccupation(level=4, names=("<script>x</script>",), span=make_span())
    card = card.model_copy(update={"related": (related,)})
    page = ladder_from_document(make_document(cards=[card]), "1111-1-111", standard="s")
    root = svg_root(page)  # well-formed XML
    assert "<script>" not in page.svg
    assert any((el.text or "") == "<script>x</script>" for el in root.iter(f"{SVG}title"))


@pytest.mark.parametrize("bad", ["a/b", "", "x" * 40, "<svg>"])
def test_ladder_malformed_code_is_invalid_input(registry: Registry, bad: str) -> None:
    with pytest.raises(InvalidInput):
        build_ladder(registry, bad)


def test_ladder_unknown_code_is_not_found(registry: Registry) -> None:
    with pytest.raises(NotFound, match="9999-9-999"):
        build_ladder(registry, "9999-9-999")
    with pytest.raises(NotFound):
        build_ladder(registry, "2635-3-001", standard="no-such-standard")


@settings(max_examples=40, deadline=None)
@given(cards())
def test_ladder_any_card_draws_well_formed_svg(card: ProfessionCard) -> None:
    page = ladder_from_document(make_document(cards=[card]), card.code or "", standard="s")
    assert [n.card_id for n in page.nodes if n.kind == "card"] == [card.id]
    assert svg_root(page).get("role") == "img"
