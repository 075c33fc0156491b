"""Credentials signed as VC-JWT (Open Badges 3.0, section 8.2), and read back with their checks.

The JWT's payload is the credential itself with the registered claims the
standard asks for: ``iss`` (the issuer's ID), ``jti`` (the credential's ID),
``nbf`` (``validFrom``), ``exp`` (``validUntil``, when there is one) and
``sub`` (the subject's ID). The header names the key (``kid``) of the
issuer's published key set and the algorithm, RS256 only: a token naming
another algorithm (``none``, an HMAC) is refused before any cryptography.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from kasip.credentials.keys import ALGORITHM

__all__ = ["CredentialInvalid", "peek_header", "read_jwt", "sign_jwt"]


class CredentialInvalid(Exception):
    """A credential that fails a check: ``code`` says which, the message why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _numeric(moment: str) -> int:
    return int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp())


def _claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, Mapping) else issuer,
        "jti": credential["id"],
        "nbf": _numeric(credential["validFrom"]),
        "sub": credential["credentialSubject"]["id"],
    }
    if "validUntil" in credential:
        claims["exp"] = _numeric(credential["validUntil"])
    return claims


def sign_jwt(credential: Mapping[str, Any], key: RSAKey, kid: str) -> str:
    """The credential as a compact VC-JWT signed with ``key`` (named ``kid``)."""
    header = {"alg": ALGORITHM, "kid": kid, "typ": "JWT"}
    return jwt.encode(header, _claims(credential), key, algorithms=[ALGORITHM])


def peek_header(token: str) -> dict[str, Any]:
    """The token's JOSE header, unverified (to find its key).

    Raises:
        CredentialInvalid: ``malformed``: not a compact JWS.
    """
    parts = token.strip().split(".")
    if len(parts) != 3:  # header.payload.signature
        raise CredentialInvalid("malformed", "not a compact JWT (three parts separated by dots)")
    try:
        padded = parts[0] + "=" * (-len(parts[0]) % 4)
        header = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CredentialInvalid("malformed", "the JWT's header is not base64url JSON") from exc
    if not isinstance(header, dict):
        raise CredentialInvalid("malformed", "the JWT's header is not a JSON object")
    return header


def read_jwt(token: str, key_set: Mapping[str, Any]) -> dict[str, Any]:
    """The credential of a VC-JWT, once its signature and claims are checked.

    Args:
        token: The compact JWT.
        key_set: The issuer's published keys (a JWKS).

    Raises:
        CredentialInvalid: ``malformed``, ``algorithm`` (not RS256), ``unknown-key``
            (no key of the issuer's set has its ``kid``), ``signature``, or
            ``claims`` (a registered claim that disagrees with the credential).
    """
    header = peek_header(token)
    if header.get("alg") != ALGORITHM:
        raise CredentialInvalid(
            "algorithm", f"the JWT is signed with {header.get('alg')!r}, not RS256"
        )
    kid = header.get("kid")
    keys = [k for k in key_set.get("keys", []) if k.get("kid") == kid]
    if not keys:
        raise CredentialInvalid("unknown-key", f"the issuer has no key {kid!r}")
    try:
        decoded = jwt.decode(token, KeySet.import_key_set({"keys": keys}), algorithms=[ALGORITHM])
    except JoseError as exc:
        raise CredentialInvalid("signature", f"the signature does not hold: {exc.error}") from exc
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. "crit" of another type
        raise CredentialInvalid("malformed", f"the JWT cannot be read: {exc}") from exc
    claims = dict(decoded.claims)
    registered = {name: claims.pop(name, None) for name in ("iss", "jti", "nbf", "exp", "sub")}
    try:
        expected = _claims(claims)
    except (KeyError, TypeError, ValueError) as exc:
        raise CredentialInvalid(
            "claims", f"the payload is not an OpenBadgeCredential: {exc}"
        ) from exc
    for name, value in registered.items():
        if expected.get(name) != value:
            raise CredentialInvalid("claims", f"the JWT's {name} does not match the credential")
    return claims
