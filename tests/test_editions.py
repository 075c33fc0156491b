"""kasip.editions: which texts are editions of one standard, their pairing, the parity check."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers_parse import FIXTURES, card_fixture_names, load_card_fixture, parse, read_seed
from kasip.editions import (
    are_editions,
    check_parity,
    edition_group,
    group_of_key,
    pair_editions,
    require_editions,
)
from kasip.errors import InvalidInput
from kasip.model import Document, Order
from kasip.store.keys import standard_key
from kasip.testing import make_card, make_document

# Fixture texts that hold several cards, functions or tasks: the removals' material.
RICH = ("levels", "duplicate_card", "task_row_merged", "tasks_packed", "summary_row",
        "stray_numbering", "knowledge_after_empty_cell", "function_additional")  # fmt: skip
PAIRED = [n for n in card_fixture_names("kk") if (FIXTURES / "ru" / f"{n}.ru.txt").is_file()]


@functools.cache
def edition(lang: str, name: str) -> Document:
    """A card fixture in the minimal head of order No 292 (both languages share it)."""
    return parse(load_card_fixture(lang, name), source_name=f"{name}.{lang}.txt")


def with_order(doc: Document, **order: Any) -> Document:
    standard = doc.standard.model_copy(update={"order": Order(**order)})
    return doc.model_copy(update={"standard": standard})


# --- groups ---------------------------------------------------------------------


@pytest.mark.parametrize("annex", [None, "4"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_editions_group_of_a_document_is_its_key_without_the_language(
    annex: str | None, lang: str
) -> None:
    doc = with_order(
        make_document(language="kk" if lang == "kk" else "ru"),
        number="222",
        date="2022-12-05",
        annex=annex,
    )
    group = edition_group(doc)
    key = standard_key(doc)
    assert group is not None and key == f"{group.key}-{lang}"
    assert group_of_key(key) is not None and group_of_key(key).key == group.key  # type: ignore[union-attr]
    assert (group_of_key(key).annex, group.annex) == (annex, annex)  # type: ignore[union-attr]


def test_editions_are_told_apart_by_the_annex() -> None:
    kk = with_order(make_document(), number="222", date="2022-12-05", annex="4")
    ru = with_order(make_document(language="ru"), number="222", date="2022-12-05", annex="5")
    assert not are_editions(kk, ru)
    same = with_order(make_document(language="ru"), number="222", date="2022-12-05", annex="4")
    assert are_editions(kk, same) and are_editions(same, kk)


def test_editions_need_two_languages_and_a_known_order() -> None:
    assert not are_editions(make_document(), make_document())
    assert not are_editions(make_document(order_date=None), make_document(language="ru"))
    assert group_of_key("psikhologiyalyq-zhane-aleumettik-zhumys-kk") is None


def test_editions_refusal_names_both_texts() -> None:
    with pytest.raises(InvalidInput) as caught:
        require_editions(
            make_document(),
            make_document(language="ru", order_number="9"),
            names=("first.kk.txt", "second.ru.txt"),
        )
    message = str(caught.value)
    assert "first.kk.txt (kk, order 292-2019-05-30)" in message
    assert "second.ru.txt (ru, order 9-2019-05-30)" in message
    with pytest.raises(InvalidInput, match=r"x \(kk, .*y \(kk, "):
        check_parity(make_document(), make_document(), names=("x", "y"))


# --- the fixture pairs and the official text ------------------------------------


@pytest.mark.parametrize("name", PAIRED)
def test_editions_fixture_pairs_are_at_parity(name: str) -> None:
    kk, ru = edition("kk", name), edition("ru", name)
    report = check_parity(kk, ru)
    assert report.differences == ()
    assert report.counts.a == report.counts.b
    assert report.counts.card_pairs == len(kk.cards)
    # Every element was paired, and each pair keeps both IDs and lines.
    pairing = pair_editions(kk, ru)
    for card in pairing.cards:
        assert card.a is not None and card.b is not None
        # A card without a code is named by its title, which is not the same in two
        # languages (card_broken): it pairs by position.
        assert (card.paired_by, card.a.id) == ("id", card.b.id) or card.a.code is None
        for function in card.functions:
            assert function.a is not None and function.b is not None
            assert function.a.line >= card.a.line and function.b.line >= card.b.line


def test_editions_seed_against_the_russian_excerpt() -> None:
    # The bundled Kazakh text (14 cards) against the held-out Russian test text of
    # the same order, which holds fewer cards: each card missing is reported once.
    kk = parse(read_seed(), source_name="seed.kk.txt")
    ru = parse((FIXTURES / "heldout" / "psysocial.ru.txt").read_text(encoding="utf-8"))
    report = check_parity(kk, ru)
    missing = {c.id for c in kk.cards} - {c.id for c in ru.cards}
    assert missing and report.counts.card_pairs == len(kk.cards) - len(missing)
    assert [(d.kind, d.card) for d in report.differences if d.kind == "card-missing"] == [
        ("card-missing", c.id) for c in kk.cards if c.id in missing
    ]
    for difference in report.differences:
        assert difference.a is not None or difference.b is not None or difference.card is None


# --- changed on purpose ---------------------------------------------------------


def test_editions_card_without_its_code_still_pairs() -> None:
    kk = edition("kk", "levels")
    card = kk.cards[1]
    lost = card.model_copy(update={"id": f"card@{card.level}", "code": None, "code_as_written": ""})
    ru = with_cards(edition("ru", "levels"), {1: lost})
    pairing = pair_editions(kk, ru)
    assert [p.paired_by for p in pairing.cards] == ["id", "level", "id"]
    [difference] = check_parity(kk, ru).differences
    assert (difference.kind, difference.card, difference.b_value) == ("code-differs", card.id, "")
    assert difference.a is not None and difference.b is not None
    assert (difference.a.id, difference.b.id) == (card.id, f"card@{card.level}")


def test_editions_misprinted_level_pairs_by_code() -> None:
    kk = make_document(cards=[make_card(level=4), make_card(level=5)])
    ru = make_document(language="ru", cards=[make_card(level=4), make_card(level=6)])
    report = check_parity(kk, ru)
    assert [(d.kind, d.a_value, d.b_value) for d in report.differences] == [
        ("level-differs", "5", "6")
    ]
    assert pair_editions(kk, ru).cards[1].paired_by == "code"


def test_editions_function_kind_numbers_and_order() -> None:
    numbered = edition("ru", "task_row_merged")
    first, second, third = numbered.cards[0].functions
    swapped = numbered.cards[0].model_copy(update={"functions": (first, third, second)})
    report = check_parity(edition("kk", "task_row_merged"), with_cards(numbered, {0: swapped}))
    assert [(d.kind, d.type) for d in report.differences] == [("order-differs", "function")]
    renumbered = third.model_copy(update={"number": 4})
    changed = numbered.cards[0].model_copy(update={"functions": (first, second, renumbered)})
    report = check_parity(edition("kk", "task_row_merged"), with_cards(numbered, {0: changed}))
    assert [(d.kind, d.a_value, d.b_value) for d in report.differences] == [
        ("number-differs", "3", "4")
    ]
    kk = edition("kk", "function_additional")
    card = kk.cards[0]
    first, second = card.functions
    mandatory = second.model_copy(update={"kind": "mandatory"})
    changed = card.model_copy(update={"functions": (first, mandatory)})
    report = check_parity(kk, with_cards(edition("ru", "function_additional"), {0: changed}))
    [difference] = report.differences
    assert (difference.kind, difference.a_value, difference.b_value) == (
        "kind-differs",
        "additional",
        "mandatory",
    )
    assert difference.a is not None and difference.a.id == second.id


def test_editions_report_is_deterministic_and_serialisable() -> None:
    kk = parse(read_seed())
    ru = parse((FIXTURES / "heldout" / "psysocial.ru.txt").read_text(encoding="utf-8"))
    first = check_parity(kk, ru).model_dump_json()
    assert first == check_parity(kk, ru).model_dump_json()
    assert '"kind":"card-missing"' in first


# --- properties -----------------------------------------------------------------


def with_cards(doc: Document, replaced: dict[int, Any]) -> Document:
    cards = [replaced.get(n, card) for n, card in enumerate(doc.cards)]
    return doc.model_copy(update={"cards": tuple(c for c in cards if c is not None)})


Path = tuple[int, ...]


def element_paths(doc: Document) -> list[Path]:
    """Every element's path: card (c,), function (c, f), task (c, f, t), item (c, f, t, 0|1, n)."""
    paths: list[Path] = []
    for c, card in enumerate(doc.cards):
        paths.append((c,))
        for f, function in enumerate(card.functions):
            paths.append((c, f))
            for t, task in enumerate(function.tasks):
                paths.append((c, f, t))
                paths += [(c, f, t, 0, s) for s in range(len(task.skills))]
                paths += [(c, f, t, 1, k) for k in range(len(task.knowledge))]
    return paths


def without(doc: Document, path: Path) -> tuple[Document, str]:
    """``doc`` without the element at ``path``, and that element's ID."""
    c, *rest = path
    card = doc.cards[c]
    if not rest:
        return with_cards(doc, {c: None}), card.id
    f, *rest = rest
    functions = list(card.functions)
    gone: Any
    if not rest:
        gone = functions.pop(f)
    else:
        t, *rest = rest
        tasks = list(functions[f].tasks)
        if not rest:
            gone = tasks.pop(t)
        else:
            field = "skills" if rest[0] == 0 else "knowledge"
            items = list(getattr(tasks[t], field))
            gone = items.pop(rest[1])
            tasks[t] = tasks[t].model_copy(update={field: tuple(items)})
        functions[f] = functions[f].model_copy(update={"tasks": tuple(tasks)})
    return with_cards(doc, {c: card.model_copy(update={"functions": tuple(functions)})}), gone.id


EXPECTED_KIND = {1: ("card-missing", "card"), 2: ("function-missing", "function"),
                 3: ("task-missing", "task")}  # fmt: skip


@st.composite
def removals(draw: st.DrawFn) -> tuple[str, Path]:
    name = draw(st.sampled_from(RICH))
    return name, draw(st.sampled_from(element_paths(edition("ru", name))))


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(removals(), st.booleans())
def test_editions_removing_one_element_is_reported_exactly_once(
    removal: tuple[str, Path], from_russian: bool
) -> None:
    name, path = removal
    kk, ru = edition("kk", name), edition("ru", name)
    if from_russian:
        ru, gone = without(ru, path)
    else:
        kk, gone = without(kk, path)
    [difference] = check_parity(kk, ru).differences
    kind, element_type = EXPECTED_KIND.get(len(path), ("count-differs", "skill"))
    if len(path) == 5:
        element_type = "skill" if path[3] == 0 else "knowledge"
    assert (difference.kind, difference.type) == (kind, element_type)
    present = difference.b if from_russian else difference.a
    absent = difference.a if from_russian else difference.b
    if len(path) < 4:  # a missing card, function or task: the one side that has it
        assert present is None and absent is not None
        assert absent.id.count("/") == gone.count("/")
    else:  # a skill or knowledge item: its task on both sides
        assert present is not None and absent is not None
        assert gone.startswith(absent.id + "/")


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(PAIRED), st.sampled_from(["kk", "ru"]))
def test_editions_a_text_against_itself_in_the_other_language_is_at_parity(
    name: str, lang: str
) -> None:
    doc = edition(lang, name)
    other = "ru" if lang == "kk" else "kk"
    twin = doc.model_copy(update={"standard": doc.standard.model_copy(update={"language": other})})
    report = check_parity(doc, twin)
    assert report.differences == () and report.counts.differences == 0
    assert report.counts.element_pairs == sum(
        report.counts.a.model_dump()[k] for k in ("functions", "tasks", "skills", "knowledge")
    )
