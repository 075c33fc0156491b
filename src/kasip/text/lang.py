"""Which language a text, or a word, is in: Kazakh (``kk``) or Russian (``ru``).

Kazakh-only letters (ә, і, ң, ғ, ү, ұ, қ, ө, һ) tell Kazakh; ё, щ, ъ, э or a
Russian inflectional ending tell Russian. :func:`word_language` reads one
word; :func:`text_languages` lets a short text's words vote (a vacancy, a
query); :func:`detect_language` reads a whole standard by the share of its
Kazakh letters, since a Kazakh standard quotes Russian names and a Russian one
never writes Kazakh letters.

Example:
    >>> word_language("қызметкер"), word_language("работников"), word_language("психолог")
    ('kk', 'ru', None)
    >>> text_languages("Психолог"), text_languages("Әлеуметтік қызметкер, социальный")
    (['kk', 'ru'], ['kk'])
"""

from __future__ import annotations

import re

from kasip.model.vocabulary import Language
from kasip.text.alphabet import KAZAKH_LETTERS, KAZAKH_LOWER, KAZAKH_UPPER, RUSSIAN_ONLY_LETTERS
from kasip.text.words import words

__all__ = ["detect_language", "text_languages", "word_language"]

_RUSSIAN_ENDINGS_RE = re.compile(
    r"(ый|ий|ой|ая|яя|ое|ее|ые|ие|ых|их|ого|его|ому|ему|ции|ция|ние|ния|ть|ться|ов|ев|ами|ями)$"
)
# Each Cyrillic letter, counted one by one: str.count over a standard's
# 100,000 characters is a third of the time of a regular expression's findall.
_CYRILLIC = tuple(
    chr(code)
    for first, last in (("а", "я"), ("А", "Я"))
    for code in range(ord(first), ord(last) + 1)
) + tuple("ёЁ" + KAZAKH_LOWER + KAZAKH_UPPER)
_KAZAKH = tuple(sorted(KAZAKH_LETTERS))
# A standard needs this many Cyrillic letters to be told, and a Kazakh one has
# more than this share of Kazakh letters (the seed: about 8 %).
MIN_CYRILLIC = 20
KAZAKH_SHARE = 0.01


def word_language(word: str) -> Language | None:
    """``kk`` or ``ru`` when the word's letters or ending tell, else ``None``."""
    if KAZAKH_LETTERS.intersection(word):
        return "kk"
    lowered = word.lower()
    if RUSSIAN_ONLY_LETTERS.intersection(lowered) or _RUSSIAN_ENDINGS_RE.search(lowered):
        return "ru"
    return None


def text_languages(text: str) -> list[Language]:
    """The language of a short text by its words' votes; both when no word tells."""
    votes = [word_language(w.text) for w in words(text)]
    kk, ru = votes.count("kk"), votes.count("ru")
    if kk == ru == 0:
        return ["kk", "ru"]
    return ["kk"] if kk >= ru else ["ru"]


def detect_language(text: str) -> Language:
    """Tell a Kazakh standard from a Russian one by the share of Kazakh-only letters.

    Returns ``"kk"``, ``"ru"`` or ``"unknown"`` (too little Cyrillic).

    Example:
        >>> detect_language("Әлеуметтік қызметкер үйде көмек көрсетеді")
        'kk'
        >>> detect_language("Социальный работник оказывает помощь на дому")
        'ru'
    """
    cyrillic = sum(map(text.count, _CYRILLIC))
    if cyrillic < MIN_CYRILLIC:
        return "unknown"
    kazakh = sum(map(text.count, _KAZAKH))
    return "kk" if kazakh / cyrillic > KAZAKH_SHARE else "ru"
