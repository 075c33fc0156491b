"""An individual development plan: each gap, an action to close it and a date.

The plan takes the gaps of a :class:`~kasip.gaps.models.GapAnalysis` function
by function, the card's mandatory labour functions first, knowledge before
skills within each (what to learn, then what to practise), and spreads the
functions over the plan's months: the gaps of the first function are due
first. Each gap gets a default action and the evidence that would show it is
closed, by its type and how far it is from ``fully``; an HR user or the
worker changes any of them (``choices``).

Example:
    >>> from datetime import date
    >>> from kasip.testing import make_card
    >>> from kasip.gaps.analysis import analyse
    >>> plan = build_plan(analyse(make_card(), []), start=date(2027, 1, 15), months=6, lang="en")
    >>> [(i.element_id, i.target.isoformat()) for i in plan.items][:1]
    [('2635-3-001@6/f1/t1/k1', '2027-07-15')]
    >>> plan.items[0].action
    'Study it (a course or self-study), then a check by the mentor'
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from datetime import date

from pydantic import Field

from kasip.gaps.models import FunctionGaps, GapAnalysis, ItemType, RatedElement, Rating
from kasip.i18n import translations
from kasip.model import FrozenModel

__all__ = ["MAX_MONTHS", "DevelopmentPlan", "PlanChoice", "PlanItem", "add_months", "build_plan"]

MAX_MONTHS = 60


class PlanChoice(FrozenModel):
    """What a user set for one gap instead of the defaults (blank: the default)."""

    action: str = Field(default="", max_length=1000)
    target: date | None = None


class PlanItem(FrozenModel):
    number: int
    element_id: str
    type: ItemType
    text: str
    function_id: str
    function_title: str
    rating: Rating | None
    action: str
    evidence: str  # what would show the gap is closed
    target: date


class DevelopmentPlan(FrozenModel):
    card_id: str
    name: str
    level: int | None
    start: date
    months: int
    items: tuple[PlanItem, ...]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (the month's last day when it has fewer days).

    >>> add_months(date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def build_plan(
    analysis: GapAnalysis,
    *,
    start: date,
    months: int = 12,
    lang: str = "ru",
    choices: Mapping[str, PlanChoice] | None = None,
) -> DevelopmentPlan:
    """The development plan of ``analysis``'s gaps, from ``start`` over ``months``.

    Raises:
        ValueError: ``months`` is not between 1 and :data:`MAX_MONTHS`.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"a plan runs 1 to {MAX_MONTHS} months, not {months}")
    functions = sorted(
        (f for f in analysis.functions if f.gaps),
        key=lambda f: f.kind != "mandatory",  # stable: the card's order within each kind
    )
    gettext = translations(lang).gettext
    items: list[PlanItem] = []
    for position, function in enumerate(functions, start=1):
        due = add_months(start, -(-months * position // len(functions)))
        for gap in _in_order(function):
            choice = (choices or {}).get(gap.id, PlanChoice())
            items.append(
                PlanItem(
                    number=len(items) + 1,
                    element_id=gap.id,
                    type=gap.type,
                    text=gap.text,
                    function_id=function.id,
                    function_title=function.title,
                    rating=gap.rating,
                    action=choice.action.strip() or _action(gap, gettext),
                    evidence=_evidence(gap.type, gettext),
                    target=choice.target or due,
                )
            )
    return DevelopmentPlan(
        card_id=analysis.card_id,
        name=analysis.name,
        level=analysis.level,
        start=start,
        months=months,
        items=tuple(items),
    )


def _in_order(function: FunctionGaps) -> list[RatedElement]:
    return sorted(function.gaps, key=lambda g: g.type != "knowledge")


def _action(gap: RatedElement, gettext: Callable[[str], str]) -> str:
    if gap.type == "knowledge":
        if gap.rating == "partly":
            return gettext("Fill in what is missing by self-study, then a check by the mentor")
        return gettext("Study it (a course or self-study), then a check by the mentor")
    if gap.rating == "partly":
        return gettext("Practise it at work with the mentor's feedback")
    return gettext("Training with practice under a mentor's supervision")


def _evidence(kind: ItemType, gettext: Callable[[str], str]) -> str:
    if kind == "knowledge":
        return gettext("A test or an interview")
    return gettext("Work done, observed by the mentor")
