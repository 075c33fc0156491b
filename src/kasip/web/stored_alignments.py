"""The pages of kept alignments: save from a result, decide links, add one, re-check, move.

A methodologist (or an admin) signed in saves the alignment a result page
shows (``POST /alignments/saved``), then on ``/alignments/{id}`` confirms or
rejects each proposed link, adds a link kasip missed, reads the coverage from
the links as decided (proposed ones shown apart), downloads it, and, when a
newer version of a card's standard has come, reads what changed for the
alignment and moves it there. Everyone else is refused
(:mod:`kasip.pages.stored_alignments`). Forms carry the session's CSRF token;
pages are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import RedirectResponse

from kasip import accounts
from kasip.errors import Conflict, InvalidInput
from kasip.http.deps import RegistryDep
from kasip.http.errors import ApiError
from kasip.http.language import choose_language
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.alignments import AlignmentResult
from kasip.pages.stored_alignments import (
    MAX_TITLE,
    AlignmentView,
    add_alignment_link,
    build_alignment,
    build_alignments,
    decide_alignment_link,
    move_to_latest,
    save_alignment,
)
from kasip.registry import Registry
from kasip.web.account import (
    NO_STORE,
    check_origin,
    check_token,
    private_page,
    sign_in_first,
    signed_in,
)
from kasip.web.alignments import MAX_PROGRAMME_JSON, carried_programme, download, report_context

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
CsrfField = Annotated[str, Form(max_length=100)]


def _session(request: Request, registry: Registry, target: str) -> accounts.WebSession | Response:
    session = signed_in(request, registry)
    return session if session is not None else sign_in_first(target)


def _posted(
    request: Request, registry: Registry, target: str, csrf: str
) -> accounts.WebSession | Response:
    """The session of a form posted from ``target``'s page: same origin, signed in, its token."""
    check_origin(request)
    session = _session(request, registry, target)
    if not isinstance(session, Response):
        check_token(csrf, session.csrf_token)
    return session


def _to(alignment_id: int, fragment: str = "") -> Response:
    return RedirectResponse(
        f"/alignments/{alignment_id}{fragment}", status_code=303, headers=NO_STORE
    )


@router.get("/alignments/saved")
def saved_page(request: Request, registry: RegistryDep) -> Response:
    """The kept alignments, newest first (methodologists and admins)."""
    session = _session(request, registry, "/alignments/saved")
    if isinstance(session, Response):
        return session
    found = build_alignments(registry, session.user)
    return private_page(request, "alignments_saved.html", {"found": found})


@router.post("/alignments/saved")
def save(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    programme: Annotated[str, Form(max_length=MAX_PROGRAMME_JSON)],
    cards: Annotated[str, Form(max_length=10_000)],
    csrf: CsrfField,
    title: Annotated[str, Form(max_length=MAX_TITLE)] = "",
) -> Response:
    """Keep the alignment a result page shows, with kasip's proposed links; then its page."""
    session = _posted(request, registry, "/alignments", csrf)
    if isinstance(session, Response):
        return session
    view = save_alignment(
        registry, session.user, carried_programme(programme), [cards], title=title
    )
    return _to(view.id)


def _page(
    request: Request,
    session: accounts.WebSession,
    view: AlignmentView,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    lang = choose_language(request)
    result = AlignmentResult(programme=view.programme, cards=view.cards, report=view.report)
    context: dict[str, Any] = report_context(result, lang) | {
        "view": view,
        "csrf": session.csrf_token,
        "error": error,
    }
    return private_page(request, "alignment_saved.html", context, status=status)


@router.get("/alignments/{alignment_id}")
def alignment_page(request: Request, registry: RegistryDep, alignment_id: IdPath) -> Response:
    """A kept alignment: links to decide, coverage as decided, what a newer version changed."""
    session = _session(request, registry, f"/alignments/{alignment_id}")
    if isinstance(session, Response):
        return session
    return _page(request, session, build_alignment(registry, session.user, alignment_id))


@router.post("/alignments/{alignment_id}/links/{link_id}")
def decide(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    alignment_id: IdPath,
    link_id: IdPath,
    decision: Annotated[Literal["confirmed", "rejected"], Form()],
    csrf: CsrfField,
) -> Response:
    """Confirm or reject a link; back to the outcome on the alignment's page."""
    session = _posted(request, registry, f"/alignments/{alignment_id}", csrf)
    if isinstance(session, Response):
        return session
    try:
        view = decide_alignment_link(registry, session.user, alignment_id, link_id, decision)
    except Conflict as exc:
        view = build_alignment(registry, session.user, alignment_id)
        return _page(request, session, view, error=str(exc), status=409)
    outcome = next(s.link.outcome for s in view.links if s.id == link_id)
    return _to(alignment_id, f"#outcome-{outcome}")


@router.post("/alignments/{alignment_id}/links")
def add(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    alignment_id: IdPath,
    outcome: Annotated[int, Form(ge=1, le=100_000)],
    element: Annotated[str, Form(max_length=MAX_ID_LENGTH)],
    csrf: CsrfField,
) -> Response:
    """Add a link kasip missed: an outcome to an element of the alignment's cards."""
    session = _posted(request, registry, f"/alignments/{alignment_id}", csrf)
    if isinstance(session, Response):
        return session
    try:
        add_alignment_link(registry, session.user, alignment_id, outcome, element.strip())
    except (Conflict, InvalidInput) as exc:
        view = build_alignment(registry, session.user, alignment_id)
        status = 409 if isinstance(exc, Conflict) else 400
        return _page(request, session, view, error=str(exc), status=status)
    return _to(alignment_id, f"#outcome-{outcome}")


@router.post("/alignments/{alignment_id}/move")
def move(
    request: Request, registry: RegistryDep, alignment_id: IdPath, csrf: CsrfField
) -> Response:
    """Move the alignment to the latest versions of its cards' standards."""
    session = _posted(request, registry, f"/alignments/{alignment_id}", csrf)
    if isinstance(session, Response):
        return session
    move_to_latest(registry, session.user, alignment_id)
    return _to(alignment_id)


@router.get("/alignments/{alignment_id}/report.{file_format}")
def saved_file(
    request: Request, registry: RegistryDep, alignment_id: IdPath, file_format: str
) -> Response:
    """The kept alignment's report (links as decided, proposed ones counted) as XLSX or PDF."""
    if file_format not in ("pdf", "xlsx"):
        raise ApiError(404, f"no such file format: {file_format[:10]!r}", code="not-found")
    session = _session(request, registry, f"/alignments/{alignment_id}")
    if isinstance(session, Response):
        return session
    view = build_alignment(registry, session.user, alignment_id)
    result = AlignmentResult(programme=view.programme, cards=view.cards, report=view.report)
    lang = choose_language(request)
    return download(result, file_format, lang, stem=f"alignment-{view.id}", title=view.title)
