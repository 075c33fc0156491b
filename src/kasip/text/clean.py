"""Named text normalisers.

The parser never rewrites the source: it matches against a *view* of the same
length, so that an offset in the view is an offset in the source. Folding that
would change the length (NFC composition, case folding of a few letters)
belongs to search keys, never here.
"""

from __future__ import annotations

import re

from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER, LATIN_HOMOGLYPHS

# Spaces that official pages use between a list number and its text.
_SPACE_LIKE = "\u00a0\u2007\u202f\u2009\u200a\u3000"
_CYRILLIC = CYRILLIC_LOWER + CYRILLIC_UPPER
_LATIN_IN_WORD_RE = re.compile(
    rf"(?<=[{_CYRILLIC}])[A-Za-z]+|(?<![A-Za-z])[A-Za-z]+(?=[{_CYRILLIC}])"
)
# Cyrillic only: Latin names are written in camel case on purpose
# (``JavaScript``, ``AppStore``), Kazakh and Russian words never are.
_GLUED_WORDS_RE = re.compile(rf"(?<=[{CYRILLIC_LOWER}])(?=[{CYRILLIC_UPPER}][{CYRILLIC_LOWER}])")


def match_view(text: str) -> str:
    """Return a same-length copy of ``text`` folded for label matching.

    No-break and thin spaces become plain spaces, carriage returns become
    spaces, and Latin homoglyphs inside Cyrillic words become Cyrillic.

    Args:
        text: the source text.

    Returns:
        A string of exactly ``len(text)`` characters.

    Example:
        >>> match_view("Бiлуге\u00a0тиiс:\\r") == "Білуге тиіс: "
        True
    """
    view = text
    for space in _SPACE_LIKE + "\r":  # str.replace is a fast scan; translate maps every character
        if space in view:
            view = view.replace(space, " ")
    view = _LATIN_IN_WORD_RE.sub(lambda m: m.group(0).translate(LATIN_HOMOGLYPHS), view)
    assert len(view) == len(text)
    return view


# Words run together in the source that no letter case betrays, each with
# where the space belongs. Only forms that are no word of their own: "неоның"
# is "не оның" ("or its"; the genitive of "неон" would be "неонның").
_KNOWN_GLUED = {
    "неоның": 2,
    # The ministry's name in the approval stamp was a link on adilet
    # (``халықтыәлеуметтік``, ``исоциальной``).
    "халықтыәлеуметтік": 7,
    "исоциальной": 1,
}
_KNOWN_GLUED_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, _KNOWN_GLUED)) + r")(?!\w)", re.IGNORECASE
)


def glued_word_offsets(text: str) -> list[int]:
    """Offsets where two words run together, where a space belongs.

    Former hyperlinks on adilet pages lose their surrounding spaces when the
    page is flattened (``РеспубликасыныңКонституциясы``): a lower-case letter
    runs into an upper-case word. A few glued forms without a capital
    (``неоның``) are known by name.

    Example:
        >>> glued_word_offsets("РеспубликасыныңКонституциясы")
        [15]
        >>> glued_word_offsets("еңсеру неоның алдын")
        [9]
    """
    offsets = [m.start() for m in _GLUED_WORDS_RE.finditer(text)]
    offsets += [
        m.start() + _KNOWN_GLUED[m.group(0).lower()] for m in _KNOWN_GLUED_RE.finditer(text)
    ]
    return sorted(offsets)


def unglue(text: str) -> str:
    """``text`` with a space put back wherever :func:`glued_word_offsets` finds two words run
    together.

    Example:
        >>> unglue("Қазақстан РеспубликасыЕңбек және халықтыәлеуметтік қорғау министрінің")
        'Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің'
    """
    for offset in reversed(glued_word_offsets(text)):
        text = f"{text[:offset]} {text[offset:]}"
    return text
