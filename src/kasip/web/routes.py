"""The HTML pages, their JSON twins, the card PDF and element permalinks.

Each page and its twin call the same builder of :mod:`kasip.pages`
(``/cards/X`` renders what ``/cards/X.json`` returns), so the two cannot
drift apart. Twins are declared before their pages: ``{key}`` would match
``292-2019-05-30-kk.json`` too.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import cast

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from kasip import pages
from kasip.api.deps import (
    CardId,
    ElementId,
    LevelQuery,
    RegistryDep,
    StandardKey,
    StandardQuery,
    TextQuery,
    VersionQuery,
)
from kasip.api.errors import ApiError
from kasip.api.responses import etag_matches, etag_of, json_response
from kasip.pages.models import CardPage
from kasip.web.render import render_page

router = APIRouter(include_in_schema=False)

PDF_MODULE = "kasip.pdf"
_UNSAFE_FILE_NAME_RE = re.compile(r"[^A-Za-z0-9@~._-]")


@router.get("/index.json", name="home_json")
def home_json(
    request: Request, registry: RegistryDep, q: TextQuery = None, level: LevelQuery = None
) -> Response:
    """The data of the home page."""
    return json_response(request, pages.build_home(registry, q=q, level=level))


@router.get("/", name="home")
def home(
    request: Request, registry: RegistryDep, q: TextQuery = None, level: LevelQuery = None
) -> Response:
    """The home page: the standards, a search box, quick links by level."""
    page = pages.build_home(registry, q=q, level=level)
    return render_page(request, "home.html", {"page": page})


@router.get("/standards/{key}.json", name="standard_json")
def standard_json(
    request: Request, registry: RegistryDep, key: StandardKey, version: VersionQuery = None
) -> Response:
    """The data of a standard's page."""
    return json_response(request, pages.build_standard(registry, key, version=version))


@router.get("/standards/{key}", name="standard")
def standard(
    request: Request, registry: RegistryDep, key: StandardKey, version: VersionQuery = None
) -> Response:
    """A standard: passport, ladder of its cards, amendments, terms."""
    page = pages.build_standard(registry, key, version=version)
    return render_page(request, "standard.html", {"page": page})


@router.get("/cards/{card_id}.json", name="card_json")
def card_json(
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: VersionQuery = None,
) -> Response:
    """The data of a card's page."""
    page = pages.build_card(registry, card_id, standard=standard, version=version)
    return json_response(request, page)


@router.get("/cards/{card_id}.pdf", name="card_pdf")
def card_pdf(
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: VersionQuery = None,
) -> Response:
    """The card as a PDF file (rendered by :mod:`kasip.pdf`)."""
    page = pages.build_card(registry, card_id, standard=standard, version=version)
    headers = {"Content-Disposition": f'attachment; filename="{_file_name(page.card.id)}.pdf"'}
    # The PDF carries its generation date, so its bytes differ on every render:
    # its ETag is that of the card data it is made from, checked before rendering.
    etag = etag_of(b"pdf:" + page.model_dump_json().encode("utf-8"))
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag, **headers})
    return Response(
        _render_pdf(page),
        media_type="application/pdf",
        headers={"ETag": etag, "Cache-Control": "no-cache", **headers},
    )


def _file_name(card_id: str) -> str:
    # HTTP headers are Latin-1: a code kept as written may hold anything.
    return _UNSAFE_FILE_NAME_RE.sub("_", card_id)


def _render_pdf(page: CardPage) -> bytes:
    """Call ``kasip.pdf.render_card_pdf``, imported on first use.

    PDF support needs WeasyPrint and the system libraries it loads (Pango),
    which a server may lack; the pages work without them.

    Raises:
        ApiError: 503 when the module or what it needs is missing.
    """
    try:
        module = importlib.import_module(PDF_MODULE)
        render = cast(Callable[[CardPage], bytes], module.render_card_pdf)
        return render(page)
    # OSError: WeasyPrint is installed, but Pango or another library is not.
    except (ImportError, AttributeError, OSError) as exc:
        raise ApiError(
            503, f"PDF rendering is not available here: {exc}", code="pdf-unavailable"
        ) from exc


@router.get("/cards/{card_id}", name="card")
def card(
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: VersionQuery = None,
) -> Response:
    """A profession card: functions, tasks, skills and knowledge, with permalinks."""
    page = pages.build_card(registry, card_id, standard=standard, version=version)
    return render_page(request, "card.html", {"page": page})


@router.get("/elements/{element_id:path}", name="element")
def element(
    registry: RegistryDep, element_id: ElementId, standard: StandardQuery = None
) -> Response:
    """An element's permalink: redirects to its anchor on its card's (or standard's) page."""
    page = pages.build_element(registry, element_id, standard=standard)
    return RedirectResponse(page.url, status_code=302)
