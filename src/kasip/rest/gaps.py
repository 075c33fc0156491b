"""``/api/v1/cards/{card_id}/gaps``: a worker's gap analysis against a card (issue 14).

The client sends the ratings (and, optionally, its own actions and dates for
the plan); kasip answers the analysis, what the next level adds and the
development plan, as JSON or as the PDF or XLSX the web page downloads.
Nothing is stored, and no account is needed: the ratings stay the client's.
``GET .../gaps/ratings.csv`` is the file to fill in, ``POST .../gaps/ratings``
reads a filled one back into ratings (every problem named by row and column).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.gaps.files import gaps_xlsx, ratings_csv
from kasip.gaps.models import ElementRating
from kasip.gaps.plan import MAX_MONTHS, PlanChoice
from kasip.gaps.prefill import MAX_TEXT_LENGTH
from kasip.gaps.ratings import MAX_RATINGS, read_ratings
from kasip.http.auth import private_json
from kasip.http.deps import STANDARD_KEY_PATTERN, CardId, RegistryDep
from kasip.http.printing import printed
from kasip.http.uploads import UPLOAD_BODY, Upload, UploadNameQuery, read_upload
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.gaps import GapPage, build_gaps
from kasip.pages.lookup import find_card
from kasip.pdf.gaps import render_gaps_pdf

__all__ = ["GapRequest", "ReadRatings", "router"]

router = APIRouter(tags=["gaps"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
StandardParam = Annotated[
    str | None,
    Query(max_length=MAX_ID_LENGTH, pattern=STANDARD_KEY_PATTERN, description="The standard."),
]


class GapRequest(BaseModel):
    """The ratings of a card's elements, and how the plan should run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ratings: tuple[ElementRating, ...] = Field(
        (), max_length=MAX_RATINGS, description="Unrated elements may be left out."
    )
    start: date | None = Field(None, description="The plan's first day; today when left out.")
    months: int = Field(12, ge=1, le=MAX_MONTHS, description="How long the plan runs.")
    lang: Literal["kk", "ru", "en"] = Field("ru", description="The language of the plan's words.")
    text: str = Field(
        "",
        max_length=MAX_TEXT_LENGTH,
        description="A CV or self-description: the elements it speaks of and the ratings leave "
        "unrated are suggested `partly` (listed in `suggested`), to confirm.",
    )
    choices: dict[str, PlanChoice] = Field(
        default_factory=dict,
        max_length=MAX_RATINGS,
        description="By element ID: an action or a date of the user's instead of the defaults.",
    )


class ReadRatings(BaseModel):
    """The ratings read from a file."""

    model_config = ConfigDict(frozen=True)

    card_id: str
    ratings: tuple[ElementRating, ...]


_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/json": {}, "application/pdf": {}, XLSX_TYPE: {}},
        "description": "The analysis (JSON), or the printed plan (PDF) or the workbook (XLSX).",
    }
}


@router.post("/cards/{card_id}/gaps", response_model=GapPage, name="card_gaps", responses=_FILES)
def gaps(
    registry: RegistryDep,
    card_id: CardId,
    payload: GapRequest,
    standard: StandardParam = None,
    format: Annotated[
        Literal["json", "pdf", "xlsx"], Query(description="The answer's format.")
    ] = "json",
) -> Response:
    """The gaps of the rated card per labour function, what the next level adds, and the
    development plan. A rating of an element that is not the card's answers 400."""
    page = build_gaps(
        registry,
        card_id,
        payload.ratings,
        standard=standard,
        start=payload.start,
        months=payload.months,
        lang=payload.lang,
        choices=payload.choices,
        text=payload.text,
    )
    if format == "json":
        return private_json(page)
    name = f"plan-{page.analysis.card_id.replace('@', '-')}.{format}"
    # Ratings are a person's: no cache keeps them.
    headers = {
        "Content-Disposition": f'attachment; filename="{_latin(name)}"',
        "Cache-Control": "no-store",
    }
    if format == "xlsx":
        body = gaps_xlsx(page.analysis, page.plan, lang=page.lang)
        return Response(body, media_type=XLSX_TYPE, headers=headers)
    return Response(printed(render_gaps_pdf, page), media_type="application/pdf", headers=headers)


@router.get(
    "/cards/{card_id}/gaps/ratings.csv",
    name="card_ratings_template",
    responses={200: {"content": {"text/csv": {}}, "description": "The file to fill in."}},
)
def ratings_template(
    registry: RegistryDep, card_id: CardId, standard: StandardParam = None
) -> Response:
    """The ratings file of the card: every skill and knowledge element, to rate."""
    card = find_card(registry, card_id, standard=standard).card
    return Response(ratings_csv(card), media_type="text/csv; charset=utf-8")


@router.post(
    "/cards/{card_id}/gaps/ratings",
    response_model=ReadRatings,
    name="read_card_ratings",
    openapi_extra=UPLOAD_BODY,
)
def read_file(
    registry: RegistryDep,
    card_id: CardId,
    upload: Annotated[Upload, Depends(read_upload)],
    name: UploadNameQuery = None,
    standard: StandardParam = None,
) -> Response:
    """The ratings of a filled ratings file (CSV or XLSX). A problem answers 400
    `invalid-file`, every problem named by its row and column (`details.problems`)."""
    data, sent_name = upload
    card = find_card(registry, card_id, standard=standard).card
    ratings = read_ratings(data, name=name or sent_name, card=card)
    return private_json(ReadRatings(card_id=card.id, ratings=tuple(ratings)))


def _latin(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "~._-") else "_" for c in name)
