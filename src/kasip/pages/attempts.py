"""Attempts for the API and the web pages: who may sit, see, score and decide what.

- A candidate starts an attempt from their own admitted application, sits
  its test, submits it and appeals against its verdict; they see only their
  own attempts (another's is not found).
- An assessor sees the attempts assigned to them and scores their practical
  part; any other attempt is not found to them.
- A methodologist or an admin sees every attempt, assigns its assessor and
  decides appeals.

Every builder takes the time from :func:`kasip.assessment.attempts.clock`
unless given ``now``: the server's clock, the one the deadlines keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kasip import accounts, assessment
from kasip.assessment import (
    Attempt,
    AttemptState,
    GivenAnswer,
    PracticalTask,
    Programme,
    ProgrammeRules,
    RubricScore,
    SavedAnswer,
    TestSheet,
)
from kasip.assessment import attempts as sittings
from kasip.assessment.attempts import KASIP
from kasip.credentials import Certificate
from kasip.errors import InvalidInput, NotFound
from kasip.pages.certificates import Issuing, certificate_for
from kasip.pages.models import PageModel
from kasip.pages.roles import CENTRE
from kasip.registry import Registry

__all__ = [
    "CENTRE",
    "AttemptPage",
    "AttemptsPage",
    "FunctionRow",
    "answer_question",
    "appeal_verdict",
    "assign",
    "build_attempt",
    "build_attempt_page",
    "build_attempts",
    "build_sheet",
    "certify",
    "decide",
    "function_rows",
    "score_rubric",
    "start",
    "submit",
]


class AttemptsPage(PageModel):
    """Attempts, newest first: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[Attempt, ...]
    count: int
    page: int
    per_page: int


def _now(now: datetime | None) -> datetime:
    return now or sittings.clock()


def _visible(actor: accounts.User, attempt: Attempt) -> Attempt:
    """``attempt`` when ``actor`` may see it (see the module doc); else not found."""
    mine = {"candidate": attempt.candidate, "assessor": attempt.assessor}
    if actor.role in mine and mine[actor.role] != actor.login:
        raise NotFound(f"no attempt {attempt.id}")
    return attempt


def build_attempt(
    registry: Registry, actor: accounts.User, attempt_id: int, *, now: datetime | None = None
) -> Attempt:
    """An attempt ``actor`` may see."""
    return _visible(actor, assessment.get_attempt(registry.engine, attempt_id, now=_now(now)))


def build_attempts(  # noqa: PLR0913
    registry: Registry,
    actor: accounts.User,
    *,
    state: AttemptState | None = None,
    application_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
    now: datetime | None = None,
) -> AttemptsPage:
    """The attempts ``actor`` may see, newest first."""
    found = assessment.list_attempts(
        registry.engine,
        now=_now(now),
        candidate=actor.login if actor.role == "candidate" else None,
        assessor=actor.login if actor.role == "assessor" else None,
        application_id=application_id,
        state=state,
    )
    chosen = tuple(found[(page - 1) * per_page : page * per_page])
    return AttemptsPage(data=chosen, count=len(found), page=page, per_page=per_page)


def start(
    registry: Registry, actor: accounts.User, application_id: int, *, now: datetime | None = None
) -> Attempt:
    """Start the next attempt of one's own admitted application (candidates only).

    Raises:
        Forbidden: Not a candidate.
        NotFound: No such application of theirs.
        Conflict: Not admitted, an attempt open, passed, no attempt left, or too early.
    """
    accounts.require_role(actor, "candidate")
    application = assessment.get_application(registry.engine, application_id)
    if application.candidate != actor.login:
        raise NotFound(f"no application {application_id}")
    stored = assessment.get_programme(registry.engine, application.programme_id)
    bank = assessment.list_questions(registry.engine, stored.programme.card_id)
    return assessment.start_attempt(registry.engine, application, stored, bank, now=_now(now))


def build_sheet(
    registry: Registry, actor: accounts.User, attempt_id: int, *, now: datetime | None = None
) -> TestSheet:
    """The attempt's theory test, with its answers so far, for whoever may see the attempt."""
    build_attempt(registry, actor, attempt_id, now=now)
    return assessment.theory_sheet(registry.engine, attempt_id, now=_now(now))


def answer_question(  # noqa: PLR0913
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    question_id: int,
    given: GivenAnswer,
    *,
    now: datetime | None = None,
) -> SavedAnswer:
    """Keep the candidate's answer to a question of their open test."""
    accounts.require_role(actor, "candidate")
    return assessment.save_answer(
        registry.engine, attempt_id, actor.login, question_id, given, now=_now(now)
    )


def certify(
    registry: Registry, issuing: Issuing | None, attempt: Attempt, *, by: str
) -> Certificate | None:
    """The certificate of a passed attempt, issued when the centre has a signing key; one
    whose attempt no longer stands as a pass is revoked (see :func:`certificate_for`)."""
    passed = attempt.verdict is not None and attempt.verdict.result.passed
    if issuing is None or (passed and not issuing.keys.keys()):
        return None
    return certificate_for(registry, issuing, attempt, by=by)


def submit(
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    *,
    issuing: Issuing | None = None,
    now: datetime | None = None,
) -> Attempt:
    """End the candidate's own theory test now (a theory-only pass gets its certificate)."""
    accounts.require_role(actor, "candidate")
    done = assessment.submit_attempt(registry.engine, attempt_id, actor.login, now=_now(now))
    certify(registry, issuing, done, by=KASIP)
    return done


def assign(
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    assessor: str,
    *,
    now: datetime | None = None,
) -> Attempt:
    """Assign an assessor (an active account of that role) to an attempt (the centre only).

    Raises:
        InvalidInput: ``assessor`` is no active assessor's login.
    """
    accounts.require_role(actor, *CENTRE)
    found = accounts.find_user(registry.engine, assessor)
    if found is None or found.role != "assessor" or found.disabled:
        raise InvalidInput(f"{assessor!r} is not an active assessor's account")
    return assessment.assign_assessor(
        registry.engine, attempt_id, found.login, by=actor.login, now=_now(now)
    )


def score_rubric(  # noqa: PLR0913
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    scores: Sequence[RubricScore],
    note: str = "",
    *,
    issuing: Issuing | None = None,
    now: datetime | None = None,
) -> Attempt:
    """The attempt's assessor scores its practical part (other attempts are not found to them);
    a pass gets its certificate."""
    accounts.require_role(actor, "assessor")
    build_attempt(registry, actor, attempt_id, now=now)
    scored = assessment.score_practice(
        registry.engine, attempt_id, actor.login, scores, note=note, now=_now(now)
    )
    certify(registry, issuing, scored, by=actor.login)
    return scored


def appeal_verdict(
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> Attempt:
    """The candidate appeals against their attempt's verdict."""
    accounts.require_role(actor, "candidate")
    return assessment.appeal(registry.engine, attempt_id, actor.login, reason, now=_now(now))


def decide(  # noqa: PLR0913
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    *,
    upheld: bool,
    note: str,
    now: datetime | None = None,
) -> Attempt:
    """The centre decides an appeal: upheld (re-assessment) or rejected, with the reason."""
    accounts.require_role(actor, *CENTRE)
    return assessment.decide_appeal(
        registry.engine, attempt_id, by=actor.login, upheld=upheld, note=note, now=_now(now)
    )


class FunctionRow(PageModel):
    """A labour function's percentage in each part assessed (None: not assessed, or not yet)."""

    function_id: str
    name: str
    theory: float | None
    practice: float | None


class AttemptPage(PageModel):
    """An attempt's page: the attempt, its scores by labour function, and what the reader may do."""

    attempt: Attempt
    programme_title: str
    rules: ProgrammeRules
    practice: tuple[PracticalTask, ...]
    functions: tuple[FunctionRow, ...]
    sheet: TestSheet | None  # the test, for its candidate while it is open
    assessors: tuple[str, ...]  # the active assessors, for the centre to assign
    may_assign: bool
    may_score: bool
    may_appeal: bool
    may_decide: bool
    appeal_until: str | None
    certificate: Certificate | None
    certificate_pending: bool  # passed, but the centre has no signing key yet


def _percent(earned: float, possible: float) -> float | None:
    return round(100 * earned / possible, 2) if possible else None


def function_rows(programme: Programme, attempt: Attempt) -> tuple[FunctionRow, ...]:
    """The attempt's scores per labour function: the verdict's, or the theory's until then."""
    scores = attempt.verdict.result.functions if attempt.verdict else attempt.theory
    names = {row.function.id: row.function.text for row in programme.theory}
    rows: dict[str, dict[str, float | None]] = {}
    for s in scores:
        rows.setdefault(s.function_id, {"theory": None, "practice": None})[s.part] = _percent(
            s.earned, s.possible
        )
    return tuple(
        FunctionRow(function_id=f, name=names.get(f, f), theory=p["theory"], practice=p["practice"])
        for f, p in rows.items()
    )


def _appeal_until(attempt: Attempt, rules: ProgrammeRules) -> datetime | None:
    if attempt.state != "scored" or attempt.verdict is None:
        return None
    return datetime.fromisoformat(attempt.verdict.at) + timedelta(days=rules.appeal_days)


def build_attempt_page(
    registry: Registry,
    actor: accounts.User,
    attempt_id: int,
    *,
    issuing: Issuing | None = None,
    now: datetime | None = None,
) -> AttemptPage:
    """The attempt's page for ``actor`` (who must be able to see the attempt); a pass
    without its certificate yet (a verdict the clock gave) gets it here."""
    moment = _now(now)
    attempt = build_attempt(registry, actor, attempt_id, now=moment)
    programme = assessment.get_programme(registry.engine, attempt.programme_id).programme
    centre = actor.role in CENTRE
    sitting = actor.role == "candidate" and attempt.state == "in-progress"
    until = _appeal_until(attempt, programme.rules)
    certificate = certify(registry, issuing, attempt, by=KASIP)
    passed = attempt.verdict is not None and attempt.verdict.result.passed
    # Only the centre assigns assessors: nobody else's page reads the accounts.
    assessors = tuple(
        u.login
        for u in (accounts.list_users(registry.engine) if centre else [])
        if u.role == "assessor" and not u.disabled
    )
    return AttemptPage(
        attempt=attempt,
        programme_title=programme.title,
        rules=programme.rules,
        practice=programme.practice,
        functions=function_rows(programme, attempt),
        sheet=assessment.theory_sheet(registry.engine, attempt_id, now=moment) if sitting else None,
        assessors=assessors,
        may_assign=centre and attempt.state in ("in-progress", "awaiting-scoring"),
        may_score=actor.role == "assessor" and attempt.state == "awaiting-scoring",
        may_appeal=actor.role == "candidate" and until is not None and moment <= until,
        may_decide=centre and attempt.state == "appealed",
        appeal_until=None if until is None else sittings.timestamp(until),
        certificate=certificate,
        certificate_pending=passed and certificate is None,
    )
