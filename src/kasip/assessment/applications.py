"""Candidates' applications for programmes: what they declare, and whether they may be assessed.

A candidate applies voluntarily (or on their employer's recommendation) for a
programme, declaring their education and years of experience; the
application keeps the eligibility check's answer against the programme's card
(:func:`~kasip.assessment.eligibility.check_eligibility`), with the reason when
they are not eligible. An assessor may record an exception, with its reason.
One application per candidate and programme; every change is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from kasip.accounts import audit
from kasip.assessment.eligibility import EducationLevel, Eligibility, check_eligibility
from kasip.assessment.rows import row_by_id
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.model import ProfessionCard
from kasip.store.db import writing
from kasip.store.schema import applications

__all__ = [
    "Application",
    "Declaration",
    "Exception_",
    "Status",
    "apply",
    "get_application",
    "list_applications",
    "record_exception",
]

Status = Literal["eligible", "not-eligible", "exception"]
MAX_REASON = 2000


class Declaration(BaseModel):
    """What a candidate declares when they apply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    education: EducationLevel
    experience_years: float = Field(ge=0, le=70, description="Years of experience in the field.")
    recommended_by: str = Field("", max_length=300, description="The employer, when it recommends.")


class Exception_(BaseModel):
    """An assessor's decision to admit a candidate the check found not eligible."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: str
    reason: str
    at: str


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    declaration: Declaration
    eligibility: Eligibility
    exception: Exception_ | None = None


class Application(BaseModel):
    """An application as kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    programme_id: int
    candidate: str
    status: Status
    declaration: Declaration
    eligibility: Eligibility
    exception: Exception_ | None
    created_at: str
    updated_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _application(row: Row[Any]) -> Application:
    body = _Body.model_validate_json(row.body_json)
    return Application(
        id=row.id,
        programme_id=row.programme_id,
        candidate=row.candidate,
        status=row.status,
        declaration=body.declaration,
        eligibility=body.eligibility,
        exception=body.exception,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def apply(
    engine: Engine, programme_id: int, card: ProfessionCard, candidate: str, declared: Declaration
) -> Application:
    """Keep ``candidate``'s application for programme ``programme_id`` (whose card is ``card``).

    Raises:
        Conflict: They have applied for it already.
    """
    eligibility = check_eligibility(
        card, education=declared.education, experience_years=declared.experience_years
    )
    body = _Body(declaration=declared, eligibility=eligibility)
    status: Status = "eligible" if eligibility.eligible else "not-eligible"
    now = _now()
    try:
        with writing(engine, standards=()) as conn:
            new_id = conn.execute(
                insert(applications)
                .values(
                    programme_id=programme_id,
                    candidate=candidate,
                    status=status,
                    body_json=body.model_dump_json(),
                    created_at=now,
                    updated_at=now,
                )
                .returning(applications.c.id)
            ).scalar_one()
            audit.record(
                conn,
                actor=candidate,
                action="application.create",
                subject=f"application:{new_id}",
                after=body.model_dump(mode="json") | {"status": status},
            )
    except IntegrityError as exc:
        raise Conflict(f"{candidate} has applied for programme {programme_id} already") from exc
    return get_application(engine, new_id)


def record_exception(
    engine: Engine, application_id: int, *, assessor: str, reason: str
) -> Application:
    """Admit a candidate the check found not eligible, for ``reason`` (audited).

    Raises:
        NotFound: No such application.
        InvalidInput: No reason, or the candidate is eligible already.
    """
    reason = " ".join(reason.split())
    if not 1 <= len(reason) <= MAX_REASON:
        raise InvalidInput(f"an exception needs its reason (at most {MAX_REASON} characters)")
    with writing(engine, standards=()) as conn:
        row = conn.execute(select(applications).where(applications.c.id == application_id)).first()
        if row is None:
            raise NotFound(f"no application {application_id}")
        found = _application(row)
        if found.status != "not-eligible":
            raise InvalidInput(
                f"application {application_id} is {found.status}: no exception needed"
            )
        exception = Exception_(by=assessor, reason=reason, at=_now())
        body = _Body(
            declaration=found.declaration, eligibility=found.eligibility, exception=exception
        )
        conn.execute(
            update(applications)
            .where(applications.c.id == application_id)
            .values(status="exception", body_json=body.model_dump_json(), updated_at=exception.at)
        )
        audit.record(
            conn,
            actor=assessor,
            action="application.exception",
            subject=f"application:{application_id}",
            before={"status": found.status},
            after={"status": "exception", "reason": reason},
        )
    return get_application(engine, application_id)


def get_application(engine: Engine, application_id: int) -> Application:
    """The application ``application_id``.

    Raises:
        NotFound: There is none.
    """
    return _application(row_by_id(engine, applications, application_id, what="application"))


def list_applications(
    engine: Engine, *, programme_id: int | None = None, candidate: str | None = None
) -> list[Application]:
    """Applications, newest first (of one programme or candidate, when given)."""
    a = applications.c
    query = select(applications).order_by(a.id.desc())
    if programme_id is not None:
        query = query.where(a.programme_id == programme_id)
    if candidate is not None:
        query = query.where(a.candidate == candidate)
    with engine.connect() as conn:
        return [_application(row) for row in conn.execute(query)]
