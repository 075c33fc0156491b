"""``/api/v1/alignments``: a programme's learning outcomes aligned with cards (issue 14).

``POST /alignments/propose`` aligns an uploaded programme (CSV, XLSX or DOCX)
with the cards named in ``?card=`` and answers the report; nothing is stored
and no account is needed. A methodologist (or an admin) keeps an alignment
(``POST /alignments``), decides its links, adds links kasip missed, reads its
currency against newer versions of the standards and moves it there; those
routes need an API token, and answers are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.curriculum import read_programme
from kasip.curriculum.currency import CardCurrency
from kasip.curriculum.files import alignment_xlsx
from kasip.http.auth import CurrentUser, private_json
from kasip.http.deps import ELEMENT_ID_PATTERN, RegistryDep
from kasip.http.errors import ErrorResponse
from kasip.http.printing import printed
from kasip.http.uploads import UPLOAD_BODY, Upload, UploadNameQuery, read_upload
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.alignments import (
    MAX_CARDS,
    AlignmentResult,
    parse_card_choices,
    propose_alignment,
)
from kasip.pages.stored_alignments import (
    MAX_TITLE,
    AlignmentsList,
    AlignmentView,
    add_alignment_link,
    build_alignment,
    build_alignments,
    decide_alignment_link,
    move_to_latest,
    save_alignment,
)
from kasip.pdf.alignment import render_alignment_pdf

__all__ = ["AlignmentCurrency", "LinkDecision", "NewLink", "router"]

router = APIRouter(tags=["curriculum"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AlignmentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CardsQuery = Annotated[
    list[str],
    Query(
        alias="card",
        max_length=MAX_CARDS,
        description="A card the programme prepares for, by ID (`2635-3-001@5`) or "
        "`standard/ID`; repeat for several.",
    ),
]
_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."},
    403: {"model": ErrorResponse, "description": "The account is no methodologist or admin."},
}
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/pdf": {}, XLSX_TYPE: {}},
        "description": "The report as an A4 PDF or an XLSX workbook.",
    },
    **_AUTH,
}


class LinkDecision(BaseModel):
    """A methodologist's verdict on a link."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decision: Literal["confirmed", "rejected"]


class NewLink(BaseModel):
    """A link kasip missed: an outcome (its number) to a skill or knowledge element."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: int = Field(ge=1, le=100_000)
    element: str = Field(max_length=MAX_ID_LENGTH, pattern=ELEMENT_ID_PATTERN)


class AlignmentCurrency(BaseModel):
    """A kept alignment's cards against the latest versions of their standards."""

    model_config = ConfigDict(frozen=True)

    current: bool
    cards: tuple[CardCurrency, ...]


@router.post(
    "/alignments/propose",
    response_model=AlignmentResult,
    name="propose_alignment",
    openapi_extra=UPLOAD_BODY,
)
def propose(
    registry: RegistryDep,
    upload: Annotated[Upload, Depends(read_upload)],
    cards: CardsQuery,
    name: UploadNameQuery = None,
) -> Response:
    """kasip's links from each learning outcome of the uploaded programme to the chosen
    cards' skills and knowledge, with scores, and the coverage report. Nothing is stored.
    A bad file answers 400 `invalid-file`, each problem named by row and field."""
    data, sent_name = upload
    programme = read_programme(data, name=name or sent_name)
    return private_json(propose_alignment(registry, programme, parse_card_choices(cards)))


@router.post(
    "/alignments",
    status_code=201,
    response_model=AlignmentView,
    name="create_alignment",
    openapi_extra=UPLOAD_BODY,
    responses=_AUTH,
)
def create(  # noqa: PLR0913
    registry: RegistryDep,
    user: CurrentUser,
    upload: Annotated[Upload, Depends(read_upload)],
    cards: CardsQuery,
    name: UploadNameQuery = None,
    title: Annotated[
        str, Query(max_length=MAX_TITLE, description="The file's name when empty.")
    ] = "",
) -> Response:
    """Align the uploaded programme with the cards and keep it, with kasip's proposed links,
    for a methodologist to decide (methodologists and admins)."""
    data, sent_name = upload
    programme = read_programme(data, name=name or sent_name)
    view = save_alignment(registry, user, programme, cards, title=title)
    return private_json(view, status=201)


@router.get("/alignments", response_model=AlignmentsList, name="list_alignments", responses=_AUTH)
def list_(registry: RegistryDep, user: CurrentUser) -> Response:
    """The kept alignments, newest first, with their links."""
    return private_json(build_alignments(registry, user))


@router.get(
    "/alignments/{alignment_id}",
    response_model=AlignmentView,
    name="get_alignment",
    responses=_AUTH,
)
def get(registry: RegistryDep, user: CurrentUser, alignment_id: AlignmentId) -> Response:
    """A kept alignment: its links as decided, the coverage from them (`decided`: confirmed
    and added links; `report`: proposed ones too), the outcomes that cover nothing, the
    matrix, and each card's currency."""
    return private_json(build_alignment(registry, user, alignment_id))


@router.post(
    "/alignments/{alignment_id}/links/{link_id}",
    response_model=AlignmentView,
    name="decide_alignment_link",
    responses=_AUTH,
)
def decide(
    registry: RegistryDep,
    user: CurrentUser,
    alignment_id: AlignmentId,
    link_id: AlignmentId,
    payload: LinkDecision,
) -> Response:
    """Confirm or reject a link (a decision may be changed); recorded in the audit log.
    Confirming a link a methodologist added answers 409."""
    return private_json(
        decide_alignment_link(registry, user, alignment_id, link_id, payload.decision)
    )


@router.post(
    "/alignments/{alignment_id}/links",
    status_code=201,
    response_model=AlignmentView,
    name="add_alignment_link",
    responses=_AUTH,
)
def add(
    registry: RegistryDep, user: CurrentUser, alignment_id: AlignmentId, payload: NewLink
) -> Response:
    """Add a link kasip missed (status `added`, with the score kasip would give it). An
    element that is no skill or knowledge of the alignment's cards answers 400; a link
    that exists, 409."""
    view = add_alignment_link(registry, user, alignment_id, payload.outcome, payload.element)
    return private_json(view, status=201)


@router.get(
    "/alignments/{alignment_id}/export",
    name="export_alignment",
    responses=_FILES,
    response_class=Response,
)
def export(
    registry: RegistryDep,
    user: CurrentUser,
    alignment_id: AlignmentId,
    format: Annotated[Literal["xlsx", "pdf"], Query(description="The file's format.")] = "xlsx",
    lang: Annotated[Literal["kk", "ru", "en"], Query(description="The labels' language.")] = "ru",
) -> Response:
    """The kept alignment's report as an XLSX workbook (the matrix's cells coloured by
    share) or an A4 PDF with the heat map."""
    view = build_alignment(registry, user, alignment_id)
    headers = {
        "Content-Disposition": f'attachment; filename="alignment-{view.id}.{format}"',
        "Cache-Control": "no-store",
    }
    if format == "xlsx":
        return Response(
            alignment_xlsx(view.report, lang=lang), media_type=XLSX_TYPE, headers=headers
        )
    pdf = printed(render_alignment_pdf, view.report, lang=lang, title=view.title)
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get(
    "/alignments/{alignment_id}/currency",
    response_model=AlignmentCurrency,
    name="alignment_currency",
    responses=_AUTH,
)
def currency(registry: RegistryDep, user: CurrentUser, alignment_id: AlignmentId) -> Response:
    """Whether a newer version of a card's standard changed the alignment's elements: per
    card, the linked elements whose text changed (`changed`) or that are gone (`removed`),
    those only renumbered (`moved`), and the elements new in the card (`added`)."""
    view = build_alignment(registry, user, alignment_id)
    return private_json(AlignmentCurrency(current=view.current, cards=view.currency))


@router.post(
    "/alignments/{alignment_id}/move",
    response_model=AlignmentView,
    name="move_alignment",
    responses=_AUTH,
)
def move(registry: RegistryDep, user: CurrentUser, alignment_id: AlignmentId) -> Response:
    """Move the alignment to the latest versions of its cards' standards: links to
    unchanged elements carry over, the others are marked `review`."""
    return private_json(move_to_latest(registry, user, alignment_id))
