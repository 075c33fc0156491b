"""Russian search keys: the normal forms (lemmas) pymorphy3 gives a word.

>>> russian_keys("социальных")
('социальный',)
>>> russian_keys("Работников")
('работник',)
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["is_noun", "is_russian_word", "russian_keys"]

MIN_SHARE = 0.1  # keep a parse whose score is at least this share of the best one


@cache
def _analyzer() -> Any:
    """The pymorphy3 analyser, loaded once (its dictionaries take a moment)."""
    import pymorphy3  # type: ignore[import-untyped]

    return pymorphy3.MorphAnalyzer(lang="ru")


def _fold(text: str) -> str:
    return text.strip().lower().replace("ё", "е")


def russian_keys(word: str) -> tuple[str, ...]:
    """Return the distinct normal forms of a Russian word's likely parses.

    Parses scoring at least a tenth of the best one are kept, so ambiguity
    stays visible (``мой`` is the pronoun and the imperative of ``мыть``). The word is
    lower-cased and ``ё`` is folded to ``е``; a hyphenated compound also gives the
    lemmas of its parts.

    >>> russian_keys("") == ()
    True
    """
    folded = _fold(word)
    if not folded:
        return ()
    if "-" not in folded:
        return _lemmas(folded)
    # A compound (`детьми-инвалидами`) is also each of its parts, as in Kazakh.
    parts = [folded, *(part for part in folded.split("-") if part)]
    return tuple(dict.fromkeys(key for part in parts for key in _lemmas(part)))


def _lemmas(folded: str) -> tuple[str, ...]:
    try:
        parses = _analyzer().parse(folded)
    except ValueError:  # pymorphy3 asks unicodedata for names some letters lack
        return (folded,)
    if not parses:
        return (folded,)
    best = max(p.score for p in parses)
    keys: dict[str, None] = {}
    for parse in parses:
        if parse.score >= MIN_SHARE * best:
            keys[_fold(parse.normal_form)] = None
    return tuple(keys)


def is_russian_word(word: str) -> bool:
    """Whether pymorphy3's dictionary knows the word (a real word is no typo).

    >>> is_russian_word("сварочный"), is_russian_word("социяльный")
    (True, False)
    """
    folded = _fold(word)
    try:
        return bool(folded) and bool(_analyzer().word_is_known(folded))
    except ValueError:  # see russian_keys
        return False


def is_noun(word: str) -> bool:
    """Whether a Russian word's likeliest reading is a noun (the head of a name).

    >>> is_noun("сестра"), is_noun("Медицинская"), is_noun("психолог-консультант")
    (True, False, True)
    """
    folded = _fold(word)
    try:
        parses = _analyzer().parse(folded) if folded else []
    except ValueError:
        return False
    return bool(parses) and parses[0].tag.POS == "NOUN"
