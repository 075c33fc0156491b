"""The certificate pages: public verification, the holder's certificates and files, revoking.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from api_assessment_support import passed_candidate
from conftest_accounts import PUBLIC_URL, Site, signed_in_client
from conftest_web import BASE_URL, client_for

pytestmark = pytest.mark.anyio

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


async def test_anyone_verifies_by_number_file_or_paste(site: Site) -> None:
    async with client_for(site.app) as api:
        _, certificate = await passed_candidate(api, site)
    number = certificate["number"]
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        typed = await client.get(f"/verify?number={number.lower()}")
        assert (typed.status_code, typed.headers["location"]) == (303, f"/verify/{number}")
        page = await client.get(f"/verify/{number}?lang=ru")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert "Действителен" in page.text and "verification-valid" in page.text
        assert "Уровень квалификации" in page.text
        uploaded = await client.post("/verify", files={"file": ("c.jwt", certificate["jwt"])})
        assert "verification-valid" in uploaded.text
        changed = json.dumps({**certificate["credential"], "name": "Басқа"}, ensure_ascii=False)
        pasted = await client.post("/verify", data={"credential": changed})
        assert "verification-tampered" in pasted.text
        assert "Он отличается от сертификата в реестре." in pasted.text
        missing = await client.get("/verify/KSP-0000-0000-0000-0000?lang=kk")
        assert "verification-not-found" in missing.text
        empty = await client.post("/verify", data={"credential": " "})
        assert empty.status_code == 400
        keys = await client.get("/.well-known/jwks.json")
        assert certificate["kid"] in {k["kid"] for k in keys.json()["keys"]}
        issuer = (await client.get("/issuer")).json()
        assert issuer == certificate["credential"]["issuer"]
        assert issuer["id"] == f"{PUBLIC_URL}/issuer"


async def test_the_holder_downloads_and_the_centre_revokes(site: Site) -> None:
    async with client_for(site.app) as api:
        holder, certificate = await passed_candidate(api, site)
    number = certificate["number"]
    login = holder["X-Login"]
    async with signed_in_client(site, login, "y" * 14) as client:
        mine = await client.get("/certificates?lang=kk")
        assert number in mine.text and "Сіздің сертификаттарыңыз" in mine.text
        jwt = await client.get(f"/certificates/{number}.jwt")
        assert jwt.text == certificate["jwt"]
        assert "attachment" in jwt.headers["content-disposition"]
        credential = await client.get(f"/certificates/{number}.json")
        assert credential.json() == certificate["credential"]
        pdf = await client.get(f"/certificates/{number}.pdf")
        assert pdf.content.startswith(b"%PDF")
        assert "/revoke" not in mine.text
    async with signed_in_client(site, "candidate", "x" * 12 + "candidate") as client:
        assert (await client.get(f"/certificates/{number}.jwt")).status_code == 404
    async with signed_in_client(site, "admin", "x" * 12 + "admin") as client:
        listed = await client.get("/certificates")
        csrf = CSRF_RE.search(listed.text)
        assert csrf is not None
        forged = await client.post(f"/certificates/{number}/revoke",
                                   data={"csrf": "x", "reason": "r"})  # fmt: skip
        assert forged.status_code == 403
        reason = {"csrf": csrf.group(1), "reason": "Қате берілген"}
        revoked = await client.post(f"/certificates/{number}/revoke", data=reason)
        assert revoked.status_code == 303
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        page = await client.get(f"/verify/{number}?lang=en")
        assert "verification-revoked" in page.text and "Қате берілген" in page.text


async def test_the_verification_page_is_rate_limited(site: Site) -> None:
    from kasip.http.ratelimit import RateLimiter

    site.app.state.verify_limiter = RateLimiter(2, clock=lambda: 0.0)
    try:
        transport = httpx.ASGITransport(app=site.app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            codes = [
                (await client.get("/verify/KSP-0000-0000-0000-0000")).status_code for _ in range(3)
            ]
            assert codes == [200, 200, 429]
            posted = await client.post("/verify", data={"credential": "x.y.z"})
            assert posted.status_code == 429 and posted.headers["retry-after"] == "60"
    finally:
        site.app.state.verify_limiter = None
