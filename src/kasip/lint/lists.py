"""Layout rules of the labour functions: skills and knowledge, numbering, repeats.

Every labour function of a card must say what a worker can do and must know
(at least one skill and one knowledge item, the form's "Умения"/"Знания"
columns). Functions, tasks and list items are numbered from 1 without gaps or
repeats; an item repeated word for word in two functions of one card is
usually a copy left in a draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kasip import model as m
from kasip.lint.findings import N_
from kasip.lint.place import Locator
from kasip.model.vocabulary import LayoutRule

__all__ = ["check_function_lists", "check_numbering", "check_repeats"]

_SPACE_RE = re.compile(r"\s+")


def _shared(function: m.LabourFunction, units: dict[str, m.Unit]) -> Iterable[m.Unit]:
    """The units whose items count for ``function``: its own, and those it shares with."""
    for unit in function.tasks:
        yield unit
        if unit.shares_items_with is not None and unit.shares_items_with in units:
            yield units[unit.shares_items_with]


def check_function_lists(card: m.ProfessionCard, at: Locator) -> None:
    """Each labour function has at least one skill and one knowledge item."""
    units = {unit.id: unit for function in card.functions for unit in function.tasks}
    for function in card.functions:
        own = list(_shared(function, units))
        skills = [i for u in own for i in u.skills]
        knowledge = [i for u in own for i in u.knowledge]
        values = {"function": _title(function.title), "card": card.id}
        span = function.title_span or function.span
        if not skills:
            at.add(
                "layout-function-without-skills",
                "warning",
                span,
                N_("labour function “%(function)s” of card %(card)s has no skills"),
                values,
                element_id=function.id,
                expected="at least one skill",
            )
        if not knowledge:
            at.add(
                "layout-function-without-knowledge",
                "warning",
                span,
                N_("labour function “%(function)s” of card %(card)s has no knowledge items"),
                values,
                element_id=function.id,
                expected="at least one knowledge item",
            )


def check_numbering(card: m.ProfessionCard, at: Locator) -> None:
    """Functions (per kind), tasks and items numbered 1, 2, 3, ... as typed."""
    for kind in ("mandatory", "additional"):
        functions = [f for f in card.functions if f.kind == kind]
        _check_sequence([(f.number, f.span, f.id) for f in functions], N_("labour functions"), at)
    for function in card.functions:
        _check_sequence([(u.number, u.span, u.id) for u in function.tasks], N_("tasks"), at)
        for unit in function.tasks:
            for items in (unit.skills, unit.knowledge):
                _check_sequence(
                    [(_item_number(i), i.span, i.id) for i in items], N_("list items"), at
                )


def _item_number(item: m.Item) -> int | None:
    number = item.number or ""
    return int(number) if number.isdigit() else None


def _check_sequence(
    entries: Sequence[tuple[int | None, m.SourceSpan, str]], what: str, at: Locator
) -> None:
    """Gaps (``3`` after ``1``, a list opening at ``2``) and repeats of typed numbers."""
    previous: int | None = None
    seen: set[int] = set()
    for number, span, element_id in entries:
        if number is None:
            continue
        problem = _sequence_problem(number, previous, seen)
        if problem is not None:
            rule, message, expected = problem
            at.add(
                rule,
                "warning",
                span,
                message,
                {"what": what, "number": number, "previous": previous or 0},
                translated=("what",),
                element_id=element_id,
                expected=expected,
                found=str(number),
            )
        seen.add(number)
        previous = number


def _sequence_problem(
    number: int, previous: int | None, seen: set[int]
) -> tuple[LayoutRule, str, str] | None:
    """The rule a typed number breaks after ``previous``, its message and what was expected."""
    if number in seen:
        return "layout-numbering-duplicate", N_("%(what)s: number %(number)s is written twice"), ""
    if previous is None and number != 1:
        return "layout-numbering-gap", N_("%(what)s: numbering starts at %(number)s"), "1"
    if previous is not None and number > previous + 1:
        message = N_("%(what)s: number %(number)s follows %(previous)s")
        return "layout-numbering-gap", message, str(previous + 1)
    return None


def _normal(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip(" .;:,").casefold()


def _title(text: str, width: int = 60) -> str:
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def check_repeats(card: m.ProfessionCard, at: Locator) -> None:
    """An item written word for word in two labour functions of the card."""
    first_seen: dict[tuple[str, str], m.LabourFunction] = {}
    for function in card.functions:
        for unit in function.tasks:
            for kind, items in (("skill", unit.skills), ("knowledge", unit.knowledge)):
                for item in items:
                    key = (kind, _normal(item.text))
                    if not key[1]:
                        continue
                    earlier = first_seen.setdefault(key, function)
                    if earlier.id == function.id:
                        continue
                    at.add(
                        "layout-item-repeated",
                        "info",
                        item.span,
                        N_("item “%(item)s” is also in labour function “%(function)s”"),
                        {"item": _title(item.text), "function": _title(earlier.title)},
                        element_id=item.id,
                        found=item.text,
                    )
