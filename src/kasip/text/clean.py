"""Named text normalisers.

The parser never rewrites the source: it matches against a *view* of the same
length, so that an offset in the view is an offset in the source. Folding that
would change the length (NFC composition, case folding of a few letters)
belongs to search keys, never here.
"""

from __future__ import annotations

import re

# Spaces that official pages use between a list number and its text.
_SPACE_LIKE = "\u00a0\u2007\u202f\u2009\u200a\u3000"
# Latin letters typed inside Kazakh/Russian words (Latin "i" for Kazakh "і" is
# the common one on adilet pages).
_LATIN_TO_CYRILLIC = str.maketrans(
    {
        "i": "і",
        "I": "І",
        "a": "а",
        "e": "е",
        "o": "о",
        "p": "р",
        "c": "с",
        "x": "х",
        "y": "у",
        "A": "А",
        "E": "Е",
        "O": "О",
        "P": "Р",
        "C": "С",
        "X": "Х",
        "K": "К",
        "M": "М",
        "H": "Н",
        "T": "Т",
        "B": "В",
    }
)
_CYRILLIC = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
_LATIN_IN_WORD_RE = re.compile(
    rf"(?<=[{_CYRILLIC}])[A-Za-z]+|(?<![A-Za-z])[A-Za-z]+(?=[{_CYRILLIC}])"
)
_KAZAKH_LETTERS_RE = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC_RE = re.compile(f"[{_CYRILLIC}]")
_LOWER = "a-zа-яёәғқңөұүһі"
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_GLUED_WORDS_RE = re.compile(rf"(?<=[{_LOWER}])(?=[{_UPPER}][{_LOWER}])")


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
    view = text.translate(str.maketrans(_SPACE_LIKE + "\r", " " * (len(_SPACE_LIKE) + 1)))
    view = _LATIN_IN_WORD_RE.sub(lambda m: m.group(0).translate(_LATIN_TO_CYRILLIC), view)
    assert len(view) == len(text)
    return view


def glued_word_offsets(text: str) -> list[int]:
    """Offsets where a lower-case letter runs into an upper-case word.

    Former hyperlinks on adilet pages lose their surrounding spaces when the
    page is flattened (``РеспубликасыныңКонституциясы``).

    Example:
        >>> glued_word_offsets("РеспубликасыныңКонституциясы")
        [15]
    """
    return [m.start() for m in _GLUED_WORDS_RE.finditer(text)]


def detect_language(text: str) -> str:
    """Tell Kazakh from Russian by the share of Kazakh-only letters.

    Returns ``"kk"``, ``"ru"`` or ``"unknown"`` (too little Cyrillic).

    Example:
        >>> detect_language("Әлеуметтік қызметкер үйде көмек көрсетеді")
        'kk'
        >>> detect_language("Социальный работник оказывает помощь на дому")
        'ru'
    """
    cyrillic = len(_CYRILLIC_RE.findall(text))
    if cyrillic < 20:
        return "unknown"
    kazakh = len(_KAZAKH_LETTERS_RE.findall(text))
    return "kk" if kazakh / cyrillic > 0.01 else "ru"
