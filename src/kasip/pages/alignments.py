"""Curriculum alignment for the web page and the API: choose cards, propose links, report.

A programme (read by :func:`kasip.curriculum.read_programme`) is aligned with
up to :data:`MAX_CARDS` cards, each named by its ID (``2635-3-001@5``) or by
its standard and ID (``292-2019-05-30-kk/2635-3-001@5``, what the page's list
of cards sends). Nothing is stored here; :mod:`kasip.pages.stored_alignments`
keeps an alignment and a methodologist's decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kasip.curriculum import align_programme
from kasip.curriculum.models import AlignedCard, AlignmentReport, EducationalProgramme
from kasip.errors import InvalidInput
from kasip.model import ProfessionCard
from kasip.pages.lookup import find_card
from kasip.pages.models import PageModel
from kasip.registry import Registry

__all__ = [
    "MAX_CARDS",
    "MAX_LISTED_CARDS",
    "AlignedCard",
    "AlignmentResult",
    "CardOption",
    "OutcomeLink",
    "OutcomeLinks",
    "card_options",
    "outcome_links",
    "parse_card_choices",
    "propose_alignment",
    "resolve_cards",
]

MAX_CARDS = 10  # cards one programme is aligned with at once
MAX_LISTED_CARDS = 1500  # cards the form lists to choose from (the bundled standard has 14)
_SPLIT_RE = re.compile(r"[\s,;]+")


class AlignmentResult(PageModel):
    """A proposed alignment: the programme, the cards, and the report of kasip's links."""

    programme: EducationalProgramme
    cards: tuple[AlignedCard, ...]
    report: AlignmentReport


class CardOption(PageModel):
    """A card the page offers to choose: ``value`` is what the form sends back."""

    value: str
    card_id: str
    name: str
    standard: str


def parse_card_choices(values: Iterable[str]) -> list[tuple[str | None, str]]:
    """The cards named in ``values`` (each may hold several, split by spaces, commas or
    semicolons), as (standard or None, card ID), each once, in order.

    Raises:
        InvalidInput: No card, or more than :data:`MAX_CARDS`.

    Example:
        >>> parse_card_choices(["3412-0-008@4, 292-2019-05-30-kk/2634-9-004@6", "3412-0-008@4"])
        [(None, '3412-0-008@4'), ('292-2019-05-30-kk', '2634-9-004@6')]
    """
    chosen: dict[tuple[str | None, str], None] = {}
    for value in values:
        for part in _SPLIT_RE.split(value.strip()):
            if part:
                standard, _, card = part.rpartition("/")
                chosen[(standard or None, card)] = None
    if not chosen:
        raise InvalidInput("cards: choose at least one card")
    if len(chosen) > MAX_CARDS:
        raise InvalidInput(f"cards: at most {MAX_CARDS} cards, not {len(chosen)}")
    return list(chosen)


def resolve_cards(
    registry: Registry, choices: Sequence[tuple[str | None, str]]
) -> list[tuple[AlignedCard, ProfessionCard]]:
    """Each chosen card in the latest version of its standard (the first by key holding it).

    Raises:
        InvalidInput: A malformed card ID.
        NotFound: No standard holds a card.
    """
    found: list[tuple[AlignedCard, ProfessionCard]] = []
    for standard, card_id in choices:
        hit = find_card(registry, card_id, standard=standard)
        aligned = AlignedCard(
            standard=hit.standard, version=hit.version, card_id=hit.card.id, name=hit.card.name
        )
        found.append((aligned, hit.card))
    return found


def propose_alignment(
    registry: Registry, programme: EducationalProgramme, choices: Sequence[tuple[str | None, str]]
) -> AlignmentResult:
    """kasip's links from ``programme``'s outcomes to the chosen cards, and their report.

    Raises:
        InvalidInput, NotFound: As :func:`resolve_cards`.
    """
    cards = resolve_cards(registry, choices)
    report = align_programme(
        programme, [(a.standard, card) for a, card in cards], registry.match_index()
    )
    return AlignmentResult(programme=programme, cards=tuple(a for a, _ in cards), report=report)


def card_options(registry: Registry) -> tuple[CardOption, ...]:
    """Every card of the latest versions, for the page's list to choose from; none past
    :data:`MAX_LISTED_CARDS` (a list that long is no help: the IDs are typed instead)."""
    cards = registry.list_cards()
    if len(cards) > MAX_LISTED_CARDS:
        return ()
    return tuple(
        CardOption(
            value=f"{c.standard}/{c.card_id}", card_id=c.card_id, name=c.name, standard=c.standard
        )
        for c in cards
    )


class OutcomeLink(PageModel):
    """A link from an outcome, with the element's text to read it by."""

    index: int  # the link's position in the report's links (what a decision names)
    card: str
    element: str
    type: str
    text: str
    score: float
    status: str


class OutcomeLinks(PageModel):
    """A learning outcome and the links that start from it, best score first."""

    number: int
    module: str
    text: str
    place: str
    code: str
    links: tuple[OutcomeLink, ...]


def outcome_links(
    programme: EducationalProgramme, report: AlignmentReport
) -> tuple[OutcomeLinks, ...]:
    """Each outcome of ``programme`` with its links in ``report`` (any status), in file order."""
    texts = {e.id: e.text for card in report.cards for e in card.elements}
    by_outcome: dict[int, list[OutcomeLink]] = {}
    for index, link in enumerate(report.links):
        by_outcome.setdefault(link.outcome, []).append(
            OutcomeLink(
                index=index,
                card=link.card,
                element=link.element,
                type=link.type,
                text=texts.get(link.element, ""),
                score=link.score,
                status=link.status,
            )
        )
    return tuple(
        OutcomeLinks(
            number=o.number,
            module=o.module,
            text=o.text,
            place=o.place,
            code=o.code,
            links=tuple(sorted(by_outcome.get(o.number, ()), key=lambda k: -k.score)),
        )
        for o in programme.outcomes
    )
