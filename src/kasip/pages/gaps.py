"""The gap analysis of a card from the registry: ratings, next level, development plan.

:func:`build_gaps` reads the card (and its occupation's card one level up, in
the same version of the standard) and makes what the web page, its JSON twin,
the API, the PDF and ``kasip gap`` show; the analysis itself is
:mod:`kasip.gaps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from kasip.gaps import analysis as gap_analysis
from kasip.gaps.models import ElementRating, GapAnalysis
from kasip.gaps.next_level import NextLevel, next_level
from kasip.gaps.plan import DevelopmentPlan, PlanChoice, build_plan
from kasip.gaps.prefill import Suggestion, suggest_ratings
from kasip.model import FrozenModel, ProfessionCard
from kasip.model.elements import display_text
from kasip.pages.lookup import FoundCard, find_card
from kasip.registry import Registry

__all__ = ["GapPage", "TaskRef", "build_gaps"]


class TaskRef(FrozenModel):
    """A task of the card, as the rating form groups the elements under it."""

    id: str
    function_id: str
    title: str


class GapPage(FrozenModel):
    """A card's gap analysis, what its next level adds, and the plan to close the gaps."""

    standard: str
    version: int
    standard_title: str
    lang: str
    analysis: GapAnalysis
    tasks: tuple[TaskRef, ...]
    next_level: NextLevel | None
    plan: DevelopmentPlan
    # Elements whose rating was suggested from a CV or self-description, to confirm.
    suggested: tuple[Suggestion, ...] = ()


def build_gaps(  # noqa: PLR0913
    registry: Registry,
    card_id: str,
    ratings: Sequence[ElementRating],
    *,
    standard: str | None = None,
    start: date | None = None,
    months: int = 12,
    lang: str = "ru",
    choices: Mapping[str, PlanChoice] | None = None,
    text: str = "",
) -> GapPage:
    """The gap analysis of ``card_id`` (latest version of its standard) for ``ratings``.

    With ``text`` (a CV, a self-description), the elements it speaks of and
    ``ratings`` leaves unrated are suggested ``partly``
    (:func:`kasip.gaps.prefill.suggest_ratings`), to be confirmed.

    Raises:
        InvalidInput: A malformed card ID, or a rating of an element not of the card.
        NotFound: No such card or standard.
        ValueError: ``months`` out of range.
    """
    found = find_card(registry, card_id, standard=standard)
    rated = {r.element for r in ratings if r.rating is not None}
    suggested = _suggestions(registry, found, text, rated=rated)
    taken = {s.element for s in suggested}
    kept = [r for r in ratings if r.element not in taken]
    analysis = gap_analysis.analyse(found.card, [*kept, *(s.rating() for s in suggested)])
    higher = _next_card(registry, found)
    return GapPage(
        standard=found.standard,
        version=found.version,
        standard_title=found.document.standard.title,
        lang=lang,
        analysis=analysis,
        tasks=tuple(
            TaskRef(id=task.id, function_id=function.id, title=display_text(task))
            for function in found.card.functions
            for task in function.tasks
        ),
        next_level=next_level(found.card, higher) if higher is not None else None,
        plan=build_plan(
            analysis, start=start or date.today(), months=months, lang=lang, choices=choices
        ),
        suggested=tuple(suggested),
    )


def _suggestions(
    registry: Registry, found: FoundCard, text: str, *, rated: set[str]
) -> list[Suggestion]:
    """What ``text`` suggests for the card's elements not ``rated`` yet."""
    if not text.strip():
        return []
    index = registry.match_index()
    suggested = suggest_ratings(text, index, standard=found.standard, card_id=found.card.id)
    return [s for s in suggested if s.element not in rated]


def _next_card(registry: Registry, found: FoundCard) -> ProfessionCard | None:
    """The occupation's card at the next level above, in the same version."""
    level = found.card.level
    if level is None:
        return None
    above = [
        c.summary
        for c in found.cards
        if c.occupation_code == found.card.occupation_code
        and c.summary.level is not None
        and c.summary.level > level
    ]
    if not above:
        return None
    nearest = min(above, key=lambda s: (s.level or 0, s.card_id))
    return find_card(registry, nearest.card_id, standard=found.standard, version=found.version).card
