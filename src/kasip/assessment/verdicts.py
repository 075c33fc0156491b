"""Verdicts: the assessor's rubric points, the result, appeals and re-assessment.

The centre (an admin or a methodologist) assigns an assessor to an attempt;
that assessor alone scores its practical part, criterion by criterion, once
the theory test is over. Then the attempt is scored per labour function and
its verdict given by the programme's pass marks
(:func:`~kasip.assessment.scoring.score`). Within the programme's days for
appeals the candidate may appeal against the verdict; the centre decides. An
upheld appeal is a re-assessment: the practical part is scored again (by the
assessor then assigned, who may be another) to a new verdict, or, for a
programme with a theory part only, the candidate gets a retake that uses none
of their attempts and needs no waiting. Every verdict is kept, the last one
stands; every change is audited with what it was before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, update

from kasip.accounts import audit
from kasip.assessment.attempts import (
    get_attempt,
    lock_attempt,
    read_answers,
    timestamp,
)
from kasip.assessment.models import Programme
from kasip.assessment.programmes import read_programme
from kasip.assessment.scoring import score
from kasip.assessment.sheets import (
    MAX_NOTE,
    Appeal,
    Attempt,
    AttemptBody,
    AttemptState,
    RubricScore,
    Verdict,
)
from kasip.errors import Conflict, Forbidden, InvalidInput
from kasip.store.db import writing
from kasip.store.schema import attempts

__all__ = ["appeal", "assign_assessor", "decide_appeal", "score_practice"]


def _note(text: str, *, needed: bool) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_NOTE or (needed and not text):
        raise InvalidInput(f"give the reason (1 to {MAX_NOTE} characters)")
    return text


def _save(
    conn: Connection,
    row: Row[Any],
    body: AttemptBody,
    state: AttemptState,
    at: datetime,
    **columns: Any,
) -> None:
    conn.execute(
        update(attempts)
        .where(attempts.c.id == row.id)
        .values(state=state, body_json=body.model_dump_json(), updated_at=timestamp(at), **columns)
    )


def _summary(body: AttemptBody, state: str) -> dict[str, Any]:
    """What the audit log keeps of an attempt's standing: its state, points and verdict."""
    verdict = body.verdicts[-1] if body.verdicts else None
    return {
        "state": state,
        "rubric": [s.model_dump() for s in body.rubric],
        "overall_percent": verdict.result.overall_percent if verdict else None,
        "passed": verdict.result.passed if verdict else None,
    }


def assign_assessor(
    engine: Engine, attempt_id: int, assessor: str, *, by: str, now: datetime
) -> Attempt:
    """Make ``assessor`` (an assessor's login, checked by the caller) the attempt's assessor.

    Raises:
        NotFound: No such attempt.
        Conflict: Its verdict stands (only an upheld appeal opens it again).
    """
    with writing(engine, standards=()) as conn:
        row = lock_attempt(conn, attempt_id)
        if row.state in ("scored", "appealed"):
            raise Conflict(f"attempt {attempt_id} is {row.state}: no assessor to assign")
        body = AttemptBody.model_validate_json(row.body_json)
        _save(conn, row, body, row.state, now, assessor=assessor)
        audit.record(
            conn,
            actor=by,
            action="attempt.assessor",
            subject=f"attempt:{attempt_id}",
            before={"assessor": row.assessor},
            after={"assessor": assessor},
        )
    return get_attempt(engine, attempt_id, now=now)


def _points(programme: Programme, scores: Sequence[RubricScore]) -> dict[tuple[str, str], int]:
    """The rubric points by (task, criterion): every criterion of the programme, once."""
    expected = {
        (task.unit.id, c.element.id): c.max_points
        for task in programme.practice
        for c in task.criteria
    }
    given: dict[tuple[str, str], int] = {}
    for s in scores:
        key = (s.task, s.criterion)
        if key not in expected:
            raise InvalidInput(f"{s.task} has no criterion {s.criterion} in this programme")
        if key in given:
            raise InvalidInput(f"{s.criterion} of {s.task} is scored twice")
        if s.points > expected[key]:
            raise InvalidInput(f"{s.criterion} is scored 0 to {expected[key]}, not {s.points}")
        given[key] = s.points
    missing = [
        f"{task}/{criterion}" for task, criterion in expected if (task, criterion) not in given
    ]
    if missing:
        raise InvalidInput(f"score every criterion; not scored: {', '.join(missing)}")
    return given


def score_practice(  # noqa: PLR0913
    engine: Engine,
    attempt_id: int,
    assessor: str,
    scores: Sequence[RubricScore],
    *,
    note: str = "",
    now: datetime,
) -> Attempt:
    """The attempt's assessor scores its practical part; the verdict follows.

    Raises:
        NotFound: No such attempt.
        Forbidden: ``assessor`` is not the attempt's assessor.
        Conflict: The attempt does not wait for scoring.
        InvalidInput: A criterion unknown, scored twice, over its points or not scored.
    """
    note = _note(note, needed=False)
    with writing(engine, standards=()) as conn:
        row = lock_attempt(conn, attempt_id)
        if row.assessor != assessor:
            raise Forbidden(f"attempt {attempt_id} is not assigned to {assessor}")
        if row.state != "awaiting-scoring":
            raise Conflict(f"attempt {attempt_id} is {row.state}, not awaiting scoring")
        programme = read_programme(conn, row.programme_id)
        body = AttemptBody.model_validate_json(row.body_json)
        points = _points(programme, scores)
        bank = {q.id: q for q in body.questions}
        result = score(programme, body.draw, bank, read_answers(conn, attempt_id), points)
        verdict = Verdict(result=result, by=assessor, at=timestamp(now), note=note)
        after = body.model_copy(
            update={"rubric": tuple(scores), "verdicts": (*body.verdicts, verdict)}
        )
        _save(conn, row, after, "scored", now)
        audit.record(
            conn,
            actor=assessor,
            action="attempt.verdict",
            subject=f"attempt:{attempt_id}",
            before=_summary(body, row.state),
            after=_summary(after, "scored"),
        )
    return get_attempt(engine, attempt_id, now=now)


def appeal(
    engine: Engine, attempt_id: int, candidate: str, reason: str, *, now: datetime
) -> Attempt:
    """``candidate`` appeals against their attempt's verdict, within the programme's days;
    once per verdict (a verdict given after an upheld appeal may be appealed again).

    Raises:
        NotFound: No such attempt of theirs.
        Conflict: No verdict to appeal against, one appeal undecided, or too late.
        InvalidInput: No reason.
    """
    reason = _note(reason, needed=True)
    with writing(engine, standards=()) as conn:
        nothing = f"attempt {attempt_id} has no verdict standing to appeal against"
        row = lock_attempt(conn, attempt_id, candidate=candidate, state="scored", refusal=nothing)
        body = AttemptBody.model_validate_json(row.body_json)
        standing = body.verdicts[-1]
        if any(a.at >= standing.at for a in body.appeals):
            raise Conflict(f"the verdict of attempt {attempt_id} was appealed already")
        days = read_programme(conn, row.programme_id).rules.appeal_days
        until = datetime.fromisoformat(standing.at) + timedelta(days=days)
        if now > until:
            raise Conflict(f"appeals against this verdict were open until {timestamp(until)}")
        after = body.model_copy(
            update={"appeals": (*body.appeals, Appeal(reason=reason, at=timestamp(now)))}
        )
        _save(conn, row, after, "appealed", now)
        audit.record(
            conn,
            actor=candidate,
            action="attempt.appeal",
            subject=f"attempt:{attempt_id}",
            before={"state": row.state},
            after={"state": "appealed", "reason": reason},
        )
    return get_attempt(engine, attempt_id, now=now)


def decide_appeal(  # noqa: PLR0913
    engine: Engine, attempt_id: int, *, by: str, upheld: bool, note: str, now: datetime
) -> Attempt:
    """The centre decides the attempt's appeal: upheld (re-assessment) or rejected.

    Raises:
        NotFound: No such attempt.
        Conflict: It has no appeal undecided.
        InvalidInput: No reason given for the decision.
    """
    note = _note(note, needed=True)
    with writing(engine, standards=()) as conn:
        row = lock_attempt(conn, attempt_id)
        if row.state != "appealed":
            raise Conflict(f"attempt {attempt_id} has no appeal to decide")
        body = AttemptBody.model_validate_json(row.body_json)
        programme = read_programme(conn, row.programme_id)
        decided = body.appeals[-1].model_copy(
            update={
                "decision": "upheld" if upheld else "rejected",
                "decided_by": by,
                "decided_at": timestamp(now),
                "note": note,
            }
        )
        state: AttemptState = "awaiting-scoring" if upheld and programme.practice else "scored"
        after = body.model_copy(
            update={
                "appeals": (*body.appeals[:-1], decided),
                "free_retake": body.free_retake or (upheld and not programme.practice),
            }
        )
        _save(conn, row, after, state, now)
        audit.record(
            conn,
            actor=by,
            action="attempt.appeal-decision",
            subject=f"attempt:{attempt_id}",
            before={"state": row.state},
            after={"state": state, "decision": decided.decision, "note": note},
        )
    return get_attempt(engine, attempt_id, now=now)
