"""The certificate pages: public verification, one's certificates, their files, revoking.

``/verify`` is public (no account): a number typed in, a QR code scanned
(``/verify/{number}``, the credential's own ID) or a credential file (JWT or
JSON) uploaded or pasted gives valid, revoked, expired, not found or tampered,
with the reason, in kk/ru/en, showing only what the certificate holds. It is
rate-limited per address (``KASIP_VERIFY_PER_MINUTE``). Signed in, a holder
finds their certificates at ``/certificates`` with the PDF, the JWT and the
JSON; methodologists and admins see all and revoke. ``/.well-known/jwks.json``
and ``/issuer`` publish the issuer's keys and profile.
"""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kasip.credentials import Certificate, Verification
from kasip.credentials.register import MAX_REASON
from kasip.credentials.verification import MAX_CREDENTIAL_BYTES
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.http.deps import IssuingDep, RegistryDep, get_issuing
from kasip.http.ratelimit import limit_verification
from kasip.pages import certificates as issued
from kasip.pdf.certificate import render_certificate_pdf
from kasip.registry import Registry
from kasip.web.account import (
    NO_STORE,
    check_origin,
    check_token,
    private_page,
    sign_in_first,
    signed_in,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

NumberPath = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
FILE_MEDIA = {
    "pdf": "application/pdf",
    "jwt": "application/jwt",
    "json": "application/json",
}


def _result(request: Request, verification: Verification | None, status: int = 200) -> Response:
    return private_page(request, "verify.html", {"result": verification}, status)


@router.get("/verify")
def verify_page(request: Request, number: str = "") -> Response:
    """The verification form; ``?number=`` goes on to that certificate's answer."""
    wanted = "".join(number.split()).upper()
    if wanted:
        return RedirectResponse(f"/verify/{wanted}", status_code=303)
    return _result(request, None)


@router.get("/verify/{number}", dependencies=[Depends(limit_verification)])
def verify_number_page(
    request: Request, registry: RegistryDep, issuing: IssuingDep, number: NumberPath
) -> Response:
    """The answer for a certificate's number (where its QR code leads)."""
    return _result(request, issued.verify_number(registry, issuing, number))


def _uploaded(registry: Registry, request: Request, data: bytes) -> Response:
    verification = issued.verify_file(registry, get_issuing(request), data)
    return _result(request, verification)


@router.post("/verify", dependencies=[Depends(limit_verification)])
async def verify_upload_form(request: Request, registry: RegistryDep) -> Response:
    """Verify a credential file uploaded (``file``) or pasted (``credential``)."""
    form = await request.form(max_files=1, max_fields=4, max_part_size=MAX_CREDENTIAL_BYTES)
    check_origin(request)
    upload = form.get("file")
    data = b""
    if upload is not None and not isinstance(upload, str):
        data = await upload.read(MAX_CREDENTIAL_BYTES + 1)
    if not data:
        data = str(form.get("credential", "")).encode()
    if not data.strip():
        return _result(request, None, status=400)
    return await run_in_threadpool(_uploaded, registry, request, data)


@router.get("/.well-known/jwks.json")
def jwks(issuing: IssuingDep) -> Response:
    """The issuer's public keys (JWKS), where verifiers look for them."""
    body = json.dumps(issuing.keys.public_jwks())
    return Response(body, media_type="application/jwk-set+json",
                    headers={"Cache-Control": "no-cache"})  # fmt: skip


@router.get("/issuer")
def issuer_profile(issuing: IssuingDep) -> Response:
    """The issuer's Open Badges 3.0 ``Profile`` (a credential's ``issuer.id``)."""
    body = json.dumps(issuing.issuer.profile(), ensure_ascii=False)
    return Response(body, media_type="application/json")


@router.get("/certificates")
def certificates_page(request: Request, registry: RegistryDep) -> Response:
    """One's certificates, or every one for methodologists and admins."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/certificates")
    found = issued.build_certificates(registry, session.user, per_page=500)
    context = {"found": found, "user": session.user, "csrf": session.csrf_token}
    return private_page(request, "certificates.html", context)


def _download(certificate: Certificate, kind: str, request: Request) -> Response:
    if kind == "pdf":
        body = render_certificate_pdf(certificate, get_issuing(request).issuer)
    elif kind == "jwt":
        body = certificate.jwt.encode()
    else:
        body = json.dumps(certificate.credential, ensure_ascii=False, indent=2).encode()
    name = f"certificate-{certificate.number}.{kind}"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=FILE_MEDIA[kind], headers=headers)


@router.get("/certificates/{number}.{kind}")
def certificate_file(
    request: Request, registry: RegistryDep, number: NumberPath, kind: str
) -> Response:
    """A certificate as a PDF to print, its VC-JWT or its credential JSON (for a wallet)."""
    if kind not in FILE_MEDIA:
        raise NotFound(f"no certificate file .{kind}: pdf, jwt or json")
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/certificates")
    certificate = issued.build_certificate(registry, session.user, number)
    return _download(certificate, kind, request)


@router.post("/certificates/{number}/revoke")
def revoke_form(
    request: Request,
    registry: RegistryDep,
    number: NumberPath,
    csrf: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(max_length=MAX_REASON)],
) -> Response:
    """The centre revokes a certificate, with the reason."""
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/certificates")
    check_token(csrf, session.csrf_token)
    # Revoked already, or no reason (the form asks for one): the page says how it stands.
    with suppress(Conflict, InvalidInput):
        issued.revoke(registry, session.user, number, reason)
    return RedirectResponse(
        f"/certificates#certificate-{number}", status_code=303, headers=NO_STORE
    )
