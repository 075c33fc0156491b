"""A card held by both language editions of its order is one match (issue 15, item 6).

Matching scores every card of the index, so the Kazakh and the Russian text of
one order each score their copy of a card: a Russian vacancy meets the Russian
card word for word and the Kazakh one through the lexicon. The ranking then
keeps each card once, at the place of its better edition, whose evidence
total and confidence it takes (:func:`one_per_card`); it is shown in the
edition of the language asked for (the page's, else the text's) when the
registry holds it there (:func:`shown_position`), and its evidence is, per
sentence, the better of the two editions' (:func:`merge_evidence`), each
naming its edition. Which standards are editions of one order:
:mod:`kasip.search.editions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kasip.match.index import MatchIndex
from kasip.match.models import Evidence

__all__ = ["merge_evidence", "one_per_card", "shown_position"]


def one_per_card(order: Sequence[int], editions: Mapping[int, tuple[int, ...]]) -> list[int]:
    """``order`` (best first) with each card's other editions left out after its first.

    Example:
        >>> one_per_card([3, 0, 2, 1], {0: (3,), 3: (0,)})
        [3, 2, 1]
    """
    dropped: set[int] = set()
    kept: list[int] = []
    for card in order:
        if card not in dropped:
            kept.append(card)
            dropped.update(editions.get(card, ()))
    return kept


def shown_position(card: int, index: MatchIndex, languages: Iterable[str | None]) -> int:
    """The edition of ``card`` to show: the first of ``languages`` the registry holds it in.

    ``card`` (the edition that fits better) when none of them holds it.
    """
    positions = (card, *index.card_editions.get(card, ()))
    for language in languages:
        for position in positions:
            if language is not None and index.cards[position].lang == language:
                return position
    return card


def merge_evidence(found: Iterable[Sequence[Evidence]], most: int) -> tuple[Evidence, ...]:
    """Per sentence, the best evidence among the editions', best first, at most ``most``.

    An edition listed first wins a tie (the one that fits better comes first).
    """
    best: dict[int, Evidence] = {}
    for evidence in found:
        for item in evidence:
            held = best.get(item.sentence_index)
            if held is None or item.score > held.score:
                best[item.sentence_index] = item
    ranked = sorted(best.values(), key=lambda e: (-e.score, e.sentence_index))
    return tuple(ranked[:most])
