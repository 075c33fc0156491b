"""Draft a qualification programme from a card: its theory blueprint and practical tasks.

The card says what a worker at its level must know and be able to do, per
labour function: the knowledge elements become the theory part (questions
drawn per function, :class:`~kasip.assessment.models.BlueprintRow`), the
tasks (or skills, in the 2023 layout) become practical tasks whose rubric
criteria are their skills. A methodologist may take the whole card, or some
of its labour functions, tasks or single skills ("for a whole card or for
some of its labour functions or skills": the Law on professional
qualifications). The draft keeps each element's ID and text, so that a newer
version of the standard shows what changed under it
(:func:`~kasip.assessment.currency.check_currency`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kasip.assessment.models import (
    BlueprintRow,
    Criterion,
    ElementRef,
    PracticalTask,
    Programme,
    ProgrammeRules,
)
from kasip.errors import InvalidInput
from kasip.model import Item, LabourFunction, ProfessionCard, Unit
from kasip.model.elements import display_text

__all__ = ["draft_programme"]


@dataclass
class _Picked:
    """What of one labour function the programme takes: units, each whole or some skills."""

    function: LabourFunction
    units: dict[str, set[str] | None] = field(
        default_factory=dict
    )  # unit id -> skill ids (None: all)


def _ref(element: Item | LabourFunction | Unit) -> ElementRef:
    return ElementRef(id=element.id, text=display_text(element))


def _pick(card: ProfessionCard, scope: Sequence[str]) -> list[_Picked]:
    """The functions and units ``scope`` names (every one when it is empty), in card order.

    Raises:
        InvalidInput: An ID that is no labour function, task or skill of the card.
    """
    picked = {f.id: _Picked(f) for f in card.functions}
    where: dict[str, tuple[str, str | None, str | None]] = {}  # id -> function, unit, skill
    for function in card.functions:
        where[function.id] = (function.id, None, None)
        for unit in function.tasks:
            where[unit.id] = (function.id, unit.id, None)
            for skill in unit.skills:
                where[skill.id] = (function.id, unit.id, skill.id)
    for element_id in scope or [f.id for f in card.functions]:
        if element_id not in where:
            raise InvalidInput(
                f"{element_id} is not a labour function, task or skill of the card {card.id}"
            )
        function_id, unit_id, skill_id = where[element_id]
        units = picked[function_id].units
        if unit_id is None:
            units.update(dict.fromkeys(u.id for u in picked[function_id].function.tasks))
        elif skill_id is None:
            units[unit_id] = None
        elif unit_id not in units or units[unit_id] is not None:
            chosen = units.setdefault(unit_id, set())
            assert chosen is not None
            chosen.add(skill_id)
    return [p for p in picked.values() if p.units]


def _units(picked: _Picked) -> Iterable[tuple[Unit, set[str] | None]]:
    for unit in picked.function.tasks:
        if unit.id in picked.units:
            yield unit, picked.units[unit.id]


def _theory(picked: list[_Picked], rules: ProgrammeRules) -> tuple[BlueprintRow, ...]:
    rows = []
    for part in picked:
        knowledge = {k.id: _ref(k) for unit, _ in _units(part) for k in unit.knowledge}
        if knowledge:
            count = max(
                rules.min_questions_per_function, rules.questions_per_knowledge * len(knowledge)
            )
            rows.append((part.function, tuple(knowledge.values()), count))
    total = sum(count for _, _, count in rows) or 1
    return tuple(
        BlueprintRow(function=_ref(f), knowledge=k, questions=n, weight=round(n / total, 4))
        for f, k, n in rows
    )


def _practice(picked: list[_Picked], rules: ProgrammeRules) -> tuple[PracticalTask, ...]:
    tasks = []
    for part in picked:
        for unit, skills in _units(part):
            chosen = [s for s in unit.skills if skills is None or s.id in skills]
            # A task without listed skills is judged on the task itself.
            criteria = [Criterion(element=_ref(s)) for s in chosen] or [
                Criterion(element=_ref(unit))
            ]
            tasks.append(
                PracticalTask(
                    unit=_ref(unit),
                    function_id=part.function.id,
                    criteria=tuple(criteria),
                    minutes=rules.minutes_per_task,
                )
            )
    return tuple(tasks)


def draft_programme(  # noqa: PLR0913
    card: ProfessionCard,
    *,
    standard: str,
    version: int,
    scope: Sequence[str] = (),
    rules: ProgrammeRules | None = None,
    title: str | None = None,
) -> Programme:
    """Draft the programme of ``card`` (of ``standard``'s ``version``) for ``scope``.

    Args:
        card: The card, as the registry holds it.
        standard: Its standard's key.
        version: The standard's version the card was read from.
        scope: IDs of labour functions, tasks or skills to assess; the whole card when empty.
        rules: The centre's numbers; :class:`ProgrammeRules`' defaults when None.
        title: The programme's title; by default the card's name and ID.

    Raises:
        InvalidInput: A scope ID that is not the card's, or a card with nothing to assess.

    Example:
        >>> from kasip.testing import make_card
        >>> card = make_card(level=5)
        >>> draft = draft_programme(card, standard="292-2019-05-30-kk", version=1)
        >>> draft.questions, len(draft.practice), draft.theory_minutes
        (2, 1, 3)
        >>> draft.practice[0].criteria[0].element.id
        '2635-3-001@5/f1/t1/s1'
    """
    rules = rules or ProgrammeRules()
    picked = _pick(card, list(dict.fromkeys(scope)))
    theory = _theory(picked, rules)
    practice = _practice(picked, rules)
    if not theory and not practice:
        raise InvalidInput(f"the card {card.id} lists no labour functions to assess")
    questions = sum(row.questions for row in theory)
    return Programme(
        title=title or f"{card.name} ({card.id})",
        standard=standard,
        version=version,
        card_id=card.id,
        card_name=card.name,
        level=card.level,
        scope=tuple(dict.fromkeys(scope)),
        theory=theory,
        practice=practice,
        rules=rules,
        theory_minutes=math.ceil(questions * rules.minutes_per_question),
    )
