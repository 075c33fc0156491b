"""Card comparison (kasip.compare.cards, kasip.pages.compare) on the seed and on factory cards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from compare_support import SEED_KEY, seed_card, seed_registry
from kasip.compare.cards import CardComparison, compare_cards
from kasip.compare.diff import TextChange, apply_ops
from kasip.errors import InvalidInput, NotFound
from kasip.model import ProfessionCard
from kasip.pages.compare import build_compare
from kasip.registry import Registry
from kasip.testing import make_card, make_document, make_function, make_task
from store_support import cards


@pytest.fixture
def registry() -> Iterator[Registry]:
    registry = seed_registry()
    try:
        yield registry
    finally:
        registry.close()


def field(cmp: CardComparison, name: str) -> TextChange:
    return next(f.change for f in cmp.fields if f.field == name)


def all_items(cmp: CardComparison) -> list[TextChange]:
    return [i for f in cmp.functions for t in f.tasks for i in (*t.skills, *t.knowledge)]


# --- the seed: one occupation at two levels -------------------------------------


def test_compare_seed_levels_4_and_5_finds_level_and_sublevels() -> None:
    cmp = compare_cards(seed_card("2635-3-001@4"), seed_card("2635-3-001@5"))
    level = field(cmp, "level")
    assert (level.status, level.old, level.new) == ("changed", "4", "5")
    assert [(o.op, o.text) for o in level.ops] == [("delete", "4"), ("insert", "5")]
    sublevels = field(cmp, "sublevels")
    assert (sublevels.old, sublevels.new) == ("4.1, 4.2, 4.3", "5.1, 5.2, 5.3")
    assert field(cmp, "code").status == "unchanged"


def test_compare_seed_levels_4_and_5_finds_header_changes() -> None:
    cmp = compare_cards(seed_card("2635-3-001@4"), seed_card("2635-3-001@5"))
    name = field(cmp, "name")
    assert name.status == "changed"
    assert [(o.op, o.text) for o in name.ops] == [
        ("equal", "Әлеуметтік жұмыс жөніндегі маман"),
        ("delete", " (әлеуметтік қызметкер)"),
    ]
    assert field(cmp, "education").status == "changed"
    competencies = {(c.status, c.old, c.new) for c in cmp.lists["competencies"]}
    assert ("changed", "эмоциялық жауаптылық", "эмоциялық ықыластылық") in competencies
    assert ("unchanged", "жауапкершілік", "жауапкершілік") in competencies


def test_compare_seed_levels_4_and_5_finds_the_item_differences() -> None:
    cmp = compare_cards(seed_card("2635-3-001@4"), seed_card("2635-3-001@5"))
    assert cmp.tally["skills"].model_dump() == {
        "added": 0, "removed": 0, "changed": 1, "unchanged": 9
    }  # fmt: skip
    assert cmp.tally["knowledge"].model_dump() == {
        "added": 0, "removed": 0, "changed": 0, "unchanged": 27
    }  # fmt: skip
    (changed,) = [i for i in all_items(cmp) if i.status == "changed"]
    assert (changed.old_id, changed.new_id) == ("2635-3-001@4/f1/t1/s10", "2635-3-001@5/f1/t1/s10")
    assert [(o.op, o.text) for o in changed.ops][-1] == ("insert", ".")
    # The function's title was rewritten, but its tasks and items stayed: one
    # changed function, not one removed and one added.
    (function,) = cmp.functions
    assert (function.status, function.title.status) == ("changed", "changed")
    assert cmp.has_changes


def test_compare_seed_levels_6_and_7_adds_and_removes_functions() -> None:
    cmp = compare_cards(seed_card("2634-4-001@6"), seed_card("2634-4-001@7"))
    assert [f.status for f in cmp.functions].count("added") == 3
    assert [f.status for f in cmp.functions].count("removed") == 1
    assert cmp.tally["tasks"].added == 5
    assert cmp.tally["skills"].added == 17
    added = next(f for f in cmp.functions if f.status == "added")
    assert added.old_id is None and added.new_id == "2634-4-001@7/f1"
    assert all(i.status == "added" for t in added.tasks for i in (*t.skills, *t.knowledge))
    assert field(cmp, "level").new == "7"


def test_compare_seed_card_with_itself_finds_no_change() -> None:
    card = seed_card("2634-9-004@6~2")
    cmp = compare_cards(card, card)
    assert not cmp.has_changes
    assert all(t.added == t.removed == t.changed == 0 for t in cmp.tally.values())
    assert all(f.status == "unchanged" for f in cmp.functions)


def test_compare_seed_changed_items_word_diff_rebuilds_the_new_text() -> None:
    cmp = compare_cards(seed_card("2634-9-004@6~2"), seed_card("2634-9-004@6~3"))
    changed = [i for i in all_items(cmp) if i.status == "changed"]
    assert changed
    for item in changed:
        assert item.old is not None and item.new is not None
        assert apply_ops(item.old, item.ops) == item.new


# --- factory cards: exactly the edits made --------------------------------------


def two_cards() -> tuple[ProfessionCard, ProfessionCard]:
    skills = ["Жоспарлау", "Құжаттаманы жүргізу", "Есептерді дайындау", "Өрт қауіпсіздігін сақтау"]
    edited = [
        "Жоспарлау",
        "Есептерді уақтылы дайындау",  # changed (and renumbered: the item before it was removed)
        "Өрт қауіпсіздігін сақтау",
        "Супервизия жүргізу",  # added
    ]
    old = make_card(level=5, functions=[make_function(tasks=[make_task(skills=skills)])])
    new = make_card(level=6, functions=[make_function(tasks=[make_task(skills=edited)])])
    return old, new


def test_compare_reports_exactly_one_changed_one_added_one_removed() -> None:
    old, new = two_cards()
    cmp = compare_cards(old, new)
    statuses = [(s.status, s.old, s.new) for s in cmp.functions[0].tasks[0].skills]
    assert statuses == [
        ("unchanged", "Жоспарлау", "Жоспарлау"),
        ("removed", "Құжаттаманы жүргізу", None),
        ("changed", "Есептерді дайындау", "Есептерді уақтылы дайындау"),
        ("unchanged", "Өрт қауіпсіздігін сақтау", "Өрт қауіпсіздігін сақтау"),
        ("added", None, "Супервизия жүргізу"),
    ]


def test_compare_is_symmetric() -> None:
    old, new = two_cards()
    forward, backward = compare_cards(old, new), compare_cards(new, old)
    for part, tally in forward.tally.items():
        back = backward.tally[part]
        assert (tally.added, tally.removed, tally.changed) == (
            back.removed,
            back.added,
            back.changed,
        )


@settings(max_examples=40, deadline=None)
@given(cards())
def test_compare_any_card_with_itself_has_no_changes(card: ProfessionCard) -> None:
    assert not compare_cards(card, card).has_changes


@settings(max_examples=40, deadline=None)
@given(cards(), cards())
def test_compare_any_two_cards_counts_every_item_once(a: ProfessionCard, b: ProfessionCard) -> None:
    cmp = compare_cards(a, b)
    for part, attr in (("skills", "skills"), ("knowledge", "knowledge")):
        tally = cmp.tally[part]
        old = sum(len(getattr(t, attr)) for f in a.functions for t in f.tasks)
        new = sum(len(getattr(t, attr)) for f in b.functions for t in f.tasks)
        assert tally.removed + tally.changed + tally.unchanged == old
        assert tally.added + tally.changed + tally.unchanged == new


# --- build_compare: cards from the registry -------------------------------------


def test_build_compare_reads_both_cards_from_the_registry(registry: Registry) -> None:
    page = build_compare(registry, "2635-3-001@4", "2635-3-001@5")
    assert (page.a.id, page.b.id, page.a.standard, page.same_card) == (
        "2635-3-001@4", "2635-3-001@5", SEED_KEY, False
    )  # fmt: skip
    assert page.a.url == "/cards/2635-3-001@4"
    assert page.standard.key == SEED_KEY
    assert [c.id for c in page.alternatives] == ["2635-3-001@4", "2635-3-001@5", "2635-3-001@6"]
    assert page.comparison.tally["skills"].changed == 1


def test_build_compare_same_card_twice_is_fine(registry: Registry) -> None:
    page = build_compare(registry, "2634-4-001@7", "2634-4-001@7")
    assert page.same_card
    assert not page.comparison.has_changes


@pytest.mark.parametrize("bad", ["2635-3-001", "", "a/b@5", "2635-3-001@five"])
def test_build_compare_malformed_id_is_invalid_input(registry: Registry, bad: str) -> None:
    with pytest.raises(InvalidInput):
        build_compare(registry, bad, "2635-3-001@5")
    with pytest.raises(InvalidInput):
        build_compare(registry, "2635-3-001@5", bad)


def test_build_compare_unknown_card_or_standard_is_not_found(registry: Registry) -> None:
    with pytest.raises(NotFound, match="9999-9-999@5"):
        build_compare(registry, "9999-9-999@5", "2635-3-001@5")
    with pytest.raises(NotFound):
        build_compare(registry, "2635-3-001@4", "2635-3-001@5", standard="no-such-standard")


def test_build_compare_finds_b_in_the_standard_of_a() -> None:
    # Two standards hold a card with the same ID; b comes from a's standard.
    other = make_document(
        order_number="1",
        language="ru",
        cards=[make_card(level=5), make_card(level=4, name="Специалист")],
    )
    registry = seed_registry(other)
    try:
        keys = {s.key for s in registry.list_standards()}
        other_key = next(k for k in keys if k != SEED_KEY)
        page = build_compare(registry, "2635-3-001@4", "2635-3-001@5", standard=other_key)
        assert (page.a.standard, page.b.standard) == (other_key, other_key)
        assert page.a.url.endswith(f"?standard={other_key}")
        page = build_compare(registry, "2635-3-001@4", "2635-3-001@5")
        assert (page.a.standard, page.b.standard) == (other_key, other_key)  # first key wins
    finally:
        registry.close()
