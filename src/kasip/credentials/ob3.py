"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (a W3C Verifiable Credential).

What the credential says is tied to the standard itself: its
``achievement.alignment`` lists the card and each element passed, with the
element's stable ID (``targetCode``), its text, kasip's permalink to it
(``targetUrl``) and the standard (``targetFramework``). The holder is named
by hashed identifiers only (the IIN, salted, never bare): the PDF and the
verification page carry the name; the credential does not need it.

Only data here; signing is :mod:`kasip.credentials.signing`.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

__all__ = [
    "OB3_CONTEXT",
    "OB3_SCHEMA",
    "REVOCATION_LIST_TYPE",
    "VC_CONTEXT",
    "Achieved",
    "Issuer",
    "build_credential",
    "credential_url",
    "hashed_identifier",
]

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB3_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
REVOCATION_LIST_TYPE = "1EdTechRevocationList"


@dataclass(frozen=True, slots=True)
class Issuer:
    """The centre that issues: its name and the address kasip is reached at."""

    name: str
    public_url: str  # no trailing slash

    @property
    def id(self) -> str:
        return f"{self.public_url}/issuer"

    def profile(self) -> dict[str, Any]:
        """The issuer's OB 3.0 ``Profile``."""
        return {"id": self.id, "type": ["Profile"], "name": self.name, "url": self.public_url}


@dataclass(frozen=True, slots=True)
class Achieved:
    """What a certificate records: the programme's card and the elements passed."""

    number: str
    programme_id: int
    programme_title: str
    standard: str
    version: int
    card_id: str
    card_name: str
    level: int | None
    elements: Sequence[tuple[str, str]]  # (element ID, its text), functions then skills
    issued_at: str  # ISO 8601, UTC
    valid_until: str | None


def credential_url(issuer: Issuer, number: str) -> str:
    """The credential's ID: its public verification page (the QR code's target too)."""
    return f"{issuer.public_url}/verify/{quote(number)}"


def hashed_identifier(value: str, identity_type: str) -> dict[str, Any]:
    """An OB 3.0 ``IdentityObject`` holding ``value`` salted and hashed (SHA-256), never bare."""
    salt = secrets.token_hex(16)
    digest = hashlib.sha256((value + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": identity_type,
        "salt": salt,
    }


def _alignment(issuer: Issuer, achieved: Achieved) -> list[dict[str, Any]]:
    framework = f"{achieved.standard} (version {achieved.version})"
    query = urlencode({"standard": achieved.standard, "version": achieved.version})
    card = {
        "type": ["Alignment"],
        "targetName": achieved.card_name,
        "targetUrl": f"{issuer.public_url}/cards/{quote(achieved.card_id)}?{query}",
        "targetCode": achieved.card_id,
        "targetFramework": framework,
    }
    elements = [
        {
            "type": ["Alignment"],
            "targetName": text,
            "targetUrl": f"{issuer.public_url}/elements/{quote(element_id)}?"
            + urlencode({"standard": achieved.standard}),
            "targetCode": element_id,
            "targetFramework": framework,
        }
        for element_id, text in achieved.elements
    ]
    return [card, *elements]


def build_credential(
    issuer: Issuer, achieved: Achieved, identifiers: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` of a certificate (see the module doc)."""
    name = achieved.card_name
    level = f", qualification level {achieved.level}" if achieved.level is not None else ""
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB3_CONTEXT],
        "id": credential_url(issuer, achieved.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer.profile(),
        "validFrom": achieved.issued_at,
        "credentialSubject": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["AchievementSubject"],
            "identifier": list(identifiers),
            "achievement": {
                "id": f"{issuer.public_url}/programmes/{achieved.programme_id}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": name,
                "description": (
                    f"Qualification recognised against card {achieved.card_id}{level} of the "
                    f"professional standard {achieved.standard}, version {achieved.version}: "
                    f"{achieved.programme_title}."
                ),
                "criteria": {
                    "narrative": (
                        "Passed the qualification programme's theory test and practical tasks, "
                        "each at its pass mark, on the elements of the standard listed in "
                        "alignment."
                    )
                },
                "alignment": _alignment(issuer, achieved),
                "humanCode": achieved.card_id,
            },
        },
        "credentialStatus": {
            "id": f"{issuer.public_url}/api/v1/credentials/revocations",
            "type": REVOCATION_LIST_TYPE,
        },
        "credentialSchema": [{"id": OB3_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if achieved.valid_until is not None:
        credential["validUntil"] = achieved.valid_until
    return credential
