"""``/api/v1/certificates`` and ``/api/v1/credentials``: certificates, and verifying them.

A certificate is issued when an attempt's verdict is a pass. Its holder reads
their own (with the Open Badges 3.0 credential and its VC-JWT, to put in a
wallet); methodologists and admins read all and revoke. Verification, the
revocation list and the issuer's keys are public: no account, a rate limit
per client address.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kasip.credentials import Certificate, Verification, revocation_list
from kasip.credentials.register import MAX_REASON
from kasip.credentials.verification import MAX_CREDENTIAL_BYTES
from kasip.http.auth import CurrentUser, private_json
from kasip.http.deps import IssuingDep, PageQuery, PerPageQuery, RegistryDep
from kasip.http.errors import ApiError, ErrorResponse
from kasip.http.ratelimit import limit_verification
from kasip.http.responses import json_response
from kasip.pages import certificates as issued
from kasip.pages.certificates import CertificatesPage

__all__ = ["RevokeRequest", "VerifyRequest", "router"]

router = APIRouter(tags=["certificates"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."},
    403: {"model": ErrorResponse, "description": "The account's role may not."},
    404: {"model": ErrorResponse, "description": "No such certificate, or not one of yours."},
}
_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "Too many verifications from this address."}
}
NumberPath = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]


class RevokeRequest(BaseModel):
    """Why the certificate is revoked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=MAX_REASON)


class VerifyRequest(BaseModel):
    """What to verify: a certificate's number, its VC-JWT, or its credential JSON (one of them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str | None = Field(None, max_length=40)
    jwt: str | None = Field(None, max_length=MAX_CREDENTIAL_BYTES)
    credential: dict[str, Any] | None = None


@router.get("/certificates", response_model=CertificatesPage, name="list_certificates",
            responses=_REFUSED)  # fmt: skip
def list_(
    registry: RegistryDep, user: CurrentUser, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> Response:
    """Certificates, newest first: one's own, or every one for methodologists and admins."""
    return private_json(issued.build_certificates(registry, user, page=page, per_page=per_page))


@router.get("/certificates/{number}", response_model=Certificate, name="get_certificate",
            responses=_REFUSED)  # fmt: skip
def get(registry: RegistryDep, user: CurrentUser, number: NumberPath) -> Response:
    """A certificate with its `credential` (Open Badges 3.0) and `jwt` (its VC-JWT)."""
    return private_json(issued.build_certificate(registry, user, number))


@router.post("/certificates/{number}/revoke", response_model=Certificate,
             name="revoke_certificate",
             responses={**_REFUSED, 409: {"model": ErrorResponse,
                                          "description": "Revoked already."}})  # fmt: skip
def revoke(
    registry: RegistryDep, user: CurrentUser, number: NumberPath, payload: RevokeRequest
) -> Response:
    """Revoke a certificate, with the reason (methodologists and admins): a record of its own;
    the certificate stays in the register as issued, and verifies as revoked from now on."""
    return private_json(issued.revoke(registry, user, number, payload.reason))


def _request_bytes(payload: VerifyRequest) -> tuple[str | None, bytes]:
    given = [v for v in (payload.number, payload.jwt, payload.credential) if v is not None]
    if len(given) != 1:
        raise ApiError(400, "send one of number, jwt or credential", code="invalid-request")
    if payload.number is not None:
        return payload.number, b""
    if payload.jwt is not None:
        return None, payload.jwt.encode()
    return None, json.dumps(payload.credential, ensure_ascii=False).encode()


@router.post(
    "/credentials/verify",
    response_model=Verification,
    name="verify_credential",
    responses=_LIMITED,
    dependencies=[Depends(limit_verification)],
)
async def verify(request: Request, registry: RegistryDep, issuing: IssuingDep) -> Response:
    """Verify a certificate (no account needed): JSON `{"number"}`, `{"jwt"}` or
    `{"credential"}`, or the VC-JWT itself as `text/plain` or `application/jwt`.

    The answer's `status` is `valid`, `revoked`, `expired`, `not-yet-valid`, `not-found` or
    `tampered`; `reason` names the check that failed (`signature`, `issuer`, `register`,
    `dates`, `status`, `algorithm`, `unknown-key`, `malformed`, `format`) and `message` says why;
    `certificate` shows what the certificate holds.
    """
    body = await request.body()
    if len(body) > MAX_CREDENTIAL_BYTES:
        raise ApiError(413, "a credential is at most 256 KiB", code="payload-too-large")
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type in ("text/plain", "application/jwt"):
        return json_response(request, issued.verify_file(registry, issuing, body))
    try:
        payload = VerifyRequest.model_validate_json(body or b"{}")
    except ValidationError as exc:
        details = exc.errors(include_url=False, include_input=False)
        message = "send JSON {number}, {jwt} or {credential}"
        raise ApiError(400, message, code="invalid-request", details=details) from exc
    number, data = _request_bytes(payload)
    if number is not None:
        return json_response(request, issued.verify_number(registry, issuing, number))
    return json_response(request, issued.verify_file(registry, issuing, data))


@router.get(
    "/credentials/revocations",
    name="revocation_list",
    responses={
        200: {
            "description": "The 1EdTech Revocation List.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def revocations(registry: RegistryDep, issuing: IssuingDep) -> Response:
    """The issuer's revocation list (1EdTech Revocation List): every revoked credential's `id`
    and `revocationReason`. A credential's `credentialStatus` points here."""
    body = json.dumps(revocation_list(registry.engine, issuing.issuer), ensure_ascii=False)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})


@router.get(
    "/credentials/jwks",
    name="issuer_keys",
    responses={
        200: {
            "description": "The issuer's public keys (JWKS).",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def jwks(issuing: IssuingDep) -> Response:
    """The issuer's public keys as a JSON Web Key Set: every key a certificate was ever signed
    with, named by the `kid` of its JWT's header."""
    body = json.dumps(issuing.keys.public_jwks())
    # application/json here (what the document promises every JSON answer is);
    # /.well-known/jwks.json answers the same as application/jwk-set+json.
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})
