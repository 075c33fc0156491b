"""The frozen types of editions: the shared identity, the pairs, the parity report."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from kasip.model import FrozenModel, FunctionKind, Language

__all__ = [
    "DIFFERENCE_KINDS",
    "CardPair",
    "CardSide",
    "Difference",
    "DifferenceKind",
    "EditionDate",
    "EditionGroup",
    "EditionPairing",
    "EditionRef",
    "ElementPair",
    "ElementSide",
    "PairedBy",
    "PairedType",
    "ParityCounts",
    "ParityReport",
    "SideCounts",
]

# How two elements were paired: by card ID, then (within the gaps the ID pairs
# leave) by occupation code, by level, by printed number, by position; or not.
PairedBy = Literal["id", "code", "level", "number", "position", "unpaired"]
PairedType = Literal["function", "task", "skill", "knowledge"]
DifferenceKind = Literal[
    "card-missing",
    "function-missing",
    "task-missing",
    "code-differs",
    "level-differs",
    "sublevels-differ",
    "kind-differs",
    "number-differs",
    "count-differs",
    "order-differs",
    "effective-date-differs",
]
DIFFERENCE_KINDS: tuple[DifferenceKind, ...] = get_args(DifferenceKind)


class EditionDate(FrozenModel):
    """When an edition's compared version took effect, as the registry records it.

    ``basis``: ``entered`` (confirmed by a person), ``order`` (proposed from
    the order's date) or ``unknown``. Only the registry knows it: a file has
    no date to compare.
    """

    on: str | None
    basis: Literal["entered", "order", "unknown"]


class EditionGroup(FrozenModel):
    """What the editions of one standard share: the approving order and its annex.

    ``key`` is the standard key without its language (``292-2019-05-30``,
    ``222-2022-12-05-annex-4``); two texts are editions of one standard when
    their groups' keys are equal and their languages differ.
    """

    key: str
    order_number: str
    order_date: str
    annex: str | None = None


class EditionRef(FrozenModel):
    """One of the two texts compared: its language, title and source."""

    language: Language
    title: str
    group: EditionGroup | None
    source_name: str
    source_sha256: str


class ElementSide(FrozenModel):
    """An element on one side of a pair: its ID, printed number, text and source lines.

    ``position`` is its place among its parent's elements of its type, from 1.
    """

    id: str
    position: int = Field(ge=1)
    number: str | None = None
    # A labour function's kind (mandatory / additional); None for other elements.
    kind: FunctionKind | None = None
    text: str
    line: int
    line_end: int


class ElementPair(FrozenModel):
    """A labour function, task, skill or knowledge item of one edition and its counterpart.

    ``a`` or ``b`` is ``None`` when the element has no counterpart
    (``paired_by == "unpaired"``). ``children`` are the pairs inside it: a
    function's tasks, a task's skills then its knowledge.
    """

    type: PairedType
    a: ElementSide | None
    b: ElementSide | None
    paired_by: PairedBy
    children: tuple[ElementPair, ...] = ()


class CardSide(FrozenModel):
    """A card on one side of a pair; ``position`` is its place in its text, from 1."""

    id: str
    position: int = Field(ge=1)
    code: str | None
    code_as_written: str
    level: int | None
    sublevels: tuple[str, ...] = ()
    name: str
    line: int
    line_end: int


class CardPair(FrozenModel):
    """A card of one edition and its counterpart, with their paired labour functions."""

    a: CardSide | None
    b: CardSide | None
    paired_by: PairedBy
    functions: tuple[ElementPair, ...] = ()

    @property
    def id(self) -> str:
        """The pair's card ID: edition ``a``'s, else ``b``'s."""
        side = self.a or self.b
        assert side is not None
        return side.id


class EditionPairing(FrozenModel):
    """Two editions of one standard, their cards and elements paired."""

    a: EditionRef
    b: EditionRef
    cards: tuple[CardPair, ...]

    def card(self, card_id: str, *, side: Literal["a", "b"] = "a") -> CardPair | None:
        """The pair holding the card ``card_id`` of edition ``side``, if any."""
        for pair in self.cards:
            own = pair.a if side == "a" else pair.b
            if own is not None and own.id == card_id:
                return pair
        return None


class Difference(FrozenModel):
    """One difference between the editions.

    ``card`` is the card pair's ID (``None`` for the standard as a whole);
    ``a`` and ``b`` the element on each side (``None`` where it is missing);
    ``a_value`` / ``b_value`` what differs (codes, levels, counts) as text.
    """

    kind: DifferenceKind
    card: str | None
    type: Literal["standard", "card", "function", "task", "skill", "knowledge"]
    a: ElementSide | None
    b: ElementSide | None
    a_value: str | None = None
    b_value: str | None = None
    message: str


class SideCounts(FrozenModel):
    """How many elements of each type one edition has."""

    cards: int = 0
    functions: int = 0
    tasks: int = 0
    skills: int = 0
    knowledge: int = 0


class ParityCounts(FrozenModel):
    """What was compared: each edition's counts, and the pairs made."""

    a: SideCounts
    b: SideCounts
    card_pairs: int
    element_pairs: int
    differences: int


class ParityReport(FrozenModel):
    """Every difference between two editions of one standard, in document order."""

    a: EditionRef
    b: EditionRef
    counts: ParityCounts
    differences: tuple[Difference, ...]

    @property
    def has_differences(self) -> bool:
        """True when the editions differ in anything the check compares."""
        return bool(self.differences)
