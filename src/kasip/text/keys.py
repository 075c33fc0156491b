"""Search keys of a word, per language: Kazakh rules or Russian pymorphy3.

>>> search_keys("құрбандарына", lang="kk")
('құрбан', 'құрбандар', 'құрбандары', 'құрбандарына')
>>> search_keys("работников", lang="ru")
('работник',)
"""

from __future__ import annotations

from collections.abc import Collection

from kasip.text.kazakh import kazakh_keys
from kasip.text.russian import russian_keys

__all__ = ["LANGUAGES", "search_keys"]

LANGUAGES = ("kk", "ru")


def search_keys(
    word: str, *, lang: str, vocabulary: Collection[str] | None = None
) -> tuple[str, ...]:
    """Return the search keys of ``word`` in ``lang`` (``kk`` or ``ru``).

    ``vocabulary`` (Kazakh only) ranks the stems it attests first.

    >>> search_keys("x", lang="en")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'en'; choose kk or ru
    """
    if lang == "kk":
        return kazakh_keys(word, vocabulary=vocabulary)
    if lang == "ru":
        return russian_keys(word)
    raise ValueError(f"unknown language {lang!r}; choose {' or '.join(LANGUAGES)}")
