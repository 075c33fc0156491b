"""Qualification programmes drafted from cards (kasip.assessment), kept, checked for currency."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kasip.assessment import (
    ProgrammeRules,
    check_currency,
    draft_programme,
    get_programme,
    list_programmes,
    save_programme,
)
from kasip.errors import InvalidInput, NotFound
from kasip.model import ProfessionCard
from kasip.testing import make_card, make_function, make_task

KEY = "292-2019-05-30-kk"
CODE = "2635-3-001"


def _card() -> ProfessionCard:
    """Two labour functions: one of two tasks, one of a task without knowledge."""
    return make_card(
        level=5,
        functions=[
            make_function(
                "Әлеуметтік көмек көрсету",
                function_id=f"{CODE}@5/f1",
                tasks=[
                    make_task("Қажеттілікті бағалау", task_id=f"{CODE}@5/f1/t1",
                              skills=["Сауалнама жүргізу", "Есеп жасау"],
                              knowledge=["Заңнама", "Әдістеме", "Этика"]),
                    make_task("Жоспар құру", task_id=f"{CODE}@5/f1/t2",
                              skills=["Жоспарлау"], knowledge=["Жоспарлау негіздері"]),
                ],
            ),
            make_function(
                "Құжаттама жүргізу",
                function_id=f"{CODE}@5/f2",
                tasks=[make_task("Журнал толтыру", task_id=f"{CODE}@5/f2/t1", skills=[],
                                 knowledge=[])],
            ),
        ],
    )  # fmt: skip


def test_a_whole_card_gives_theory_per_function_and_a_task_per_unit() -> None:
    programme = draft_programme(_card(), standard=KEY, version=3)
    assert (programme.standard, programme.version, programme.card_id) == (KEY, 3, f"{CODE}@5")
    [row] = programme.theory  # f2 has no knowledge: no theory questions to draw
    assert row.function.id == f"{CODE}@5/f1"
    assert [k.text for k in row.knowledge] == [
        "Заңнама",
        "Әдістеме",
        "Этика",
        "Жоспарлау негіздері",
    ]
    assert (row.questions, row.weight) == (4, 1.0)
    assert [t.unit.id for t in programme.practice] == [f"{CODE}@5/f1/t1", f"{CODE}@5/f1/t2",
                                                      f"{CODE}@5/f2/t1"]  # fmt: skip
    first = programme.practice[0]
    assert [c.element.text for c in first.criteria] == ["Сауалнама жүргізу", "Есеп жасау"]
    assert all(c.max_points == 2 for c in first.criteria)
    # A task without listed skills is judged on the task itself.
    assert [c.element.id for c in programme.practice[2].criteria] == [f"{CODE}@5/f2/t1"]
    assert programme.theory_minutes == 6  # 4 questions × 1.5 minutes
    assert f"{CODE}@5/f1/t1/k2" in programme.element_ids()


def test_a_scope_takes_functions_tasks_or_single_skills() -> None:
    card = _card()
    only_skill = draft_programme(card, standard=KEY, version=1, scope=[f"{CODE}@5/f1/t1/s2"])
    [task] = only_skill.practice
    assert [c.element.id for c in task.criteria] == [f"{CODE}@5/f1/t1/s2"]
    # The skill's task's knowledge is its theory.
    assert [k.id for k in only_skill.theory[0].knowledge] == [
        f"{CODE}@5/f1/t1/k{n}" for n in (1, 2, 3)
    ]
    both = draft_programme(
        card, standard=KEY, version=1, scope=[f"{CODE}@5/f1/t1/s2", f"{CODE}@5/f1/t1"]
    )
    assert len(both.practice[0].criteria) == 2  # the whole task wins over one of its skills
    second = draft_programme(card, standard=KEY, version=1, scope=[f"{CODE}@5/f2"])
    assert (second.theory, [t.unit.id for t in second.practice]) == ((), [f"{CODE}@5/f2/t1"])
    for wrong in (f"{CODE}@5/f1/t1/k1", f"{CODE}@6/f1", "f1"):
        with pytest.raises(InvalidInput, match="not a labour function, task or skill"):
            draft_programme(card, standard=KEY, version=1, scope=[wrong])


def test_the_rules_are_the_centres_choice() -> None:
    rules = ProgrammeRules(questions_per_knowledge=3, min_questions_per_function=20,
                           minutes_per_question=2, theory_weight=0.25)  # fmt: skip
    programme = draft_programme(_card(), standard=KEY, version=1, rules=rules)
    assert programme.theory[0].questions == 20  # 4 knowledge × 3 < 20
    assert programme.theory_minutes == 40
    assert programme.rules.practice_weight == 0.75
    with pytest.raises(ValidationError):
        ProgrammeRules(theory_pass_percent=0)


@settings(max_examples=60, deadline=None)
@given(
    knowledge=st.lists(st.integers(0, 6), min_size=1, max_size=5),
    per=st.integers(1, 4),
    minimum=st.integers(1, 8),
)
def test_the_blueprint_adds_up(knowledge: list[int], per: int, minimum: int) -> None:
    functions = [
        make_function(f"F{n}", function_id=f"{CODE}@5/f{n}", tasks=[
            make_task(f"T{n}", task_id=f"{CODE}@5/f{n}/t1", knowledge=[f"K{i}" for i in range(k)])
        ])
        for n, k in enumerate(knowledge, start=1)
    ]  # fmt: skip
    rules = ProgrammeRules(questions_per_knowledge=per, min_questions_per_function=minimum)
    card = make_card(level=5, functions=functions)
    programme = draft_programme(card, standard=KEY, version=1, rules=rules)
    assert [len(row.knowledge) for row in programme.theory] == [k for k in knowledge if k]
    for row in programme.theory:
        assert row.questions == max(minimum, per * len(row.knowledge))
    if programme.theory:
        assert sum(row.weight for row in programme.theory) == pytest.approx(1, abs=1e-3)
    assert len(programme.practice) == len(knowledge)


def test_a_newer_version_names_what_changed_under_the_programme() -> None:
    programme = draft_programme(_card(), standard=KEY, version=1)
    assert check_currency(programme, _card(), 1).current
    newer = make_card(level=5, functions=[
        make_function("Әлеуметтік көмек көрсету", function_id=f"{CODE}@5/f1", tasks=[
            make_task("Қажеттілікті бағалау", task_id=f"{CODE}@5/f1/t1",
                      skills=["Сауалнама жүргізу", "Есеп жасау"],
                      knowledge=["Заңнама", "Әдістеме (жаңа)", "Этика"]),
        ]),
    ])  # fmt: skip
    currency = check_currency(programme, newer, 2)
    assert (currency.current, currency.version, currency.latest_version) == (False, 1, 2)
    assert currency.changed == (f"{CODE}@5/f1/t1/k2",)
    assert {f"{CODE}@5/f1/t2", f"{CODE}@5/f1/t2/s1", f"{CODE}@5/f2/t1"} <= set(currency.removed)
    gone = check_currency(programme, None, 2)
    assert set(gone.removed) == set(programme.element_ids())


def test_programmes_are_kept_and_audited(fresh_registry: object) -> None:
    from kasip import accounts
    from kasip.registry import Registry

    assert isinstance(fresh_registry, Registry)
    engine = fresh_registry.engine
    programme = draft_programme(_card(), standard=KEY, version=1, scope=[f"{CODE}@5/f1"])
    kept = save_programme(engine, programme, actor="method")
    assert get_programme(engine, kept.id) == kept
    assert kept.programme == programme
    assert [p.id for p in list_programmes(engine, card_id=f"{CODE}@5")] == [kept.id]
    assert list_programmes(engine, card_id=f"{CODE}@6") == []
    with pytest.raises(NotFound):
        get_programme(engine, kept.id + 1)
    [entry] = accounts.read_log(engine)
    assert (entry.actor, entry.action, entry.subject) == ("method", "programme.create",
                                                          f"programme:{kept.id}")  # fmt: skip
    assert entry.after is not None and f"{CODE}@5/f1/t1/k1" in entry.after["elements"]


pytest_plugins = ["conftest_store"]


def test_fifty_candidates_apply_at_once_and_none_is_lost(registry_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from kasip import accounts
    from kasip.assessment import Declaration, apply, list_applications
    from kasip.errors import Conflict
    from kasip.registry import open_registry

    card = _card()
    declared = Declaration(education="higher", experience_years=2)
    with open_registry(registry_url) as registry:
        engine = registry.engine
        kept = save_programme(engine, draft_programme(card, standard=KEY, version=1), actor="m")
        candidates = [f"candidate-{n:02d}" for n in range(50)]

        def attempt(login: str) -> str:
            try:
                return apply(engine, kept.id, card, login, declared).candidate
            except Conflict:
                return "refused"

        # Each candidate twice, all at once: one of the two lands, the other is refused.
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(attempt, candidates * 2))
        assert sorted(a for a in answers if a != "refused") == candidates
        assert answers.count("refused") == len(candidates)
        stored = list_applications(engine, programme_id=kept.id)
        assert sorted(a.candidate for a in stored) == candidates
        assert all(a.status == "eligible" for a in stored)
        # One audit row for the programme and one per application, in one unbroken chain.
        assert accounts.verify_log(engine) == accounts.LogCheck(rows=1 + len(candidates))
