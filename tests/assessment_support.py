"""A centre with one programme and its bank, for the attempts' and certificates' tests.

The card (``CARD``) has one labour function, one task of two skills and two
knowledge elements, and asks higher education; the bank has two single
choice questions per knowledge element, option "дұрыс" right. The clock is
passed in (``T0``), so no test waits for real time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from kasip.assessment import (
    Application,
    Attempt,
    Declaration,
    EducationLevel,
    GivenAnswer,
    Option,
    Programme,
    ProgrammeRules,
    Question,
    QuestionBody,
    RubricScore,
    StoredProgramme,
    apply,
    draft_programme,
    save_answer,
    save_programme,
    save_questions,
    start_attempt,
    theory_sheet,
)
from kasip.model import ProfessionCard
from kasip.testing import make_card, make_function, make_task

CARD = "2635-3-001@5"
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def card_for_tests() -> ProfessionCard:
    task = make_task(
        "Бағалау",
        task_id=f"{CARD}/f1/t1",
        skills=["Сауалнама", "Есеп"],
        knowledge=["Заң", "Әдістеме"],
    )
    function = make_function("Көмек", function_id=f"{CARD}/f1", tasks=[task])
    return make_card(level=5, functions=[function]).model_copy(
        update={"education": "Жоғары (немесе жоғары оқу орнынан кейінгі) білім"}
    )


def bodies(card: ProfessionCard) -> list[QuestionBody]:
    """Two single-choice questions per knowledge element: option "дұрыс" is right."""
    knowledge = [f"{CARD}/f1/t1/k1", f"{CARD}/f1/t1/k2"]
    options = (Option(kk="дұрыс", correct=True), Option(kk="қате"), Option(kk="басқа"))
    return [
        QuestionBody(
            kind="single", card_id=card.id, elements=(k,), stem_kk=f"{k} {n}?", options=options
        )
        for k in knowledge
        for n in range(2)
    ]


@dataclass(frozen=True)
class Centre:
    engine: Engine
    card: ProfessionCard
    stored: StoredProgramme
    bank: list[Question]

    @property
    def programme(self) -> Programme:
        return self.stored.programme

    def admit(self, candidate: str, education: EducationLevel = "higher") -> Application:
        declared = Declaration(education=education, experience_years=3)
        return apply(self.engine, self.stored.id, self.card, candidate, declared)

    def start(self, candidate: str, now: datetime = T0, seed: int = 7) -> Attempt:
        application = self.admit(candidate)
        return start_attempt(self.engine, application, self.stored, self.bank, now=now, seed=seed)


def make_centre(engine: Engine, theory_only: bool = False, **rules: Any) -> Centre:
    card = card_for_tests()
    programme = draft_programme(card, standard="k", version=1, rules=ProgrammeRules(**rules))
    if theory_only:
        programme = programme.model_copy(update={"practice": ()})
    stored = save_programme(engine, programme, actor="method")
    bank = save_questions(engine, card, [(None, b) for b in bodies(card)], actor="method")
    return Centre(engine, card, stored, bank)


def answer_rightly(engine: Engine, attempt: Attempt, now: datetime, right: int) -> None:
    """Answer the first ``right`` questions rightly and the others wrongly, as a browser would."""
    sheet = theory_sheet(engine, attempt.id, now=now)
    for n, question in enumerate(sheet.questions):
        wanted = "дұрыс" if n < right else "қате"
        [position] = [o.position for o in question.options if o.kk == wanted]
        given = GivenAnswer(chosen=(position,))
        save_answer(engine, attempt.id, attempt.candidate, question.question_id, given, now=now)


def full_rubric(programme: Programme, points: int) -> list[RubricScore]:
    return [
        RubricScore(task=task.unit.id, criterion=c.element.id, points=points)
        for task in programme.practice
        for c in task.criteria
    ]
