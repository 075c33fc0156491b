"""The types of curriculum alignment: a programme read from a file, the links its
learning outcomes make to card elements, and the coverage report built from them.

Every type is a frozen pydantic model, so a saved alignment (the next round of
issue 14: stored alignments a methodologist confirms) is these models as JSON.
A link keeps what a reader needs to trace it: the outcome (its number, module
and the place in the file it was read from) and the element's ID.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kasip.match.elements import ElementKind, LinkRule
from kasip.model import FrozenModel

__all__ = [
    "AlignedCard",
    "AlignmentReport",
    "CardCoverage",
    "CoverageShares",
    "CoveredBy",
    "EducationalProgramme",
    "ElementCoverage",
    "FunctionCoverage",
    "Link",
    "LinkRule",
    "LinkStatus",
    "MatrixRow",
    "Outcome",
    "TargetType",
]

# proposed: made by kasip; confirmed / rejected: a methodologist's verdict on a
# proposed link; added: a link the methodologist made that kasip did not propose.
LinkStatus = Literal["proposed", "confirmed", "rejected", "added"]
# What a learning outcome is aligned with: a card's skills and its knowledge
# (issue 14: "% of skills and of knowledge covered").
TargetType = ElementKind  # the card elements a programme is aligned to


class Outcome(FrozenModel):
    """One learning outcome of a programme, as read from its file.

    ``number`` is its 1-based position among the programme's outcomes (what a
    link names); ``place`` where it stands in the file (``row 7``, ``table 1,
    row 3``, ``paragraph 12``).
    """

    number: int = Field(ge=1)
    module: str
    text: str
    place: str
    code: str = ""


class EducationalProgramme(FrozenModel):
    """An educational programme: its modules' learning outcomes, in file order."""

    source: str
    outcomes: tuple[Outcome, ...]

    @property
    def modules(self) -> tuple[str, ...]:
        """The modules (disciplines), each once, in the order they first appear."""
        return tuple(dict.fromkeys(o.module for o in self.outcomes))


class Link(FrozenModel):
    """A learning outcome said to cover a card element, with the matcher's score.

    ``score`` is the similarity in [0, 1] (:mod:`kasip.curriculum.mapping`);
    an ``added`` link has the score it would have had.
    """

    outcome: int = Field(ge=1)  # Outcome.number
    card: str
    element: str
    type: TargetType
    score: float = Field(ge=0.0, le=1.0)
    status: LinkStatus = "proposed"

    @property
    def counts(self) -> bool:
        """Whether the link counts for coverage: every status but ``rejected``."""
        return self.status != "rejected"


class CoveredBy(FrozenModel):
    """An outcome that covers an element: its text, number, module and the link's score."""

    outcome: str
    number: int
    module: str
    score: float
    status: LinkStatus


class ElementCoverage(FrozenModel):
    """A skill or knowledge element of a card and the outcomes that cover it."""

    id: str
    type: TargetType
    function: str
    text: str
    line: int  # where the element starts in the standard's source text
    covered_by: tuple[CoveredBy, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


class CoverageShares(FrozenModel):
    """Shares in [0, 1] of the skills and of the knowledge covered (0 when there are none)."""

    skills: float
    knowledge: float


class FunctionCoverage(FrozenModel):
    """A labour function's coverage, its elements' counts beside it."""

    id: str
    title: str
    coverage: CoverageShares
    skills: int
    knowledge: int
    uncovered: tuple[str, ...]


class CardCoverage(FrozenModel):
    """One chosen card: its coverage, every skill and knowledge element, the uncovered ones."""

    card: str
    standard: str
    name: str
    coverage: CoverageShares
    functions: tuple[FunctionCoverage, ...]
    elements: tuple[ElementCoverage, ...]
    uncovered: tuple[str, ...]


class MatrixRow(FrozenModel):
    """A module's row of the coverage matrix: per labour function (by ID), the share
    of the function's skills and knowledge that the module's outcomes cover."""

    module: str
    cells: dict[str, float]


class AlignmentReport(FrozenModel):
    """What aligning a programme with cards tells: coverage per card and function,
    the outcomes that cover nothing, and the modules × labour functions matrix."""

    source: str
    rule: LinkRule
    cards: tuple[CardCoverage, ...]
    unmapped: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    links: tuple[Link, ...]


class AlignedCard(FrozenModel):
    """A card an alignment is made against: the standard and the version it was read from."""

    standard: str
    version: int
    card_id: str
    name: str
