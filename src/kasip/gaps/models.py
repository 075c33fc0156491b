"""What a gap analysis is made of: a card's skills and knowledge, rated, per labour function.

A worker (or their manager) rates each skill and knowledge element of a card
``not-yet``, ``partly`` or ``fully``, with optional evidence; an element left
unrated counts as a gap of its own kind (``unrated``), so that nothing the card
asks for drops out of the plan unnoticed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kasip.model import FrozenModel

__all__ = [
    "RATINGS",
    "CardElement",
    "ElementRating",
    "FunctionGaps",
    "GapAnalysis",
    "ItemType",
    "RatedElement",
    "Rating",
    "Tally",
]

Rating = Literal["not-yet", "partly", "fully"]
RATINGS: tuple[Rating, ...] = ("not-yet", "partly", "fully")
ItemType = Literal["skill", "knowledge"]


class ElementRating(FrozenModel):
    """One element's rating, as given (the ratings file's row, or a form's field)."""

    element: str
    rating: Rating | None = None
    evidence: str = Field(default="", max_length=2000)


class CardElement(FrozenModel):
    """A skill or knowledge element of a card, with the function and task it belongs to."""

    id: str
    type: ItemType
    text: str
    function_id: str
    task_id: str
    line: int  # where the element stands in the standard's text (1-based)


class RatedElement(CardElement):
    rating: Rating | None = None
    evidence: str = ""

    @property
    def is_gap(self) -> bool:
        """Anything short of ``fully`` is a gap, an unrated element included."""
        return self.rating != "fully"


class Tally(FrozenModel):
    """How many elements are rated how; ``score`` counts ``partly`` as half."""

    total: int = 0
    fully: int = 0
    partly: int = 0
    not_yet: int = 0
    unrated: int = 0

    @property
    def score(self) -> float:
        """The share of the elements mastered, in [0, 1] (1 for none to master)."""
        if not self.total:
            return 1.0
        return round((self.fully + 0.5 * self.partly) / self.total, 3)


class FunctionGaps(FrozenModel):
    """One labour function: its elements' tallies and its gaps, in the card's order."""

    id: str
    title: str
    kind: str  # "mandatory" or "additional" (the card's own word for it)
    skills: Tally
    knowledge: Tally
    score: float
    gaps: tuple[RatedElement, ...]


class GapAnalysis(FrozenModel):
    """A card's elements as rated: per labour function, and in all."""

    card_id: str
    name: str
    level: int | None
    functions: tuple[FunctionGaps, ...]
    elements: tuple[RatedElement, ...]  # every element, rated or not, in the card's order
    skills: Tally
    knowledge: Tally
    score: float
    unrated: tuple[str, ...]  # the IDs of elements nobody rated

    @property
    def gaps(self) -> tuple[RatedElement, ...]:
        """Every gap, function by function."""
        return tuple(g for f in self.functions for g in f.gaps)
