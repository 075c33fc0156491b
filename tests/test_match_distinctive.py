"""What sets an occupation apart: the text's rare duty words, read against each occupation
(kasip.match.distinctive; issue 10, item 3)."""

from __future__ import annotations

import numpy as np
import pytest

from kasip.match import engine
from kasip.match.distinctive import (
    WEIGHT,
    Occupations,
    TellingWords,
    card_occupations,
    entry_occupations,
    join_occupations,
    occupation_scores,
    telling_bar,
)
from kasip.match.index import MatchIndex
from kasip.match.pieces import CROSS_FIRM, CROSS_LOOSE, OWN
from kasip.match.words import sentence_words
from kasip.registry import Registry
from kasip.search.postings import Postings


def test_cards_of_one_code_are_one_occupation_and_a_card_without_a_code_its_own() -> None:
    found = card_occupations(["2634-9-004", "2634-4-001", "2634-9-004", None, None, ""])
    assert found[0] == found[2]
    assert len(set(found.tolist())) == 5


def _joined(pieces: list[np.ndarray], card: np.ndarray, *, tokens: int) -> Occupations:
    """Occupations from (token, occupation) pairs written ``token * count + occupation``:
    each pair one posting of an entry of that occupation."""
    count = int(card.max()) + 1
    pairs = np.sort(np.concatenate([np.zeros(0, dtype=np.int64), *pieces]))
    token, occupation = np.divmod(pairs, count)
    postings = Postings(
        np.concatenate([[0], np.cumsum(np.bincount(token, minlength=tokens))]).astype(np.int64),
        np.arange(len(pairs), dtype=np.int32),
        np.zeros(len(pairs), dtype=np.uint8),
    )
    return join_occupations(postings, occupation.astype(np.int32), card.astype(np.int32))


def test_each_token_counts_each_occupation_once_and_no_knowledge_or_ambiguous_link() -> None:
    # entries 0-1 of card 0, entry 2 (knowledge) of card 1, entries 3-4 of card 2;
    # cards 0 and 2 are one occupation.
    card = card_occupations(["A", "B", "A"])
    entry = entry_occupations(np.array([0, 0, 1, 2, 2]), np.array([0, 0, 1, 0, 0]), card)
    assert entry.tolist() == [0, 0, -1, 0, 0]
    postings = Postings(
        np.array([0, 3, 5, 6], dtype=np.int64),
        # token 0: entries 0, 1, 3; token 1: entries 2 (knowledge), 4; token 2: entry 4,
        # through an ambiguous link only
        np.array([0, 1, 3, 2, 4, 4], dtype=np.int32),
        np.array([OWN, CROSS_FIRM, OWN, OWN, OWN, CROSS_LOOSE], dtype=np.uint8),
    )
    found = join_occupations(postings, entry, card)
    assert found.starts.tolist() == [0, 1, 2, 2]
    assert found.held.tolist() == [0, 0]
    assert found.idf[2] == 0 and found.idf[0] > 0


def test_the_vocabularies_hold_the_duties_firm_words_and_no_knowledge(
    seed_index: MatchIndex,
) -> None:
    found = seed_index.occupations
    knowledge = np.array([entry.type == "knowledge" for entry in seed_index.entries])
    loose_only = 0
    for token in range(len(seed_index.token_hashes)):
        firm, _ = seed_index.postings(token, loose=False)
        counted = np.asarray(firm)[~knowledge[np.asarray(firm)]]
        expected = sorted(set(found.card[seed_index.entry_card[counted]].tolist()))
        assert found.held[found.starts[token] : found.starts[token + 1]].tolist() == expected
        loose, _ = seed_index.postings(token, loose=True)
        loose_only += bool(len(loose)) and not expected
    # Some tokens reach a card's duties only through an ambiguous link: not counted.
    assert loose_only > 0


def test_a_word_fewer_occupations_use_weighs_more() -> None:
    card = np.array([0, 1, 2], dtype=np.int32)
    # token 0 in every occupation, token 1 in one, token 2 in none
    pairs = [np.array([0 * 3 + 0, 0 * 3 + 1]), np.array([0 * 3 + 2, 1 * 3 + 1])]
    found = _joined(pairs, card, tokens=3)
    assert found.starts.tolist() == [0, 3, 4, 4]
    assert found.held.tolist() == [0, 1, 2, 1]
    assert found.idf[1] > found.idf[0] > 0
    assert found.idf[2] == 0
    assert found.norm[1] == pytest.approx(np.hypot(found.idf[0], found.idf[1]))


def test_a_word_the_text_keeps_saying_counts_more_and_size_does_not_win() -> None:
    card = np.array([0, 1, 2, 3], dtype=np.int32)
    # occupation 0 uses tokens 0 and 1; occupation 1 uses tokens 0-5 (a big card);
    # occupation 2 token 6, occupation 3 token 7 (to make the others rare).
    pairs = [
        np.array([0 * 4 + 0, 1 * 4 + 0]),
        np.array([t * 4 + 1 for t in range(6)]),
        np.array([6 * 4 + 2, 7 * 4 + 3]),
    ]
    found = _joined(pairs, card, tokens=8)
    # Token 1 is in both: the occupation with fewer words of its own scores more.
    alone = occupation_scores([[1]], found)
    assert alone[0] > alone[1] > 0
    assert alone[0] / alone[1] == pytest.approx(found.norm[1] / found.norm[0])
    # Tokens 1 and 2 (occupation 1's only), then token 1 said in three sentences.
    once = occupation_scores([[1], [2]], found)
    thrice = occupation_scores([[1], [1, 2], [1, 1]], found)
    assert thrice[0] > once[0]
    assert thrice[0] / thrice[1] > once[0] / once[1]
    # A text of words no occupation uses scores nothing.
    assert not occupation_scores([[], []], _joined([], card, tokens=8)).any()


def _said(text: str, seed_index: MatchIndex) -> list[list[int]]:
    return [
        [t for word in sentence_words(sentence, ["kk"], seed_index) for t in word.tokens]
        for sentence in text.split(". ")
    ]


def _best_code(scores: np.ndarray, seed_index: MatchIndex) -> str:
    best = int(np.argmax(scores))
    card = int(np.flatnonzero(seed_index.occupations.card == best)[0])
    return str(seed_index.cards[card].code)


def test_the_setting_only_one_occupation_names_picks_it(seed_index: MatchIndex) -> None:
    # сотталған (convicted) is only in the penitentiary card's duties.
    text = "Сотталғандармен жұмыс. Сотталғандардың құқықтары. Психологиялық көмек"
    assert _best_code(
        occupation_scores(_said(text, seed_index), seed_index.occupations), seed_index
    ) == ("2634-4-001")


def test_the_knowledge_lists_laws_are_not_what_sets_an_occupation_apart(
    seed_index: MatchIndex,
) -> None:
    # The anti-corruption law is in the cards' lists of laws, and in no card's duties.
    said = _said("жемқорлыққа", seed_index)
    tokens = {t for sentence in said for t in sentence}
    assert tokens  # the index knows the word (from the knowledge lists)
    for token in tokens:
        assert seed_index.occupations.starts[token] == seed_index.occupations.starts[token + 1]
        assert seed_index.occupations.idf[token] == 0


def test_the_words_add_to_cards_with_evidence_and_bring_in_none(
    seed_only: Registry, seed_index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Сотталғандарға психологиялық көмек көрсетіледі. Сотталғандарды қоғамға бейімдеу."
    plain = engine.rank_cards(text, seed_index)
    monkeypatch.setattr(engine, "DISTINCTIVE_WEIGHT", 0.0)
    without = engine.rank_cards(text, seed_index)
    assert WEIGHT > 0
    assert set(plain.order) == set(without.order)
    # The confidence model reads the lead in the sentences' evidence alone.
    assert plain.evidence is not None
    assert np.array_equal(plain.evidence, without.totals)
    assert (plain.totals >= without.totals).all()
    assert ((plain.totals > 0) == (without.totals > 0)).all()
    # The best occupation's cards gain WEIGHT times the best card's evidence.
    assert plain.scored is not None
    scores = occupation_scores(plain.scored.tokens, seed_index.occupations)
    best = seed_index.occupations.card == int(np.argmax(scores))
    gained = best & (without.totals > 0)
    assert gained.any()
    assert plain.totals[gained] == pytest.approx(
        without.totals[gained] + WEIGHT * without.totals.max()
    )


def test_the_words_named_are_the_most_telling_each_once_with_their_sentences() -> None:
    card = np.array([0, 1, 2, 3], dtype=np.int32)
    # token 0: occupation 0 only; token 1: occupations 0 and 1; token 2: all four;
    # token 3: occupation 1 only.
    pairs = [np.array([0 * 4 + 0, 1 * 4 + 0, 1 * 4 + 1, 3 * 4 + 1])]
    pairs.append(np.array([2 * 4 + o for o in range(4)]))
    found = _joined(pairs, card, tokens=4)
    sentences = [[0, 2], [0, 1], [1, 3]]
    words = {"convicts": {0}, "convicted": {0}, "help": {2}, "colony": {1}, "home": {3}}

    def telling_words(
        sentences: list[list[int]],
        words: dict[str, set[int]],
        found: Occupations,
        occupation: int,
        *,
        limit: int = 3,
    ) -> tuple[tuple[str, int], ...]:
        return TellingWords.read(sentences, words, found).named(occupation, limit=limit)

    # "convicts" and "convicted" are one token: named once, as the text first says it;
    # "help" is in every occupation's duties and "colony" in two of the four (more than
    # a third): not telling; "home" is another occupation's.
    assert telling_words(sentences, words, found, 0) == (("convicts", 2),)
    assert telling_words(sentences, words, found, 1) == (("home", 1),)
    assert telling_words(sentences, words, found, 2) == ()
    # A word one of whose tokens every occupation uses sets none apart.
    assert telling_words(sentences, {"convicts": {0, 2}}, found, 0) == ()
    # With six occupations, two is a third: "colony" counts, after "convicts".
    wider = _joined(
        [np.array([t * 6 + o for t, o in ((0, 0), (1, 0), (1, 1), (3, 1), (2, 2), (2, 5))])],
        np.arange(6, dtype=np.int32),
        tokens=4,
    )
    assert telling_words(sentences, words, wider, 0) == (("convicts", 2), ("colony", 2))
    assert telling_words(sentences, words, wider, 0, limit=1) == (("convicts", 2),)


def _named_by_hand(
    said: list[list[int]], words: dict[str, set[int]], seed_index: MatchIndex, occupation: int
) -> tuple[tuple[str, int], ...]:
    """What TellingWords.named must give, word by word and token by token."""
    found = seed_index.occupations
    times = {t: sum(t in set(s) for s in said) for s in said for t in s}
    best = []
    bar = telling_bar(found.count)
    for position, (word, tokens) in enumerate(words.items()):
        used = {t: int(found.starts[t + 1] - found.starts[t]) for t in tokens}
        if max(used.values(), default=0) > bar:
            continue  # the word's commonest token is too common
        weights = [
            ((1 + np.log(times[t])) * found.idf[t] ** 2, times[t])
            for t in tokens
            if used[t] > 0
            and occupation in found.held[found.starts[t] : found.starts[t + 1]].tolist()
        ]
        if weights:
            weight, count = max(weights, key=lambda w: w[0])
            best.append((-weight, position, word, count, frozenset(tokens)))
    named: list[tuple[str, int]] = []
    seen: set[int] = set()
    for _, _, word, count, held in sorted(best):
        if not held & seen:
            seen |= held
            named.append((word, count))
    return tuple(named[:3])


@pytest.mark.parametrize(
    "text",
    [
        "Сотталғандармен жұмыс. Сотталғандардың құқықтары. Психологиялық көмек көрсету",
        "Социальный работник посещает пожилых людей на дому, покупает продукты и лекарства. "
        "Оказывает социально-бытовые услуги. Ведёт учёт получателей услуг",
    ],
)
def test_the_words_named_for_every_occupation_are_those_counted_by_hand(
    seed_index: MatchIndex, text: str
) -> None:
    ranking = engine.rank_cards(text, seed_index)
    assert ranking.scored is not None and ranking.telling is not None
    said, words = ranking.scored.tokens, ranking.scored.words
    named = [ranking.telling.named(o) for o in range(seed_index.occupations.count)]
    assert any(named)
    for occupation, found in enumerate(named):
        assert found == _named_by_hand(said, words, seed_index, occupation)


def test_joining_a_chunk_at_a_time_gives_the_same_vocabularies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kasip.match import distinctive

    rng = np.random.default_rng(7)
    card = rng.integers(0, 5, size=12).astype(np.int32)
    entry = entry_occupations(
        rng.integers(0, 12, size=30), (rng.random(30) < 0.2).astype(np.uint8), card
    )
    # Runs of 0-9 postings per token, entries repeating within a run.
    runs = rng.integers(0, 10, size=40)
    postings = Postings(
        np.concatenate([[0], np.cumsum(runs)]).astype(np.int64),
        rng.integers(0, 30, size=int(runs.sum())).astype(np.int32),
        rng.choice([OWN, CROSS_FIRM, CROSS_LOOSE], size=int(runs.sum())).astype(np.uint8),
    )
    whole = join_occupations(postings, entry, card)
    for chunk in (1, 2, 3, 7, 25):
        monkeypatch.setattr(distinctive, "_CHUNK", chunk)
        found = join_occupations(postings, entry, card)
        for name in ("starts", "held", "idf"):
            assert np.array_equal(getattr(found, name), getattr(whole, name)), (chunk, name)
        # Summed chunk by chunk: equal up to the order of the additions.
        assert np.allclose(found.norm, whole.norm, rtol=1e-12), chunk
    for token in range(40):
        begin, end = postings.starts[token], postings.starts[token + 1]
        counted = postings.kinds[begin:end] != CROSS_LOOSE
        expected = sorted({int(o) for o in entry[postings.entries[begin:end][counted]] if o >= 0})
        assert whole.held[whole.starts[token] : whole.starts[token + 1]].tolist() == expected


def test_headings_and_the_education_asked_for_are_not_read_for_the_words(
    seed_index: MatchIndex,
) -> None:
    text = "Сотталғандармен жұмыс істейді. Сотталғандарды қоғамға бейімдейді."
    more = "Міндеттері:\n" + text + "\nВысшее образование по специальности психология, педагогика."
    plain, asked = engine.rank_cards(text, seed_index), engine.rank_cards(more, seed_index)
    assert plain.scored is not None and asked.scored is not None
    assert asked.scored.tokens[0] == [] and asked.scored.tokens[-1] == []
    assert np.array_equal(
        occupation_scores(asked.scored.tokens, seed_index.occupations),
        occupation_scores(plain.scored.tokens, seed_index.occupations),
    )
    # A one-word item of a list is too short to be evidence, but its word counts.
    listed = engine.rank_cards(
        text + " Маман пробация қызметімен, полициямен, прокуратурамен, сотпен, денсаулық"
        " сақтау және білім беру ұйымдарымен, жергілікті атқарушы органдармен тұрақты өзара"
        " іс-қимыл жасайды.",
        seed_index,
    )
    assert listed.scored is not None
    at = listed.sentences.index("сотпен")
    assert listed.scored.tokens[at] and not listed.scored.per_sentence[at].any()
