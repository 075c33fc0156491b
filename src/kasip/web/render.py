"""Render pages with Jinja2 in the request's language, and set the language cookie.

One Jinja2 environment per interface language, each with its gettext
catalogue installed (``_``, ``gettext``, ``ngettext``, new style), is made on
first use and shared by every request in that language: nothing in an
environment changes per request, so concurrent requests are safe.

Other parts of the web application render their pages with
:func:`render_page`; their templates extend ``base.html`` and fill its
``title`` and ``content`` blocks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
import markupsafe
from fastapi import Request, Response

from kasip.http.errors import ApiError
from kasip.http.language import COOKIE_NAME, choose_language
from kasip.http.responses import conditional
from kasip.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, template_environment
from kasip.model.elements import display_text
from kasip.model.vocabulary import QUALIFICATION_LEVELS

HTML_TYPE = "text/html; charset=utf-8"
COOKIE_MAX_AGE = 365 * 24 * 3600


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    """The template environment of an interface language."""
    env = template_environment("kasip.web", lang)
    env.globals.update(levels=QUALIFICATION_LEVELS, language_names=LANGUAGE_NAMES)
    env.filters.update(fragment=fragment, display=display_text, lang_attr=lang_attr)
    return env


def fragment(element_id: str) -> str:
    """The ``href`` of an element's permalink on its own page: ``#`` and the ID.

    Example:
        >>> fragment("2635-3-001@5/f1/t2")
        '#2635-3-001@5/f1/t2'
    """
    return "#" + quote(element_id, safe="@~/")


def lang_attr(language: str) -> markupsafe.Markup:
    """A ``lang`` attribute for text in a standard's language; none when it is unknown.

    Example:
        >>> str(lang_attr("kk")), str(lang_attr("unknown"))
        (' lang="kk"', '')
    """
    if language in ("kk", "ru"):
        return markupsafe.Markup(' lang="{}"').format(language)
    return markupsafe.Markup("")


def language_links(request: Request, lang: str) -> list[dict[str, Any]]:
    """The language switch: this page in each language (``?lang=``), other parameters kept."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "href": "?" + urlencode([*params, ("lang", code)]),
            "current": code == lang,
        }
        for code in LANGUAGES
    ]


def render_template(lang: str, template: str, context: Mapping[str, Any]) -> str:
    """Render a template in an interface language (no request needed, e.g. for tests)."""
    return environment(lang).get_template(template).render(context)


def render_page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
    lang: str | None = None,
) -> Response:
    """Render a page for ``request``: its language, the switch, ETag and language cookie.

    Args:
        request: The request.
        template: A template extending ``base.html``.
        context: The template's variables; ``lang``, ``language_links`` and
            ``request`` are added.
        status_code: 200 answers conditionally (ETag, 304); others never.
        lang: The interface language; by default chosen from the request.

    Raises:
        InvalidInput: ``?lang=`` is not kk, ru or en.
    """
    lang = lang or choose_language(request)
    html = render_template(
        lang,
        template,
        {
            **context,
            "lang": lang,
            "language_links": language_links(request, lang),
            "request": request,
        },
    )
    # The page differs by the language, which may come from the cookie or the header.
    headers = {"Content-Language": lang, "Vary": "Cookie, Accept-Language"}
    if status_code == 200:
        response = conditional(request, html.encode(), media_type=HTML_TYPE, headers=headers)
    else:
        response = Response(html, status_code, headers=headers, media_type=HTML_TYPE)
    if request.query_params.get("lang") == lang:
        response.set_cookie(
            COOKIE_NAME, lang, max_age=COOKIE_MAX_AGE, path="/", samesite="lax", httponly=True
        )
    return response


def render_error_page(request: Request, error: ApiError) -> Response:
    """The HTML page of an error (the error handler's renderer for browsers)."""
    try:
        lang = choose_language(request)
    except ValueError:  # the error may be the bad ?lang= itself
        lang = DEFAULT_LANGUAGE
    response = render_page(
        request, "error.html", {"error": error}, status_code=error.status, lang=lang
    )
    response.headers.update(error.headers)
    return response
