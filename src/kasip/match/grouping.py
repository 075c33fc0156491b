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
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["Group", "by_occupation"]


@dataclass(frozen=True, slots=True)
class Group:
    """An occupation of a ranking: the places of its cards, the one to show first,
    and the places of the best cards of its copies in other standards
    (:mod:`kasip.match.twins`), best first."""

    places: list[int]
    copies: list[int] = field(default_factory=list)


def by_occupation(
    order: Sequence[int],
    occupation: NDArray[np.int32],
    fits: Callable[[int], bool] | None = None,
    *,
    limit: int | None = None,
    copies_of: Callable[[int], NDArray[np.bool_]] | None = None,
) -> list[Group]:
    """The places of ``order`` grouped by the occupation of their cards.

    Args:
        order: Cards, best first.
        occupation: Per card, its occupation
            (:func:`kasip.match.distinctive.card_occupations`).
        fits: Whether a card's level is the one the text asks for; an
            occupation's first fitting card then leads its group.
        limit: The most occupations to give (the best ones); all when None.
        copies_of: Per card, whether a card is of the occupation of the card
            asked about or of another standard's copy of it
            (:meth:`kasip.match.index.MatchIndex.copies_of`): a copy is the
            same answer, and is given with the occupation it copies instead
            of as an occupation of its own.

    Returns:
        Per occupation, in the order of its best card: the places in ``order``
        of its cards, the one to show first, and of its copies' best cards.

    At 700 standards ``order`` holds some 10,000 cards and a text asks for
    five occupations: the groups are found with array operations, not a
    Python loop over every card (which took a sixth of a match's time).

    Example:
        >>> order = [7, 3, 9, 4, 1]
        >>> occupations = np.array([2, 2, 2, 0, 0, 2, 2, 0, 2, 1], dtype=np.int32)
        >>> [g.places for g in by_occupation(order, occupations)]
        [[0, 1, 3], [2], [4]]
        >>> [g.places for g in by_occupation(order, occupations, fits=lambda card: card == 4)]
        [[3, 0, 1], [2], [4]]
        >>> [g.places for g in by_occupation(order, occupations, limit=2)]
        [[0, 1, 3], [2]]
        >>> copied = lambda card: np.isin(occupations, [0, 1] if occupations[card] < 2 else [2])
        >>> by_occupation(order, occupations, copies_of=copied)  # 1 is a copy of 0
        [Group(places=[0, 1, 3], copies=[2]), Group(places=[4], copies=[])]
    """
    cards = np.asarray(order, dtype=np.intp)
    of_place = occupation[cards]
    # Each occupation's first place, best first, and the card there.
    _, firsts = np.unique(of_place, return_index=True)
    firsts = np.sort(firsts)
    heads = cards[firsts]
    taken = np.zeros(len(firsts), dtype=bool)
    groups: list[Group] = []
    while limit is None or len(groups) < limit:
        free = np.flatnonzero(~taken)
        if not len(free):
            break
        first = int(free[0])
        taken[first] = True
        copies: list[int] = []
        if copies_of is not None:
            found = np.flatnonzero(~taken & copies_of(int(heads[first]))[heads])
            taken[found] = True
            copies = firsts[found].tolist()
        places = np.flatnonzero(of_place == of_place[firsts[first]]).tolist()
        if fits is not None:
            places = _fitting_first(places, order, fits)
        groups.append(Group(places, copies))
    return groups


def _fitting_first(
    places: list[int], order: Sequence[int], fits: Callable[[int], bool]
) -> list[int]:
    first = next((p for p in places if fits(order[p])), None)
    if first is None:
        return places
    return [first, *(p for p in places if p != first)]
