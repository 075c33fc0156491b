"""Words of a text and their search keys, in Kazakh and Russian.

A word's *keys* are its candidate stems or lemmas in its own language
(:mod:`kasip.text.kazakh`, :mod:`kasip.text.russian`); its *cross keys* are
the keys of its translations in the other language (:mod:`kasip.text.lexicon`),
so a Russian query finds a Kazakh card and back.

Words come from :mod:`kasip.text.words` and their language from
:mod:`kasip.text.lang`.

>>> Analyzer().keys("қызметкерлердің", lang="kk").keys[:2]
('қызметкер', 'қызметкерлердің')
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from kasip.text.keys import search_keys
from kasip.text.lang import word_language
from kasip.text.lexicon import word_translations
from kasip.text.words import Word, words

__all__ = ["CROSS", "Analyzer", "WordKeys", "WordTokens", "fts_token", "idf", "is_stop_word"]


# The weight of a match through a translation, against 1 for the word itself:
# the lexicon links meanings, not always the very word the standard uses.
CROSS = 0.7


def idf(entries: int, frequency: int) -> float:
    """The inverse document frequency of a token: rare tokens weigh more.

    Search and matching weigh words alike: ``entries`` is the number of index
    entries, ``frequency`` how many of them hold the token (BM25's smoothed
    form, never negative).

    >>> round(idf(100, 1), 2), round(idf(100, 100), 2)
    (4.21, 0.69)
    """
    return math.log(1 + entries / (frequency + 0.5))


# Function words: they say nothing about a card, and every card has them.
STOP_WORDS = frozenset(
    {
        "және",
        "мен",
        "бен",
        "пен",
        "да",
        "де",
        "та",
        "те",
        "ал",
        "бірақ",
        "немесе",
        "яғни",
        "үшін",
        "туралы",
        "бойынша",
        "сияқты",
        "осы",
        "сол",
        "бұл",
        "ол",
        "олар",
        "оның",
        "бар",
        "жоқ",
        "емес",
        "әр",
        "барлық",
        "өз",
        "арқылы",
        "кейін",
        "дейін",
        "бойы",
        "және/немесе",
        "т.б.",
        "тб",
        "т.с.с",
        "и",
        "в",
        "во",
        "на",
        "по",
        "с",
        "со",
        "к",
        "ко",
        "о",
        "об",
        "от",
        "для",
        "из",
        "у",
        "за",
        "при",
        "или",
        "а",
        "но",
        "не",
        "ни",
        "как",
        "что",
        "это",
        "его",
        "ее",
        "их",
        "этот",
        "эта",
        "эти",
        "тот",
        "все",
        "всех",
        "также",
        "иных",
        "иные",
        "др",
        "пр",
        "т.д",
    }
)


@dataclass(frozen=True, slots=True)
class WordKeys:
    """The keys of one word: its own language's and its translations'.

    ``loose``: the cross keys reached only through an ambiguous link (see
    :func:`~kasip.text.lexicon.loose_translations`); matching asks the rest of
    the sentence to support them.
    """

    keys: tuple[str, ...]
    cross: tuple[str, ...]
    loose: frozenset[str] = frozenset()

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.keys) | frozenset(self.cross)


@dataclass(frozen=True, slots=True)
class WordTokens:
    """A word's keys as full-text tokens (:func:`fts_token`), as indexes store them."""

    own: frozenset[str]
    cross: frozenset[str]
    loose: frozenset[str]  # the cross tokens reached through an ambiguous link

    @classmethod
    def of(cls, keys: WordKeys) -> WordTokens:
        return cls(
            frozenset(fts_token(k) for k in keys.keys),
            frozenset(fts_token(k) for k in keys.cross),
            frozenset(fts_token(k) for k in keys.loose),
        )


def fts_token(key: str) -> str:
    """A key as one full-text token: hyphens dropped.

    >>> fts_token("іс-шара")
    'ісшара'
    """
    return key.replace("-", "")


def is_stop_word(word: str) -> bool:
    """Whether ``word`` is a function word that search and matching ignore.

    >>> is_stop_word("Және"), is_stop_word("білім")
    (True, False)
    """
    return word.lower() in STOP_WORDS or len(word) < 2


MAX_MEMO = 200_000  # words; the index's own vocabulary is far smaller


class Analyzer:
    """Keys of words, memoised: one analyser serves one index or one query batch.

    Args:
        vocabulary: Kazakh words and stems the registry attests; the Kazakh
            stemmer keeps the intermediate stems it finds there.
    """

    def __init__(self, vocabulary: Collection[str] = frozenset(), *, texts: bool = False) -> None:
        """Read words against ``vocabulary``; with ``texts``, also remember each text's words.

        A document's analyser reads each element twice (its search entry and
        its match piece, :mod:`kasip.match.pieces`): ``texts`` makes the second
        reading free. Long-lived analysers, which read queries, leave it off.
        """
        self._vocabulary = vocabulary
        self._memo: dict[tuple[str, str], WordKeys] = {}
        self._tokens: dict[int, tuple[WordKeys, WordTokens]] = {}
        self._texts: dict[tuple[str, str], list[tuple[Word, WordKeys]]] | None = (
            {} if texts else None
        )

    @property
    def vocabulary(self) -> Collection[str]:
        """The Kazakh words and stems the stemmer checks candidate stems against."""
        return self._vocabulary

    def keys(self, word: str, *, lang: str) -> WordKeys:
        """The keys of ``word`` read as ``lang``, and their translations' keys.

        A word whose letters show its language is read in that language,
        whatever ``lang`` says (a Russian word quoted in a Kazakh text).
        """
        memo_key = (word, lang)
        found = self._memo.get(memo_key)
        if found is None:
            own = word_language(word) or (lang if lang in ("kk", "ru") else "ru")
            found = self._memo.get((word, own)) or self._analyse(word, own)
            if len(self._memo) >= MAX_MEMO:
                # Queries and matched texts bring any words at all: keep memory bounded.
                self._memo.clear()
                self._tokens.clear()
            self._memo[memo_key] = self._memo[(word, own)] = found
        return found

    def tokens(self, keys: WordKeys) -> WordTokens:
        """``keys`` as full-text tokens, worked out once per word."""
        found = self._tokens.get(id(keys))
        if found is None or found[0] is not keys:
            found = self._tokens[id(keys)] = (keys, WordTokens.of(keys))
        return found[1]

    def _analyse(self, word: str, lang: str) -> WordKeys:
        keys = search_keys(word, lang=lang, vocabulary=self._vocabulary)
        return WordKeys(keys, *word_translations(keys, lang))

    def text_keys(self, text: str, *, lang: str) -> Iterator[tuple[Word, WordKeys]]:
        """Each content word of ``text`` (stop words skipped) with its keys."""
        if self._texts is None:
            yield from self._read(text, lang)
            return
        found = self._texts.get((text, lang))
        if found is None:
            found = self._texts[(text, lang)] = list(self._read(text, lang))
        yield from found

    def _read(self, text: str, lang: str) -> Iterator[tuple[Word, WordKeys]]:
        for word in words(text):
            if not is_stop_word(word.text):
                yield word, self.keys(word.text, lang=lang)
