"""Split a free text (vacancy, CV, job description) into sentences and list items.

>>> split_sentences("Обязанности:\\n- вести учёт; - консультировать семьи. Опыт от 3 лет")
['Обязанности:', 'вести учёт', 'консультировать семьи.', 'Опыт от 3 лет']
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# Line ends, sentence ends, semicolons and list bullets all end a unit: postings
# are written as lists far more often than as prose.
_BREAK = re.compile(r"\n+|(?<=[.!?])\s+(?=[^\W\d_])|;\s*|\s[•·▪●*–—-]\s+|^\s*[•·▪●*–—-]\s*", re.M)
MAX_SENTENCES = 200


def split_sentences(text: str) -> list[str]:
    """The text's non-empty sentences, in order, stripped of bullets and spaces."""
    parts = (part.strip(" \t\r•·▪●*–—-") for part in _BREAK.split(text))
    return [p for p in parts if p][:MAX_SENTENCES]
