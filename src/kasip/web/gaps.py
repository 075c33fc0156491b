"""The gap analysis page of a card: rate its elements, see the gaps, download the plan.

``/cards/{card_id}/gaps`` shows a form with every skill and knowledge element
of the card (not yet / partly / fully, and the evidence); posting it shows the
gaps per labour function as a chart, what the next level adds and the
development plan, whose actions and dates the user may change and post again;
the same form downloads the plan as PDF or XLSX. Nothing is stored: the form
carries the ratings, so a worker's self-assessment stays with them. The page
needs no account, like the card itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request, Response

from kasip.gaps.files import gaps_xlsx, ratings_csv
from kasip.gaps.models import RATINGS, ElementRating
from kasip.gaps.plan import MAX_MONTHS, PlanChoice
from kasip.gaps.prefill import MAX_TEXT_LENGTH
from kasip.http.deps import CardId, RegistryDep, StandardQuery
from kasip.http.errors import ApiError
from kasip.http.language import choose_language
from kasip.http.printing import printed
from kasip.i18n import translations
from kasip.pages.gap_svg import gap_chart
from kasip.pages.gaps import GapPage, build_gaps
from kasip.pages.lookup import find_card
from kasip.pdf.gaps import render_gaps_pdf
from kasip.registry import Registry
from kasip.web.render import render_page
from kasip.web.routes import file_name

__all__ = ["GapForm", "read_gap_form", "router"]

router = APIRouter(include_in_schema=False)

MAX_FIELDS = 8000  # four fields an element; the largest cards have a few hundred
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class GapForm:
    """What the rating form posts: ratings, the user's plan choices, the plan's span."""

    ratings: list[ElementRating] = field(default_factory=list)
    choices: dict[str, PlanChoice] = field(default_factory=dict)
    start: date | None = None
    months: int = 12
    text: str = ""  # a CV or self-description to suggest ratings from ("suggest" only)
    suggest: bool = False


def _date(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ApiError(400, f"{name}: {value[:20]!r} is not a date", code="invalid-form") from exc


async def read_gap_form(request: Request) -> GapForm:
    """The posted rating form (``application/x-www-form-urlencoded``).

    Raises:
        ApiError: 400 naming the field that cannot be read.
    """
    try:
        pairs = parse_qsl(
            (await request.body()).decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "the form cannot be read", code="invalid-form") from exc
    fields = dict(pairs)
    form = GapForm(start=_date(fields.get("start", ""), "start"))
    months = fields.get("months", "12").strip() or "12"
    if not months.isdigit() or not 1 <= int(months) <= MAX_MONTHS:
        raise ApiError(400, f"months: 1 to {MAX_MONTHS}", code="invalid-form")
    form.months = int(months)
    form.suggest = fields.get("do") == "suggest"
    form.text = fields.get("text", "")
    if len(form.text) > MAX_TEXT_LENGTH:
        raise ApiError(400, f"text: longer than {MAX_TEXT_LENGTH} characters", code="invalid-form")
    for name, value in pairs:
        if name.startswith("r:"):
            form.ratings.append(_rating(name[2:], value, fields.get(f"e:{name[2:]}", "")))
        elif name.startswith("a:") or name.startswith("t:"):
            element = name[2:]
            if element not in form.choices:
                target = _date(fields.get(f"t:{element}", ""), f"t:{element}")
                action = fields.get(f"a:{element}", "")[:1000]
                form.choices[element] = PlanChoice(action=action, target=target)
    return form


def _rating(element: str, value: str, evidence: str) -> ElementRating:
    if value and value not in RATINGS:
        raise ApiError(400, f"r:{element}: {value[:20]!r} is not a rating", code="invalid-form")
    rating = value or None
    return ElementRating(element=element, rating=rating, evidence=evidence.strip()[:2000])


GapFormDep = Annotated[GapForm, Depends(read_gap_form)]


def _page(
    registry: Registry, card_id: str, form: GapForm, lang: str, standard: str | None
) -> GapPage:
    return build_gaps(
        registry,
        card_id,
        form.ratings,
        standard=standard,
        start=form.start,
        months=form.months,
        lang=lang,
        choices=form.choices,
        text=form.text if form.suggest else "",
    )


def _render(request: Request, page: GapPage, *, analysed: bool, text: str = "") -> Response:
    chart = gap_chart(page.analysis, translations(page.lang).gettext)
    suggested = {s.element for s in page.suggested}
    context = {
        "page": page,
        "analysed": analysed,
        "chart": chart,
        "text": text,
        "suggested": suggested,
    }
    return render_page(request, "gaps.html", context, lang=page.lang)


@router.get("/cards/{card_id}/gaps")
def gaps_form(
    request: Request, registry: RegistryDep, card_id: CardId, standard: StandardQuery = None
) -> Response:
    """The rating form: every skill and knowledge element of the card, not yet rated."""
    page = _page(registry, card_id, GapForm(), choose_language(request), standard)
    return _render(request, page, analysed=False)


@router.post("/cards/{card_id}/gaps")
def gaps_result(
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    form: GapFormDep,
    standard: StandardQuery = None,
) -> Response:
    """The gaps of the posted ratings, what the next level adds, and the plan; or, with
    ``do=suggest``, the form with ratings suggested from the posted CV, to confirm."""
    page = _page(registry, card_id, form, choose_language(request), standard)
    return _render(request, page, analysed=not form.suggest, text=form.text)


@router.get("/cards/{card_id}/gaps/ratings.csv")
def ratings_template(
    registry: RegistryDep, card_id: CardId, standard: StandardQuery = None
) -> Response:
    """The ratings file to fill in (``kasip gap --ratings``), every element listed."""
    card = find_card(registry, card_id, standard=standard).card
    headers = {"Content-Disposition": f'attachment; filename="ratings-{file_name(card.id)}.csv"'}
    return Response(ratings_csv(card), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/cards/{card_id}/gaps.{file_format}")
def gaps_file(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    file_format: str,
    form: GapFormDep,
    standard: StandardQuery = None,
) -> Response:
    """The posted analysis and plan as a PDF or an XLSX workbook."""
    if file_format not in ("pdf", "xlsx"):
        raise ApiError(404, f"no such file format: {file_format[:10]!r}", code="not-found")
    page = _page(registry, card_id, form, choose_language(request), standard)
    name = f"plan-{file_name(page.analysis.card_id)}.{file_format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if file_format == "xlsx":
        return Response(
            gaps_xlsx(page.analysis, page.plan, lang=page.lang),
            media_type=XLSX_TYPE,
            headers=headers,
        )
    return Response(printed(render_gaps_pdf, page), media_type="application/pdf", headers=headers)
