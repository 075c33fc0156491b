"""Certificates for the API, the web pages and the command line: issue, read, revoke, verify.

- A passed attempt gets its certificate as soon as its verdict is a pass (the
  pages call :func:`certificate_for` whenever they show a passed attempt, so a
  verdict given by the clock is not missed); the centre may also issue it.
- The holder reads their own certificates; methodologists and admins read
  all and revoke, with the reason. Others see none (not found).
- Anyone verifies a certificate, without an account.

``Issuing`` carries what the server's settings say about the issuer: its
name and address, and its key folder.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kasip import accounts, assessment, credentials
from kasip.config import Settings, default_keys_dir
from kasip.credentials import Certificate, Issuer, KeyStore, Verification
from kasip.errors import Conflict, NotFound
from kasip.pages.models import PageModel
from kasip.pages.roles import CENTRE
from kasip.registry import Registry

__all__ = [
    "CertificatesPage",
    "Issuing",
    "build_certificate",
    "build_certificates",
    "certificate_for",
    "revoke",
    "verify_file",
    "verify_number",
]


@dataclass(frozen=True, slots=True)
class Issuing:
    """Who issues (name and public address) and with which keys."""

    issuer: Issuer
    keys: KeyStore

    @classmethod
    def from_settings(cls, settings: Settings) -> Issuing:
        folder = settings.keys_dir or default_keys_dir()
        issuer = Issuer(name=settings.issuer_name, public_url=settings.public_url.rstrip("/"))
        return cls(issuer=issuer, keys=KeyStore(folder))


class CertificatesPage(PageModel):
    """Certificates, newest first: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[Certificate, ...]
    count: int
    page: int
    per_page: int


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def certificate_for(
    registry: Registry,
    issuing: Issuing,
    attempt: assessment.Attempt,
    *,
    by: str,
    now: datetime | None = None,
) -> Certificate | None:
    """The certificate of a passed attempt, issued now if it has none; None without a pass.

    A certificate whose attempt no longer stands as a pass (a re-assessment after an appeal
    gave another verdict) is revoked, with that reason.

    Raises:
        NotFound: There is no signing key (``kasip keys init``).
    """
    if attempt.verdict is None or not attempt.verdict.result.passed:
        earlier = credentials.certificate_of_attempt(registry.engine, attempt.id)
        if earlier is not None and earlier.revocation is None and attempt.verdict is not None:
            reason = "re-assessment: the verdict that stands is not a pass"
            with suppress(Conflict):  # another request revoked it meanwhile
                credentials.revoke_certificate(
                    registry.engine, earlier.number, reason=reason, by=by, now=_now(now)
                )
        return None
    stored = assessment.get_programme(registry.engine, attempt.programme_id)
    holder = accounts.get_user(registry.engine, attempt.candidate)
    years = stored.programme.rules.certificate_years
    moment = _now(now)
    return credentials.issue_certificate(
        registry.engine,
        issuing.keys,
        issuing.issuer,
        attempt=attempt,
        stored=stored,
        holder_name=holder.name,
        holder_iin=accounts.iin_of(registry.engine, holder.login),
        by=by,
        now=moment,
        valid_until=moment + timedelta(days=round(365.25 * years)) if years else None,
    )


def _visible(actor: accounts.User, certificate: Certificate) -> Certificate:
    if actor.role not in CENTRE and certificate.candidate != actor.login:
        raise NotFound(f"no certificate {certificate.number}")
    return certificate


def build_certificate(registry: Registry, actor: accounts.User, number: str) -> Certificate:
    """A certificate with its credential: the holder's own, or any for the centre."""
    return _visible(actor, credentials.get_certificate(registry.engine, number))


def build_certificates(
    registry: Registry, actor: accounts.User, *, page: int = 1, per_page: int = 50
) -> CertificatesPage:
    """The holder's certificates, or every one for the centre; newest first."""
    mine = None if actor.role in CENTRE else actor.login
    found = credentials.list_certificates(registry.engine, candidate=mine)
    chosen = tuple(found[(page - 1) * per_page : page * per_page])
    return CertificatesPage(data=chosen, count=len(found), page=page, per_page=per_page)


def revoke(
    registry: Registry,
    actor: accounts.User,
    number: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> Certificate:
    """Revoke a certificate, with the reason (methodologists and admins)."""
    accounts.require_role(actor, *CENTRE)
    return credentials.revoke_certificate(
        registry.engine, number, reason=reason, by=actor.login, now=_now(now)
    )


def verify_number(
    registry: Registry, issuing: Issuing, number: str, *, now: datetime | None = None
) -> Verification:
    """Verify the certificate of a number (anyone)."""
    return credentials.verify_number(
        registry.engine, issuing.keys, issuing.issuer, number, now=_now(now)
    )


def verify_file(
    registry: Registry, issuing: Issuing, data: bytes, *, now: datetime | None = None
) -> Verification:
    """Verify a presented credential: a VC-JWT or its JSON (anyone)."""
    return credentials.verify_upload(
        registry.engine, issuing.keys, issuing.issuer, data, now=_now(now)
    )
