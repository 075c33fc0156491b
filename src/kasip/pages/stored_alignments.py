"""Kept curriculum alignments for the web pages and the API: save, decide, re-check, move.

Only a methodologist or an admin (:data:`kasip.pages.roles.CENTRE`) saves an
alignment, reads the kept ones and decides their links: a programme under
development is the college's, not the public's. Each decision goes to the
audit log (:mod:`kasip.curriculum.stored`).

The coverage of a kept alignment is computed from its links as decided:
confirmed and added links count, rejected ones never, and links still only
proposed count as proposed: ``report`` counts them, ``decided`` does not, so
a page shows the two apart. Its currency compares each card's version with
the standard's latest (:func:`kasip.curriculum.currency.card_currency`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import computed_field

from kasip import accounts
from kasip.curriculum import stored
from kasip.curriculum.coverage import build_report
from kasip.curriculum.currency import CardCurrency, card_currency
from kasip.curriculum.mapping import score_link
from kasip.curriculum.models import AlignedCard, AlignmentReport, EducationalProgramme, Link
from kasip.curriculum.stored import Decision, StoredAlignment, StoredLink
from kasip.errors import InvalidInput, NotFound
from kasip.model import ProfessionCard
from kasip.pages.alignments import (
    OutcomeLinks,
    outcome_links,
    parse_card_choices,
    propose_alignment,
)
from kasip.pages.lookup import find_card
from kasip.pages.models import PageModel
from kasip.pages.roles import CENTRE
from kasip.registry import Registry

__all__ = [
    "AlignmentView",
    "AlignmentsList",
    "add_alignment_link",
    "build_alignment",
    "build_alignments",
    "decide_alignment_link",
    "move_to_latest",
    "save_alignment",
]

MAX_TITLE = 300


class AlignmentView(PageModel):
    """A kept alignment: its programme and cards, links as decided, coverage, currency."""

    id: int
    title: str
    created_by: str
    created_at: str
    programme: EducationalProgramme
    cards: tuple[AlignedCard, ...]
    links: tuple[StoredLink, ...]  # in the order of report.links
    report: AlignmentReport  # confirmed, added and still proposed links count
    decided: AlignmentReport  # only confirmed and added links count
    outcomes: tuple[OutcomeLinks, ...]
    pending: int  # links still only proposed
    review: int  # links marked for review after a move
    currency: tuple[CardCurrency, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def current(self) -> bool:
        """Whether every card is of its standard's latest version."""
        return all(c.current for c in self.currency)


class AlignmentsList(PageModel):
    """The kept alignments, newest first: ``{"data": [...], "count"}``."""

    data: tuple[StoredAlignment, ...]
    count: int


def _cards_at(registry: Registry, alignment: StoredAlignment) -> list[ProfessionCard]:
    return [
        find_card(registry, c.card_id, standard=c.standard, version=c.version).card
        for c in alignment.cards
    ]


def _currency(registry: Registry, alignment: StoredAlignment, card: ProfessionCard) -> CardCurrency:
    kept = next(c for c in alignment.cards if c.card_id == card.id)
    latest_version = registry.versions(kept.standard)[-1].version
    latest: ProfessionCard | None = card
    if latest_version != kept.version:
        try:
            latest = find_card(registry, card.id, standard=kept.standard).card
        except NotFound:  # the latest version no longer has the card
            latest = None
    linked = [s.link.element for s in alignment.links if s.link.card == card.id]
    return card_currency(
        standard=kept.standard,
        version=kept.version,
        latest_version=latest_version,
        old=card,
        latest=latest,
        linked=linked,
    )


def _counted_as(kept: StoredLink) -> Link:
    """The link as coverage counts it: one marked for review after a move counts as
    proposed until the methodologist decides it again (a rejected one stays rejected)."""
    if kept.review and kept.link.status in ("confirmed", "added"):
        return kept.link.model_copy(update={"status": "proposed"})
    return kept.link


def _view(registry: Registry, alignment: StoredAlignment) -> AlignmentView:
    cards = _cards_at(registry, alignment)
    pairs = [(c.standard, card) for c, card in zip(alignment.cards, cards, strict=True)]
    links = [_counted_as(s) for s in alignment.links]
    decided = [link for link in links if link.status in ("confirmed", "added")]
    report = build_report(alignment.programme, pairs, links, rule=alignment.rule)
    return AlignmentView(
        id=alignment.id,
        title=alignment.title,
        created_by=alignment.created_by,
        created_at=alignment.created_at,
        programme=alignment.programme,
        cards=alignment.cards,
        links=alignment.links,
        report=report,
        decided=build_report(alignment.programme, pairs, decided, rule=alignment.rule),
        outcomes=outcome_links(alignment.programme, report),
        pending=sum(link.status == "proposed" for link in links),
        review=sum(s.review for s in alignment.links),
        currency=tuple(_currency(registry, alignment, card) for card in cards),
    )


def save_alignment(
    registry: Registry,
    actor: accounts.User,
    programme: EducationalProgramme,
    cards: Sequence[str],
    *,
    title: str = "",
) -> AlignmentView:
    """Align ``programme`` with ``cards`` (IDs, or ``standard/ID``) and keep it with kasip's
    proposed links, for a methodologist to decide (methodologists and admins only).

    Raises:
        Forbidden: ``actor`` may not.
        InvalidInput: No card, too many, a card twice (of two standards), a title too long.
        NotFound: No such card.
    """
    accounts.require_role(actor, *CENTRE)
    result = propose_alignment(registry, programme, parse_card_choices(cards))
    ids = [c.card_id for c in result.cards]
    if len(set(ids)) != len(ids):
        raise InvalidInput("cards: one card ID twice (of two standards); choose one")
    name = " ".join(title.split()) or programme.source
    if len(name) > MAX_TITLE:
        raise InvalidInput(f"title: longer than {MAX_TITLE} characters")
    new_id = stored.save_alignment(
        registry.engine,
        title=name,
        programme=programme,
        cards=result.cards,
        links=result.report.links,
        rule=result.report.rule,
        actor=actor.login,
    )
    return _view(registry, stored.get_alignment(registry.engine, new_id))


def build_alignment(registry: Registry, actor: accounts.User, alignment_id: int) -> AlignmentView:
    """A kept alignment with its coverage and currency (methodologists and admins).

    Raises:
        Forbidden: ``actor`` may not.
        NotFound: No such alignment.
    """
    accounts.require_role(actor, *CENTRE)
    return _view(registry, stored.get_alignment(registry.engine, alignment_id))


def build_alignments(registry: Registry, actor: accounts.User) -> AlignmentsList:
    """The kept alignments, newest first (methodologists and admins)."""
    accounts.require_role(actor, *CENTRE)
    found = stored.list_alignments(registry.engine)
    return AlignmentsList(data=tuple(found), count=len(found))


def decide_alignment_link(
    registry: Registry, actor: accounts.User, alignment_id: int, link_id: int, decision: Decision
) -> AlignmentView:
    """Confirm or reject a link of a kept alignment; the alignment as it is then.

    Raises:
        Forbidden: ``actor`` may not.
        NotFound: No such alignment or link.
        Conflict: Confirming a link a methodologist added.
    """
    accounts.require_role(actor, *CENTRE)
    stored.decide_link(registry.engine, alignment_id, link_id, decision, actor=actor.login)
    return build_alignment(registry, actor, alignment_id)


def add_alignment_link(
    registry: Registry, actor: accounts.User, alignment_id: int, outcome: int, element: str
) -> AlignmentView:
    """Link an outcome to a skill or knowledge element of the alignment's cards (a link kasip
    missed), kept with the score kasip would give it; the alignment as it is then.

    Raises:
        Forbidden: ``actor`` may not.
        NotFound: No such alignment.
        InvalidInput: No such outcome, or the element is no skill or knowledge of its cards.
        Conflict: The outcome is already linked to the element.
    """
    accounts.require_role(actor, *CENTRE)
    alignment = stored.get_alignment(registry.engine, alignment_id)
    found = next((o for o in alignment.programme.outcomes if o.number == outcome), None)
    if found is None:
        raise InvalidInput(f"outcome: the programme has no outcome {outcome}")
    view = _view(registry, alignment)
    target = next(((c, e) for c in view.report.cards for e in c.elements if e.id == element), None)
    if target is None:
        raise InvalidInput(f"element: {element!r} is no skill or knowledge of the chosen cards")
    card, item = target
    score = score_link(found.text, registry.match_index(), (card.standard, card.card), element)
    link = Link(outcome=outcome, card=card.card, element=element, type=item.type, score=score)
    stored.add_link(registry.engine, alignment_id, link, actor=actor.login)
    return build_alignment(registry, actor, alignment_id)


def move_to_latest(registry: Registry, actor: accounts.User, alignment_id: int) -> AlignmentView:
    """Move a kept alignment to the latest versions of its cards' standards: links to
    unchanged elements carry over (to a renumbered element's new ID), links to changed or
    removed ones are marked for review. A card the latest version lacks stays where it was.

    Raises:
        Forbidden: ``actor`` may not.
        NotFound: No such alignment.
    """
    view = build_alignment(registry, actor, alignment_id)
    movable = [c for c in view.currency if not c.current and not c.gone]
    cards = []
    for change in movable:
        latest = find_card(registry, change.card_id, standard=change.standard)
        cards.append(
            AlignedCard(
                standard=latest.standard,
                version=latest.version,
                card_id=latest.card.id,
                name=latest.card.name,
            )
        )
    review = [
        s.id
        for change in movable
        for s in view.links
        if s.link.card == change.card_id and s.link.element in change.to_review
    ]
    moved = {
        s.id: change.moved[s.link.element]
        for change in movable
        for s in view.links
        if s.link.card == change.card_id and s.link.element in change.moved
    }
    if cards:
        stored.move_alignment(
            registry.engine, alignment_id, cards, review=review, moved=moved, actor=actor.login
        )
    return build_alignment(registry, actor, alignment_id)
