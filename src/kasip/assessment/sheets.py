"""What an attempt at a programme holds, as kept and as each person sees it.

An attempt keeps a copy of the questions it drew (the bank may be edited while
the candidate sits the test; the attempt is scored on what they were shown),
the assessor's rubric points, every verdict given (the last one stands; an
upheld appeal adds a new one) and the appeals. A candidate's test sheet shows
each question in their order, options shuffled and numbered as shown, never
which are right.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kasip.assessment.questions import Question, QuestionKind
from kasip.assessment.scoring import Answer, Draw, FunctionScore, Result

__all__ = [
    "ATTEMPT_STATES",
    "MAX_NOTE",
    "Appeal",
    "Attempt",
    "AttemptBody",
    "AttemptState",
    "GivenAnswer",
    "RubricScore",
    "SavedAnswer",
    "SheetOption",
    "SheetQuestion",
    "TestSheet",
    "Verdict",
    "as_given",
    "as_kept",
]

# in-progress: the theory test is open (until its deadline); awaiting-scoring:
# the assessor scores the practical part; scored: a verdict stands;
# appealed: the candidate appealed against it, undecided yet.
AttemptState = Literal["in-progress", "awaiting-scoring", "scored", "appealed"]
ATTEMPT_STATES: tuple[AttemptState, ...] = ("in-progress", "awaiting-scoring", "scored", "appealed")
MAX_NOTE = 2000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RubricScore(_Frozen):
    """An assessor's points for one criterion of one practical task."""

    task: str = Field(max_length=200, description="The practical task's element ID.")
    criterion: str = Field(max_length=200, description="The criterion's (skill's) element ID.")
    points: int = Field(ge=0, le=10)


class Verdict(_Frozen):
    """A result given: by the assessor who scored the practice, or by kasip on theory alone."""

    result: Result
    by: str
    at: str
    note: str = Field("", max_length=MAX_NOTE)


class Appeal(_Frozen):
    """A candidate's appeal against a verdict, and its decision once made."""

    reason: str = Field(max_length=MAX_NOTE)
    at: str
    decision: Literal["upheld", "rejected"] | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    note: str = Field("", max_length=MAX_NOTE)


class AttemptBody(_Frozen):
    """The JSON an attempt's row keeps (see the module doc)."""

    draw: Draw
    questions: tuple[Question, ...]
    theory: tuple[FunctionScore, ...] = ()  # once the theory test is over
    theory_percent: float | None = None
    theory_finished_at: str | None = None
    rubric: tuple[RubricScore, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    appeals: tuple[Appeal, ...] = ()
    free_retake: bool = False  # an upheld appeal on a theory-only programme


class Attempt(_Frozen):
    """An attempt as its candidate, its assessor and the centre's staff see it."""

    id: int
    application_id: int
    programme_id: int
    candidate: str
    number: int
    state: AttemptState
    assessor: str | None
    started_at: str
    deadline: str
    theory_finished_at: str | None
    questions: int = Field(description="Theory questions drawn.")
    answered: int = Field(description="Of them, answered (an empty answer does not count).")
    theory: tuple[FunctionScore, ...]
    theory_percent: float | None
    rubric: tuple[RubricScore, ...]
    verdict: Verdict | None = Field(description="The verdict that stands, if any.")
    verdicts: tuple[Verdict, ...] = Field(description="Every verdict given, oldest first.")
    appeals: tuple[Appeal, ...]
    free_retake: bool


class SheetOption(_Frozen):
    """An option as shown: its place in the shuffled order and its text."""

    position: int
    kk: str
    ru: str


class GivenAnswer(_Frozen):
    """An answer as the candidate gives it: options by their shown positions, or a text."""

    chosen: tuple[int, ...] = Field((), max_length=12)
    text: str = Field("", max_length=1000)


class SheetQuestion(_Frozen):
    """A question of the test as the candidate sees it, with their answer so far."""

    question_id: int
    function_id: str
    kind: QuestionKind
    points: int
    stem_kk: str
    stem_ru: str
    options: tuple[SheetOption, ...]
    answer: GivenAnswer | None


class TestSheet(_Frozen):
    """The candidate's theory test: its questions, their answers, and the time left."""

    attempt_id: int
    state: AttemptState
    deadline: str
    seconds_left: int
    questions: tuple[SheetQuestion, ...]


class SavedAnswer(_Frozen):
    """An answer kept: when, and the time left then."""

    question_id: int
    saved_at: str
    seconds_left: int


def as_kept(question: Question, given: GivenAnswer, order: tuple[int, ...]) -> Answer:
    """``given`` (positions as shown) as kept: the options' own indexes in the question."""
    return Answer(chosen=tuple(sorted(order[p] for p in given.chosen)), text=given.text)


def as_given(answer: Answer, order: tuple[int, ...]) -> GivenAnswer:
    """A kept answer as the candidate gave it: options by their shown positions."""
    shown = {index: position for position, index in enumerate(order)}
    return GivenAnswer(chosen=tuple(sorted(shown[i] for i in answer.chosen)), text=answer.text)
