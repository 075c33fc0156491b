"""A programme's statistics page for its methodologists and admins, and its files.

The same figures as ``GET /api/v1/programmes/{id}/statistics``
(:mod:`kasip.pages.statistics`): pass rate, and each question's difficulty
and discrimination, with the questions that discriminate badly marked for
review; the CSV and XLSX files to take them away.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response

from kasip import assessment
from kasip.errors import NotFound
from kasip.http.auth import SHEET_MEDIA, private_file
from kasip.http.deps import RegistryDep
from kasip.pages.statistics import build_statistics, export_statistics
from kasip.web.account import private_page, sign_in_first, signed_in

__all__ = ["REVIEW_BELOW", "router"]

router = APIRouter(include_in_schema=False)

IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
# A question discriminating less than this is marked for review: the usual rule
# of thumb of classical test theory (0.2), not a standard's requirement.
REVIEW_BELOW = 0.2


@router.get("/programmes/{programme_id}/statistics")
def statistics_page(request: Request, registry: RegistryDep, programme_id: IdPath) -> Response:
    """The programme's statistics (methodologists and admins)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}/statistics")
    found = build_statistics(registry, session.user, programme_id)
    title = assessment.get_programme(registry.engine, programme_id).programme.title
    context = {"found": found, "title": title, "user": session.user, "review_below": REVIEW_BELOW}
    return private_page(request, "statistics.html", context)


@router.get("/programmes/{programme_id}/statistics.{file_format}")
def statistics_file(
    request: Request, registry: RegistryDep, programme_id: IdPath, file_format: str
) -> Response:
    """The statistics as CSV or XLSX."""
    if file_format not in SHEET_MEDIA:
        raise NotFound(f"no statistics.{file_format}: csv or xlsx")
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}/statistics")
    kind: Literal["csv", "xlsx"] = "csv" if file_format == "csv" else "xlsx"
    body = export_statistics(registry, session.user, programme_id, kind)
    return private_file(body, kind, f"statistics-programme-{programme_id}.{kind}")
