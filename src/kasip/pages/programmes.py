"""Qualification programmes for the API: drafted from a card, kept, and checked for currency.

A methodologist drafts and keeps programmes; anyone signed in may read them
(a candidate sees what they will be assessed on). Each programme is shown
with its currency: whether a newer version of its standard changed the
elements it was built from (:func:`kasip.assessment.check_currency`).
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip import accounts, assessment
from kasip.assessment import Currency, Programme, ProgrammeRules, StoredProgramme
from kasip.errors import NotFound
from kasip.model.vocabulary import ROLES
from kasip.pages.lookup import find_card
from kasip.pages.models import PageModel
from kasip.registry import Registry

__all__ = [
    "ProgrammePage",
    "ProgrammesPage",
    "build_programme",
    "build_programmes",
    "create_programme",
    "draft_for_card",
]


class ProgrammePage(PageModel):
    """A kept programme, who made it and when, and whether its standard has moved on."""

    id: int
    programme: Programme
    created_by: str
    created_at: str
    currency: Currency


class ProgrammesPage(PageModel):
    """A page of programmes, newest first: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[ProgrammePage, ...]
    count: int
    page: int
    per_page: int


def draft_for_card(  # noqa: PLR0913
    registry: Registry,
    card_id: str,
    *,
    standard: str | None = None,
    scope: Sequence[str] = (),
    rules: ProgrammeRules | None = None,
    title: str | None = None,
) -> Programme:
    """The programme drafted from ``card_id`` in the latest version of its standard.

    Raises:
        InvalidInput: A malformed card ID or a scope ID not of the card.
        NotFound: No such card or standard.
    """
    found = find_card(registry, card_id, standard=standard)
    return assessment.draft_programme(
        found.card,
        standard=found.standard,
        version=found.version,
        scope=scope,
        rules=rules,
        title=title,
    )


def _currency(registry: Registry, programme: Programme) -> Currency:
    latest = registry.versions(programme.standard)[-1].version
    try:
        card = find_card(registry, programme.card_id, standard=programme.standard).card
    except NotFound:  # the latest version no longer has the card
        card = None
    return assessment.check_currency(programme, card, latest)


def _page(registry: Registry, stored: StoredProgramme) -> ProgrammePage:
    return ProgrammePage(
        id=stored.id,
        programme=stored.programme,
        created_by=stored.created_by,
        created_at=stored.created_at,
        currency=_currency(registry, stored.programme),
    )


def create_programme(  # noqa: PLR0913
    registry: Registry,
    actor: accounts.User,
    card_id: str,
    *,
    standard: str | None = None,
    scope: Sequence[str] = (),
    rules: ProgrammeRules | None = None,
    title: str | None = None,
) -> ProgrammePage:
    """Draft a programme from a card and keep it (methodologists only).

    Raises:
        Forbidden: ``actor`` is not a methodologist.
        InvalidInput, NotFound: As :func:`draft_for_card`.
    """
    accounts.require_role(actor, "methodologist")
    programme = draft_for_card(
        registry, card_id, standard=standard, scope=scope, rules=rules, title=title
    )
    return _page(registry, assessment.save_programme(registry.engine, programme, actor=actor.login))


def build_programme(registry: Registry, actor: accounts.User, programme_id: int) -> ProgrammePage:
    """A kept programme, for anyone signed in (a candidate sees what they will be assessed on)."""
    accounts.require_role(actor, *ROLES)
    return _page(registry, assessment.get_programme(registry.engine, programme_id))


def build_programmes(
    registry: Registry,
    actor: accounts.User,
    *,
    card_id: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> ProgrammesPage:
    """The kept programmes, newest first (of one card, when given), for anyone signed in."""
    accounts.require_role(actor, *ROLES)
    found = assessment.list_programmes(registry.engine, card_id=card_id)
    chosen = found[(page - 1) * per_page : page * per_page]
    return ProgrammesPage(
        data=tuple(_page(registry, stored) for stored in chosen),
        count=len(found),
        page=page,
        per_page=per_page,
    )
