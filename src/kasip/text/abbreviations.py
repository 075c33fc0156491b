"""Russian compound abbreviations a free text uses and a standard spells out.

Real texts write соцработник, соцуслуги, соц.работник, спецуслуги, where the
standards (and the lexicon) have социальный работник, специальные услуги. A
word made of such a head and a word is read as the two words:

>>> expand_word("соцработники")
('социальный', 'работники')
>>> expand_word("спецуслуг")
('специальный', 'услуг')
>>> expand_word("соц")  # of "соц. работник", which the word splitter cuts at the dot
('социальный',)
>>> expand_word("социальный"), expand_word("спецназ"), expand_word("специалист")
(('социальный',), ('спецназ',), ('специалист',))
"""

from __future__ import annotations

import re

__all__ = ["expand_word"]

# The head of a compound and the word it stands for. Only heads whose
# expansion is unambiguous in the field: гос- and мед- also start unrelated
# words (госпиталь, медведь), and проф- stands for three words.
HEADS = {"соц": "социальный", "спец": "специальный"}
MIN_REST = 5  # letters after the head: спецназ, спецовка stay whole
_COMPOUND = re.compile(
    rf"(?P<head>{'|'.join(HEADS)})\.?-?(?P<rest>[а-яё]{{{MIN_REST},}})", re.IGNORECASE
)
# A rest that continues the head's own word: социальный, специалист, специфика.
_OWN_WORD = re.compile(r"^(?:иал|иф|ифик)", re.IGNORECASE)


def expand_word(word: str) -> tuple[str, ...]:
    """The words ``word`` stands for: itself, or the head's word and the rest."""
    head = HEADS.get(word.lower())
    if head is not None:
        return (head,)
    found = _COMPOUND.fullmatch(word)
    if found is None or _OWN_WORD.match(found["rest"]):
        return (word,)
    return (HEADS[found["head"].lower()], found["rest"])
