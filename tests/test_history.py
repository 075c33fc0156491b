"""Version history and element-level diffs of a standard (kasip.pages.history)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from compare_support import SEED_KEY, SEED_NAME, seed_card, seed_document, seed_registry
from kasip.compare.cards import CardComparison, Tally
from kasip.compare.diff import apply_ops
from kasip.compare.versions import diff_documents
from kasip.errors import InvalidInput, NotFound
from kasip.model import Document, ProfessionCard, SourceInfo
from kasip.pages.history import HistoryPage, build_history
from kasip.parse import parse_standard
from kasip.registry import Registry
from store_support import copy_registry, documents

EDITED = "2635-3-001@5"
NEW_SKILL = "Супервизия нәтижелерін талдау және жұмыс сапасын арттыру"


def edited_card(card: ProfessionCard) -> ProfessionCard:
    """The card with one skill changed, one skill added and one knowledge item removed."""
    function = card.functions[0]
    task = function.tasks[0]
    skills = list(task.skills)
    skills[2] = skills[2].model_copy(update={"text": skills[2].text.replace("талдау", "бағалау")})
    skills.append(skills[0].model_copy(update={"id": f"{task.id}/s11", "text": NEW_SKILL}))
    # Removing k5 renumbers the items after it, as a new text would.
    kept = [k for n, k in enumerate(task.knowledge, start=1) if n != 5]
    knowledge = [k.model_copy(update={"id": f"{task.id}/k{n}"}) for n, k in enumerate(kept, 1)]
    task = task.model_copy(update={"skills": tuple(skills), "knowledge": tuple(knowledge)})
    function = function.model_copy(update={"tasks": (task, *function.tasks[1:])})
    return card.model_copy(update={"functions": (function, *card.functions[1:])})


def edited_seed(*, drop: str | None = None) -> Document:
    seed = seed_document()
    cards = tuple(edited_card(c) if c.id == EDITED else c for c in seed.cards if c.id != drop)
    # A new text has a new source hash; "" lets the registry hash the content.
    source = SourceInfo(name="edited.kk.txt", sha256="")
    return seed.model_copy(update={"cards": cards, "source": source})


@pytest.fixture(scope="module")
def edited_registry() -> Iterator[Registry]:
    """The seed, then its edited version (copied by ``registry``, never used directly)."""
    registry = seed_registry(edited_seed())
    try:
        yield registry
    finally:
        registry.close()


@pytest.fixture
def registry(edited_registry: Registry) -> Iterator[Registry]:
    registry = copy_registry(edited_registry)
    try:
        yield registry
    finally:
        registry.close()


def edited_comparison(page: HistoryPage) -> CardComparison:
    found = next(c for c in page.diff.cards if c.new_id == EDITED)
    assert found.comparison is not None
    return found.comparison


def zero(tally: Tally) -> bool:
    return tally.added == tally.removed == tally.changed == 0


def test_history_finds_exactly_the_edits(registry: Registry) -> None:
    page = build_history(registry, SEED_KEY)
    assert (page.from_version, page.to_version) == (1, 2)
    diff = page.diff
    changed = [c for c in diff.cards if c.status != "unchanged"]
    assert [(c.status, c.old_id, c.new_id) for c in changed] == [("changed", EDITED, EDITED)]
    assert diff.tally["cards"] == Tally(changed=1, unchanged=13)
    assert (diff.tally["skills"].added, diff.tally["skills"].changed) == (1, 1)
    assert (diff.tally["knowledge"].removed, diff.tally["knowledge"].changed) == (1, 0)
    cmp = changed[0].comparison
    assert cmp is not None
    assert cmp.tally["skills"] == Tally(added=1, changed=1, unchanged=9)
    assert cmp.tally["knowledge"] == Tally(removed=1, unchanged=26)
    header_parts = set(cmp.tally) - {"skills", "knowledge", "tasks", "functions"}
    assert all(zero(cmp.tally[part]) for part in header_parts)
    assert all(zero(diff.tally[part]) for part in ("fields", "terms", "amendments", "occupations"))


def test_history_changed_added_and_removed_items_carry_their_texts(registry: Registry) -> None:
    cmp = edited_comparison(build_history(registry, SEED_KEY))
    assert cmp.b == EDITED
    task = cmp.functions[0].tasks[0]
    original = seed_card(EDITED).functions[0].tasks[0]
    (changed,) = [s for s in task.skills if s.status == "changed"]
    assert changed.old == original.skills[2].text and changed.new_id == f"{original.id}/s3"
    assert apply_ops(changed.old, changed.ops) == changed.new
    assert [(o.op, o.text) for o in changed.ops if o.op != "equal"] == [
        ("delete", "талдау"),
        ("insert", "бағалау"),
    ]
    (added,) = [s for s in task.skills if s.status == "added"]
    assert (added.new, added.new_id, added.old_id) == (NEW_SKILL, f"{original.id}/s11", None)
    (removed,) = [k for k in task.knowledge if k.status == "removed"]
    assert (removed.old, removed.old_id) == (original.knowledge[4].text, f"{original.id}/k5")
    # The items after k5 were renumbered but not changed.
    moved = [k for k in task.knowledge if k.old_id == f"{original.id}/k6"]
    assert [(k.status, k.new_id) for k in moved] == [("unchanged", f"{original.id}/k5")]


def test_history_versions_have_their_amendment_timeline(registry: Registry) -> None:
    page = build_history(registry, SEED_KEY)
    assert [v.version.version for v in page.versions] == [1, 2]
    timeline = page.versions[0].timeline
    assert [(e.kind, e.order_number, e.order_date) for e in timeline] == [
        ("approved", "292", "2019-05-30"),
        ("amended", "488", "2021-12-23"),
        ("amended", "9", "2023-01-13"),
    ]
    assert {a.target for a in timeline[2].amendments} == {"point 2", "point 9", "annex"}
    assert page.versions[0].diff_url is None
    assert page.versions[1].diff_url == f"/standards/{SEED_KEY}/history?from=1&to=2"
    assert page.standard.key == SEED_KEY


def test_history_reversed_versions_swap_added_and_removed(registry: Registry) -> None:
    cmp = edited_comparison(build_history(registry, SEED_KEY, from_version=2, to_version=1))
    assert cmp.tally["skills"] == Tally(removed=1, changed=1, unchanged=9)
    assert cmp.tally["knowledge"] == Tally(added=1, unchanged=26)


def test_history_a_version_with_itself_has_no_changes(registry: Registry) -> None:
    page = build_history(registry, SEED_KEY, from_version=2, to_version=2)
    assert not page.diff.has_changes


def test_history_single_version_compares_with_itself() -> None:
    registry = seed_registry()
    try:
        page = build_history(registry, SEED_KEY)
        assert (page.from_version, page.to_version, page.diff.has_changes) == (1, 1, False)
    finally:
        registry.close()


def test_history_removed_card_links_to_the_old_version() -> None:
    registry = seed_registry(edited_seed(drop="2634-4-001@7"))
    try:
        diff = build_history(registry, SEED_KEY).diff
        (removed,) = [c for c in diff.cards if c.status == "removed"]
        assert removed.old_id == "2634-4-001@7" and removed.comparison is None
        assert removed.url == "/cards/2634-4-001@7?version=1"
        assert diff.tally["cards"] == Tally(removed=1, changed=1, unchanged=12)
    finally:
        registry.close()


def test_history_edit_of_the_source_text_is_one_changed_skill(seed_text: str) -> None:
    old = "Бөлімше қызметін ағымдағы және перспективалық жоспарлауды ұйымдастыру"
    assert seed_text.count(old) == 1
    new_text = seed_text.replace(old, "Бөлімше қызметін ағымдағы жоспарлауды ұйымдастыру")
    diff = diff_documents(
        seed_document(), parse_standard(new_text, source_name=SEED_NAME), url_of=str
    )
    changed = [c for c in diff.cards if c.status != "unchanged"]
    assert [c.new_id for c in changed] == ["1344-0-004@7"]
    cmp = changed[0].comparison
    assert cmp is not None
    items = [i for f in cmp.functions for t in f.tasks for i in (*t.skills, *t.knowledge)]
    assert [(i.status, i.new_id) for i in items if i.status != "unchanged"] == [
        ("changed", "1344-0-004@7/f1/t1/s1")
    ]


@pytest.mark.parametrize(("from_v", "to_v"), [(0, 1), (1, -2)])
def test_history_version_below_one_is_invalid_input(
    registry: Registry, from_v: int, to_v: int
) -> None:
    with pytest.raises(InvalidInput):
        build_history(registry, SEED_KEY, from_version=from_v, to_version=to_v)


def test_history_unknown_standard_or_version_is_not_found(registry: Registry) -> None:
    with pytest.raises(NotFound):
        build_history(registry, "no-such-standard")
    with pytest.raises(NotFound):
        build_history(registry, SEED_KEY, from_version=1, to_version=3)


@settings(max_examples=30, deadline=None)
@given(documents())
def test_history_any_document_with_itself_has_no_changes(doc: Document) -> None:
    assert not diff_documents(doc, doc, url_of=str).has_changes
