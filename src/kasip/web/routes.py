"""The HTML pages and their JSON twins, made from :data:`kasip.http.resources.RESOURCES`.

Each resource with a ``page`` gets two routes from its one declaration: the
page, rendered with the template ``{name}.html`` (its data is ``page`` there),
and its twin, which answers the same data as JSON. Twins are tried before any
page, since ``/standards/{key}`` would match ``.../292-2019-05-30-kk.json`` too.
Beside them: the card's PDF, the element permalink (a redirect to its anchor)
and the match form's POST, which carries texts too long for a URL.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import parse_qs, parse_qsl, urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from kasip.errors import InvalidInput
from kasip.http.deps import (
    AsOfQuery,
    CardId,
    CardVersionQuery,
    RegistryDep,
    StandardKey,
    StandardQuery,
    VersionQuery,
)
from kasip.http.errors import ApiError
from kasip.http.exports import (
    CaseVersionQuery,
    ExportFormatQuery,
    MoodleFrameworkQuery,
    export_file,
)
from kasip.http.language import choose_language
from kasip.http.printing import printed
from kasip.http.resource import Resource, Respond, endpoint
from kasip.http.resources import RESOURCES
from kasip.http.responses import etag_matches, etag_of, json_response
from kasip.http.uploads import Upload, read_form_upload
from kasip.i18n import translations
from kasip.pages import CardPage, ElementPage, build_card, build_match
from kasip.pages.drafts import build_draft_check
from kasip.pages.exports import export_links
from kasip.pages.match import DEFAULT_MATCH_LIMIT
from kasip.registry import Registry
from kasip.search.entries import SEARCHED_TYPES
from kasip.web.render import render_page

__all__ = ["file_name", "router"]

router = APIRouter(include_in_schema=False)

PageContext = Callable[[Mapping[str, Any]], Mapping[str, Any]]
_UNSAFE_FILE_NAME_RE = re.compile(r"[^A-Za-z0-9@~._-]")


def _search_form(arguments: Mapping[str, Any]) -> Mapping[str, Any]:
    """What the search form shows: the query, the choices and what is chosen."""
    registry: Registry = arguments["registry"]
    return {
        "q": arguments["q"] or "",
        "standards": registry.list_standards(),
        "element_types": SEARCHED_TYPES,
        "chosen": {
            "standard": arguments["standard"],
            "level": arguments["level"],
            "types": tuple(arguments["types"] or ()),
        },
    }


def _compare_form(arguments: Mapping[str, Any]) -> Mapping[str, Any]:
    """The two cards chosen, and (until both are) every card to choose from."""
    chosen = (arguments["a"], arguments["b"])
    registry: Registry = arguments["registry"]
    cards = registry.list_cards(standard=arguments["standard"]) if None in chosen else []
    return {"cards": cards, "chosen": chosen}


def _match_form(arguments: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"text": arguments["text"] or "", "empty": False}


def _standard_exports(arguments: Mapping[str, Any]) -> Mapping[str, Any]:
    """The standard page's download links, one per export format."""
    url = f"/standards/{arguments['key']}"
    return {"exports": export_links(url, arguments["version"], as_of=arguments.get("as_of"))}


# Template variables a page has beside its data (mostly its form's).
CONTEXT: dict[str, PageContext] = {
    "search": _search_form,
    "compare": _compare_form,
    "match": _match_form,
    "standard": _standard_exports,
}


def _without_blank(query: bytes, names: Sequence[str]) -> bytes:
    """The query string without the named parameters' empty values."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if k not in names or v.strip()]).encode()


def _form_route(blank: Sequence[str]) -> type[APIRoute]:
    """A route class that reads an HTML form's empty fields as not given (see Resource.blank)."""

    class FormRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Any]:
            handler = super().get_route_handler()

            async def read_form(request: Request) -> Response:
                query = request.scope["query_string"]
                request.scope["query_string"] = _without_blank(query, blank)
                response: Response = await handler(request)
                return response

            return read_form

    return FormRoute


def _twin(request: Request, data: BaseModel | None, _: Mapping[str, Any]) -> Response:
    assert data is not None  # twins have no form
    return json_response(request, data)


def _page(resource: Resource) -> Respond:
    extra = CONTEXT.get(resource.name)

    def respond(request: Request, data: BaseModel | None, arguments: Mapping[str, Any]) -> Response:
        context = {"page": data, **(extra(arguments) if extra else {})}
        return render_page(request, f"{resource.name}.html", context)

    return respond


def _redirect(request: Request, data: BaseModel | None, _: Mapping[str, Any]) -> Response:
    """An element's permalink: its anchor on its card's (or standard's) page."""
    assert isinstance(data, ElementPage)
    return RedirectResponse(data.url, status_code=302)


# The answer of pages that are not rendered from a template of their own.
RESPOND = {"element": _redirect}


def _add(path: str, resource: Resource, respond: Respond, name: str, *, page: bool) -> None:
    route_class = _form_route(resource.blank) if resource.blank else APIRoute
    if page:  # without its form's fields, the page is its form
        made = endpoint(resource.view, respond, optional=resource.form)
    else:  # the twin of a form sent empty: the builder says what is missing
        empty = tuple(name for name in resource.form if name in resource.blank)
        made = endpoint(resource.view, respond, empty=empty)
    router.add_api_route(
        path,
        made,
        methods=["GET"],
        name=name,
        route_class_override=route_class,
    )


def file_name(card_id: str) -> str:
    """A card ID as a download's file name (HTTP headers are Latin-1)."""
    # HTTP headers are Latin-1: a code kept as written may hold anything.
    return _UNSAFE_FILE_NAME_RE.sub("_", card_id)


def _render_pdf(page: CardPage) -> bytes:
    """Render the card's PDF (kasip.pdf, imported on first use); 503 where it cannot."""

    def render() -> bytes:
        from kasip.pdf import render_card_pdf

        return render_card_pdf(page)

    return printed(render)


# One parameter per query option: FastAPI builds the parameters from the signature.
def standard_export(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    format_name: ExportFormatQuery = "json",
    version: VersionQuery = None,
    moodle_framework: MoodleFrameworkQuery = "standard",
    as_of: AsOfQuery = None,
    case_version: CaseVersionQuery = "1.1",
) -> Response:
    """The standard as a file in an export format (the download links of its page)."""
    return export_file(
        request,
        registry,
        key,
        format_name=format_name,
        version=version,
        moodle_framework=moodle_framework,
        as_of=as_of,
        case_version=case_version,
    )


# One parameter per query option: FastAPI builds the parameters from the signature.
def card_pdf(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: CardVersionQuery = None,
    as_of: AsOfQuery = None,
) -> Response:
    """The card as a PDF file (rendered by :mod:`kasip.pdf`)."""
    page = build_card(registry, card_id, standard=standard, version=version, as_of=as_of)
    headers = {"Content-Disposition": f'attachment; filename="{file_name(page.card.id)}.pdf"'}
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


@functools.cache
def _favicon() -> bytes:
    return (files("kasip.web") / "static" / "favicon.ico").read_bytes()


def favicon() -> Response:
    """The site's icon at the address browsers ask for without being told (``/favicon.ico``)."""
    return Response(
        _favicon(), media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}
    )


async def read_match_form(request: Request) -> tuple[str, int]:
    """The text and limit of the match form (``application/x-www-form-urlencoded``).

    Raises:
        ApiError: 400 when the body cannot be read or the limit is not a number.
    """
    try:
        fields = parse_qs((await request.body()).decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "the form cannot be read", code="invalid-form") from exc
    text = fields.get("text", [""])[0]
    limit = fields.get("limit", [str(DEFAULT_MATCH_LIMIT)])[0]
    if not re.fullmatch(r"[0-9]{1,4}", limit):
        raise ApiError(400, f"limit {limit[:20]!r} is not a number", code="invalid-form")
    return text, int(limit)


def match_form(
    request: Request,
    registry: RegistryDep,
    form: Annotated[tuple[str, int], Depends(read_match_form)],
) -> Response:
    """The cards the text of the form fits; an empty text shows the form again (400)."""
    text, limit = form
    if not text.strip():
        context = {"page": None, "text": text, "empty": True}
        return render_page(request, "match.html", context, status_code=400)
    page = build_match(registry, text=text, limit=limit, language=choose_language(request))
    return render_page(request, "match.html", {"page": page, "text": text, "empty": False})


def check_form(request: Request) -> Response:
    """The check page for authors: upload a draft to see its problems at their places."""
    return render_page(request, "check.html", {"page": None, "error": None})


def check_upload(
    request: Request, upload: Annotated[Upload, Depends(read_form_upload)]
) -> Response:
    """The uploaded draft checked; a file that cannot be read shows the form again (400)."""
    data, name = upload
    lang = choose_language(request)
    try:
        page = build_draft_check(data, name, translations(lang).gettext)
    except InvalidInput as exc:
        context = {"page": None, "error": str(exc)}
        return render_page(request, "check.html", context, status_code=400, lang=lang)
    return render_page(request, "check.html", {"page": page, "error": None}, lang=lang)


for _resource in RESOURCES:
    if (twin := _resource.twin_path) is not None:
        _add(twin, _resource, _twin, f"{_resource.name}_json", page=False)
router.add_api_route("/cards/{card_id}.pdf", card_pdf, methods=["GET"], name="card_pdf")
router.add_api_route(
    "/standards/{key}/export", standard_export, methods=["GET"], name="standard_export"
)
router.add_api_route("/favicon.ico", favicon, methods=["GET"], name="favicon")
for _resource in RESOURCES:
    if _resource.page is not None:
        respond = RESPOND.get(_resource.name) or _page(_resource)
        _add(_resource.page, _resource, respond, _resource.name, page=True)
router.add_api_route("/match", match_form, methods=["POST"], name="match_form")
router.add_api_route("/check", check_form, methods=["GET"], name="check_form")
router.add_api_route("/check", check_upload, methods=["POST"], name="check_upload")
