"""The register of certificates: issued on a pass, never edited, revoked by a record of its own.

A certificate is issued for a passed attempt: one stands per attempt (when a
re-assessment revokes it and a later verdict is a pass again, a new one is
issued). It has a number no one can guess (80 random bits, written in
Crockford's base32 in groups: ``KSP-7K2M-9QXA-4TDV-H8WN``), the programme, the
standard version, card, level and the elements passed, its date and, when the
programme sets one, the end of its validity. The register's tables refuse
UPDATE and DELETE (migration 0013): revoking adds a row with who, when and
why. Issuing and revoking are audited.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, Row, insert, select
from sqlalchemy.exc import IntegrityError

from kasip.accounts import audit
from kasip.assessment import Attempt, Programme, StoredProgramme
from kasip.assessment.attempts import lock_attempt
from kasip.credentials.keys import KeyStore
from kasip.credentials.ob3 import Achieved, Issuer, build_credential, hashed_identifier
from kasip.credentials.signing import sign_jwt
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.model.ids import parse_card_id
from kasip.store.db import writing
from kasip.store.schema import certificate_revocations, certificates

__all__ = [
    "NUMBER_RE",
    "Certificate",
    "CertificateStatus",
    "Revocation",
    "certificate_of_attempt",
    "get_certificate",
    "issue_certificate",
    "list_certificates",
    "new_number",
    "revocation_list",
    "revoke_certificate",
    "status_of",
]

CertificateStatus = Literal["valid", "revoked", "expired"]
# What a certificate number can be: letters, digits and hyphens (KSP-XXXX-XXXX-XXXX-XXXX).
NUMBER_RE = re.compile(r"^[A-Za-z0-9-]{1,40}$")
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
MAX_REASON = 2000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Revocation(_Frozen):
    """Who revoked a certificate, when and why."""

    reason: str
    at: str
    by: str


class Certificate(_Frozen):
    """A certificate of the register, with its credential and its revocation if any."""

    number: str
    attempt_id: int
    candidate: str
    holder_name: str
    programme_id: int
    standard: str
    version: int
    card_id: str
    issued_at: str
    valid_until: str | None
    issued_by: str
    kid: str
    credential: dict[str, Any]
    jwt: str
    revocation: Revocation | None

    @property
    def level(self) -> int | None:
        """The qualification level, as the card's ID says it (``2635-3-001@5``: 5)."""
        parsed = parse_card_id(self.card_id)
        return parsed.level if parsed is not None else None


def new_number() -> str:
    """A new certificate number: 80 random bits, in four groups of Crockford base32."""
    bits = secrets.randbits(80)
    chars = "".join(_ALPHABET[(bits >> (5 * n)) & 31] for n in range(16))
    return "KSP-" + "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def status_of(certificate: Certificate, now: datetime) -> CertificateStatus:
    """Revoked, expired (past its validity), or valid, at ``now``."""
    if certificate.revocation is not None:
        return "revoked"
    if certificate.valid_until and now > datetime.fromisoformat(certificate.valid_until):
        return "expired"
    return "valid"


def _passed_elements(programme: Programme) -> list[tuple[str, str]]:
    """The labour functions and skills a pass recognises, in the programme's order."""
    found = {row.function.id: row.function.text for row in programme.theory}
    for task in programme.practice:
        for criterion in task.criteria:
            found.setdefault(criterion.element.id, criterion.element.text)
    return list(found.items())


def issue_certificate(  # noqa: PLR0913
    engine: Engine,
    keys: KeyStore,
    issuer: Issuer,
    *,
    attempt: Attempt,
    stored: StoredProgramme,
    holder_name: str,
    holder_iin: str | None,
    by: str,
    now: datetime,
    valid_until: datetime | None = None,
) -> Certificate:
    """Issue the certificate of a passed attempt; a second call finds the one standing.

    Raises:
        Conflict: The attempt's verdict is not a pass.
        NotFound: There is no signing key (``kasip keys init``).
    """
    if attempt.verdict is None or not attempt.verdict.result.passed:
        raise Conflict(f"attempt {attempt.id} has no passing verdict: no certificate")
    existing = certificate_of_attempt(engine, attempt.id)
    if existing is not None and existing.revocation is None:
        return existing
    programme = stored.programme
    kid = keys.active_kid()
    achieved = Achieved(
        number=new_number(),
        programme_id=stored.id,
        programme_title=programme.title,
        standard=programme.standard,
        version=programme.version,
        card_id=programme.card_id,
        card_name=programme.card_name,
        level=programme.level,
        elements=_passed_elements(programme),
        issued_at=_utc(now),
        valid_until=_utc(valid_until) if valid_until else None,
    )
    identifiers = [hashed_identifier(attempt.candidate, "accountId")]
    if holder_iin:
        identifiers.insert(0, hashed_identifier(holder_iin, "nationalIdentityNumber"))
    credential = build_credential(issuer, achieved, identifiers)
    token = sign_jwt(credential, keys.private_key(kid), kid)
    with writing(engine, standards=()) as conn:
        # The attempt's row locked: two requests issuing at once take turns, and the
        # second finds the first one's certificate.
        lock_attempt(conn, attempt.id)
        standing = conn.execute(
            select(certificates.c.number)
            .outerjoin(certificate_revocations,
                       certificate_revocations.c.certificate_id == certificates.c.id)
            .where(certificates.c.attempt_id == attempt.id,
                   certificate_revocations.c.id.is_(None))
        ).scalar()  # fmt: skip
        if standing is None:
            conn.execute(
                insert(certificates).values(
                    number=achieved.number,
                    attempt_id=attempt.id,
                    candidate=attempt.candidate,
                    holder_name=holder_name,
                    programme_id=stored.id,
                    standard_key=programme.standard,
                    version=programme.version,
                    card_id=programme.card_id,
                    issued_at=achieved.issued_at,
                    valid_until=achieved.valid_until,
                    credential_json=json.dumps(credential, ensure_ascii=False, sort_keys=True),
                    jwt=token,
                    kid=kid,
                    issued_by=by,
                )
            )
            audit.record(
                conn,
                actor=by,
                action="certificate.issue",
                subject=f"certificate:{achieved.number}",
                after={"attempt": attempt.id, "card": programme.card_id, "kid": kid},
            )
            standing = achieved.number
    return get_certificate(engine, standing)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _certificate(row: Row[Any], revocation: Row[Any] | None) -> Certificate:
    return Certificate(
        number=row.number,
        attempt_id=row.attempt_id,
        candidate=row.candidate,
        holder_name=row.holder_name,
        programme_id=row.programme_id,
        standard=row.standard_key,
        version=row.version,
        card_id=row.card_id,
        issued_at=row.issued_at,
        valid_until=row.valid_until,
        issued_by=row.issued_by,
        kid=row.kid,
        credential=json.loads(row.credential_json),
        jwt=row.jwt,
        revocation=None
        if revocation is None
        else Revocation(
            reason=revocation.reason, at=revocation.revoked_at, by=revocation.revoked_by
        ),
    )


def _query() -> Any:
    c, r = certificates.c, certificate_revocations.c
    return select(certificates, r.reason, r.revoked_at, r.revoked_by).outerjoin(
        certificate_revocations, r.certificate_id == c.id
    )


def _from_joined(row: Row[Any]) -> Certificate:
    revocation = row if row.revoked_at is not None else None
    return _certificate(row, revocation)


def certificate_of_attempt(engine: Engine, attempt_id: int) -> Certificate | None:
    """The newest certificate issued for an attempt (revoked or not), if any."""
    query = (
        _query().where(certificates.c.attempt_id == attempt_id).order_by(certificates.c.id.desc())
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else _from_joined(row)


def get_certificate(engine: Engine, number: str) -> Certificate:
    """The certificate ``number`` (letter case and spaces aside).

    Raises:
        NotFound: The register has none.
    """
    wanted = number.strip().upper()
    with engine.connect() as conn:
        row = conn.execute(_query().where(certificates.c.number == wanted)).first()
    if row is None:
        raise NotFound(f"no certificate {wanted}")
    return _from_joined(row)


def list_certificates(engine: Engine, *, candidate: str | None = None) -> list[Certificate]:
    """Certificates, newest first (of one holder, when given)."""
    query = _query().order_by(certificates.c.id.desc())
    if candidate is not None:
        query = query.where(certificates.c.candidate == candidate)
    with engine.connect() as conn:
        return [_from_joined(row) for row in conn.execute(query)]


def revoke_certificate(
    engine: Engine, number: str, *, reason: str, by: str, now: datetime
) -> Certificate:
    """Revoke a certificate, for ``reason`` (a new record; the certificate stays as issued).

    Raises:
        NotFound: No such certificate.
        Conflict: It is revoked already.
        InvalidInput: No reason.
    """
    reason = " ".join(reason.split())
    if not 1 <= len(reason) <= MAX_REASON:
        raise InvalidInput(f"give the reason (1 to {MAX_REASON} characters)")
    found = get_certificate(engine, number)
    try:
        with writing(engine, standards=()) as conn:
            certificate_id = conn.execute(
                select(certificates.c.id).where(certificates.c.number == found.number)
            ).scalar_one()
            conn.execute(
                insert(certificate_revocations).values(
                    certificate_id=certificate_id,
                    reason=reason,
                    revoked_at=_utc(now),
                    revoked_by=by,
                )
            )
            audit.record(
                conn,
                actor=by,
                action="certificate.revoke",
                subject=f"certificate:{found.number}",
                before={"status": "valid"},
                after={"status": "revoked", "reason": reason},
            )
    except IntegrityError as exc:
        raise Conflict(f"certificate {found.number} is revoked already") from exc
    return get_certificate(engine, found.number)


def revocation_list(engine: Engine, issuer: Issuer) -> dict[str, Any]:
    """The 1EdTech Revocation List: every revoked credential's ID and the reason."""
    c, r = certificates.c, certificate_revocations.c
    query = (
        select(c.credential_json, r.reason)
        .join(certificate_revocations, r.certificate_id == c.id)
        .order_by(r.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    revoked = [{"id": json.loads(text)["id"], "revocationReason": reason} for text, reason in rows]
    return {
        "id": f"{issuer.public_url}/api/v1/credentials/revocations",
        "issuer": issuer.id,
        "revokedCredentials": revoked,
    }
