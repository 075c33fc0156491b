"""A test drawn by the blueprint, and its scoring to the verdict (kasip.assessment.scoring)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasip.assessment import (
    Answer,
    Option,
    Programme,
    ProgrammeRules,
    Question,
    QuestionBody,
    draft_programme,
    draw_test,
    score,
)
from kasip.errors import InvalidInput
from kasip.testing import make_card, make_function, make_task

CARD = "2635-3-001@5"


def _programme(knowledge: tuple[int, ...] = (2, 3), **rules: Any) -> Programme:
    functions = [
        make_function(
            f"F{n}",
            function_id=f"{CARD}/f{n}",
            tasks=[
                make_task(
                    f"T{n}",
                    task_id=f"{CARD}/f{n}/t1",
                    skills=["A", "B"],
                    knowledge=[f"K{n}.{i}" for i in range(count)],
                )
            ],
        )
        for n, count in enumerate(knowledge, start=1)
    ]
    card = make_card(level=5, functions=functions)
    return draft_programme(card, standard="k", version=1, rules=ProgrammeRules(**rules))


def _bank(programme: Programme, per_element: int = 2) -> list[Question]:
    """``per_element`` questions on each knowledge element, of each theory kind in turn."""
    bank: list[Question] = []
    kinds = ("single", "multiple", "short")
    for row in programme.theory:
        for element in row.knowledge:
            for n in range(per_element):
                kind = kinds[(len(bank)) % 3]
                body: dict[str, Any] = {
                    "kind": kind,
                    "card_id": CARD,
                    "elements": (element.id,),
                    "stem_kk": f"{element.text}?",
                    "points": 1 + n,
                }
                if kind == "short":
                    body["answers"] = ("Дұрыс жауап", "дұрыс")
                else:
                    body["options"] = (
                        Option(kk="а", correct=True),
                        Option(kk="ә"),
                        Option(kk="б", correct=kind == "multiple"),
                    )
                bank.append(
                    Question(
                        id=len(bank) + 1,
                        body=QuestionBody(**body),
                        created_by="m",
                        created_at="t",
                        updated_by="m",
                        updated_at="t",
                    )
                )
    return bank


def _right_answers(bank: list[Question]) -> dict[int, Answer]:
    answers = {}
    for q in bank:
        right = tuple(n for n, o in enumerate(q.body.options) if o.correct)
        answers[q.id] = Answer(chosen=right, text=" ДҰРЫС ЖАУАП. " if not right else "")
    return answers


def _full_marks(programme: Programme) -> dict[tuple[str, str], int]:
    return {(t.unit.id, c.element.id): c.max_points for t in programme.practice for c in t.criteria}


@settings(max_examples=40, deadline=None)
@given(
    knowledge=st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple),
    seed=st.integers(0, 2**32),
)
def test_a_draw_follows_the_blueprint(knowledge: tuple[int, ...], seed: int) -> None:
    programme = _programme(knowledge)
    bank = _bank(programme)
    draw = draw_test(programme, bank, seed=seed)
    assert draw == draw_test(programme, bank, seed=seed)  # the same seed, the same test
    ids = [d.question_id for d in draw.questions]
    assert len(ids) == len(set(ids))
    by_id = {q.id: q for q in bank}
    for row in programme.theory:
        mine = [d for d in draw.questions if d.function_id == row.function.id]
        assert len(mine) == row.questions
        knowledge_ids = {k.id for k in row.knowledge}
        assert all(knowledge_ids & set(by_id[d.question_id].body.elements) for d in mine)
    for drawn in draw.questions:
        assert sorted(drawn.option_order) == list(range(len(by_id[drawn.question_id].body.options)))


def test_a_bank_too_small_for_the_blueprint_is_said() -> None:
    programme = _programme((3,), min_questions_per_function=5)
    with pytest.raises(InvalidInput, match=r"has 3 questions .*/f1; the blueprint asks 5"):
        draw_test(programme, _bank(programme, per_element=1), seed=1)


def test_right_answers_pass_and_none_fail() -> None:
    programme = _programme()
    bank = _bank(programme)
    draw = draw_test(programme, bank, seed=7)
    by_id = {q.id: q for q in bank}
    best = score(programme, draw, by_id, _right_answers(bank), _full_marks(programme))
    assert (best.theory_percent, best.practice_percent, best.overall_percent) == (100, 100, 100)
    assert best.passed
    worst = score(programme, draw, by_id, {}, {})
    assert (worst.overall_percent, worst.passed) == (0, False)
    assert {(s.function_id, s.part) for s in best.functions} == {
        (f"{CARD}/f{n}", part) for n in (1, 2) for part in ("theory", "practice")
    }


def test_each_kind_is_all_or_nothing() -> None:
    programme = _programme((1,), min_questions_per_function=1)
    single, multiple, short = _bank(programme, per_element=3)
    bank = {q.id: q for q in (single, multiple, short)}
    draw = draw_test(programme, [single], seed=0)
    for answer, right in (
        (Answer(chosen=(0,)), True),
        (Answer(chosen=(0, 2)), False),
        (Answer(chosen=(1,)), False),
        (Answer(), False),
    ):
        theory = score(programme, draw, bank, {single.id: answer}).functions[0]
        assert (theory.earned == theory.possible) is right, answer
    draw = draw_test(programme, [multiple], seed=0)
    half = score(programme, draw, bank, {multiple.id: Answer(chosen=(0,))})
    assert half.theory_percent == 0  # one of the two right options is not the answer
    draw = draw_test(programme, [short], seed=0)
    for text, right in (("  дұрыс!", True), ("Дұрыс   жауап", True), ("дұрыстау", False)):
        result = score(programme, draw, bank, {short.id: Answer(text=text)})
        assert (result.theory_percent == 100) is right, text


def test_the_verdict_needs_each_part_to_pass_its_mark() -> None:
    programme = _programme(
        (2,), theory_pass_percent=60, practice_pass_percent=80, theory_weight=0.5
    )
    bank = _bank(programme, per_element=1)
    draw = draw_test(programme, bank, seed=3)
    by_id = {q.id: q for q in bank}
    marks = _full_marks(programme)
    low_practice = {key: 1 for key in marks}  # half of each criterion's 2 points
    result = score(programme, draw, by_id, _right_answers(bank), low_practice)
    assert (result.theory_percent, result.practice_percent) == (100, 50)
    assert (result.overall_percent, result.passed) == (75, False)
    with pytest.raises(InvalidInput, match="scored 0 to 2, not 3"):
        score(programme, draw, by_id, {}, dict.fromkeys(marks, 3))
    practical_only = _programme((0,))
    only = score(
        practical_only, draw_test(practical_only, [], seed=0), {}, {}, _full_marks(practical_only)
    )
    assert (only.theory_percent, only.passed) == (None, True)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    right=st.lists(st.booleans(), min_size=12, max_size=12),
    points=st.lists(st.integers(0, 2), min_size=12, max_size=12),
    weight=st.sampled_from([0.0, 0.25, 0.4, 0.5, 1.0]),
)
def test_scoring_matches_the_rules_worked_by_hand(
    seed: int, right: list[bool], points: list[int], weight: float
) -> None:
    programme = _programme((2, 3), theory_weight=weight, theory_pass_percent=60)
    bank = _bank(programme)
    by_id = {q.id: q for q in bank}
    draw = draw_test(programme, bank, seed=seed)
    good = _right_answers(bank)
    chosen = zip(draw.questions, right, strict=False)  # fewer questions than flags
    answers = {d.question_id: good[d.question_id] for d, ok in chosen if ok}
    marks = dict(zip(_full_marks(programme), points, strict=False))
    result = score(programme, draw, by_id, answers, marks)
    # By hand: each part's share of its points, weighted; each part must reach its mark.
    drawn = [by_id[d.question_id] for d in draw.questions]
    theory = (
        100
        * sum(q.body.points for q in drawn if q.id in answers)
        / sum(q.body.points for q in drawn)
    )
    most = sum(_full_marks(programme).values())
    practice = 100 * sum(marks.values()) / most
    assert result.theory_percent == round(theory, 2)
    assert result.practice_percent == round(practice, 2)
    assert result.overall_percent == pytest.approx(
        weight * theory + (1 - weight) * practice, abs=0.01
    )
    rules = programme.rules
    assert result.passed is (
        round(theory, 2) >= rules.theory_pass_percent
        and round(practice, 2) >= rules.practice_pass_percent
    )
    # Answering one more question rightly never lowers a score.
    missing = [d.question_id for d in draw.questions if d.question_id not in answers]
    if missing:
        better = score(programme, draw, by_id, answers | {missing[0]: good[missing[0]]}, marks)
        assert better.overall_percent >= result.overall_percent
