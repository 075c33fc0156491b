"""What the next level of the career ladder adds to a card.

The occupation's card one qualification level up (same occupation code, the
next level the standard has) is compared with the worker's card
(:func:`kasip.compare.cards.compare_cards`): the skills and knowledge it adds,
or words differently (a "changed" element asks for more than its counterpart),
are what the worker would have to master next.

Example:
    >>> from kasip.testing import make_card, make_function, make_task
    >>> def card(level, skills):
    ...     task = make_task(skills=skills)
    ...     return make_card(level=level, functions=[make_function(tasks=[task])])
    >>> low, high = card(5, ["талдау"]), card(6, ["талдау", "бағалау жүргізу"])
    >>> [(a.id, a.text, a.status) for a in next_level(low, high).adds]
    [('2635-3-001@6/f1/t1/s2', 'бағалау жүргізу', 'added')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kasip.compare.cards import FunctionChange, compare_cards
from kasip.compare.diff import TextChange
from kasip.gaps.models import ItemType
from kasip.model import FrozenModel, ProfessionCard

__all__ = ["Addition", "NextLevel", "next_card", "next_level"]


class Addition(FrozenModel):
    """An element of the next level's card that the worker's card lacks or asks less of."""

    id: str
    type: ItemType
    text: str
    status: str  # "added" or "changed"
    function_id: str | None
    function_title: str


class NextLevel(FrozenModel):
    card_id: str
    name: str
    level: int | None
    adds: tuple[Addition, ...]


def next_card(card: ProfessionCard, cards: Sequence[ProfessionCard]) -> ProfessionCard | None:
    """The card of the same occupation at the next level above ``card``'s, if any."""
    if card.level is None:
        return None
    above = [
        c
        for c in cards
        if c.occupation_code == card.occupation_code
        and c.level is not None
        and c.level > card.level
    ]
    return min(above, key=lambda c: (c.level, c.id), default=None)


def next_level(card: ProfessionCard, higher: ProfessionCard) -> NextLevel:
    """What ``higher`` adds to ``card``, in ``higher``'s order."""
    comparison = compare_cards(card, higher)
    adds = tuple(a for f in comparison.functions for a in _function_adds(f))
    return NextLevel(card_id=higher.id, name=higher.name, level=higher.level, adds=adds)


def _function_adds(function: FunctionChange) -> Iterator[Addition]:
    title = function.title.new or ""
    for task in function.tasks:
        items: tuple[tuple[ItemType, tuple[TextChange, ...]], ...] = (
            ("skill", task.skills),
            ("knowledge", task.knowledge),
        )
        for kind, changes in items:
            for change in changes:
                if change.status in ("added", "changed") and change.new_id and change.new:
                    yield Addition(
                        id=change.new_id,
                        type=kind,
                        text=change.new,
                        status=change.status,
                        function_id=function.new_id,
                        function_title=title,
                    )
