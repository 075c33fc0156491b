"""Rate a card's elements and see the gaps per labour function.

Example:
    >>> from kasip.testing import make_card
    >>> card = make_card()
    >>> [e.id for e in card_elements(card)][:2]
    ['2635-3-001@6/f1/t1/s1', '2635-3-001@6/f1/t1/k1']
    >>> first = card_elements(card)[0].id
    >>> result = analyse(card, [ElementRating(element=first, rating="fully")])
    >>> (result.skills.fully, result.unrated[:1])
    (1, ('2635-3-001@6/f1/t1/k1',))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kasip.errors import InvalidInput
from kasip.gaps.models import (
    CardElement,
    ElementRating,
    FunctionGaps,
    GapAnalysis,
    RatedElement,
    Tally,
)
from kasip.model import LabourFunction, ProfessionCard
from kasip.model.elements import card_items, display_text

__all__ = ["analyse", "card_elements", "tally"]


def card_elements(card: ProfessionCard) -> list[CardElement]:
    """The card's skills and knowledge, in the card's order (task by task)."""
    return [
        CardElement(
            id=found.item.id,
            type=found.type,
            text=found.text,
            function_id=found.function.id,
            task_id=found.task.id,
            line=found.item.span.line_start,
        )
        for found in card_items(card)
    ]


def tally(elements: Iterable[RatedElement]) -> Tally:
    """Count the elements by rating."""
    ratings = [e.rating for e in elements]
    return Tally(
        total=len(ratings),
        fully=ratings.count("fully"),
        partly=ratings.count("partly"),
        not_yet=ratings.count("not-yet"),
        unrated=ratings.count(None),
    )


def analyse(card: ProfessionCard, ratings: Iterable[ElementRating]) -> GapAnalysis:
    """The card's elements with their ratings, and the gaps per labour function.

    Raises:
        InvalidInput: A rating names an element that is not a skill or
            knowledge element of this card, or names one twice.
    """
    given = _by_element(card, ratings)
    rated = [
        RatedElement(**e.model_dump(), rating=r.rating, evidence=r.evidence)
        if (r := given.get(e.id))
        else RatedElement(**e.model_dump())
        for e in card_elements(card)
    ]
    functions = tuple(
        _function_gaps(f, [e for e in rated if e.function_id == f.id]) for f in card.functions
    )
    skills = tally(e for e in rated if e.type == "skill")
    knowledge = tally(e for e in rated if e.type == "knowledge")
    return GapAnalysis(
        card_id=card.id,
        name=card.name,
        level=card.level,
        functions=functions,
        elements=tuple(rated),
        skills=skills,
        knowledge=knowledge,
        score=tally(rated).score,
        unrated=tuple(e.id for e in rated if e.rating is None),
    )


def _by_element(card: ProfessionCard, ratings: Iterable[ElementRating]) -> dict[str, ElementRating]:
    known = {e.id for e in card_elements(card)}
    found: dict[str, ElementRating] = {}
    for rating in ratings:
        if rating.element not in known:
            raise InvalidInput(
                f"{rating.element} is not a skill or knowledge element of card {card.id}"
            )
        if rating.element in found:
            raise InvalidInput(f"{rating.element} is rated twice")
        found[rating.element] = rating
    return found


def _function_gaps(function: LabourFunction, rated: Sequence[RatedElement]) -> FunctionGaps:
    return FunctionGaps(
        id=function.id,
        title=display_text(function),
        kind=function.kind,
        skills=tally(e for e in rated if e.type == "skill"),
        knowledge=tally(e for e in rated if e.type == "knowledge"),
        score=tally(rated).score,
        gaps=tuple(e for e in rated if e.is_gap),
    )
