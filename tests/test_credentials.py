"""Certificates (issue 13): keys, the OB 3.0 credential, the register, and verification.

Every tampering a verifier must catch is tried: a changed name, element,
date, signature, issuer or key; revoked and expired certificates fail with
their reasons. The clock is passed in.
"""

from __future__ import annotations

import base64
import json
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from assessment_support import T0, Centre, answer_rightly, full_rubric, make_centre
from kasip import accounts
from kasip.assessment import Attempt, assign_assessor, score_practice, submit_attempt
from kasip.credentials import (
    Certificate,
    Issuer,
    KeyStore,
    get_certificate,
    issue_certificate,
    revocation_list,
    revoke_certificate,
    sign_jwt,
    verify_number,
    verify_upload,
)
from kasip.errors import Conflict, InvalidInput, NotFound

pytest_plugins = ["conftest_store"]

ISSUER = Issuer(name="Орталық", public_url="https://centre.example.kz")
IIN = "900101300017"


@dataclass(frozen=True)
class Issued:
    engine: Engine
    keys: KeyStore
    certificate: Certificate


def _passed(centre: Centre, login: str = "aigerim") -> Attempt:
    engine = centre.engine
    attempt = centre.start(login)
    answer_rightly(engine, attempt, T0, right=attempt.questions)
    submit_attempt(engine, attempt.id, login, now=T0)
    assign_assessor(engine, attempt.id, "assessor", by="method", now=T0)
    return score_practice(engine, attempt.id, "assessor", full_rubric(centre.programme, 2), now=T0)


def _issue(engine: Engine, keys: KeyStore, *, valid_until: datetime | None = None) -> Issued:
    centre = make_centre(engine)
    attempt = _passed(centre)
    certificate = issue_certificate(
        engine, keys, ISSUER, attempt=attempt, stored=centre.stored, holder_name="Айгерім Сейіт",
        holder_iin=IIN, by="method", now=T0, valid_until=valid_until,
    )  # fmt: skip
    return Issued(engine, keys, certificate)


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    store = KeyStore(tmp_path / "keys")
    store.init()
    return store


@pytest.fixture
def issued(fresh_registry: Any, keys: KeyStore) -> Issued:
    return _issue(fresh_registry.engine, keys)


def _token_parts(token: str) -> list[str]:
    return token.split(".")


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def test_keys_are_made_once_kept_private_and_rotated(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys")
    first = store.init()
    [info] = store.keys()
    assert (info.kid, info.active) == (first, True)
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    with pytest.raises(InvalidInput, match="has keys already"):
        store.init()
    second = store.rotate()
    assert store.active_kid() == second != first
    jwks = store.public_jwks()
    assert [k["kid"] for k in jwks["keys"]] == [first, second]
    assert all("d" not in k and k["alg"] == "RS256" for k in jwks["keys"])
    with pytest.raises(NotFound, match="kasip keys init"):
        KeyStore(tmp_path / "none").active_kid()


def test_the_credential_is_an_open_badge_aligned_to_the_standard(issued: Issued) -> None:
    certificate = issued.certificate
    credential = certificate.credential
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["@context"][1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/")
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(credential["type"])
    assert credential["issuer"] == {"id": ISSUER.id, "type": ["Profile"], "name": "Орталық",
                                    "url": ISSUER.public_url}  # fmt: skip
    assert credential["validFrom"] == "2026-12-07T09:00:00Z"
    assert credential["id"] == f"{ISSUER.public_url}/verify/{certificate.number}"
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    [card, *elements] = achievement["alignment"]
    assert card["targetCode"] == "2635-3-001@5" and card["targetFramework"] == "k (version 1)"
    codes = [a["targetCode"] for a in elements]
    assert codes == ["2635-3-001@5/f1", "2635-3-001@5/f1/t1/s1", "2635-3-001@5/f1/t1/s2"]
    assert elements[0]["targetUrl"] == (
        "https://centre.example.kz/elements/2635-3-001%405/f1?standard=k"
    )
    # The holder: hashed identifiers, never the bare IIN.
    kinds = [i["identityType"] for i in subject["identifier"]]
    assert kinds == ["nationalIdentityNumber", "accountId"]
    assert IIN not in json.dumps(credential) and IIN not in certificate.jwt
    assert certificate.number.startswith("KSP-") and len(certificate.number) == 23
    # The JWT: the credential with the registered claims of OB 3.0's VC-JWT.
    header = json.loads(base64.urlsafe_b64decode(certificate.jwt.split(".")[0] + "=="))
    assert header == {"alg": "RS256", "kid": certificate.kid, "typ": "JWT"}
    claims = _payload(certificate.jwt)
    assert (claims["iss"], claims["jti"], claims["sub"]) == (
        ISSUER.id, credential["id"], subject["id"])  # fmt: skip
    assert claims["nbf"] == int(T0.timestamp()) and "exp" not in claims


def test_a_certificate_is_issued_once_and_only_on_a_pass(
    fresh_registry: Any, keys: KeyStore
) -> None:
    engine = fresh_registry.engine
    centre = make_centre(engine)
    attempt = _passed(centre)
    made = [
        issue_certificate(
            engine,
            keys,
            ISSUER,
            attempt=attempt,
            stored=centre.stored,
            holder_name="A",
            holder_iin=None,
            by="m",
            now=T0,
        )
        for _ in range(2)
    ]
    assert made[0].number == made[1].number
    failing = centre.start("berik")
    answer_rightly(engine, failing, T0, right=0)
    submit_attempt(engine, failing.id, "berik", now=T0)
    with pytest.raises(Conflict, match="no passing verdict"):
        issue_certificate(engine, keys, ISSUER, attempt=failing, stored=centre.stored,
                          holder_name="B", holder_iin=None, by="m", now=T0)  # fmt: skip
    [entry] = [e for e in accounts.read_log(engine) if e.action == "certificate.issue"]
    assert entry.subject == f"certificate:{made[0].number}"


def test_a_valid_certificate_verifies_every_way(issued: Issued) -> None:
    certificate = issued.certificate
    now = T0 + timedelta(days=1)
    for answer in (
        verify_number(issued.engine, issued.keys, ISSUER, certificate.number.lower(), now=now),
        verify_upload(issued.engine, issued.keys, ISSUER, certificate.jwt.encode(), now=now),
        verify_upload(
            issued.engine, issued.keys, ISSUER, json.dumps(certificate.credential).encode(), now=now
        ),
    ):
        assert (answer.status, answer.reason) == ("valid", "ok"), answer.message
        assert answer.certificate is not None
        assert answer.certificate.holder_name == "Айгерім Сейіт"
    full = verify_number(issued.engine, issued.keys, ISSUER, certificate.number, now=now)
    assert full.checks == ("format", "signature", "issuer", "register", "dates", "status")


def _forged(issued: Issued, change: Any) -> bytes:
    """The certificate's JWT with its payload changed by ``change`` (the old signature kept)."""
    header, _, signature = _token_parts(issued.certificate.jwt)
    claims = _payload(issued.certificate.jwt)
    change(claims)
    return f"{header}.{_b64(claims)}.{signature}".encode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.update(name="Басқа біліктілік"), "name"),
        (lambda c: c["credentialSubject"]["achievement"]["alignment"][1].update(targetCode="X/f9"),
         "alignment"),
        (lambda c: c.update(validFrom="2020-01-01T00:00:00Z", nbf=1577836800), "validFrom"),
    ],
    ids=["name", "element", "date"],
)  # fmt: skip
def test_a_changed_payload_breaks_the_signature(issued: Issued, change: Any, field: str) -> None:
    del field
    answer = verify_upload(issued.engine, issued.keys, ISSUER, _forged(issued, change), now=T0)
    assert (answer.status, answer.reason) == ("tampered", "signature")


@pytest.mark.parametrize("field", ["name", "element", "date"])
def test_a_changed_json_differs_from_the_register(issued: Issued, field: str) -> None:
    credential = json.loads(json.dumps(issued.certificate.credential))
    if field == "name":
        credential["name"] = "Басқа біліктілік"
    elif field == "element":
        credential["credentialSubject"]["achievement"]["alignment"][1]["targetCode"] = "X/f9"
    else:
        credential["validFrom"] = "2020-01-01T00:00:00Z"
    answer = verify_upload(issued.engine, issued.keys, ISSUER, json.dumps(credential).encode(),
                           now=T0)  # fmt: skip
    assert (answer.status, answer.reason) == ("tampered", "register")
    expected = {"name": "name", "element": "alignment[1].targetCode", "date": "validFrom"}
    assert expected[field] in answer.message


def test_a_wrong_signature_issuer_or_key_fails(issued: Issued, tmp_path: Path) -> None:
    token = issued.certificate.jwt
    header, payload, signature = token.split(".")
    flipped = signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")
    for forged, reason in (
        (f"{header}.{payload}.{flipped}", "signature"),
        (f"{_b64({'alg': 'none', 'kid': issued.certificate.kid})}.{payload}.", "algorithm"),
        (f"{_b64({'alg': 'HS256', 'kid': issued.certificate.kid})}.{payload}.{signature}",
         "algorithm"),
        ("not a token", "malformed"),
    ):  # fmt: skip
        answer = verify_upload(issued.engine, issued.keys, ISSUER, forged.encode(), now=T0)
        assert (answer.status, answer.reason) == ("tampered", reason), forged
    # Signed by someone else's key (same kid claimed or not): not the issuer's key.
    other = KeyStore(tmp_path / "other")
    other_kid = other.init()
    resigned = sign_jwt(issued.certificate.credential, other.private_key(other_kid), other_kid)
    answer = verify_upload(issued.engine, issued.keys, ISSUER, resigned.encode(), now=T0)
    assert (answer.status, answer.reason) == ("tampered", "unknown-key")
    impostor = sign_jwt(issued.certificate.credential, other.private_key(other_kid),
                        issued.certificate.kid)  # fmt: skip
    answer = verify_upload(issued.engine, issued.keys, ISSUER, impostor.encode(), now=T0)
    assert (answer.status, answer.reason) == ("tampered", "signature")
    # Another issuer's credential, validly signed by a key we hold.
    alien = {
        **issued.certificate.credential,
        "issuer": {"id": "https://else.example/issuer", "type": ["Profile"], "name": "x"},
    }
    kid = issued.keys.active_kid()
    forged_issuer = sign_jwt(alien, issued.keys.private_key(kid), kid)
    answer = verify_upload(issued.engine, issued.keys, ISSUER, forged_issuer.encode(), now=T0)
    assert (answer.status, answer.reason) == ("tampered", "issuer")


def test_a_rotated_key_still_verifies_what_it_signed(issued: Issued) -> None:
    issued.keys.rotate()
    answer = verify_number(issued.engine, issued.keys, ISSUER, issued.certificate.number, now=T0)
    assert answer.status == "valid"


def test_revoked_and_expired_fail_with_their_reasons(fresh_registry: Any, keys: KeyStore) -> None:
    engine = fresh_registry.engine
    issued = _issue(engine, keys, valid_until=T0 + timedelta(days=365))
    number = issued.certificate.number
    assert _payload(issued.certificate.jwt)["exp"] == int((T0 + timedelta(days=365)).timestamp())
    late = T0 + timedelta(days=366)
    expired = verify_number(engine, keys, ISSUER, number, now=late)
    assert (expired.status, expired.reason) == ("expired", "dates")
    early = verify_number(engine, keys, ISSUER, number, now=T0 - timedelta(days=1))
    assert early.status == "not-yet-valid"
    with pytest.raises(InvalidInput):
        revoke_certificate(engine, number, reason=" ", by="admin", now=T0)
    revoked = revoke_certificate(engine, number, reason="Құжат жалған", by="admin", now=T0)
    assert revoked.revocation is not None and revoked.revocation.by == "admin"
    with pytest.raises(Conflict, match="revoked already"):
        revoke_certificate(engine, number, reason="again", by="admin", now=T0)
    answer = verify_upload(engine, keys, ISSUER, issued.certificate.jwt.encode(), now=T0)
    assert (answer.status, answer.reason) == ("revoked", "status")
    assert answer.certificate is not None and answer.certificate.revocation_reason == "Құжат жалған"
    listed = revocation_list(engine, ISSUER)
    assert listed["revokedCredentials"] == [
        {"id": issued.certificate.credential["id"], "revocationReason": "Құжат жалған"}
    ]
    assert verify_number(engine, keys, ISSUER, "KSP-0000-0000-0000-0000", now=T0).status == (
        "not-found"
    )


def test_the_register_cannot_be_rewritten(issued: Issued) -> None:
    engine = issued.engine
    for statement in (
        "UPDATE certificates SET holder_name = 'x'",
        "DELETE FROM certificates",
    ):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert get_certificate(engine, issued.certificate.number) == issued.certificate


def test_the_credential_has_the_shape_open_badges_3_requires(issued: Issued) -> None:
    from jsonschema import Draft201909Validator, FormatChecker  # type: ignore[import-untyped]

    path = Path(__file__).parent / "fixtures" / "ob3" / "achievementcredential-required.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=FormatChecker())
    credential = issued.certificate.credential
    assert [e.message for e in validator.iter_errors(credential)] == []
    # The schema has teeth: a credential without its dates, or with the bare IIN, fails.
    assert list(validator.iter_errors({k: v for k, v in credential.items() if k != "validFrom"}))
    bare = json.loads(json.dumps(credential))
    bare["credentialSubject"]["identifier"][0]["identityHash"] = IIN
    assert list(validator.iter_errors(bare))


def _b64_text(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "make",
    [
        # A type list with an object in it.
        lambda c, kid: json.dumps({**c, "type": ["VerifiableCredential", {}]}),
        # A number JSON allows and Python will not read (over 4300 digits).
        lambda c, kid: '{"a": ' + "9" * 5000 + "}",
        # A JWT header nested too deep to read.
        lambda c, kid: _b64_text("[" * 5000 + "]" * 5000) + ".a.b",
        # A "crit" header of the wrong type, with our key's kid.
        lambda c, kid: _b64({"alg": "RS256", "kid": kid, "crit": 5}) + ".e30.AAAA",
        lambda c, kid: _b64({"alg": "RS256", "kid": kid, "crit": [{}]}) + ".e30.AAAA",
        # A credential whose ID ends in a NUL (no certificate number has one).
        lambda c, kid: json.dumps({**c, "id": c["id"] + "\u0000"}),
    ],
    ids=["type-object", "long-number", "deep-header", "crit-int", "crit-object", "nul-id"],
)  # fmt: skip
def test_odd_input_is_answered_not_raised(issued: Issued, make: Any) -> None:
    text = make(issued.certificate.credential, issued.certificate.kid)
    answer = verify_upload(issued.engine, issued.keys, ISSUER, text.encode(), now=T0)
    assert answer.status in ("tampered", "not-found"), answer
    by_number = verify_number(issued.engine, issued.keys, ISSUER, "KSP\u0000", now=T0)
    assert by_number.status == "not-found"


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"]["identifier"][0].update(hashed=1),  # true is not 1
        lambda c: c.update(extra=None),  # a field added, even as null
        lambda c: c["credentialSubject"]["achievement"].pop("humanCode"),  # a field left out
    ],
    ids=["type", "added", "removed"],
)
def test_the_register_comparison_is_strict(issued: Issued, change: Any) -> None:
    credential = json.loads(json.dumps(issued.certificate.credential))
    change(credential)
    answer = verify_upload(issued.engine, issued.keys, ISSUER, json.dumps(credential).encode(),
                           now=T0)  # fmt: skip
    assert (answer.status, answer.reason) == ("tampered", "register")


def test_a_pass_given_again_after_a_revocation_earns_a_new_certificate(issued: Issued) -> None:
    from kasip.assessment import get_attempt, get_programme

    engine = issued.engine
    first = issued.certificate
    revoke_certificate(engine, first.number, reason="re-assessment", by="m", now=T0)
    attempt = get_attempt(engine, first.attempt_id, now=T0)
    stored = get_programme(engine, first.programme_id)
    again = issue_certificate(engine, issued.keys, ISSUER, attempt=attempt, stored=stored,
                              holder_name="А", holder_iin=None, by="m", now=T0)  # fmt: skip
    assert again.number != first.number and again.revocation is None
    assert get_certificate(engine, first.number).revocation is not None
    # While one stands, issuing again finds it.
    same = issue_certificate(engine, issued.keys, ISSUER, attempt=attempt, stored=stored,
                             holder_name="x", holder_iin=None, by="m", now=T0)  # fmt: skip
    assert same.number == again.number
