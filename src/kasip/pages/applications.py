"""Candidates' applications for the API: apply, see one's own, staff see all, assessors admit.

A candidate applies for a programme; the check runs against the card of the
standard version the programme was built from. A candidate sees only their
own applications (another's is not found); the centre's staff see every one;
an assessor records an exception for a candidate found not eligible.
"""

from __future__ import annotations

from kasip import accounts, assessment
from kasip.assessment import Application, Declaration
from kasip.errors import NotFound
from kasip.pages.lookup import find_card
from kasip.pages.models import PageModel
from kasip.pages.questions import STAFF
from kasip.registry import Registry

__all__ = [
    "ApplicationsPage",
    "apply_for_programme",
    "build_application",
    "build_applications",
    "grant_exception",
]


class ApplicationsPage(PageModel):
    """Applications, newest first: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[Application, ...]
    count: int
    page: int
    per_page: int


def apply_for_programme(
    registry: Registry, actor: accounts.User, programme_id: int, declared: Declaration
) -> Application:
    """Apply for a programme (candidates only), checked against its card.

    Raises:
        Forbidden: Not a candidate.
        NotFound: No such programme (or its card is gone from the registry).
        Conflict: Applied for it already.
    """
    accounts.require_role(actor, "candidate")
    programme = assessment.get_programme(registry.engine, programme_id).programme
    found = find_card(
        registry, programme.card_id, standard=programme.standard, version=programme.version
    )
    return assessment.apply(registry.engine, programme_id, found.card, actor.login, declared)


def _visible(actor: accounts.User, application: Application) -> Application:
    if actor.role == "candidate" and application.candidate != actor.login:
        raise NotFound(f"no application {application.id}")
    return application


def build_application(registry: Registry, actor: accounts.User, application_id: int) -> Application:
    """An application: one's own, or any for the centre's staff."""
    return _visible(actor, assessment.get_application(registry.engine, application_id))


def build_applications(
    registry: Registry,
    actor: accounts.User,
    *,
    programme_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> ApplicationsPage:
    """Applications, newest first: a candidate's own; every one for the staff."""
    mine = actor.login if actor.role == "candidate" else None
    if mine is None:
        accounts.require_role(actor, *STAFF)
    found = assessment.list_applications(registry.engine, programme_id=programme_id, candidate=mine)
    chosen = tuple(found[(page - 1) * per_page : page * per_page])
    return ApplicationsPage(data=chosen, count=len(found), page=page, per_page=per_page)


def grant_exception(
    registry: Registry, actor: accounts.User, application_id: int, reason: str
) -> Application:
    """Admit a candidate found not eligible, for ``reason`` (assessors only)."""
    accounts.require_role(actor, "assessor")
    return assessment.record_exception(
        registry.engine, application_id, assessor=actor.login, reason=reason
    )
