"""Verifying a certificate: by its number, its VC-JWT or its credential JSON.

The checks follow the Open Badges 3.0 verification procedure, in its order,
and the first that fails gives the answer with its reason:

1. **format**: a compact JWT, or JSON that is an ``OpenBadgeCredential``;
2. **signature**: RS256 by a key of the issuer's published set (a key rotated
   out still verifies what it signed); the registered claims agree with the
   credential;
3. **issuer**: the credential's issuer is this kasip's;
4. **register**: the register holds this certificate (else *not found*), and
   its copy is the one presented, field for field (else *tampered*, naming
   the first field that differs);
5. **dates**: ``validFrom`` has come; ``validUntil``, if any, has not passed
   (else *expired*);
6. **status**: the issuer's revocation list does not name it (else *revoked*).

A credential JSON without a proof of its own is checked against the
register's signed copy: any field changed is found there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine

from kasip.credentials.keys import KeyStore
from kasip.credentials.ob3 import OB3_CONTEXT, VC_CONTEXT, Issuer
from kasip.credentials.register import NUMBER_RE, Certificate, get_certificate, status_of
from kasip.credentials.signing import CredentialInvalid, read_jwt
from kasip.errors import NotFound

__all__ = [
    "MAX_CREDENTIAL_BYTES",
    "CertificateView",
    "Verification",
    "VerificationStatus",
    "verify_credential",
    "verify_number",
    "verify_upload",
]

VerificationStatus = Literal[
    "valid", "revoked", "expired", "not-yet-valid", "not-found", "tampered"
]
MAX_CREDENTIAL_BYTES = 256 * 1024  # a credential is a few kilobytes


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CertificateView(_Frozen):
    """What a verifier is shown: no more than the certificate itself holds."""

    number: str
    holder_name: str
    title: str
    standard: str
    version: int
    card_id: str
    level: int | None
    elements: tuple[tuple[str, str], ...]  # (element ID, text)
    issuer: str
    issued_at: str
    valid_until: str | None
    revoked_at: str | None
    revocation_reason: str | None


class Verification(_Frozen):
    """A verification's answer: the status, the reason's code and message, the checks passed."""

    status: VerificationStatus
    reason: str  # "ok", or the code of the check that failed
    message: str
    checks: tuple[str, ...]  # the checks passed, in order
    certificate: CertificateView | None


def _view(certificate: Certificate) -> CertificateView:
    credential = certificate.credential
    alignment = credential["credentialSubject"]["achievement"].get("alignment", [])
    revocation = certificate.revocation
    return CertificateView(
        number=certificate.number,
        holder_name=certificate.holder_name,
        title=credential["name"],
        standard=certificate.standard,
        version=certificate.version,
        card_id=certificate.card_id,
        level=certificate.level,
        elements=tuple((a["targetCode"], a["targetName"]) for a in alignment[1:]),
        issuer=credential["issuer"]["name"],
        issued_at=certificate.issued_at,
        valid_until=certificate.valid_until,
        revoked_at=revocation.at if revocation else None,
        revocation_reason=revocation.reason if revocation else None,
    )


def _answer(
    status: VerificationStatus,
    reason: str,
    message: str,
    checks: list[str],
    certificate: Certificate | None = None,
) -> Verification:
    view = None if certificate is None else _view(certificate)
    return Verification(
        status=status, reason=reason, message=message, checks=tuple(checks), certificate=view
    )


_MISSING = object()  # a field one side does not have


def _first_difference(kept: Any, shown: Any, path: str = "") -> str | None:
    """The path of the first field where ``shown`` differs from ``kept``; None if equal.

    Strict: a field added or left out differs (even as null), and so does a value of
    another JSON type (``true`` is not ``1``).
    """
    if isinstance(kept, Mapping) and isinstance(shown, Mapping):
        for key in sorted(set(kept) | set(shown), key=str):
            where = f"{path}.{key}" if path else str(key)
            found = _first_difference(kept.get(key, _MISSING), shown.get(key, _MISSING), where)
            if found:
                return found
        return None
    if isinstance(kept, list) and isinstance(shown, list) and len(kept) == len(shown):
        for n, (a, b) in enumerate(zip(kept, shown, strict=True)):
            found = _first_difference(a, b, f"{path}[{n}]")
            if found:
                return found
        return None
    same = type(kept) is type(shown) and kept == shown
    return None if same else (path or "the credential")


def _is_credential(data: Any) -> bool:
    if not isinstance(data, Mapping):
        return False
    context, kinds = data.get("@context"), data.get("type")
    if not isinstance(context, list) or not isinstance(kinds, list):
        return False
    names = {kind for kind in kinds if isinstance(kind, str)}
    return (
        context[:1] == [VC_CONTEXT]
        and OB3_CONTEXT.rsplit("-", 1)[0] in " ".join(str(c) for c in context)
        and "VerifiableCredential" in names
        and bool({"OpenBadgeCredential", "AchievementCredential"} & names)
    )


def _number_of(credential: Mapping[str, Any], issuer: Issuer) -> str | None:
    ident = str(credential.get("id", ""))
    prefix = f"{issuer.public_url}/verify/"
    return ident[len(prefix) :] if ident.startswith(prefix) else None


def verify_credential(
    engine: Engine,
    issuer: Issuer,
    credential: Mapping[str, Any],
    *,
    now: datetime,
    checks: list[str],
) -> Verification:
    """Checks 3 to 6 of a credential whose format (and signature, if any) passed."""
    if not _is_credential(credential):
        return _answer("tampered", "format", "not an Open Badges 3.0 credential", checks)
    kept_issuer = credential.get("issuer")
    issuer_id = kept_issuer.get("id") if isinstance(kept_issuer, Mapping) else kept_issuer
    if issuer_id != issuer.id:
        return _answer("tampered", "issuer", f"issued by {issuer_id!r}, not by {issuer.id}", checks)
    checks.append("issuer")
    number = _number_of(credential, issuer) or ""
    try:
        if not NUMBER_RE.match(number):
            raise NotFound("not a certificate number")
        certificate = get_certificate(engine, number)
    except NotFound:
        return _answer("not-found", "register", "the register has no such certificate", checks)
    difference = _first_difference(certificate.credential, dict(credential))
    if difference is not None:
        message = f"{difference} differs from the certificate the register holds"
        return _answer("tampered", "register", message, checks, certificate)
    checks.append("register")
    valid_from = datetime.fromisoformat(str(credential["validFrom"]))
    if now < valid_from:
        return _answer("not-yet-valid", "dates", "it is not valid yet", checks, certificate)
    status = status_of(certificate, now)
    if status == "expired":
        message = f"it was valid until {certificate.valid_until}"
        return _answer("expired", "dates", message, checks, certificate)
    checks.append("dates")
    if status == "revoked":
        assert certificate.revocation is not None
        message = f"revoked on {certificate.revocation.at}: {certificate.revocation.reason}"
        return _answer("revoked", "status", message, checks, certificate)
    checks.append("status")
    return _answer("valid", "ok", "the certificate is valid", checks, certificate)


def _verify_token(
    engine: Engine, keys: KeyStore, issuer: Issuer, token: str, now: datetime
) -> Verification:
    checks = ["format"]
    try:
        credential = read_jwt(token, keys.public_jwks())
    except CredentialInvalid as exc:
        status: VerificationStatus = "tampered"
        return _answer(status, exc.code, str(exc), checks if exc.code != "malformed" else [])
    checks.append("signature")
    return verify_credential(engine, issuer, credential, now=now, checks=checks)


def verify_number(
    engine: Engine, keys: KeyStore, issuer: Issuer, number: str, *, now: datetime
) -> Verification:
    """Verify the certificate the register holds under ``number``, its signature included."""
    if not NUMBER_RE.match(number.strip()):
        return _answer("not-found", "register", "not a certificate number", [])
    try:
        certificate = get_certificate(engine, number)
    except NotFound:
        return _answer("not-found", "register", "the register has no such certificate", [])
    return _verify_token(engine, keys, issuer, certificate.jwt, now)


def verify_upload(
    engine: Engine, keys: KeyStore, issuer: Issuer, data: bytes, *, now: datetime
) -> Verification:
    """Verify what someone presents: a VC-JWT, or the credential's JSON (a file's bytes)."""
    if len(data) > MAX_CREDENTIAL_BYTES:
        message = f"larger than {MAX_CREDENTIAL_BYTES // 1024} KiB: not a credential"
        return _answer("tampered", "malformed", message, [])
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return _answer("tampered", "malformed", "not UTF-8 text", [])
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):  # JSONDecodeError, or a number too long
            return _answer("tampered", "malformed", "not JSON", [])
        return verify_credential(engine, issuer, parsed, now=now, checks=["format"])
    if text.startswith('"'):
        try:
            text = str(json.loads(text))
        except (ValueError, RecursionError):
            return _answer("tampered", "malformed", "not JSON", [])
    return _verify_token(engine, keys, issuer, text, now)
