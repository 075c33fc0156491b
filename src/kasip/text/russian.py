"""Russian search keys: the normal forms (lemmas) pymorphy3 gives a word.

>>> russian_keys("социальных")
('социальный',)
>>> russian_keys("Работников")
('работник',)
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["russian_keys"]

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
    lower-cased and ``ё`` is folded to ``е``.

    >>> russian_keys("") == ()
    True
    """
    folded = _fold(word)
    if not folded:
        return ()
    parses = _analyzer().parse(folded)
    if not parses:
        return (folded,)
    best = max(p.score for p in parses)
    keys: dict[str, None] = {}
    for parse in parses:
        if parse.score >= MIN_SHARE * best:
            keys[_fold(parse.normal_form)] = None
    return tuple(keys)
