"""The comparison page: two cards of the registry, compared (see :mod:`kasip.compare.cards`)."""

from __future__ import annotations

from kasip.compare.cards import CardComparison, compare_cards
from kasip.errors import NotFound
from kasip.model import FrozenModel as _Frozen
from kasip.pages.checks import check_standard_key
from kasip.pages.links import Links, standard_ref
from kasip.pages.lookup import FoundCard, find_card
from kasip.pages.models import CardItem, StandardRef
from kasip.pages.reading import one_read
from kasip.registry import Registry

__all__ = ["ComparePage", "build_compare"]


class ComparePage(_Frozen):
    """The data of the ``/compare`` page and of its JSON twins.

    ``standard`` is card ``a``'s standard; ``alternatives`` are the cards of
    both occupations in it, to compare with instead.
    """

    a: CardItem
    b: CardItem
    standard: StandardRef
    same_card: bool
    comparison: CardComparison
    alternatives: tuple[CardItem, ...] = ()


@one_read
def build_compare(
    registry: Registry, a: str, b: str, *, standard: str | None = None
) -> ComparePage:
    """Build the comparison page of two cards given by ID.

    Args:
        registry: The registry.
        a: The "from" card ID, e.g. ``2635-3-001@4``.
        b: The "to" card ID, e.g. ``2635-3-001@5``; the same ID as ``a`` is
            allowed (nothing differs).
        standard: The standard (key) of both cards. Without one, ``a`` is
            looked up in every standard and ``b`` first in ``a``'s standard.

    Returns:
        The page data.

    Raises:
        InvalidInput: A card ID or ``standard`` is malformed.
        NotFound: A card (or ``standard``) does not exist.
    """
    check_standard_key(standard)
    first = find_card(registry, a.strip(), standard=standard)
    second = _find_near(registry, b.strip(), first, standard=standard)
    links = Links.of(registry)
    return ComparePage(
        a=links.card_of(first.standard, first.card),
        b=links.card_of(second.standard, second.card),
        standard=standard_ref(first.standard, first.document.standard),
        same_card=first.standard == second.standard and first.card.id == second.card.id,
        comparison=compare_cards(first.card, second.card),
        alternatives=_alternatives(links, first, second),
    )


def _find_near(
    registry: Registry, card_id: str, near: FoundCard, *, standard: str | None
) -> FoundCard:
    """Look ``card_id`` up in ``near``'s standard first (same language)."""
    if standard is None:
        try:
            return find_card(registry, card_id, standard=near.standard)
        except NotFound:
            pass
    return find_card(registry, card_id, standard=standard)


def _alternatives(links: Links, first: FoundCard, second: FoundCard) -> tuple[CardItem, ...]:
    """Every card of the two occupations in the first card's standard."""
    codes = {first.card.occupation_code, second.card.occupation_code}
    return tuple(links.card_item(c.summary) for c in first.cards if c.occupation_code in codes)
