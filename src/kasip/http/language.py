"""The interface language of a web request, and the cookie that remembers it.

The language is ``?lang=`` if given, else the ``kasip_lang`` cookie, else the
browser's ``Accept-Language``, else Kazakh (:data:`kasip.i18n.DEFAULT_LANGUAGE`).
"""

from __future__ import annotations

from starlette.requests import Request

from kasip.errors import InvalidInput
from kasip.i18n import DEFAULT_LANGUAGE, LANGUAGES

COOKIE_NAME = "kasip_lang"


def choose_language(request: Request) -> str:
    """The interface language of a request (see the module docstring).

    Raises:
        InvalidInput: ``?lang=`` names a language the interface does not have.
    """
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in LANGUAGES:
            raise InvalidInput(f"lang={asked!r}: the interface languages are kk, ru and en")
        return asked
    remembered = request.cookies.get(COOKIE_NAME)
    if remembered in LANGUAGES:
        return remembered
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The first interface language an ``Accept-Language`` header accepts.

    Example:
        >>> accepted_language("en-GB,en;q=0.9,ru;q=0.8"), accepted_language("de")
        ('en', 'kk')
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
