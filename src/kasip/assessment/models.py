"""A qualification programme: what an assessment against a card checks, and by what rules.

Under the Law "On professional qualifications" (No 14-VIII of 04.07.2023) a
recognition centre assesses a candidate against the requirements of a
professional standard, for a whole card or for some of its labour functions or
skills, with a theoretical and a practical part. A programme records which
standard version and which elements it was built from; its numbers (how many
questions, pass marks, time limits, retakes) are the centre's choice, with the
defaults of :class:`ProgrammeRules`, which no law sets.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "BlueprintRow",
    "Criterion",
    "ElementRef",
    "PracticalTask",
    "Programme",
    "ProgrammeRules",
    "StoredProgramme",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProgrammeRules(_Frozen):
    """The numbers of a programme: the centre's choice; these defaults are kasip's, not law."""

    questions_per_knowledge: int = Field(
        1, ge=1, le=10, description="Theory questions drawn per knowledge element."
    )
    min_questions_per_function: int = Field(
        2, ge=1, le=50, description="At least this many per labour function."
    )
    theory_pass_percent: int = Field(
        70, ge=1, le=100, description="The share of theory points that passes."
    )
    practice_pass_percent: int = Field(
        70, ge=1, le=100, description="The share of rubric points that passes."
    )
    theory_weight: float = Field(
        0.4, ge=0, le=1, description="The theory part's weight in the overall score."
    )
    minutes_per_question: float = Field(
        1.5, gt=0, le=30, description="Time allowed per theory question."
    )
    minutes_per_task: int = Field(30, ge=1, le=480, description="Time allowed per practical task.")
    max_attempts: int = Field(3, ge=1, le=10, description="Attempts a candidate has.")
    retake_after_days: int = Field(30, ge=0, le=365, description="Days to wait before a retake.")
    appeal_days: int = Field(
        10, ge=0, le=90, description="Days after the verdict in which a candidate may appeal."
    )
    certificate_years: int | None = Field(
        None,
        ge=1,
        le=50,
        description="Years a certificate of this programme is valid; none: no end.",
    )
    answer_grace_seconds: int = Field(
        5,
        ge=0,
        le=120,
        description="Seconds after the theory deadline in which an answer sent in time is kept.",
    )

    @property
    def practice_weight(self) -> float:
        return round(1 - self.theory_weight, 6)


class ElementRef(_Frozen):
    """An element of the standard a programme is built from: its stable ID and text then."""

    id: str
    text: str


class BlueprintRow(_Frozen):
    """Theory questions for one labour function: drawn from its knowledge elements."""

    function: ElementRef
    knowledge: tuple[ElementRef, ...]
    questions: int = Field(ge=0)
    weight: float = Field(ge=0, le=1, description="The function's share of the theory questions.")


class Criterion(_Frozen):
    """A rubric criterion of a practical task: one skill, scored 0 (not shown) to max_points."""

    element: ElementRef
    max_points: int = Field(2, ge=1, le=10)


class PracticalTask(_Frozen):
    """A practical task: one task (or skill) of the card, judged by its criteria."""

    unit: ElementRef
    function_id: str
    criteria: tuple[Criterion, ...]
    minutes: int = Field(ge=1)


class Programme(_Frozen):
    """A qualification programme drafted from a card (:func:`~kasip.assessment.draft_programme`)."""

    title: str
    standard: str  # the standard's key
    version: int  # the version it was built from
    card_id: str
    card_name: str
    level: int | None
    scope: tuple[str, ...]  # the element IDs picked; () for the whole card
    theory: tuple[BlueprintRow, ...]
    practice: tuple[PracticalTask, ...]
    rules: ProgrammeRules
    theory_minutes: int = Field(ge=0)

    @property
    def questions(self) -> int:
        return sum(row.questions for row in self.theory)

    def element_ids(self) -> tuple[str, ...]:
        """Every element the programme draws on, in order."""
        ids: list[str] = []
        for row in self.theory:
            ids += [row.function.id, *(k.id for k in row.knowledge)]
        for task in self.practice:
            ids += [task.unit.id, *(c.element.id for c in task.criteria)]
        return tuple(dict.fromkeys(ids))

    @model_validator(mode="after")
    def _has_parts(self) -> Programme:
        if not self.theory and not self.practice:
            raise ValueError("a programme needs a theory or a practical part")
        return self


class StoredProgramme(_Frozen):
    """A programme as the registry keeps it."""

    id: int
    programme: Programme
    created_by: str
    created_at: str
