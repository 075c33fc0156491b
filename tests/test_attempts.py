"""Attempts at a programme: the timed theory test, scoring, verdicts, appeals (issue 12, item 4).

The clock is passed in (``now``), so every deadline here is exact; nothing
waits for real time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest

from assessment_support import (
    T0,
    Centre,
    answer_rightly,
    full_rubric,
    make_centre,
)
from kasip import accounts
from kasip.assessment import (
    Attempt,
    GivenAnswer,
    appeal,
    assign_assessor,
    decide_appeal,
    get_attempt,
    list_attempts,
    save_answer,
    score_practice,
    start_attempt,
    submit_attempt,
    theory_sheet,
)
from kasip.errors import Conflict, Forbidden, InvalidInput, NotFound

pytest_plugins = ["conftest_store"]


def test_an_attempt_draws_its_test_and_keeps_the_clock(fresh_registry: Any) -> None:
    centre = make_centre(fresh_registry.engine)
    attempt = centre.start("aigerim")
    assert (attempt.state, attempt.number, attempt.questions, attempt.answered) == (
        "in-progress", 1, centre.programme.questions, 0)  # fmt: skip
    minutes = centre.programme.theory_minutes
    assert attempt.deadline == (T0 + timedelta(minutes=minutes)).isoformat()
    sheet = theory_sheet(fresh_registry.engine, attempt.id, now=T0 + timedelta(seconds=30))
    assert sheet.seconds_left == minutes * 60 - 30
    # The sheet never says which option is right, and numbers options as shown.
    assert all([o.position for o in q.options] == [0, 1, 2] for q in sheet.questions)
    assert "correct" not in sheet.model_dump_json()


def test_answers_are_kept_as_given_and_the_test_resumes(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine)
    attempt = centre.start("aigerim")
    first = theory_sheet(engine, attempt.id, now=T0).questions[0]
    qid = first.question_id
    save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(chosen=(2,)), now=T0)
    saved = save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(chosen=(1,)), now=T0)
    assert saved.seconds_left == centre.programme.theory_minutes * 60
    # A lost connection, a new page: the answer is there, by its shown position.
    again = theory_sheet(engine, attempt.id, now=T0 + timedelta(minutes=1)).questions[0]
    assert again.answer == GivenAnswer(chosen=(1,))
    assert get_attempt(engine, attempt.id, now=T0).answered == 1
    # An empty answer takes the answer back.
    save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(), now=T0)
    assert get_attempt(engine, attempt.id, now=T0).answered == 0


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (GivenAnswer(chosen=(0, 1)), "takes one option"),
        (GivenAnswer(chosen=(3,)), "options 0 to 2"),
        (GivenAnswer(chosen=(1, 1)), "chosen twice"),
        (GivenAnswer(text="дұрыс"), "not a text"),
    ],
)
def test_an_answer_that_does_not_fit_is_refused(
    fresh_registry: Any, given: GivenAnswer, message: str
) -> None:
    engine = fresh_registry.engine
    attempt = make_centre(engine).start("aigerim")
    qid = theory_sheet(engine, attempt.id, now=T0).questions[0].question_id
    with pytest.raises(InvalidInput, match=message):
        save_answer(engine, attempt.id, "aigerim", qid, given, now=T0)
    assert get_attempt(engine, attempt.id, now=T0).answered == 0


def test_only_the_candidate_answers_only_their_questions(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    attempt = make_centre(engine).start("aigerim")
    qid = theory_sheet(engine, attempt.id, now=T0).questions[0].question_id
    with pytest.raises(NotFound):
        save_answer(engine, attempt.id, "someone", qid, GivenAnswer(chosen=(0,)), now=T0)
    with pytest.raises(NotFound, match="not in attempt"):
        save_answer(engine, attempt.id, "aigerim", 10_000, GivenAnswer(chosen=(0,)), now=T0)
    with pytest.raises(NotFound):
        submit_attempt(engine, attempt.id, "someone", now=T0)


def test_the_clock_ends_the_test(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine)
    attempt = centre.start("aigerim")
    deadline = datetime.fromisoformat(attempt.deadline)
    grace = timedelta(seconds=centre.programme.rules.answer_grace_seconds)
    qid = theory_sheet(engine, attempt.id, now=T0).questions[0].question_id
    # Sent in time, arriving within the grace: kept.
    save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(chosen=(0,)), now=deadline + grace)
    late = deadline + grace + timedelta(seconds=1)
    with pytest.raises(Conflict, match="time of attempt"):
        save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(chosen=(1,)), now=late)
    # Whoever looks next finds the test ended at its deadline, by the clock.
    ended = get_attempt(engine, attempt.id, now=late)
    assert (ended.state, ended.theory_finished_at) == ("awaiting-scoring", attempt.deadline)
    assert ended.theory_percent is not None
    with pytest.raises(Conflict, match="is over"):
        save_answer(engine, attempt.id, "aigerim", qid, GivenAnswer(chosen=(1,)), now=late)
    [entry] = [e for e in accounts.read_log(engine) if e.action == "attempt.theory-end"]
    assert entry.actor == "kasip"


def test_a_submitted_test_is_scored_and_waits_for_its_assessor(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine)
    attempt = centre.start("aigerim")
    answer_rightly(engine, attempt, T0, right=attempt.questions - 1)
    done = submit_attempt(engine, attempt.id, "aigerim", now=T0 + timedelta(minutes=2))
    assert done.state == "awaiting-scoring"
    expected = round(100 * (attempt.questions - 1) / attempt.questions, 2)
    assert done.theory_percent == expected
    with pytest.raises(Conflict):
        submit_attempt(engine, attempt.id, "aigerim", now=T0 + timedelta(minutes=3))
    # Only the assigned assessor scores, every criterion, within each one's points.
    rubric = full_rubric(centre.programme, 2)
    with pytest.raises(Forbidden):
        score_practice(engine, attempt.id, "assessor", rubric, now=T0)
    assign_assessor(engine, attempt.id, "assessor", by="method", now=T0)
    with pytest.raises(InvalidInput, match="not scored"):
        score_practice(engine, attempt.id, "assessor", rubric[:-1], now=T0)
    over = [*rubric[:-1], rubric[-1].model_copy(update={"points": 9})]
    with pytest.raises(InvalidInput, match="scored 0 to"):
        score_practice(engine, attempt.id, "assessor", over, now=T0)
    scored = score_practice(engine, attempt.id, "assessor", rubric, note="ok", now=T0)
    assert scored.state == "scored" and scored.verdict is not None
    result = scored.verdict.result
    assert (result.theory_percent, result.practice_percent) == (expected, 100.0)
    assert result.passed is (expected >= centre.programme.rules.theory_pass_percent)
    assert {s.part for s in result.functions} == {"theory", "practice"}
    assert accounts.verify_log(engine).intact


def test_an_appeal_upheld_is_scored_again(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine, appeal_days=10)
    attempt = centre.start("aigerim")
    answer_rightly(engine, attempt, T0, right=attempt.questions)
    submit_attempt(engine, attempt.id, "aigerim", now=T0)
    assign_assessor(engine, attempt.id, "assessor", by="method", now=T0)
    failed = score_practice(
        engine, attempt.id, "assessor", full_rubric(centre.programme, 0), now=T0
    )
    assert failed.verdict is not None and not failed.verdict.result.passed
    with pytest.raises(NotFound):
        appeal(engine, attempt.id, "someone", "unfair", now=T0)
    with pytest.raises(InvalidInput):
        appeal(engine, attempt.id, "aigerim", "   ", now=T0)
    with pytest.raises(Conflict, match="open until"):
        appeal(engine, attempt.id, "aigerim", "unfair", now=T0 + timedelta(days=11))
    appealed = appeal(engine, attempt.id, "aigerim", "The assessor left early", now=T0)
    assert appealed.state == "appealed"
    with pytest.raises(Conflict):
        score_practice(engine, attempt.id, "assessor", full_rubric(centre.programme, 2), now=T0)
    # Re-assessment by another assessor, assigned by the centre.
    decide_appeal(engine, attempt.id, by="method", upheld=True, note="re-assess", now=T0)
    assign_assessor(engine, attempt.id, "second", by="method", now=T0)
    again = score_practice(engine, attempt.id, "second", full_rubric(centre.programme, 2), now=T0)
    assert [v.result.passed for v in again.verdicts] == [False, True]
    assert again.verdict is not None and again.verdict.by == "second"
    # An upheld appeal gave a new verdict; the rejected kind cannot be appealed twice.
    [decided] = again.appeals
    assert (decided.decision, decided.decided_by) == ("upheld", "method")
    actions = [e.action for e in accounts.read_log(engine)]
    assert actions.count("attempt.verdict") == 2 and "attempt.appeal-decision" in actions
    verdicts = [e for e in accounts.read_log(engine) if e.action == "attempt.verdict"]
    latest = max(verdicts, key=lambda e: e.id)
    assert latest.before is not None and latest.before["passed"] is False
    assert accounts.verify_log(engine).intact


def test_attempts_follow_the_retake_rules(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine, theory_only=True, max_attempts=2, retake_after_days=30)
    application = centre.admit("aigerim")

    def start(now: datetime) -> Attempt:
        return start_attempt(engine, application, centre.stored, centre.bank, now=now, seed=1)

    first = start(T0)
    with pytest.raises(Conflict, match="not finished"):
        start(T0)
    answer_rightly(engine, first, T0, right=0)
    failed = submit_attempt(engine, first.id, "aigerim", now=T0)
    # A theory-only programme gets its verdict from the test itself.
    assert failed.state == "scored" and failed.verdict is not None
    assert (failed.verdict.by, failed.verdict.result.passed) == ("kasip", False)
    with pytest.raises(Conflict, match="retake is allowed from"):
        start(T0 + timedelta(days=29))
    second = start(T0 + timedelta(days=30))
    assert second.number == 2
    submit_attempt(engine, second.id, "aigerim", now=T0 + timedelta(days=30))
    with pytest.raises(Conflict, match="all 2 attempts"):
        start(T0 + timedelta(days=90))
    # An upheld appeal on a theory-only programme gives a retake that uses no attempt.
    appeal(
        engine, second.id, "aigerim", "a question had no right option", now=T0 + timedelta(days=31)
    )
    decide_appeal(
        engine, second.id, by="method", upheld=True, note="yes", now=T0 + timedelta(days=31)
    )
    third = start(T0 + timedelta(days=31))
    answer_rightly(engine, third, T0 + timedelta(days=31), right=third.questions)
    passed = submit_attempt(engine, third.id, "aigerim", now=T0 + timedelta(days=31))
    assert passed.verdict is not None and passed.verdict.result.passed
    with pytest.raises(Conflict, match="has passed"):
        start(T0 + timedelta(days=400))
    assert [a.number for a in list_attempts(engine, now=T0, candidate="aigerim")] == [3, 2, 1]


def test_a_candidate_not_admitted_cannot_start(fresh_registry: Any) -> None:
    centre = make_centre(fresh_registry.engine)
    application = centre.admit("aigerim", education="secondary")
    assert application.status == "not-eligible"
    with pytest.raises(Conflict, match="not admitted"):
        start_attempt(fresh_registry.engine, application, centre.stored, centre.bank, now=T0)


def test_a_bank_too_small_for_the_blueprint_is_the_centres_to_fix(fresh_registry: Any) -> None:
    centre = make_centre(fresh_registry.engine)
    application = centre.admit("aigerim")
    with pytest.raises(Conflict, match="cannot be drawn"):
        start_attempt(fresh_registry.engine, application, centre.stored, centre.bank[:1], now=T0)


def test_fifty_candidates_answer_at_once_and_no_answer_is_lost(registry_url: str) -> None:
    from kasip.registry import open_registry

    with open_registry(registry_url) as registry:
        engine = registry.engine
        centre = make_centre(engine)
        started = [centre.start(f"candidate-{n:02d}", seed=n) for n in range(50)]
        sheets = {a.id: theory_sheet(engine, a.id, now=T0) for a in started}
        # Every candidate answers every question, then changes the last answer, all at once.
        jobs = [
            (a, q.question_id, position)
            for a in started
            for q in sheets[a.id].questions
            for position in ((0,) if q is not sheets[a.id].questions[-1] else (0, 1))
        ]

        def send(job: tuple[Attempt, int, int]) -> str:
            attempt, qid, position = job
            given = GivenAnswer(chosen=(position,))
            return save_answer(engine, attempt.id, attempt.candidate, qid, given, now=T0).saved_at

        with ThreadPoolExecutor(16) as pool:
            assert len(list(pool.map(send, jobs))) == len(jobs)
        for attempt in started:
            sheet = theory_sheet(engine, attempt.id, now=T0)
            assert all(q.answer is not None for q in sheet.questions)
        # Then all submit at once: each test is scored on every answer it was given.
        with ThreadPoolExecutor(16) as pool:
            done = list(
                pool.map(lambda a: submit_attempt(engine, a.id, a.candidate, now=T0), started)
            )
        assert all(a.answered == a.questions and a.state == "awaiting-scoring" for a in done)
        assert accounts.verify_log(engine).intact


def test_statistics_give_difficulty_discrimination_and_the_pass_rate(fresh_registry: Any) -> None:
    from kasip.assessment import programme_statistics, statistics_csv, statistics_xlsx

    engine = fresh_registry.engine
    full = make_centre(engine, theory_only=True)
    # One question per knowledge element: every attempt draws both.
    centre = Centre(engine, full.card, full.stored, [full.bank[0], full.bank[2]])
    first, second = centre.bank[0].id, centre.bank[1].id
    rights = {"a": {first, second}, "b": {first}, "c": set(), "d": set()}
    for login, right in rights.items():
        attempt = centre.start(login)
        for question in theory_sheet(engine, attempt.id, now=T0).questions:
            wanted = "дұрыс" if question.question_id in right else "қате"
            [position] = [o.position for o in question.options if o.kk == wanted]
            save_answer(engine, attempt.id, login, question.question_id,
                        GivenAnswer(chosen=(position,)), now=T0)  # fmt: skip
        submit_attempt(engine, attempt.id, login, now=T0)
    found = programme_statistics(engine, centre.stored.id)
    assert (found.attempts, found.verdicts, found.passed) == (4, 4, 1)
    assert (found.pass_rate, found.mean_theory_percent) == (0.25, 37.5)
    by_id = {item.question_id: item for item in found.items}
    # By hand: right [1, 1, 0, 0] against the rest [100, 0, 0, 0]; [1, 0, 0, 0] against
    # [100, 100, 0, 0]: both correlations are 50 / sqrt(7500).
    assert (by_id[first].drawn, by_id[first].right, by_id[first].difficulty) == (4, 2, 0.5)
    assert (by_id[second].right, by_id[second].difficulty) == (1, 0.25)
    assert by_id[first].discrimination == by_id[second].discrimination == 0.577
    rows = statistics_csv(found).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("question_id,function_id,kind") and len(rows) == 3
    assert statistics_xlsx(found)[:2] == b"PK"
    empty = programme_statistics(engine, centre.stored.id + 1)
    assert (empty.attempts, empty.pass_rate, empty.items) == (0, None, ())


def test_a_failed_write_changes_nothing(
    fresh_registry: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasip.accounts import audit

    engine = fresh_registry.engine
    centre = make_centre(engine)
    attempt = centre.start("aigerim")
    submit_attempt(engine, attempt.id, "aigerim", now=T0)
    assign_assessor(engine, attempt.id, "assessor", by="method", now=T0)
    rows = len(accounts.read_log(engine))

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the disk is full")

    # The verdict's row is written first, then its audit row fails: neither stays.
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        score_practice(engine, attempt.id, "assessor", full_rubric(centre.programme, 2), now=T0)
    kept = get_attempt(engine, attempt.id, now=T0)
    assert (kept.state, kept.verdict, kept.rubric) == ("awaiting-scoring", None, ())
    assert len(accounts.read_log(engine)) == rows


def test_a_verdict_is_appealed_once(fresh_registry: Any) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine, theory_only=True)
    attempt = centre.start("aigerim")
    submit_attempt(engine, attempt.id, "aigerim", now=T0)
    appeal(engine, attempt.id, "aigerim", "one", now=T0)
    decide_appeal(engine, attempt.id, by="method", upheld=False, note="no", now=T0)
    with pytest.raises(Conflict, match="appealed already"):
        appeal(engine, attempt.id, "aigerim", "two", now=T0 + timedelta(minutes=1))
