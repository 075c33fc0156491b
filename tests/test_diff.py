"""Word diffs, similarity and list matching (kasip.compare.diff)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kasip.compare.diff import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    apply_ops,
    diff_texts,
    match_items,
    rarity_weights,
    similarity,
    tokenize,
    weighted_similarity,
    word_diff,
)

# Words from the seed, so that generated texts look like card items.
WORDS = [
    "әлеуметтік", "қызмет", "көрсету", "мұқтаж", "адамға", "Қазақстан", "Республикасының",
    "Заңы", "туралы", "білім", "ұйымдастыру", "бақылау", "2", "жыл", "(отбасына)", "кемінде",
]  # fmt: skip
SEPARATORS = [" ", "  ", ", ", "; ", "\u00a0", "\n", " – ", "-", "."]
seed_like = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(w + s for w, s in parts))
any_text = st.text(max_size=60) | seed_like


def ops_of(a: str, b: str) -> list[tuple[str, str]]:
    return [(o.op, o.text) for o in word_diff(a, b)]


# --- word_diff ------------------------------------------------------------------


def test_word_diff_equal_texts_is_one_equal_op() -> None:
    assert ops_of("Еңбек кодексі", "Еңбек кодексі") == [("equal", "Еңбек кодексі")]


def test_word_diff_empty_texts() -> None:
    assert ops_of("", "") == []
    assert ops_of("", "жаңа") == [("insert", "жаңа")]
    assert ops_of("ескі", "") == [("delete", "ескі")]


def test_word_diff_replaces_a_whole_word_not_letters() -> None:
    assert ops_of("кемінде 2 жыл жұмыс өтілі", "кемінде 3 жыл жұмыс өтілі") == [
        ("equal", "кемінде "),
        ("delete", "2"),
        ("insert", "3"),
        ("equal", " жыл жұмыс өтілі"),
    ]


def test_word_diff_reworded_phrase_is_one_delete_and_one_insert() -> None:
    # The space between two replaced words belongs to the change.
    assert ops_of("бір екі үш төрт", "бір бес алты төрт") == [
        ("equal", "бір "),
        ("delete", "екі үш"),
        ("insert", "бес алты"),
        ("equal", " төрт"),
    ]


def test_word_diff_keeps_hyphenated_words_whole() -> None:
    assert tokenize("зорлық-зомбылық құрбандарына") == ["зорлық-зомбылық", " ", "құрбандарына"]
    assert ops_of("зорлық-зомбылық", "зорлық") == [
        ("delete", "зорлық-зомбылық"),
        ("insert", "зорлық"),
    ]


def test_word_diff_punctuation_is_its_own_token() -> None:
    assert ops_of("Өрт қауіпсіздігі ережелерінің", "Өрт қауіпсіздігі ережелерінің.") == [
        ("equal", "Өрт қауіпсіздігі ережелерінің"),
        ("insert", "."),
    ]


@given(any_text, any_text)
def test_word_diff_reproduces_both_texts(a: str, b: str) -> None:
    ops = word_diff(a, b)
    assert apply_ops(a, ops) == b
    assert "".join(o.text for o in ops if o.op != "insert") == a


@given(any_text, any_text)
def test_word_diff_ops_are_canonical(a: str, b: str) -> None:
    ops = word_diff(a, b)
    assert all(o.text for o in ops)
    kinds = [o.op for o in ops]
    # No two neighbours of one kind, and an insert never precedes a delete.
    assert all(x != y for x, y in itertools.pairwise(kinds))
    assert all((x, y) != ("insert", "delete") for x, y in itertools.pairwise(kinds))


@given(any_text)
def test_word_diff_of_a_text_with_itself_is_all_equal(a: str) -> None:
    assert all(o.op == "equal" for o in word_diff(a, a))


def test_apply_ops_refuses_ops_of_another_text() -> None:
    with pytest.raises(ValueError, match="not made from this text"):
        apply_ops("басқа мәтін", word_diff("бір", "екі"))


# --- similarity -----------------------------------------------------------------


def test_similarity_ignores_case_and_punctuation() -> None:
    assert similarity("Еңбек кодексі.", "еңбек  кодексі") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("бір", "") == 0.0


def test_weighted_similarity_discounts_boilerplate_words() -> None:
    a = '"Арнаулы әлеуметтік қызметтер туралы" Қазақстан Республикасының Заңы'
    b = '"Міндетті әлеуметтік сақтандыру туралы" Қазақстан Республикасының Заңы'
    assert similarity(a, b) >= DEFAULT_THRESHOLDS.changed  # plain similarity is fooled
    weights = {w: 0.05 for w in ("туралы", "қазақстан", "республикасының", "заңы")}
    assert weighted_similarity(a, b, weights) < DEFAULT_THRESHOLDS.changed


def test_rarity_weights_count_the_other_texts_holding_a_word() -> None:
    weights = rarity_weights(["а б", "а в", "а б", "а"])
    assert weights == {"а": 1 / 3, "б": 1.0, "в": 1.0}


# --- match_items ----------------------------------------------------------------


def pairs(old: list[str], new: list[str], **kwargs: object) -> list[tuple[int | None, int | None]]:
    return [(m.old, m.new) for m in match_items(old, new, **kwargs)]  # type: ignore[arg-type]


def test_match_items_identical_lists_pair_in_order() -> None:
    items = ["бір", "екі", "бір"]
    assert pairs(items, items) == [(0, 0), (1, 1), (2, 2)]


def test_match_items_detects_a_changed_item_not_add_plus_remove() -> None:
    old = ["Құжаттаманы жүргізу", "Өрт қауіпсіздігі ережелерінің орындалуын қамтамасыз ету"]
    new = ["Құжаттаманы жүргізу", "Өрт қауіпсіздігі ережелерінің орындалуын бақылау"]
    assert pairs(old, new) == [(0, 0), (1, 1)]
    assert match_items(old, new)[1].similarity > DEFAULT_THRESHOLDS.changed


def test_match_items_unrelated_items_are_added_and_removed() -> None:
    assert pairs(["Еңбек кодексі"], ["Өрт қауіпсіздігі"]) == [(0, None), (None, 0)]
    # One shared word of two is not enough (0.5 < 0.6) ...
    assert pairs(["Еңбек кодексі"], ["Салық кодексі"]) == [(0, None), (None, 0)]
    # ... unless the position is the same (0.5 >= 0.3): words replaced in place.
    assert pairs(["Еңбек кодексі"], ["Салық кодексі"], keys=(["k4"], ["k4"])) == [(0, 0)]


def test_match_items_follows_renumbering_by_text() -> None:
    # An item removed from the middle: the rest keep their texts, not their keys.
    old = ["бір екі", "үш төрт", "бес алты"]
    new = ["бір екі", "бес алты"]
    keys = (["s1", "s2", "s3"], ["s1", "s2"])
    assert pairs(old, new, keys=keys) == [(0, 0), (1, None), (2, 1)]


def test_match_items_same_key_needs_less_similarity() -> None:
    old, new = ["талдау жүргізу және бақылау"], ["талдау жүргізу ұйымдастыру жоспарлау бағалау"]
    score = similarity(old[0], new[0])
    assert DEFAULT_THRESHOLDS.same_key <= score < DEFAULT_THRESHOLDS.changed
    assert pairs(old, new, keys=(["s1"], ["s1"])) == [(0, 0)]
    assert pairs(old, new, keys=(["s1"], ["s2"])) == [(0, None), (None, 0)]


def test_match_items_thresholds_are_configurable() -> None:
    old, new = ["бір екі үш төрт"], ["бір екі бес алты"]  # similarity 0.5
    assert pairs(old, new) == [(0, None), (None, 0)]
    assert pairs(old, new, thresholds=Thresholds(changed=0.5)) == [(0, 0)]


def test_match_items_different_laws_at_other_positions_do_not_pair() -> None:
    # Two laws share "... туралы" Қазақстан Республикасының Заңы; weighted
    # similarity keeps a removed law and an added one apart.
    laws = [
        f'"{topic} туралы" Қазақстан Республикасының Заңы'
        for topic in ("Арнаулы әлеуметтік қызметтер", "Білім", "Неке және отбасы", "Тіл")
    ]
    old = [*laws, '"Міндетті әлеуметтік сақтандыру туралы" Қазақстан Республикасының Заңы']
    new = ['"Мемлекеттік атаулы әлеуметтік көмек туралы" Қазақстан Республикасының Заңы', *laws]
    result = pairs(old, new)
    assert (4, None) in result and (None, 0) in result
    assert [(i, j) for i, j in result if i is not None and j is not None] == [
        (0, 1), (1, 2), (2, 3), (3, 4)
    ]  # fmt: skip


def test_match_items_may_pair_forbids_pairs() -> None:
    assert pairs(["бір"], ["бір"], may_pair=lambda i, j: False) == [(0, None), (None, 0)]


def test_match_items_display_order_puts_removed_before_added() -> None:
    old = ["бір", "екі", "үш"]
    new = ["бір", "төрт", "үш", "бес"]
    assert pairs(old, new) == [(0, 0), (1, None), (None, 1), (2, 2), (None, 3)]


def test_match_items_rejects_keys_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="as long as"):
        match_items(["а"], ["а"], keys=([], ["k"]))


@given(st.lists(seed_like, max_size=8), st.lists(seed_like, max_size=8))
def test_match_items_lists_each_element_exactly_once(old: list[str], new: list[str]) -> None:
    result = pairs(old, new)
    assert sorted(i for i, _ in result if i is not None) == list(range(len(old)))
    assert [j for _, j in result if j is not None] == list(range(len(new)))


@given(st.lists(seed_like, max_size=8))
def test_match_items_pairs_a_list_with_itself_exactly(items: list[str]) -> None:
    assert all(i == j for i, j in pairs(items, items))


# --- diff_texts -----------------------------------------------------------------


def test_diff_texts_matches_by_position_key_across_cards() -> None:
    old = [("x@4/f1/t1/s1", "Жоспарлау"), ("x@4/f1/t1/s2", "Бақылау жүргізу")]
    new = [("x@5/f1/t1/s1", "Жоспарлау"), ("x@5/f1/t1/s2", "Бақылау жүргізу және талдау")]
    changes = diff_texts(old, new)
    assert [(c.status, c.old_id, c.new_id) for c in changes] == [
        ("unchanged", "x@4/f1/t1/s1", "x@5/f1/t1/s1"),
        ("changed", "x@4/f1/t1/s2", "x@5/f1/t1/s2"),
    ]
    assert [(o.op, o.text) for o in changes[1].ops] == [
        ("equal", "Бақылау жүргізу"),
        ("insert", " және талдау"),
    ]
