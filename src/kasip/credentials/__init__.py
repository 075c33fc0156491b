"""Certificates anyone can verify (issue 13): Open Badges 3.0 credentials of a passed assessment.

A pass (:mod:`kasip.assessment`) earns a certificate in the register
(:mod:`~kasip.credentials.register`): a random number, the standard version,
card and elements passed, as an ``OpenBadgeCredential``
(:mod:`~kasip.credentials.ob3`) signed as a VC-JWT (:mod:`~kasip.credentials.signing`)
with the issuer's key (:mod:`~kasip.credentials.keys`, made by ``kasip keys
init``, never in the registry). Anyone verifies it by its number, its JWT or
its JSON (:mod:`~kasip.credentials.verification`); revoking is a record of its
own, published as the issuer's revocation list.
"""

from kasip.credentials.keys import ALGORITHM, KeyInfo, KeyStore
from kasip.credentials.ob3 import Achieved, Issuer, build_credential, credential_url
from kasip.credentials.register import (
    Certificate,
    CertificateStatus,
    Revocation,
    certificate_of_attempt,
    get_certificate,
    issue_certificate,
    list_certificates,
    revocation_list,
    revoke_certificate,
    status_of,
)
from kasip.credentials.signing import CredentialInvalid, read_jwt, sign_jwt
from kasip.credentials.verification import (
    CertificateView,
    Verification,
    VerificationStatus,
    verify_number,
    verify_upload,
)

__all__ = [
    "ALGORITHM",
    "Achieved",
    "Certificate",
    "CertificateStatus",
    "CertificateView",
    "CredentialInvalid",
    "Issuer",
    "KeyInfo",
    "KeyStore",
    "Revocation",
    "Verification",
    "VerificationStatus",
    "build_credential",
    "certificate_of_attempt",
    "credential_url",
    "get_certificate",
    "issue_certificate",
    "list_certificates",
    "read_jwt",
    "revocation_list",
    "revoke_certificate",
    "sign_jwt",
    "status_of",
    "verify_number",
    "verify_upload",
]
