"""The question bank kept in the registry: add, change, list; each write audited.

A question's elements must be elements of its card (a labour function, a
task or skill, or a knowledge element of it): :func:`check_elements` reads
them from the card as the registry holds it. A file of many questions is
added or changed in one transaction (:func:`save_questions`): all of them or,
when one fails, none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from kasip.accounts import audit
from kasip.assessment.questions import Question, QuestionBody
from kasip.assessment.rows import row_by_id
from kasip.errors import InvalidInput, NotFound
from kasip.model import ProfessionCard
from kasip.store.db import writing
from kasip.store.schema import questions

__all__ = [
    "card_elements",
    "check_elements",
    "get_question",
    "list_questions",
    "save_question",
    "save_questions",
]


def card_elements(card: ProfessionCard) -> dict[str, str]:
    """Every element of ``card`` a question may check, by ID: its type."""
    found: dict[str, str] = {}
    for function in card.functions:
        found[function.id] = "function"
        for unit in function.tasks:
            found[unit.id] = unit.kind
            found |= dict.fromkeys((s.id for s in unit.skills), "skill")
            found |= dict.fromkeys((k.id for k in unit.knowledge), "knowledge")
    return found


def check_elements(card: ProfessionCard, body: QuestionBody) -> None:
    """Refuse a question for another card, or naming an element its card does not have.

    Raises:
        InvalidInput: Naming the card or the element.
    """
    if body.card_id != card.id:
        raise InvalidInput(f"the question is for the card {body.card_id}, not {card.id}")
    known = card_elements(card)
    for element in body.elements:
        if element not in known:
            raise InvalidInput(f"{element} is not an element of the card {card.id}")


def _question(row: Row[Any]) -> Question:
    return Question(
        id=row.id,
        body=QuestionBody.model_validate_json(row.body_json),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _write(conn: Connection, question_id: int | None, body: QuestionBody, actor: str) -> int:
    """Add ``body`` (``question_id`` None) or change question ``question_id``; audited."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = {
        "card_id": body.card_id,
        "kind": body.kind,
        "body_json": body.model_dump_json(),
        "updated_by": actor,
        "updated_at": now,
    }
    before = None
    if question_id is None:
        question_id = conn.execute(
            insert(questions)
            .values(**values, created_by=actor, created_at=now)
            .returning(questions.c.id)
        ).scalar_one()
    else:
        row = conn.execute(select(questions).where(questions.c.id == question_id)).first()
        if row is None:
            raise NotFound(f"no question {question_id}")
        if row.card_id != body.card_id:
            raise InvalidInput(f"question {question_id} is of the card {row.card_id}")
        before = QuestionBody.model_validate_json(row.body_json).model_dump(mode="json")
        conn.execute(update(questions).where(questions.c.id == question_id).values(**values))
    audit.record(
        conn,
        actor=actor,
        action="question.create" if before is None else "question.update",
        subject=f"question:{question_id}",
        before=before,
        after=body.model_dump(mode="json"),
    )
    return question_id


def save_questions(
    engine: Engine,
    card: ProfessionCard,
    changes: Sequence[tuple[int | None, QuestionBody]],
    *,
    actor: str,
) -> list[Question]:
    """Add (id None) or change each question of ``changes``, all in one transaction.

    Raises:
        InvalidInput: A question names an element its card does not have, or
            changes a question of another card; nothing is kept.
        NotFound: A question to change does not exist; nothing is kept.
    """
    for _, body in changes:
        check_elements(card, body)
    with writing(engine, standards=()) as conn:
        ids = [_write(conn, question_id, body, actor) for question_id, body in changes]
        rows = conn.execute(select(questions).where(questions.c.id.in_(ids))).all()
    by_id = {row.id: _question(row) for row in rows}
    return [by_id[i] for i in ids]


def save_question(
    engine: Engine,
    card: ProfessionCard,
    body: QuestionBody,
    *,
    actor: str,
    question_id: int | None = None,
) -> Question:
    """Add a question, or change question ``question_id`` (see :func:`save_questions`)."""
    [saved] = save_questions(engine, card, [(question_id, body)], actor=actor)
    return saved


def get_question(engine: Engine, question_id: int) -> Question:
    """The question ``question_id``.

    Raises:
        NotFound: There is none.
    """
    return _question(row_by_id(engine, questions, question_id, what="question"))


def list_questions(engine: Engine, card_id: str) -> list[Question]:
    """The questions of a card, oldest first."""
    query = select(questions).where(questions.c.card_id == card_id).order_by(questions.c.id)
    with engine.connect() as conn:
        return [_question(row) for row in conn.execute(query)]
