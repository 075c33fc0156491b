"""A test drawn by a programme's blueprint, and its scoring: per labour function, then the verdict.

The theory part draws, for each labour function of the blueprint, as many
questions as the blueprint says from the bank's theory questions on that
function's knowledge elements (no question twice), in a shuffled order and
with each choice question's options shuffled; the same seed draws the same
test. Scoring is exact and all or nothing per question: a single choice is
right when the right option is chosen, a multiple choice when exactly the
right options are, a short answer when it is one of the accepted answers
(letter case, spaces and closing punctuation aside). The practical part is
scored by an assessor, criterion by criterion, up to each one's points. The
verdict follows the programme's rules: each part present must reach its pass
mark (:class:`~kasip.assessment.models.ProgrammeRules`).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kasip.assessment.models import Programme
from kasip.assessment.questions import THEORY_KINDS, Question
from kasip.errors import InvalidInput

__all__ = [
    "Answer",
    "Draw",
    "DrawnQuestion",
    "FunctionScore",
    "Result",
    "draw_test",
    "is_right",
    "score",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DrawnQuestion(_Frozen):
    """A question of a drawn test: the function it counts for, and its options' order as shown."""

    question_id: int
    function_id: str
    option_order: tuple[int, ...] = ()  # indexes of the question's options, in the order shown


class Draw(_Frozen):
    """A drawn theory test (see the module doc)."""

    seed: int
    questions: tuple[DrawnQuestion, ...]


class Answer(_Frozen):
    """A candidate's answer: chosen options (their indexes in the question) or a short text."""

    chosen: tuple[int, ...] = ()
    text: str = Field("", max_length=1000)


class FunctionScore(_Frozen):
    """Points earned of those possible for one labour function, in one part."""

    function_id: str
    part: Literal["theory", "practice"]
    earned: float
    possible: float


class Result(_Frozen):
    """Scores per labour function and part, each part's share, and the verdict."""

    functions: tuple[FunctionScore, ...]
    theory_percent: float | None  # None when the programme has no theory part
    practice_percent: float | None
    overall_percent: float
    passed: bool


def draw_test(programme: Programme, bank: Sequence[Question], *, seed: int) -> Draw:
    """Draw the theory test of ``programme`` from ``bank`` (the same ``seed``, the same test).

    Raises:
        InvalidInput: The bank has fewer questions on a function's knowledge than the
            blueprint asks (naming the function and both numbers).
    """
    rng = random.Random(seed)
    theory = sorted((q for q in bank if q.body.kind in THEORY_KINDS), key=lambda q: q.id)
    taken: set[int] = set()
    drawn: list[DrawnQuestion] = []
    for row in programme.theory:
        knowledge = {k.id for k in row.knowledge}
        fitting = [q for q in theory if q.id not in taken and knowledge & set(q.body.elements)]
        if len(fitting) < row.questions:
            raise InvalidInput(
                f"the bank has {len(fitting)} questions on the knowledge of {row.function.id};"
                f" the blueprint asks {row.questions}"
            )
        for question in rng.sample(fitting, row.questions):
            taken.add(question.id)
            order = list(range(len(question.body.options)))
            rng.shuffle(order)
            drawn.append(
                DrawnQuestion(
                    question_id=question.id, function_id=row.function.id, option_order=tuple(order)
                )
            )
    rng.shuffle(drawn)
    return Draw(seed=seed, questions=tuple(drawn))


def _normal(text: str) -> str:
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.rstrip(" .,;:!?")


def is_right(question: Question, answer: Answer | None) -> bool:
    """Whether ``answer`` earns ``question``'s points (all or nothing; see the module doc)."""
    if answer is None:
        return False
    body = question.body
    if body.kind == "short":
        return _normal(answer.text) in {_normal(a) for a in body.answers}
    right = {n for n, option in enumerate(body.options) if option.correct}
    chosen = set(answer.chosen)
    return chosen == right if body.kind == "multiple" else len(chosen) == 1 and chosen <= right


def _percent(scores: Sequence[FunctionScore]) -> float | None:
    possible = sum(s.possible for s in scores)
    return round(100 * sum(s.earned for s in scores) / possible, 2) if possible else None


def score(
    programme: Programme,
    draw: Draw,
    bank: Mapping[int, Question],
    answers: Mapping[int, Answer],
    rubric_points: Mapping[tuple[str, str], int] | None = None,
) -> Result:
    """Score a candidate's answers (by question ID) and an assessor's rubric points
    (by practical task and criterion element ID; a criterion not scored earns 0).

    Raises:
        InvalidInput: A drawn question is not in ``bank``, or rubric points above a
            criterion's most.
    """
    theory: dict[str, list[float]] = {row.function.id: [0.0, 0.0] for row in programme.theory}
    for drawn in draw.questions:
        question = bank.get(drawn.question_id)
        if question is None:
            raise InvalidInput(f"question {drawn.question_id} of the test is not in the bank")
        sums = theory[drawn.function_id]
        sums[1] += question.body.points
        sums[0] += question.body.points if is_right(question, answers.get(drawn.question_id)) else 0
    practice: dict[str, list[float]] = {}
    given = rubric_points or {}
    for task in programme.practice:
        sums = practice.setdefault(task.function_id, [0.0, 0.0])
        for criterion in task.criteria:
            points = given.get((task.unit.id, criterion.element.id), 0)
            if not 0 <= points <= criterion.max_points:
                raise InvalidInput(
                    f"{criterion.element.id} is scored 0 to {criterion.max_points}, not {points}"
                )
            sums[0] += points
            sums[1] += criterion.max_points
    functions = [
        FunctionScore(function_id=f, part="theory", earned=e, possible=p)
        for f, (e, p) in theory.items()
    ]
    functions += [
        FunctionScore(function_id=f, part="practice", earned=e, possible=p)
        for f, (e, p) in practice.items()
    ]
    theory_percent = _percent([s for s in functions if s.part == "theory"])
    practice_percent = _percent([s for s in functions if s.part == "practice"])
    rules = programme.rules
    parts = [
        (theory_percent, rules.theory_weight, rules.theory_pass_percent),
        (practice_percent, rules.practice_weight, rules.practice_pass_percent),
    ]
    present = [(percent, weight, mark) for percent, weight, mark in parts if percent is not None]
    weights = sum(weight for _, weight, _ in present) or 1.0
    overall = sum(percent * weight for percent, weight, _ in present) / weights
    return Result(
        functions=tuple(functions),
        theory_percent=theory_percent,
        practice_percent=practice_percent,
        overall_percent=round(overall, 2),
        passed=bool(present) and all(percent >= mark for percent, _, mark in present),
    )
