"""Candidates' attempts at a programme: the timed theory test, by the server's clock.

An admitted candidate (eligible, or admitted by an assessor's exception)
starts an attempt: the theory test is drawn by the blueprint
(:func:`~kasip.assessment.scoring.draw_test`) and its deadline set from the
programme's time limit, by the server's clock (never the browser's). Each
answer is kept as it is given, so a lost connection loses nothing and the test
resumes where it was; an answer that arrives after the deadline (and the
programme's few seconds of grace for one sent in time) is refused. The test
ends when the candidate submits it or when its time is up, whichever comes
first: then the theory part is scored per labour function, and the attempt
waits for the assessor's rubric points (:mod:`~kasip.assessment.verdicts`) or,
for a programme with no practical part, gets its verdict at once.

A candidate has the programme's number of attempts, each after the last one's
verdict and the programme's days of waiting; none after a pass. Every start,
end and verdict is audited. Writers of one attempt take turns (its row is
locked), so an answer is either kept before the test ends and counted, or
refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from kasip.accounts import audit
from kasip.assessment.applications import Application
from kasip.assessment.models import Programme, StoredProgramme
from kasip.assessment.programmes import read_programme
from kasip.assessment.questions import Question
from kasip.assessment.scoring import Answer, Draw, draw_test, score
from kasip.assessment.sheets import (
    Attempt,
    AttemptBody,
    AttemptState,
    GivenAnswer,
    SavedAnswer,
    SheetOption,
    SheetQuestion,
    TestSheet,
    Verdict,
    as_given,
    as_kept,
)
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.store.db import writing
from kasip.store.schema import attempt_answers, attempts

__all__ = [
    "KASIP",
    "clock",
    "get_attempt",
    "list_attempts",
    "lock_attempt",
    "read_answers",
    "save_answer",
    "start_attempt",
    "submit_attempt",
    "theory_sheet",
    "timestamp",
    "to_attempt",
]

KASIP = "kasip"  # the actor of what the clock does: a test ended by its deadline
_ADMITTED = ("eligible", "exception")


def clock() -> datetime:
    """The server's time (the one clock every deadline is kept by)."""
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """``moment`` as kept: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _body(row: Row[Any]) -> AttemptBody:
    return AttemptBody.model_validate_json(row.body_json)


def to_attempt(row: Row[Any], answered: int) -> Attempt:
    """The attempt of ``row``, with how many questions are ``answered``."""
    body = _body(row)
    return Attempt(
        id=row.id,
        application_id=row.application_id,
        programme_id=row.programme_id,
        candidate=row.candidate,
        number=row.number,
        state=row.state,
        assessor=row.assessor,
        started_at=row.started_at,
        deadline=row.deadline,
        theory_finished_at=body.theory_finished_at,
        questions=len(body.draw.questions),
        answered=answered,
        theory=body.theory,
        theory_percent=body.theory_percent,
        rubric=body.rubric,
        verdict=body.verdicts[-1] if body.verdicts else None,
        verdicts=body.verdicts,
        appeals=body.appeals,
        free_retake=body.free_retake,
    )


def _answered(conn: Connection, ids: Sequence[int]) -> dict[int, int]:
    a = attempt_answers.c
    query = select(a.attempt_id, func.count()).where(a.attempt_id.in_(ids)).group_by(a.attempt_id)
    return {attempt_id: count for attempt_id, count in conn.execute(query)}


def lock_attempt(
    conn: Connection,
    attempt_id: int,
    *,
    candidate: str | None = None,
    state: AttemptState | None = None,
    refusal: str = "",
) -> Row[Any]:
    """The attempt's row, locked until the transaction ends (PostgreSQL; SQLite has one writer).

    Args:
        conn: The write transaction's connection.
        attempt_id: The attempt.
        candidate: When given, the attempt must be theirs.
        state: When given, the attempt must be in it.
        refusal: What the Conflict says when it is not (a default names both states).

    Raises:
        NotFound: There is none (of ``candidate``'s).
        Conflict: It is not in ``state``.
    """
    row = conn.execute(
        select(attempts).where(attempts.c.id == attempt_id).with_for_update()
    ).first()
    if row is None or (candidate is not None and row.candidate != candidate):
        raise NotFound(f"no attempt {attempt_id}")
    if state is not None and row.state != state:
        raise Conflict(refusal or f"attempt {attempt_id} is {row.state}, not {state}")
    return row


def read_answers(conn: Connection, attempt_id: int) -> dict[int, Answer]:
    """The answers kept for an attempt, by question ID."""
    a = attempt_answers.c
    rows = conn.execute(select(a.question_id, a.answer_json).where(a.attempt_id == attempt_id))
    return {qid: Answer.model_validate_json(text) for qid, text in rows}


def _refuse_start(rows: Sequence[Row[Any]], programme: Programme, now: datetime) -> None:
    """Raise Conflict when the candidate may not start another attempt now."""
    if not rows:
        return
    last = rows[-1]
    body = _body(last)
    if last.state != "scored":
        raise Conflict(f"attempt {last.number} is not finished ({last.state})")
    if body.verdicts and body.verdicts[-1].result.passed:
        raise Conflict("the candidate has passed this programme")
    rules = programme.rules
    used = len(rows) - sum(_body(row).free_retake for row in rows)
    if used >= rules.max_attempts and not body.free_retake:
        raise Conflict(f"all {rules.max_attempts} attempts are used")
    if body.free_retake or not body.verdicts:
        return
    allowed = _moment(body.verdicts[-1].at) + timedelta(days=rules.retake_after_days)
    if now < allowed:
        raise Conflict(f"a retake is allowed from {timestamp(allowed)}")


def _draw(programme: Programme, bank: Sequence[Question], seed: int) -> Draw:
    try:
        return draw_test(programme, bank, seed=seed)
    except InvalidInput as exc:  # the centre's bank, not the candidate's request
        raise Conflict(f"the test cannot be drawn: {exc}") from exc


def start_attempt(  # noqa: PLR0913
    engine: Engine,
    application: Application,
    stored: StoredProgramme,
    bank: Sequence[Question],
    *,
    now: datetime,
    seed: int | None = None,
) -> Attempt:
    """Start the next attempt of ``application`` at ``stored`` with a test drawn from ``bank``.

    Raises:
        Conflict: The candidate is not admitted, has an attempt not finished, has
            passed, has used every attempt or must wait for a retake, or the bank
            has too few questions for the blueprint.
    """
    if application.status not in _ADMITTED:
        raise Conflict(f"application {application.id} is {application.status}: not admitted")
    programme = stored.programme
    draw = _draw(programme, bank, secrets.randbits(31) if seed is None else seed)
    by_id = {q.id: q for q in bank}
    questions = tuple(by_id[d.question_id] for d in draw.questions)
    deadline = now + timedelta(minutes=programme.theory_minutes if draw.questions else 0)
    body = AttemptBody(draw=draw, questions=questions)
    if not draw.questions:  # a practical part only: nothing to sit online
        body = body.model_copy(update={"theory_finished_at": timestamp(now)})
    state: AttemptState = "in-progress" if draw.questions else "awaiting-scoring"
    try:
        with writing(engine, standards=()) as conn:
            a = attempts.c
            rows = conn.execute(
                select(attempts).where(a.application_id == application.id).order_by(a.number)
            ).all()
            _refuse_start(rows, programme, now)
            number = len(rows) + 1
            new_id = conn.execute(
                insert(attempts)
                .values(
                    application_id=application.id,
                    programme_id=stored.id,
                    candidate=application.candidate,
                    number=number,
                    state=state,
                    started_at=timestamp(now),
                    deadline=timestamp(deadline),
                    body_json=body.model_dump_json(),
                    updated_at=timestamp(now),
                )
                .returning(a.id)
            ).scalar_one()
            audit.record(
                conn,
                actor=application.candidate,
                action="attempt.start",
                subject=f"attempt:{new_id}",
                after={
                    "application": application.id,
                    "number": number,
                    "questions": [q.id for q in questions],
                    "deadline": timestamp(deadline),
                },
            )
    except IntegrityError as exc:  # another start of the same attempt won
        raise Conflict(f"attempt {len(rows) + 1} has just been started") from exc
    return get_attempt(engine, new_id, now=now)


def _end_theory(
    conn: Connection, row: Row[Any], programme: Programme, *, at: datetime, actor: str
) -> None:
    """Score the theory part of the locked ``row`` and move it on (see the module doc)."""
    body = _body(row)
    bank = {q.id: q for q in body.questions}
    result = score(programme, body.draw, bank, read_answers(conn, row.id))
    theory = tuple(s for s in result.functions if s.part == "theory")
    body = body.model_copy(
        update={
            "theory": theory,
            "theory_percent": result.theory_percent,
            "theory_finished_at": timestamp(at),
        }
    )
    state: AttemptState = "awaiting-scoring"
    if not programme.practice:
        body = body.model_copy(
            update={"verdicts": (Verdict(result=result, by=KASIP, at=timestamp(at)),)}
        )
        state = "scored"
    conn.execute(
        update(attempts)
        .where(attempts.c.id == row.id)
        .values(state=state, body_json=body.model_dump_json(), updated_at=timestamp(at))
    )
    after: dict[str, Any] = {"state": state, "theory_percent": result.theory_percent}
    if state == "scored":
        after |= {"overall_percent": result.overall_percent, "passed": result.passed}
    audit.record(
        conn,
        actor=actor,
        action="attempt.verdict" if state == "scored" else "attempt.theory-end",
        subject=f"attempt:{row.id}",
        before={"state": row.state},
        after=after,
    )


def _grace(programme: Programme) -> timedelta:
    return timedelta(seconds=programme.rules.answer_grace_seconds)


def _expire(engine: Engine, attempt_id: int, now: datetime) -> None:
    """End the theory test of an attempt whose time is up (by the clock, at its deadline)."""
    with writing(engine, standards=()) as conn:
        row = lock_attempt(conn, attempt_id)
        if row.state != "in-progress":
            return  # another request ended it first
        programme = read_programme(conn, row.programme_id)
        if now > _moment(row.deadline) + _grace(programme):
            _end_theory(conn, row, programme, at=_moment(row.deadline), actor=KASIP)


def get_attempt(engine: Engine, attempt_id: int, *, now: datetime) -> Attempt:
    """The attempt ``attempt_id`` at ``now``: a test whose time is up is ended first.

    Raises:
        NotFound: There is none.
    """
    with engine.connect() as conn:
        row = conn.execute(select(attempts).where(attempts.c.id == attempt_id)).first()
    if row is None:
        raise NotFound(f"no attempt {attempt_id}")
    if row.state == "in-progress" and now > _moment(row.deadline):
        _expire(engine, attempt_id, now)
    with engine.connect() as conn:
        row = conn.execute(select(attempts).where(attempts.c.id == attempt_id)).one()
        return to_attempt(row, _answered(conn, [attempt_id]).get(attempt_id, 0))


def list_attempts(  # noqa: PLR0913
    engine: Engine,
    *,
    now: datetime,
    candidate: str | None = None,
    assessor: str | None = None,
    application_id: int | None = None,
    state: AttemptState | None = None,
) -> list[Attempt]:
    """Attempts, newest first, of one candidate, assessor, application or state when given."""
    a = attempts.c
    query = select(a.id, a.state, a.deadline).order_by(a.id.desc())
    for column, value in (
        (a.candidate, candidate),
        (a.assessor, assessor),
        (a.application_id, application_id),
    ):
        if value is not None:
            query = query.where(column == value)
    with engine.connect() as conn:
        found = conn.execute(query).all()
    for row in found:
        if row.state == "in-progress" and now > _moment(row.deadline):
            _expire(engine, row.id, now)
    full = select(attempts).where(a.id.in_([row.id for row in found])).order_by(a.id.desc())
    if state is not None:
        full = full.where(a.state == state)
    with engine.connect() as conn:
        rows = conn.execute(full).all()
        answered = _answered(conn, [row.id for row in rows])
    return [to_attempt(row, answered.get(row.id, 0)) for row in rows]


def _check_given(question: Question, given: GivenAnswer) -> None:
    body = question.body
    positions = given.chosen
    if len(set(positions)) != len(positions):
        raise InvalidInput("an option is chosen twice")
    if any(not 0 <= p < len(body.options) for p in positions):
        raise InvalidInput(f"question {question.id} has options 0 to {len(body.options) - 1}")
    if body.kind == "single" and len(positions) > 1:
        raise InvalidInput(f"question {question.id} takes one option")
    if body.kind == "short" and positions:
        raise InvalidInput(f"question {question.id} takes a text, not options")
    if body.kind != "short" and given.text:
        raise InvalidInput(f"question {question.id} takes options, not a text")


def _keep(conn: Connection, attempt_id: int, question_id: int, answer: Answer, at: str) -> None:
    """Keep an answer, replacing the one before; an empty answer is no answer."""
    a = attempt_answers.c
    if not answer.chosen and not answer.text.strip():
        conn.execute(
            delete(attempt_answers).where(a.attempt_id == attempt_id, a.question_id == question_id)
        )
        return
    values = {
        "attempt_id": attempt_id,
        "question_id": question_id,
        "answer_json": answer.model_dump_json(),
        "saved_at": at,
    }
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(attempt_answers).values(**values)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[a.attempt_id, a.question_id],
            set_={"answer_json": values["answer_json"], "saved_at": at},
        )
    )


def _seconds_left(deadline: str, now: datetime) -> int:
    return max(0, int((_moment(deadline) - now).total_seconds()))


def save_answer(  # noqa: PLR0913
    engine: Engine,
    attempt_id: int,
    candidate: str,
    question_id: int,
    given: GivenAnswer,
    *,
    now: datetime,
) -> SavedAnswer:
    """Keep ``candidate``'s answer to a question of their open test.

    Raises:
        NotFound: No such attempt of theirs, or no such question in its test.
        Conflict: The test is over (submitted, or its time is up).
        InvalidInput: The answer does not fit the question.
    """
    with writing(engine, standards=()) as conn:
        over = f"the test of attempt {attempt_id} is over"
        row = lock_attempt(conn, attempt_id, candidate=candidate, state="in-progress", refusal=over)
        programme = read_programme(conn, row.programme_id)
        if now > _moment(row.deadline) + _grace(programme):
            raise Conflict(f"the time of attempt {attempt_id} is up")
        body = _body(row)
        drawn = {d.question_id: d for d in body.draw.questions}
        if question_id not in drawn:
            raise NotFound(f"question {question_id} is not in attempt {attempt_id}")
        question = next(q for q in body.questions if q.id == question_id)
        _check_given(question, given)
        answer = as_kept(question, given, drawn[question_id].option_order)
        _keep(conn, attempt_id, question_id, answer, timestamp(now))
    return SavedAnswer(
        question_id=question_id,
        saved_at=timestamp(now),
        seconds_left=_seconds_left(row.deadline, now),
    )


def submit_attempt(engine: Engine, attempt_id: int, candidate: str, *, now: datetime) -> Attempt:
    """End ``candidate``'s theory test now: it is scored, and can no longer change.

    Raises:
        NotFound: No such attempt of theirs.
        Conflict: The test is over already.
    """
    with writing(engine, standards=()) as conn:
        over = f"the test of attempt {attempt_id} is over"
        row = lock_attempt(conn, attempt_id, candidate=candidate, state="in-progress", refusal=over)
        programme = read_programme(conn, row.programme_id)
        deadline = _moment(row.deadline)
        # Past the deadline the test ended then, whoever notices it first.
        ended, actor = (now, candidate) if now <= deadline else (deadline, KASIP)
        _end_theory(conn, row, programme, at=ended, actor=actor)
    return get_attempt(engine, attempt_id, now=now)


def theory_sheet(engine: Engine, attempt_id: int, *, now: datetime) -> TestSheet:
    """The attempt's theory test as its candidate sees it, with their answers so far."""
    attempt = get_attempt(engine, attempt_id, now=now)
    with engine.connect() as conn:
        row = conn.execute(select(attempts).where(attempts.c.id == attempt_id)).one()
        answers = read_answers(conn, attempt_id)
    body = _body(row)
    questions = {q.id: q for q in body.questions}
    sheet: list[SheetQuestion] = []
    for drawn in body.draw.questions:
        question = questions[drawn.question_id].body
        kept = answers.get(drawn.question_id)
        sheet.append(
            SheetQuestion(
                question_id=drawn.question_id,
                function_id=drawn.function_id,
                kind=question.kind,
                points=question.points,
                stem_kk=question.stem_kk,
                stem_ru=question.stem_ru,
                options=tuple(
                    SheetOption(position=p, kk=question.options[i].kk, ru=question.options[i].ru)
                    for p, i in enumerate(drawn.option_order)
                ),
                answer=None if kept is None else as_given(kept, drawn.option_order),
            )
        )
    seconds = _seconds_left(attempt.deadline, now) if attempt.state == "in-progress" else 0
    return TestSheet(
        attempt_id=attempt_id,
        state=attempt.state,
        deadline=attempt.deadline,
        seconds_left=seconds,
        questions=tuple(sheet),
    )
