"""URL-safe slugs of Kazakh and Russian text: registry keys, and IDs of cards without a code."""

from __future__ import annotations

import re
import unicodedata

from kasip.text.alphabet import ASCII_TRANSLITERATION

__all__ = ["MAX_SLUG_LENGTH", "slugify"]

MAX_SLUG_LENGTH = 80

_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Turn ``text`` into a lowercase ASCII slug of letters, digits and hyphens.

    Kazakh and Russian letters are transliterated; other characters become
    hyphens. A slug longer than ``max_length`` is cut at a hyphen.

    Args:
        text: Any text.
        max_length: The longest slug to return.

    Returns:
        The slug; empty when ``text`` has no letters or digits.

    Example:
        >>> slugify("Психологиялық және әлеуметтік жұмыс")
        'psikhologiyalyq-zhane-aleumettik-zhumys'
        >>> slugify("№ 292 / 2019.05.30")
        '292-2019-05-30'
    """
    # "№" is decoration in "№ 292"; NFKC would turn it into "No".
    folded = unicodedata.normalize("NFKC", text.replace("№", " ")).lower()
    ascii_text = "".join(ASCII_TRANSLITERATION.get(ch, ch) for ch in folded)
    slug = _NOT_SLUG_RE.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug
