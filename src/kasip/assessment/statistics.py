"""A programme's statistics for its methodologists: pass rate, item difficulty and discrimination.

Over every attempt whose theory test is over:

- **Difficulty** of a question (classical test theory's *p*-value): the share of
  the candidates who drew it and got it right. Near 1 is easy, near 0 hard.
- **Discrimination**: the corrected point-biserial correlation between getting
  the question right and the candidate's score on the rest of the test (the
  question itself left out, so it does not correlate with itself). Near 0 or
  below: the question does not tell the stronger candidates from the weaker;
  a reviewer looks at it first. None while fewer than two candidates drew it,
  or when all of them answered it alike.
- **Pass rate**: the share of attempts with a verdict whose verdict (the one
  that stands) is a pass.

Questions are those the attempts drew (their copy as shown), so the figures
hold even after the bank is edited.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, select

from kasip.assessment.attempts import read_answers
from kasip.assessment.questions import Question, QuestionKind
from kasip.assessment.scoring import is_right
from kasip.assessment.sheets import AttemptBody
from kasip.formats.tables import table_csv, table_xlsx
from kasip.store.schema import attempts

__all__ = [
    "ITEM_COLUMNS",
    "ItemStatistics",
    "ProgrammeStatistics",
    "programme_statistics",
    "statistics_csv",
    "statistics_xlsx",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemStatistics(_Frozen):
    """One question's figures over the attempts that drew it."""

    question_id: int
    function_id: str
    kind: QuestionKind
    stem_kk: str
    stem_ru: str
    drawn: int
    right: int
    difficulty: float | None  # the share right
    discrimination: float | None  # corrected point-biserial correlation


class ProgrammeStatistics(_Frozen):
    """A programme's attempts, verdicts and pass rate, and its questions' figures."""

    programme_id: int
    attempts: int  # whose theory test is over
    verdicts: int
    passed: int
    pass_rate: float | None
    mean_theory_percent: float | None
    items: tuple[ItemStatistics, ...]


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:  # a correlation needs two points
        return None
    try:
        return round(statistics.correlation(xs, ys), 3)
    except statistics.StatisticsError:  # one of them constant
        return None


def _item(question: Question, function_id: str, marks: list[tuple[int, float]]) -> ItemStatistics:
    """``marks``: for each attempt that drew ``question``, (1 if right else 0, rest's percent)."""
    right = sum(mark for mark, _ in marks)
    body = question.body
    return ItemStatistics(
        question_id=question.id,
        function_id=function_id,
        kind=body.kind,
        stem_kk=body.stem_kk,
        stem_ru=body.stem_ru,
        drawn=len(marks),
        right=right,
        difficulty=round(right / len(marks), 3) if marks else None,
        discrimination=_correlation([m for m, _ in marks], [rest for _, rest in marks]),
    )


def programme_statistics(engine: Engine, programme_id: int) -> ProgrammeStatistics:
    """The statistics of programme ``programme_id`` (see the module doc)."""
    query = select(attempts).where(attempts.c.programme_id == programme_id).order_by(attempts.c.id)
    marks: dict[int, list[tuple[int, float]]] = defaultdict(list)
    shown: dict[int, tuple[Question, str]] = {}
    theory_percents: list[float] = []
    verdicts = passed = 0
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        for row in rows:
            body = AttemptBody.model_validate_json(row.body_json)
            if body.verdicts:
                verdicts += 1
                passed += body.verdicts[-1].result.passed
            if body.theory_finished_at is None or not body.draw.questions:
                continue
            answers = read_answers(conn, row.id)
            questions = {q.id: q for q in body.questions}
            points = {q.id: q.body.points for q in body.questions}
            got = {qid: is_right(q, answers.get(qid)) for qid, q in questions.items()}
            possible = sum(points.values())
            earned = sum(points[qid] for qid, right in got.items() if right)
            theory_percents.append(100 * earned / possible)
            for drawn in body.draw.questions:
                qid = drawn.question_id
                shown.setdefault(qid, (questions[qid], drawn.function_id))
                rest_possible = possible - points[qid]
                rest = earned - (points[qid] if got[qid] else 0)
                marks[qid].append(
                    (int(got[qid]), 100 * rest / rest_possible if rest_possible else 0)
                )
    items = tuple(
        _item(q, function_id, marks[qid]) for qid, (q, function_id) in sorted(shown.items())
    )
    return ProgrammeStatistics(
        programme_id=programme_id,
        attempts=len(theory_percents),
        verdicts=verdicts,
        passed=passed,
        pass_rate=round(passed / verdicts, 3) if verdicts else None,
        mean_theory_percent=round(statistics.fmean(theory_percents), 2)
        if theory_percents
        else None,
        items=items,
    )


ITEM_COLUMNS = tuple(ItemStatistics.model_fields)
_SUMMARY = ("programme_id", "attempts", "verdicts", "passed", "pass_rate", "mean_theory_percent")


def statistics_csv(found: ProgrammeStatistics) -> bytes:
    """The questions' figures as CSV, one row per question."""
    return table_csv(ITEM_COLUMNS, [item.model_dump() for item in found.items])


def statistics_xlsx(found: ProgrammeStatistics) -> bytes:
    """The statistics as an XLSX workbook: a ``summary`` sheet and an ``items`` sheet."""
    summary = found.model_dump()
    items = [[item.model_dump()[c] for c in ITEM_COLUMNS] for item in found.items]
    return table_xlsx({
        "summary": (("figure", "value"), [(name, summary[name]) for name in _SUMMARY]),
        "items": (ITEM_COLUMNS, items),
    })  # fmt: skip
