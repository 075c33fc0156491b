"""One match per occupation, each with its other cards (issue 10, items 3 and 7).

An occupation often has cards at several levels (a social work specialist at
levels 4, 5 and 6) whose duties overlap, so a text that fits one fits them all,
nearly as well: ranked card by card, the first three places went to one
occupation's levels (2634-9-004 three times for the penitentiary stories)
and crowded out the neighbouring occupations a reader should weigh. The
confidence is the occupation's anyway (:func:`kasip.match.engine.confidence`
reads the lead over *another* occupation), so the second card of an
occupation said nothing the first did not. The ranking is therefore read one
occupation at a time: its best card is the match, shown at the level the text
asks for when it says (:mod:`kasip.match.level`), and its other cards follow
it, in the order of their evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["by_occupation"]


def by_occupation(
    order: Sequence[int],
    occupation: Callable[[int], int],
    fits: Callable[[int], bool] | None = None,
) -> list[list[int]]:
    """The places of ``order`` grouped by the occupation of their cards.

    Args:
        order: Cards, best first.
        occupation: A card's occupation (:func:`kasip.match.distinctive.card_occupations`).
        fits: Whether a card's level is the one the text asks for; an
            occupation's first fitting card then leads its group.

    Returns:
        Per occupation, in the order of its best card: the places in ``order``
        of its cards, the one to show first.

    Example:
        >>> order = [7, 3, 9, 4, 1]
        >>> occupations = {7: 0, 3: 0, 9: 1, 4: 0, 1: 2}
        >>> by_occupation(order, occupations.__getitem__)
        [[0, 1, 3], [2], [4]]
        >>> by_occupation(order, occupations.__getitem__, fits=lambda card: card == 4)
        [[3, 0, 1], [2], [4]]
    """
    groups: dict[int, list[int]] = {}
    for place, card in enumerate(order):
        groups.setdefault(occupation(card), []).append(place)
    if fits is None:
        return list(groups.values())
    return [_fitting_first(places, order, fits) for places in groups.values()]


def _fitting_first(
    places: list[int], order: Sequence[int], fits: Callable[[int], bool]
) -> list[int]:
    first = next((p for p in places if fits(order[p])), None)
    if first is None:
        return places
    return [first, *(p for p in places if p != first)]
