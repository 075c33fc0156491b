"""What sets an occupation apart from the others: words of its duties few others use.

Sentence by sentence, a text about a psychologist who works with convicts
meets the social psychologist's name (психолог) as well as the penitentiary
card's duties (сотталған), and the name wins each sentence; a text about
"участковые" who inspect living conditions meets a dozen cards' help and
consultation. Issue 10 (item 3) asks that what distinguishes a card from its
neighbours — its client group, its setting, its own duties — weigh more than
what all of them share.

So the whole text is also read as one bag of words against each
*occupation* (the cards that share a code; a card without one stands
alone): a word weighs by how few occupations use it in their names,
functions, tasks and skills (an inverse occupation frequency; the knowledge
lists are left out, as they name the same laws for every card), and by how
many of the text's sentences say it (1 + log n). An occupation's score is the
cosine of the text's weighted words and its own vocabulary, so that a card
with many words does not win by size. The engine adds it to each card's
evidence (:func:`kasip.match.engine.rank_cards`, :data:`WEIGHT`); the first
card's standard is then reread with the idf of its own occupations
(:mod:`kasip.match.siblings`).

What an occupation's vocabulary holds is worked out when the index is
joined, from the joined postings (:func:`join_occupations`), and kept in the
index file; a text then costs a lookup per word.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kasip.match.pieces import CROSS_LOOSE
from kasip.search.postings import Postings

__all__ = [
    "WEIGHT",
    "Occupations",
    "TellingWords",
    "card_occupations",
    "entry_occupations",
    "join_occupations",
    "occupation_scores",
    "said_counts",
    "telling_bar",
]

# How much the text's distinctive words count beside the sentences' evidence:
# the best occupation's score adds this share of the best card's evidence.
# Chosen on ../shared/eval/match-real-dev.jsonl (top-1 0.833 there; 0.3 and
# 0.75 gave 0.800 and 0.767), and 5-fold cross-validation of the choice gives
# top-1 0.800 against 0.733 without it; the project's own three sets are
# unchanged from 0 to 0.75 (BENCHMARKS.md, "Telling siblings apart by what is
# theirs").
WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Occupations:
    """Which occupations use each token in their duties, and how rare that makes it."""

    card: NDArray[np.int32]  # per card: its occupation
    starts: NDArray[np.int64]  # per token: where its occupations start in ``held`` (+1 at end)
    held: NDArray[np.int32]  # the occupations of each token, in token order
    idf: NDArray[np.float64]  # per token: log((N + 1) / (n + 0.5)), n occupations of N
    norm: NDArray[np.float64]  # per occupation: √ Σ idf² over its vocabulary (never 0)

    @property
    def count(self) -> int:
        return len(self.norm)


def card_occupations(codes: Sequence[str | None]) -> NDArray[np.int32]:
    """Each card's occupation: cards of one code share one; a card without a code is its own."""
    ids: dict[str | int, int] = {}
    found = [ids.setdefault(code if code else -n - 1, len(ids)) for n, code in enumerate(codes)]
    return np.asarray(found, dtype=np.int32)


# Postings read at a time when the vocabularies are made: the temporaries of
# a chunk stay a few MB whatever the registry's size (issue 11 bounds an
# import's memory; pairs gathered per piece first added 147 MiB to its peak).
_CHUNK = 1 << 17


def _distinct(values: NDArray[Any]) -> NDArray[Any]:
    """``values`` sorted, each once. ``numpy.unique`` hashes integers first, which
    took 4 s over the 700-standard registry's pairs; a sort takes a tenth."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    kept: NDArray[Any] = ordered[np.append(True, ordered[1:] != ordered[:-1])]
    return kept


def join_occupations(
    postings: Postings, entry_occupation: NDArray[np.int32], card: NDArray[np.int32]
) -> Occupations:
    """Which occupations use each token, from the joined index's postings.

    ``entry_occupation`` gives each entry its card's occupation, or -1 for an
    entry that does not count (a knowledge entry: knowledge lists name the
    same laws for every card). A posting through an ambiguous link does not
    count either: matching takes one only where the sentence supports it
    (:mod:`kasip.match.words`), which a bag of words cannot.

    The postings are read a run of whole tokens at a time (about
    :data:`_CHUNK` postings): each token's occupations sorted and each once,
    its idf, and its share of each occupation's norm, so that no array as
    long as all the pairs is made but the result.
    """
    starts, tokens = postings.starts, len(postings.starts) - 1
    occupations = int(card.max()) + 1 if len(card) else 0
    count = max(occupations, 1)
    frequency = np.zeros(tokens, dtype=np.int64)
    squares = np.zeros(occupations)  # Σ idf² per occupation
    parts: list[NDArray[np.int32]] = []
    first = 0
    while first < tokens:
        # The tokens whose postings fit in a chunk; at least one.
        last = int(np.searchsorted(starts, starts[first] + _CHUNK, side="right")) - 1
        last = min(max(last, first + 1), tokens)
        begin, end = int(starts[first]), int(starts[last])
        # Pairs of a chunk's tokens (counted from its first) fit 32 bits in most registries.
        wide = (last - first) * count >= 2**31
        kind = np.int64 if wide else np.int32
        occupation = entry_occupation[postings.entries[begin:end]]
        counted = (occupation >= 0) & (postings.kinds[begin:end] != CROSS_LOOSE)
        runs = np.diff(starts[first : last + 1])
        token = np.repeat(np.arange(last - first, dtype=kind), runs)[counted]
        pairs = _distinct(token * kind(count) + occupation[counted].astype(kind))
        token, held = np.divmod(pairs, kind(count))
        here = np.bincount(token, minlength=last - first)
        frequency[first:last] = here
        idf = np.log((occupations + 1) / (here + 0.5))
        squares += np.bincount(held, weights=idf[token] ** 2, minlength=occupations)
        parts.append(held.astype(np.int32))
        first = last
    return Occupations(
        card,
        np.concatenate([[0], np.cumsum(frequency)]).astype(np.int64),
        np.concatenate([np.zeros(0, dtype=np.int32), *parts]),
        np.where(frequency > 0, np.log((occupations + 1) / (frequency + 0.5)), 0.0),
        np.maximum(np.sqrt(squares), 1e-9),
    )


def entry_occupations(
    entry_card: NDArray[Any], knowledge: NDArray[Any], card: NDArray[np.int32]
) -> NDArray[np.int32]:
    """Each entry's occupation (:func:`card_occupations`), -1 for a knowledge entry."""
    found: NDArray[np.int32] = np.where(knowledge != 0, -1, card[entry_card]).astype(np.int32)
    return found


def said_counts(sentences: Iterable[Iterable[int]]) -> Counter[int]:
    """How many sentences say each token."""
    return Counter(token for sentence in sentences for token in set(sentence))


def occupation_scores(
    sentences: Iterable[Iterable[int]], occupations: Occupations
) -> NDArray[np.float64]:
    """Per occupation, the cosine of the text's words and its vocabulary.

    ``sentences`` are the token ids each sentence says firmly (each once per
    sentence). A word weighs its idf times 1 + log of the sentences that say
    it: a setting the text keeps returning to ("сотталған" in every other
    sentence) is what the text is about.
    """
    said = said_counts(sentences)
    scores = np.zeros(occupations.count)
    mass = 0.0
    for token, times in said.items():
        idf = float(occupations.idf[token])
        if idf <= 0:
            continue
        weight = (1.0 + math.log(times)) * idf
        mass += weight * weight
        begin, end = occupations.starts[token], occupations.starts[token + 1]
        scores[occupations.held[begin:end]] += weight * idf
    if mass <= 0:
        return scores
    scaled: NDArray[np.float64] = scores / (math.sqrt(mass) * occupations.norm)
    return scaled


@dataclass(frozen=True, slots=True)
class TellingWords:
    """A text's words that may set an occupation apart, read once per text.

    Each (word, token) pair whose word at most a third of the registry's
    occupations use in their duties, with the token's weight as in
    :func:`occupation_scores` and how many sentences say it; ``owner`` and
    ``holder`` list the occupations that use each pair's token, so that
    :meth:`named` asks one comparison per occupation, not one per word.
    """

    words: tuple[str, ...]  # in the text's order
    tokens: tuple[frozenset[int], ...]  # per word: all its token ids
    pair_word: NDArray[np.intp]
    pair_weight: NDArray[np.float64]
    pair_times: NDArray[np.int64]
    owner: NDArray[np.intp]  # per occupation listed: its pair
    holder: NDArray[np.int32]  # the occupation

    @classmethod
    def read(
        cls,
        sentences: Iterable[Iterable[int]],
        words: Mapping[str, Iterable[int]],
        occupations: Occupations,
    ) -> TellingWords:
        """The text's candidate words (``words`` gives each word its token ids)."""
        said = said_counts(sentences)
        starts, bar = occupations.starts, telling_bar(occupations.count)
        kept = {word: frozenset(t for t in tokens if said[t]) for word, tokens in words.items()}
        used = {t: int(starts[t + 1] - starts[t]) for held in kept.values() for t in held}
        pairs = [
            (n, token)
            for n, held in enumerate(kept.values())
            # A word is judged by its commonest token: "работу" has a rare stem
            # in 72 of 4,202 occupations at 700 standards, and "работ" in all.
            if max((used[t] for t in held), default=0) <= bar
            for token in sorted(held)
            if used[token] > 0
        ]
        word = np.array([n for n, _ in pairs], dtype=np.intp)
        token = np.array([t for _, t in pairs], dtype=np.int64)
        times = np.array([said[t] for t in token.tolist()], dtype=np.int64)
        begin, end = starts[token], starts[token + 1]
        lengths = (end - begin).astype(np.intp)
        owner = np.repeat(np.arange(len(pairs)), lengths)
        # Each pair's run of occupations: its token's slice of ``held``.
        first = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
        at = first + np.arange(int(lengths.sum()))
        return cls(
            words=tuple(kept),
            tokens=tuple(kept.values()),
            pair_word=word,
            pair_weight=(1.0 + np.log(np.maximum(times, 1))) * occupations.idf[token] ** 2,
            pair_times=times,
            owner=owner,
            holder=occupations.held[at.astype(np.intp)],
        )

    def named(self, occupation: int, *, limit: int = 3) -> tuple[tuple[str, int], ...]:
        """The text's words that count most for ``occupation``, most first, with how
        many sentences say each: words its cards' names and duties use and at most
        a third of the registry's occupations do (:func:`telling_bar`), judged by
        their commonest token.

        A word weighs as its best such token does in :func:`occupation_scores`; of
        equals, the one the text says first comes first. A word sharing a token
        with one named before it (another form of it: сотталғандарға,
        сотталғандардың) is not named again."""
        pairs = np.unique(self.owner[self.holder == occupation])
        best: dict[int, tuple[float, int]] = {}
        for pair in pairs.tolist():
            word, weight = int(self.pair_word[pair]), float(self.pair_weight[pair])
            if weight > best.get(word, (0.0, 0))[0]:
                best[word] = (weight, int(self.pair_times[pair]))
        named: list[tuple[str, int]] = []
        seen: set[int] = set()
        # Of equals, the word the text says first.
        for word, (_, times) in sorted(best.items(), key=lambda item: (-item[1][0], item[0])):
            if self.tokens[word] & seen:
                continue
            seen |= self.tokens[word]
            named.append((self.words[word], times))
            if len(named) == limit:
                break
        return tuple(named)


def telling_bar(count: int) -> float:
    """The most occupations (of ``count``) that may use a word that sets one apart.

    A third: at 1× (7 occupations) "центр" and "специальных" (3 each) were
    named for the home-care worker beside "покупает", "продукты" (1 each). At
    least one, so that of two occupations a word only one uses still counts;
    none when there is one occupation, which nothing sets apart.

    >>> telling_bar(7), telling_bar(2), telling_bar(1)
    (2.3333333333333335, 1.0, 0.0)
    """
    return max(1.0, count / 3) if count > 1 else 0.0
