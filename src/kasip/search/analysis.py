"""Words of a text and their search keys, in Kazakh and Russian.

A word's *keys* are its candidate stems or lemmas in its own language
(:mod:`kasip.text.kazakh`, :mod:`kasip.text.russian`); its *cross keys* are
the keys of its translations in the other language (:mod:`kasip.text.lexicon`),
so a Russian query finds a Kazakh card and back.

>>> [w.text for w in words("Әлеуметтік қызметкерлердің іс-шаралары; 2-бөлім")]
['Әлеуметтік', 'қызметкерлердің', 'іс-шаралары', 'бөлім']
>>> word_language("қызметкер"), word_language("работников"), word_language("психолог")
('kk', 'ru', None)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from kasip.text.keys import search_keys
from kasip.text.lexicon import translate_keys

__all__ = ["CROSS", "Analyzer", "Word", "WordKeys", "is_stop_word", "word_language", "words"]

# Letters only (a digit run is a number, never a search word); a hyphen joins
# the parts of a compound such as `іс-шара`.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_KAZAKH_LETTERS = frozenset("әіңғүұқөһӘІҢҒҮҰҚӨҺ")
_RUSSIAN_ONLY = frozenset("ёщъэЁЩЪЭ")
_RUSSIAN_ENDINGS = re.compile(
    r"(ый|ий|ой|ая|яя|ое|ее|ые|ие|ых|их|ого|его|ому|ему|ции|ция|ние|ния|ть|ться|ов|ев|ами|ями)$"
)

# The weight of a match through a translation, against 1 for the word itself:
# the lexicon links meanings, not always the very word the standard uses.
CROSS = 0.7

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
class Word:
    """A word of a text, with its character offsets in that text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class WordKeys:
    """The keys of one word: its own language's and its translations'."""

    keys: tuple[str, ...]
    cross: tuple[str, ...]

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.keys) | frozenset(self.cross)


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets (numbers and punctuation dropped)."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def is_stop_word(word: str) -> bool:
    """Whether ``word`` is a function word that search and matching ignore.

    >>> is_stop_word("Және"), is_stop_word("білім")
    (True, False)
    """
    return word.lower() in STOP_WORDS or len(word) < 2


def word_language(word: str) -> str | None:
    """``kk`` or ``ru`` when the word's letters or ending tell, else ``None``.

    Kazakh-only letters (ә, і, ң, ғ, ү, ұ, қ, ө, һ) make a word Kazakh; ё, щ,
    ъ, э or a Russian inflectional ending make it Russian.
    """
    if _KAZAKH_LETTERS.intersection(word):
        return "kk"
    lowered = word.lower()
    if _RUSSIAN_ONLY.intersection(lowered) or _RUSSIAN_ENDINGS.search(lowered):
        return "ru"
    return None


MAX_MEMO = 200_000  # words; the index's own vocabulary is far smaller


class Analyzer:
    """Keys of words, memoised: one analyser serves one index or one query batch.

    Args:
        vocabulary: Kazakh words and stems the registry attests; the Kazakh
            stemmer keeps the intermediate stems it finds there.
    """

    def __init__(self, vocabulary: Collection[str] = frozenset()) -> None:
        self._vocabulary = vocabulary
        self._memo: dict[tuple[str, str], WordKeys] = {}

    @property
    def vocabulary(self) -> Collection[str]:
        """The Kazakh words and stems the stemmer checks candidate stems against."""
        return self._vocabulary

    def keys(self, word: str, *, lang: str) -> WordKeys:
        """The keys of ``word`` read as ``lang``, and their translations' keys.

        A word whose letters show its language is read in that language,
        whatever ``lang`` says (a Russian word quoted in a Kazakh text).
        """
        own = word_language(word) or (lang if lang in ("kk", "ru") else "ru")
        memo_key = (word, own)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._analyse(word, own)
            if len(self._memo) >= MAX_MEMO:
                # Queries and matched texts bring any words at all: keep memory bounded.
                self._memo.clear()
            self._memo[memo_key] = found
        return found

    def _analyse(self, word: str, lang: str) -> WordKeys:
        keys = search_keys(word, lang=lang, vocabulary=self._vocabulary)
        return WordKeys(keys, translate_keys(keys, source=lang))

    def text_keys(self, text: str, *, lang: str) -> Iterator[tuple[Word, WordKeys]]:
        """Each content word of ``text`` (stop words skipped) with its keys."""
        for word in words(text):
            if not is_stop_word(word.text):
                yield word, self.keys(word.text, lang=lang)
