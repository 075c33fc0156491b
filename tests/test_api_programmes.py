"""The programmes API: methodologists draft and keep programmes, everyone signed in reads them.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest_accounts import CARD, ROLES, Site, small_document
from conftest_web import assert_error, client_for

pytestmark = pytest.mark.anyio


def _as(site: Site, role: str) -> dict[str, str]:
    return site.auth(role)


async def _create(client: httpx.AsyncClient, site: Site, **body: Any) -> httpx.Response:
    return await client.post(
        "/api/v1/programmes", json={"card_id": CARD, **body}, headers=_as(site, "methodologist")
    )


async def test_every_route_needs_a_token(site: Site) -> None:
    async with client_for(site.app) as client:
        for method, path in (("GET", "/api/v1/programmes"), ("GET", "/api/v1/programmes/1"),
                             ("POST", "/api/v1/programmes")):  # fmt: skip
            response = await client.request(method, path, json={"card_id": CARD})
            assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("role", ["admin", "assessor", "candidate"])
async def test_only_a_methodologist_keeps_programmes(site: Site, role: str) -> None:
    async with client_for(site.app) as client:
        response = await client.post(
            "/api/v1/programmes", json={"card_id": CARD}, headers=_as(site, role)
        )
        assert_error(response, 403, "forbidden")
        assert "methodologist" in response.json()["error"]["message"]


async def test_a_methodologist_drafts_and_everyone_reads(site: Site) -> None:
    async with client_for(site.app) as client:
        made = await _create(client, site, scope=[f"{CARD}/f1/t1"], rules={"max_attempts": 2})
        assert made.status_code == 201, made.text
        assert made.headers["cache-control"] == "no-store"
        body = made.json()
        assert body["created_by"] == "methodologist"
        assert body["currency"] == {"current": True, "version": 1, "latest_version": 1,
                                    "changed": [], "removed": []}  # fmt: skip
        programme = body["programme"]
        assert (programme["card_id"], programme["version"], programme["scope"]) == (
            CARD, 1, [f"{CARD}/f1/t1"],
        )  # fmt: skip
        assert programme["rules"]["max_attempts"] == 2
        assert programme["rules"]["theory_pass_percent"] == 70
        [row] = programme["theory"]
        assert [k["text"] for k in row["knowledge"]] == ["Заң", "Әдістеме"]
        for role in ROLES:
            one = await client.get(f"/api/v1/programmes/{body['id']}", headers=_as(site, role))
            assert one.json() == body
            listed = await client.get(
                "/api/v1/programmes", params={"card": CARD}, headers=_as(site, role)
            )
            assert body["id"] in [p["id"] for p in listed.json()["data"]]


async def test_bad_requests_say_what_is_wrong(site: Site) -> None:
    async with client_for(site.app) as client:
        assert_error(await _create(client, site, scope=[f"{CARD}/f1/t1/k1"]), 400, "invalid-input")
        assert_error(await _create(client, site, card_id="9999-9-999@1"), 404, "not-found")
        assert_error(await _create(client, site, rules={"theory_pass_percent": 0}), 400)
        assert_error(await _create(client, site, owner="someone else"), 400)
        missing = await client.get("/api/v1/programmes/99999", headers=_as(site, "candidate"))
        assert_error(missing, 404, "not-found")


async def test_a_newer_version_of_the_standard_is_said(site: Site) -> None:
    async with client_for(site.app) as client:
        made = (await _create(client, site)).json()
        site.registry.import_documents([small_document(knowledge="Әдістеме (2024)")])
        now = await client.get(f"/api/v1/programmes/{made['id']}", headers=_as(site, "assessor"))
        currency = now.json()["currency"]
        assert (currency["current"], currency["latest_version"]) == (False, 2)
        assert currency["changed"] == [f"{CARD}/f1/t1/k2"]
        assert now.json()["programme"] == made["programme"]  # never changed behind one's back
