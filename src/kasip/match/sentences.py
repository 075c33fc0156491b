"""Split a free text (vacancy, CV, job description) into sentences and list items.

>>> split_sentences("Обязанности:\\n- вести учёт; - консультировать семьи. Опыт от 3 лет")
['Обязанности:', 'вести учёт', 'консультировать семьи.', 'Опыт от 3 лет']
>>> split_sentences("Талаптар: жоғары білім. Жалақы: келісім бойынша")
['Талаптар:', 'жоғары білім.', 'Жалақы:', 'келісім бойынша']

A long sentence that lists duties is cut at its commas, one duty a clause:

>>> for clause in split_sentences("Обслуживала пенсионеров: покупала продукты и лекарства, "
...     "помогала готовить еду и убирать квартиру, заполняла квитанции за коммунальные услуги"):
...     print(clause)
Обслуживала пенсионеров:
покупала продукты и лекарства
помогала готовить еду и убирать квартиру
заполняла квитанции за коммунальные услуги
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# Line ends, sentence ends, semicolons and list bullets all end a unit: postings
# are written as lists far more often than as prose.
_BREAK = re.compile(r"\n+|(?<=[.!?])\s+(?=[^\W\d_])|;\s*|\s[•·▪●*–—-]\s+|^\s*[•·▪●*–—-]\s*", re.M)
MAX_SENTENCES = 200
LONG_SENTENCE = 12  # words; a longer sentence usually lists several duties
LIST_COMMAS = 2  # as does a shorter one with two commas or more
# A comma between words (not inside a number such as 1,5).
_COMMA = re.compile(r"(?<=[^\W\d_]),\s+|(?<=[)»\"]),\s+")
# "Обязанности: оказание услуг" is a heading and a statement; the heading (up to
# three words before a colon) is split off, so it does not blur the statement.
_HEADING = re.compile(r"^([^\W\d_]+(?:\s+[^\W\d_]+){0,2}:)\s+(\S.*)$", re.S)


def split_sentences(text: str) -> list[str]:
    """The text's non-empty sentences, in order, stripped of bullets and spaces."""
    parts = (part.strip(" \t\r•·▪●*–—-") for part in _BREAK.split(text))
    found: list[str] = []
    for part in parts:
        heading = _HEADING.match(part)
        for piece in heading.groups() if heading else [part] if part else []:
            found.extend(_clauses(piece))
    return found[:MAX_SENTENCES]


def _clauses(sentence: str) -> list[str]:
    """A sentence that lists (long, or with :data:`LIST_COMMAS` commas), cut at its commas."""
    if len(sentence.split()) <= LONG_SENTENCE and len(_COMMA.findall(sentence)) < LIST_COMMAS:
        return [sentence]
    return [c.strip() for c in _COMMA.split(sentence) if c.strip()]
