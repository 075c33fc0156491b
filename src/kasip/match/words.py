"""The words of a text's sentence as matching reads them, and their similarity to entries.

Three things keep a word to the sense it has in the sentence:

- a Russian compound abbreviation is read as its words (соцработник →
  социальный работник, :mod:`kasip.text.abbreviations`);
- a short stem is not the word when a longer stem of the same word is known:
  сотталған (convicted) also yields the stem сот (court), which would tie a
  text about convicts to the court psychologist's card;
- a translation reached only through an ambiguous link of the lexicon counts
  for an element only when another word of the sentence meets that element
  (:func:`~kasip.text.lexicon.loose_translations`): "помогает по хозяйству"
  does not reach "қаржы-шаруашылық қызмет" on хозяйство alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kasip.match.index import MatchIndex
from kasip.search.analysis import is_stop_word
from kasip.search.engine import word_tokens
from kasip.search.entries import fts_token
from kasip.text.abbreviations import expand_word
from kasip.text.words import words

__all__ = [
    "MatchWord",
    "Scratch",
    "domain_share",
    "query_mass",
    "scaled_similarity",
    "sentence_words",
    "shared_weight",
    "similarity",
]

# A stem this short is often another word (сот 'court' in сотталған 'convicted',
# ана 'mother' in анализ); it stands for the word only when no longer stem does.
# Four letters would be too many: жүйе 'system' must still join жүйедегі and
# жүйесінде, which share no longer stem.
SHORT_STEM = 3


@dataclass(frozen=True, slots=True)
class MatchWord:
    """A sentence word: its tokens the index knows (token id → weight), and
    which of them come through an ambiguous link only."""

    text: str
    tokens: dict[int, float]  # token id in the index → weight
    loose: frozenset[int]


MAX_MEMO = 200_000  # words remembered per index; texts bring any words at all


def _word(text: str, langs: Sequence[str], index: MatchIndex) -> MatchWord | None:
    """The word read against ``index`` (memoised on the index, see ``MatchIndex.words``)."""
    key = (text, tuple(langs))
    if key in index.words:
        return index.words[key]
    if len(index.words) >= MAX_MEMO:
        index.words.clear()
    read = index.words[key] = _read_word(text, langs, index)
    return read


def _read_word(text: str, langs: Sequence[str], index: MatchIndex) -> MatchWord | None:
    analysed = [index.analyzer.keys(text, lang=lang) for lang in langs]
    read = word_tokens(text, analysed)
    ids = {t: index.token_id(t) for t in read}
    tokens = {t: w for t, w in read.items() if ids[t] is not None}
    own = {fts_token(k) for keys in analysed for k in keys.keys}
    longer = [t for t in tokens if t in own and len(t) > SHORT_STEM]
    tokens = {
        t: w
        for t, w in tokens.items()
        if not (t in own and len(t) <= SHORT_STEM and any(x.startswith(t) for x in longer))
    }
    if not tokens:
        return None
    loose = {fts_token(k) for keys in analysed for k in keys.loose} & tokens.keys()
    # A token the word also reaches through a firm link or as itself is firm.
    firm = own | {
        fts_token(k) for keys in analysed for k in keys.cross if fts_token(k) not in loose
    }
    return MatchWord(
        text,
        {ids[t] or 0: w for t, w in tokens.items()},
        frozenset(ids[t] or 0 for t in loose - firm),
    )


def sentence_words(sentence: str, langs: Sequence[str], index: MatchIndex) -> list[MatchWord]:
    """The sentence's content words with their tokens the index knows, each once.

    A repeated word counts once: "психолог психолог" is not twice the evidence.
    """
    found: dict[frozenset[int], MatchWord] = {}
    for word in words(sentence):
        for part in expand_word(word.text):
            if is_stop_word(part):
                continue
            read = _word(part, langs, index)
            if read is not None:
                found.setdefault(frozenset(read.tokens), read)
    return list(found.values())


class Scratch:
    """Arrays over every entry that scoring a sentence fills, reused for the next sentence.

    A word's gains are an array as long as the index (555,196 entries, 4.4 MB,
    at 700 standards). Made anew for each word, each such array came from the
    system as fresh pages, each zeroed at its first touch: those page faults
    cost a third of a match's time (BENCHMARKS.md, issue 11). One scratch
    serves one text, in one thread; what :func:`similarity` returns lives in
    it until the next call.

    Each array remembers where it may hold values other than zero (the
    postings written into it), and only those places are zeroed for its next
    use while they are few: most words of a sentence reach a few thousand of
    the 555,196 entries.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._held: list[NDArray[np.float64]] = []
        # Per array: the positions that may not be zero; None: any of them.
        self._touched: list[list[NDArray[np.int32]] | None] = []

    def _array(self, slot: int) -> NDArray[np.float64]:
        while len(self._held) <= slot:
            self._held.append(np.zeros(self.size))
            self._touched.append([])
        return self._held[slot]

    def zeros(self, slot: int) -> NDArray[np.float64]:
        """Array ``slot``, all zeros."""
        found = self._array(slot)
        touched = self._touched[slot]
        # Zeroing scattered places costs a few times more per place than a fill.
        if touched is None or sum(len(p) for p in touched) > self.size // 4:
            found.fill(0.0)
        else:
            for positions in touched:
                found[positions] = 0.0
        self._touched[slot] = []
        return found

    def empty(self, slot: int) -> NDArray[np.float64]:
        """Array ``slot``, holding whatever it held, for the caller to write whole."""
        found = self._array(slot)
        self._touched[slot] = None
        return found

    def touch(self, slot: int, positions: NDArray[np.int32]) -> None:
        """Array ``slot`` was written at ``positions``."""
        touched = self._touched[slot]
        if touched is not None:
            touched.append(positions)

    def touch_as(self, slot: int, other: int) -> None:
        """Array ``slot`` was written where array ``other`` may hold values."""
        touched, more = self._touched[slot], self._touched[other]
        if touched is None or more is None:
            self._touched[slot] = None
        else:
            touched.extend(more)


def _gains(
    word: MatchWord, index: MatchIndex, *, loose: bool, scratch: Scratch, slot: int
) -> NDArray[np.float64]:
    """The word's best weighted match with each entry, through firm links or loose ones,
    as array ``slot`` of ``scratch``.

    A link is loose when the word reaches the token through an ambiguous link
    (``word.loose``) or the entry holds the token through one (the index's
    loose postings).
    """
    out = scratch.zeros(slot)
    tables: tuple[bool, ...]  # loose postings or not
    empty = True
    for token, weight in word.tokens.items():
        if token in word.loose:
            tables = (False, True) if loose else ()
        else:
            tables = (True,) if loose else (False,)
        for table in tables:
            positions, weights = index.postings(token, loose=table)
            if not len(positions):
                continue
            gains = weights * (weight * index.idf[token])
            if empty:
                # A token's postings name each entry once, and ``out`` is all
                # zeros: the first list is written as it is, without the
                # maximum of ``ufunc.at`` (about a fifth of a match at 700×).
                out[positions] = gains
                empty = False
            else:
                np.maximum.at(out, positions, gains)
            scratch.touch(slot, positions)
    return out


# Scratch slots: the similarity, the loose gains of a word, then each word's firm gains.
_SIMILAR, _LOOSE, _FIRM = 0, 1, 2


def shared_weight(
    query: list[MatchWord], index: MatchIndex, scratch: Scratch
) -> NDArray[np.float64]:
    """The IDF weight one sentence shares with each entry (an array of ``scratch``).

    Each word adds its best weighted match with the entry; a word's loose
    tokens count for an entry only where another word of the sentence meets
    it firmly.
    """
    if not query:
        return scratch.zeros(_FIRM)
    firm = [
        _gains(word, index, loose=False, scratch=scratch, slot=_FIRM + n)
        for n, word in enumerate(query)
    ]
    # How many words meet each entry firmly: only a loose word asks (each pass
    # over every entry costs about a millisecond at 700 standards).
    support: NDArray[np.int64] | None = None
    if any(word.loose for word in query):
        support = np.zeros(index.size, dtype=np.int64)
        for gain in firm:
            support += gain > 0
    shared = firm[0]
    for n, (word, own) in enumerate(zip(query, firm, strict=True)):
        best = own
        if word.loose and support is not None:
            others = support - (own > 0)
            loose = _gains(word, index, loose=True, scratch=scratch, slot=_LOOSE)
            best = np.maximum(own, np.where(others > 0, loose, 0.0), out=own)
            scratch.touch_as(_FIRM + n, _LOOSE)
        # The first word's gains start the sum, which the others are added into in
        # place (each word's gains are read once, in turn): no pass over zeros.
        if n:
            shared = np.add(shared, best, out=shared)
            scratch.touch_as(_FIRM, _FIRM + n)
    return shared


def query_mass(query: list[MatchWord], index: MatchIndex) -> float:
    """The sentence's side of the cosine: Σ over its words of their best IDF weight."""
    return sum(max(float(index.idf[t]) * w for t, w in word.tokens.items()) for word in query)


def similarity(
    query: list[MatchWord], index: MatchIndex, scratch: Scratch
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Similarity of one sentence to every entry, and the IDF weight they share
    (both arrays of ``scratch``, until its next use).

    The similarity is a cosine on word level: the IDF-weighted words the two
    share (:func:`shared_weight`), over the geometric mean of what each holds
    (:func:`query_mass`, :attr:`MatchIndex.entry_norm`). Matching ranks with
    :func:`scaled_similarity`, which leaves out the sentence's constant. The
    shared weight tells what share of an entry the sentence says
    (:func:`said_share`).
    """
    shared, scaled, sentence_norm = scaled_similarity(
        query, index, scratch, entry_scale=index.entry_norm
    )
    return np.multiply(scaled, sentence_norm, out=scaled), shared


def scaled_similarity(
    query: list[MatchWord],
    index: MatchIndex,
    scratch: Scratch,
    *,
    entry_scale: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """The weight one sentence shares with each entry, that weight times ``entry_scale``
    (by default :attr:`MatchIndex.entry_scale`, which boosts a card's name), and the
    number that multiplies the second into the similarity (one over the square root
    of :func:`query_mass`; 0 when the sentence weighs nothing).

    Per card, the greatest scaled value and the entry holding it are those of
    the similarity: the sentence's factor is the same for every entry, so a
    sentence costs one pass over the entries instead of five (a square root, a
    division, the boost, the cap at 1: BENCHMARKS.md, issue 11).
    """
    shared = shared_weight(query, index, scratch)
    scale = index.entry_scale if entry_scale is None else entry_scale
    scaled = np.multiply(shared, scale, out=scratch.empty(_SIMILAR))
    mass = query_mass(query, index)
    return shared, scaled, 1.0 / math.sqrt(mass) if mass > 0 else 0.0


def said_share(
    shared: NDArray[np.float64], entries: NDArray[np.intp], index: MatchIndex
) -> NDArray[np.float64]:
    """The share of each of ``entries`` that the sentence says (its shared weight, over its own)."""
    return np.minimum(shared[entries] / index.entry_mass[entries], 1.0)


def domain_share(text: str, langs: Sequence[str], index: MatchIndex) -> float:
    """The share of the text's dictionary words that the registry's cards use.

    A dictionary word is one the lexicon translates: a word of the language
    rather than a name or a typo. A text about the registry's field uses its
    words (оказание, пожилой, услуга); a text about a kindergarten, a hospital
    or a software team brings its own (воспитатель, онкологический, backend),
    which no card of the registry holds. 1.0 for a text with no dictionary word.
    """
    known = inside = 0
    for word in words(text):
        for part in expand_word(word.text):
            if is_stop_word(part) or not part.isalpha():
                continue
            if not any(index.analyzer.keys(part, lang=lang).cross for lang in langs):
                continue
            known += 1
            inside += _word(part, langs, index) is not None
    return inside / known if known else 1.0
