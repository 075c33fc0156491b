"""A PDF table cell's printed lines joined back into the lines the source wrote.

A PDF prints a cell's text in visual lines, broken wherever the column ends:
a line is joined to the one before unless it opens a list item (``1.``,
``2)``, ``-``, ``•``), follows a line ending with a colon (a label such as
``Знания:``) or opens a new name in a short list of names; a line ending in a
hyphen after a letter joins the next without a space (a compound such as
``программно-аппаратные`` broken at its hyphen), as does the ending of a long
word that a narrow cell cut. A wrap that happens to fall before such a marker,
and a word hyphenated by the typesetter, stay as printed: the places of the
lines let ``kasip check`` show where. A bullet printed alone (an empty bulleted
paragraph of the source) is no text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kasip.formats.places import Line, Place
from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER

__all__ = ["Piece", "cell_lines"]

# A cell's text as one row of the PDF holds it, and where (page, table, row, cell).
Piece = tuple[str, Place]

# Bullets a Symbol or Wingdings font prints, as pdfminer reads them (private use area).
_FONT_BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_ITEM_START_RE = re.compile(
    rf"\s*(?:\d{{1,3}}(?:\.\d{{1,3}})*[.)]|[a-zа-яәіңғүұқөһ]\)|[-–—•●▪{_FONT_BULLETS}])\s"
)
# Such a bullet after text on its printed line: an empty bulleted paragraph beside it.
_STRAY_BULLET_RE = re.compile(rf"(?<=\S)\s+[{_FONT_BULLETS}]+(?=\s|$)")

_HYPHEN_END_RE = re.compile(r"[^\W\d_]-$")

# Bullets as PDFs print them.
_BULLETS = f" •●▪◦·{_FONT_BULLETS}"


def cell_lines(pieces: Sequence[Piece]) -> list[Line]:
    """A cell's printed lines, wraps joined (see the module doc), each at the place it starts.

    ``pieces`` are the cell's text as one or more rows of the PDF hold it (a
    cell that a rule or a page cut goes on in a row below); none for a merged cell.
    """
    lines: list[list[Any]] = []  # [text, place]
    for cell, place in pieces:
        count = 0
        for printed in cell.replace("\t", " ").split("\n"):
            text = _STRAY_BULLET_RE.sub("", printed.strip())
            if not text.strip(_BULLETS):
                continue  # an empty bulleted paragraph of the source prints a bullet alone
            if lines and _joins(lines[-1][0], text):
                lines[-1][0] = _joined(lines[-1][0], text)
            else:
                count += 1
                lines.append([text, replace(place, line=count)])
    return [(text, place) for text, place in lines]


def _joins(above: str, text: str) -> bool:
    """Whether a printed line goes on the line above (a wrap), rather than opening one."""
    return not (_ITEM_START_RE.match(text) or above.endswith(":") or _opens_name(above, text))


def _joined(above: str, text: str) -> str:
    # A compound broken at its hyphen (программно-|аппаратные), a word at its soft
    # hyphen (раз\xad|работке) or, in a narrow cell, anywhere (Совершенствовани|е,
    # автоматизированно|го) joins without a space.
    previous = above.removesuffix("\xad")
    glued = previous != above or _HYPHEN_END_RE.search(previous) or _word_end(previous, text)
    return f"{previous}{'' if glued else ' '}{text}"


def _opens_name(above: str, line: str) -> bool:
    """Whether a printed line is a new entry of an unnumbered list of names.

    A capitalised word (not an acronym) after a line that ends a short phrase
    without a comma, hyphen or preposition: ``Проектировщик ИС`` / ``Системный
    аналитик`` are two names, ``Законодательство`` / ``Республики Казахстан`` one.
    """
    words = above.split()
    return bool(
        not _ITEM_START_RE.match(above)  # a numbered entry runs on over its lines
        and _NAME_START_RE.match(line)
        and len(words) <= _NAME_WORDS
        and not _CONTINUES_RE.search(above)
        # ``… правила Якоба`` / ``Нильсена …``: a proper name runs on.
        and not (len(words) > 1 and _NAME_START_RE.match(words[-1]))
    )


_NAME_START_RE = re.compile(rf"[{CYRILLIC_UPPER}A-Z][{CYRILLIC_LOWER}a-z]")
# A line that ends so does not end a name: the next line goes on with it.
_CONTINUES_RE = re.compile(r"(?:[,\-–(]|\b(?:и|в|на|по|с|к|для|от|о|об|и/или|или))\s*$", re.I)
# Names of occupations are short; a longer line is a wrapped sentence.
_NAME_WORDS = 4


def _word_end(above: str, line: str) -> bool:
    """Whether a printed line opens with the last letters of a long word cut above it.

    Only a lower-case ending after a word of at least :data:`_CUT_WORD` letters
    that the line above ends with: ``Совершенствовани`` / ``е``, never ``Сыни`` /
    ``ой`` (Kazakh "thought") or ``10`` / ``Ом``.
    """
    words = line.split(maxsplit=1)
    last = above.rsplit(maxsplit=1)[-1] if above.strip() else ""
    return bool(words) and words[0] in _WORD_ENDS and len(last) >= _CUT_WORD and last.isalpha()


# The shortest word a narrow cell is taken to have cut.
_CUT_WORD = 8


# Endings a narrow cell breaks off a word (``Администрирован|ие``), none of them a
# word itself (unlike ``и``, ``в``, ``с``, ``о``, ``на``, ``по``).
_WORD_ENDS = frozenset(
    [
        "е",
        "ие",
        "ия",
        "ий",
        "го",
        "ых",
        "ой",
        "ая",
        "ое",
        "ый",
        "ые",
        "ом",
        "ам",
        "ью",
        "ёт",
        "ет",
        "ют",
        "ся",
        "сь",
        "ть",
    ]
)
