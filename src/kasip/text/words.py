"""The words of a text, with their offsets: letters only, compounds kept whole.

>>> [w.text for w in words("Әлеуметтік қызметкерлердің іс-шаралары; 2-бөлім")]
['Әлеуметтік', 'қызметкерлердің', 'іс-шаралары', 'бөлім']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Word", "word_count", "words"]

# Letters only (a digit run is a number, never a search word); a hyphen joins
# the parts of a compound such as `іс-шара`.
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text, with its character offsets in that text."""

    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets (numbers and punctuation dropped)."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def word_count(text: str) -> int:
    """``len(words(text))`` without building the words (scoring counts every candidate's).

    >>> word_count("Әлеуметтік қызметкерлердің іс-шаралары; 2-бөлім")
    4
    """
    return len(_WORD_RE.findall(text))
