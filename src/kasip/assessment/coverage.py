"""Which elements of a programme the question bank does not cover yet.

Each knowledge element of the programme's theory part needs a theory question
(single, multiple or short) naming it, and each criterion of its practical
tasks (a skill, or the task itself) a practical task naming it or its task: a
bank without them cannot draw the programme's blueprint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kasip.assessment.models import Programme
from kasip.assessment.questions import THEORY_KINDS, Question

__all__ = ["Coverage", "CoveredElement", "coverage"]


class CoveredElement(BaseModel):
    """An element of the programme and how many questions of the bank check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    part: Literal["theory", "practice"]
    questions: int


class Coverage(BaseModel):
    """A programme's elements with their questions; ``missing`` are those with none."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    elements: tuple[CoveredElement, ...]

    @property
    def missing(self) -> tuple[CoveredElement, ...]:
        return tuple(e for e in self.elements if not e.questions)


def coverage(programme: Programme, bank: Sequence[Question]) -> Coverage:
    """Count the questions of ``bank`` for each element of ``programme``."""
    theory: Counter[str] = Counter()
    practice: Counter[str] = Counter()
    for question in bank:
        if question.body.card_id == programme.card_id:
            counts = theory if question.body.kind in THEORY_KINDS else practice
            counts.update(set(question.body.elements))
    found = [
        CoveredElement(id=k.id, text=k.text, part="theory", questions=theory[k.id])
        for row in programme.theory
        for k in row.knowledge
    ]
    for task in programme.practice:
        for criterion in task.criteria:
            element = criterion.element
            # A practical task written for the whole task covers each of its skills.
            count = practice[element.id] + (
                practice[task.unit.id] if element.id != task.unit.id else 0
            )
            found.append(
                CoveredElement(id=element.id, text=element.text, part="practice", questions=count)
            )
    return Coverage(elements=tuple(found))
