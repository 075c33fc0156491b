"""The certificates API: issued on a pass, read by their holder, revoked by the centre,
verified by anyone (with a rate limit), the issuer's keys and revocation list public.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import pytest

from api_assessment_support import passed_candidate
from conftest_accounts import PUBLIC_URL, Site
from conftest_web import assert_error, client_for

pytestmark = pytest.mark.anyio


async def test_a_pass_gets_a_certificate_its_holder_and_the_centre_read(site: Site) -> None:
    async with client_for(site.app) as client:
        candidate, certificate = await passed_candidate(client, site)
        number = certificate["number"]
        assert certificate["credential"]["id"] == f"{PUBLIC_URL}/verify/{number}"
        assert certificate["credential"]["issuer"]["name"] == "Сынақ орталығы"
        assert certificate["jwt"].count(".") == 2
        got = await client.get(f"/api/v1/certificates/{number}", headers=candidate)
        assert got.json() == certificate and got.headers["cache-control"] == "no-store"
        for role in ("methodologist", "admin"):
            assert (await client.get(f"/api/v1/certificates/{number}",
                                     headers=site.auth(role))).status_code == 200  # fmt: skip
        for role in ("assessor", "candidate"):
            refused = await client.get(f"/api/v1/certificates/{number}", headers=site.auth(role))
            assert_error(refused, 404)
        assert_error(await client.get(f"/api/v1/certificates/{number}"), 401)


async def test_anyone_verifies_and_the_centre_revokes(site: Site) -> None:
    async with client_for(site.app) as client:
        _, certificate = await passed_candidate(client, site)
        number = certificate["number"]
        for body in ({"number": number}, {"jwt": certificate["jwt"]},
                     {"credential": certificate["credential"]}):  # fmt: skip
            answer = await client.post("/api/v1/credentials/verify", json=body)
            assert answer.status_code == 200, answer.text
            assert (answer.json()["status"], answer.json()["reason"]) == ("valid", "ok")
        plain = await client.post("/api/v1/credentials/verify", content=certificate["jwt"],
                                  headers={"Content-Type": "application/jwt"})  # fmt: skip
        assert plain.json()["status"] == "valid"
        changed = {**certificate["credential"], "name": "Басқа"}
        tampered = await client.post("/api/v1/credentials/verify", json={"credential": changed})
        assert (tampered.json()["status"], tampered.json()["reason"]) == ("tampered", "register")
        both = {"number": number, "jwt": certificate["jwt"]}
        assert_error(await client.post("/api/v1/credentials/verify", json=both), 400)
        # Revoking: the centre only, with the reason; then everywhere it says so.
        reason = {"reason": "Өтінішті қайта тексеру"}
        path = f"/api/v1/certificates/{number}/revoke"
        for role in ("assessor", "candidate"):
            assert_error(await client.post(path, json=reason, headers=site.auth(role)), 403)
        revoked = await client.post(path, json=reason, headers=site.auth("methodologist"))
        assert revoked.json()["revocation"]["reason"] == "Өтінішті қайта тексеру"
        again = await client.post(path, json=reason, headers=site.auth("admin"))
        assert_error(again, 409)
        answer = (await client.post("/api/v1/credentials/verify", json={"number": number})).json()
        assert (answer["status"], answer["reason"]) == ("revoked", "status")
        listed = (await client.get("/api/v1/credentials/revocations")).json()
        entry = {"id": certificate["credential"]["id"], "revocationReason": reason["reason"]}
        assert entry in listed["revokedCredentials"]


async def test_the_issuers_keys_are_public(site: Site) -> None:
    async with client_for(site.app) as client:
        _, certificate = await passed_candidate(client, site)
        keys = await client.get("/api/v1/credentials/jwks")
        assert keys.headers["content-type"].startswith("application/json")
        kids = [k["kid"] for k in keys.json()["keys"]]
        assert certificate["kid"] in kids
        assert all("d" not in k for k in keys.json()["keys"])


async def test_verification_is_rate_limited(site: Site) -> None:
    from kasip.http.ratelimit import RateLimiter

    minute = [0.0]
    site.app.state.verify_limiter = RateLimiter(3, clock=lambda: minute[0])
    try:
        async with client_for(site.app) as client:
            body = {"number": "KSP-0000-0000-0000-0000"}
            answers = [await client.post("/api/v1/credentials/verify", json=body) for _ in range(4)]
            assert [a.status_code for a in answers] == [200, 200, 200, 429]
            assert answers[0].json()["status"] == "not-found"
            assert_error(answers[3], 429, "rate-limited")
            assert answers[3].headers["retry-after"] == "60"
            minute[0] = 60.0  # the next minute
            again = await client.post("/api/v1/credentials/verify", json=body)
            assert again.status_code == 200
    finally:
        site.app.state.verify_limiter = None


async def test_a_reassessment_that_fails_revokes_the_certificate(site: Site) -> None:
    from api_assessment_support import new_person, rubric_body

    async with client_for(site.app) as client:
        candidate, certificate = await passed_candidate(client, site)
        attempt = certificate["attempt_id"]
        path = f"/api/v1/attempts/{attempt}"
        reason = {"reason": "Қайта қараңыз"}
        appealed = await client.post(f"{path}/appeal", json=reason, headers=candidate)
        assert appealed.json()["state"] == "appealed", appealed.text
        decision = {"upheld": True, "note": "қайта бағалау"}
        await client.post(f"{path}/appeal/decision", json=decision,
                          headers=site.auth("methodologist"))  # fmt: skip
        assessor = new_person(site, "assessor")
        await client.put(f"{path}/assessor", json={"login": assessor["X-Login"]},
                         headers=site.auth("admin"))  # fmt: skip
        programme_id = appealed.json()["programme_id"]
        programme = (await client.get(f"/api/v1/programmes/{programme_id}",
                                      headers=candidate)).json()["programme"]  # fmt: skip
        failed = await client.put(f"{path}/rubric", json=rubric_body(programme, 0),
                                  headers=assessor)  # fmt: skip
        assert failed.json()["verdict"]["result"]["passed"] is False
        number = certificate["number"]
        kept = (await client.get(f"/api/v1/certificates/{number}", headers=candidate)).json()
        assert kept["revocation"]["reason"].startswith("re-assessment")
        answer = (await client.post("/api/v1/credentials/verify", json={"number": number})).json()
        assert answer["status"] == "revoked"
