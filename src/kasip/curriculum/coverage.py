"""Coverage of cards by a programme's links (docs/curriculum.md, "The report").

A skill or knowledge element is covered when at least one link to it counts
(any status but ``rejected``). A card's and a labour function's coverage are
the shares of their skills and of their knowledge that are covered, in
[0, 1]; a card or function with no knowledge (or no skills) has 0 for it.
The matrix gives, per module and labour function, the share of the
function's skills and knowledge together that the module's outcomes cover.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kasip.curriculum.models import (
    AlignmentReport,
    CardCoverage,
    CoverageShares,
    CoveredBy,
    EducationalProgramme,
    ElementCoverage,
    FunctionCoverage,
    Link,
    LinkRule,
    MatrixRow,
    TargetType,
)
from kasip.model import ProfessionCard
from kasip.model.elements import card_items, display_text

__all__ = ["Target", "build_report", "card_targets"]


@dataclass(frozen=True, slots=True)
class Target:
    """A skill or knowledge element of a card, with its labour function."""

    element: str
    type: TargetType
    function: str
    text: str
    line: int


def card_targets(card: ProfessionCard) -> list[Target]:
    """Every skill and knowledge element of ``card``, in the card's order."""
    return [
        Target(i.item.id, i.type, i.function.id, i.text, i.item.span.line_start)
        for i in card_items(card)
    ]


def _share(covered: int, total: int) -> float:
    return round(covered / total, 4) if total else 0.0


def _coverage(elements: Sequence[ElementCoverage]) -> CoverageShares:
    skills = [e for e in elements if e.type == "skill"]
    knowledge = [e for e in elements if e.type == "knowledge"]
    return CoverageShares(
        skills=_share(sum(e.covered for e in skills), len(skills)),
        knowledge=_share(sum(e.covered for e in knowledge), len(knowledge)),
    )


def _card(
    standard: str, card: ProfessionCard, by_element: dict[str, list[CoveredBy]]
) -> CardCoverage:
    elements = [
        ElementCoverage(
            id=t.element,
            type=t.type,
            function=t.function,
            text=t.text,
            line=t.line,
            covered_by=tuple(sorted(by_element.get(t.element, ()), key=lambda c: -c.score)),
        )
        for t in card_targets(card)
    ]
    functions = []
    for function in card.functions:
        own = [e for e in elements if e.function == function.id]
        functions.append(
            FunctionCoverage(
                id=function.id,
                title=display_text(function),
                coverage=_coverage(own),
                skills=sum(e.type == "skill" for e in own),
                knowledge=sum(e.type == "knowledge" for e in own),
                uncovered=tuple(e.id for e in own if not e.covered),
            )
        )
    return CardCoverage(
        card=card.id,
        standard=standard,
        name=card.name,
        coverage=_coverage(elements),
        functions=tuple(functions),
        elements=tuple(elements),
        uncovered=tuple(e.id for e in elements if not e.covered),
    )


def _matrix(
    programme: EducationalProgramme, cards: Sequence[CardCoverage], counted: Sequence[Link]
) -> tuple[MatrixRow, ...]:
    module_of = {o.number: o.module for o in programme.outcomes}
    covered: dict[str, set[str]] = defaultdict(set)  # module -> elements its outcomes cover
    for link in counted:
        covered[module_of[link.outcome]].add(link.element)
    rows = []
    for module in programme.modules:
        cells = {}
        for card in cards:
            for function in card.functions:
                ids = [e.id for e in card.elements if e.function == function.id]
                cells[function.id] = _share(len(covered[module].intersection(ids)), len(ids))
        rows.append(MatrixRow(module=module, cells=cells))
    return tuple(rows)


def build_report(
    programme: EducationalProgramme,
    cards: Sequence[tuple[str, ProfessionCard]],
    links: Sequence[Link],
    *,
    rule: LinkRule,
) -> AlignmentReport:
    """The coverage report of ``programme`` against ``cards`` (pairs of standard key
    and card) from ``links`` (proposed, or as a methodologist left them).

    Raises:
        ValueError: A link names an outcome the programme does not have.
    """
    outcomes = {o.number: o for o in programme.outcomes}
    # A kept link may name an element a newer version of the card no longer has:
    # it covers nothing there.
    known = {t.element for _, card in cards for t in card_targets(card)}
    counted = [link for link in links if link.counts and link.element in known]
    by_element: dict[str, list[CoveredBy]] = defaultdict(list)
    for link in counted:
        outcome = outcomes.get(link.outcome)
        if outcome is None:
            raise ValueError(f"a link names outcome {link.outcome}, which the programme lacks")
        by_element[link.element].append(
            CoveredBy(
                outcome=outcome.text,
                number=outcome.number,
                module=outcome.module,
                score=link.score,
                status=link.status,
            )
        )
    covered = [_card(standard, card, by_element) for standard, card in cards]
    linked = {link.outcome for link in counted}
    return AlignmentReport(
        source=programme.source,
        rule=rule,
        cards=tuple(covered),
        unmapped=tuple(o.text for o in programme.outcomes if o.number not in linked),
        matrix=_matrix(programme, covered, counted),
        links=tuple(links),
    )
