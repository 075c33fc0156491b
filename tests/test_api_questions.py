"""The question bank API: methodologists write, staff read, candidates never see the answers.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest_accounts import CARD, Site
from conftest_web import assert_error, client_for

pytestmark = pytest.mark.anyio

K1 = f"{CARD}/f1/t1/k1"
QUESTION: dict[str, Any] = {
    "kind": "single",
    "card_id": CARD,
    "elements": [K1],
    "stem_kk": "Қай заң?",
    "options": [{"kk": "Бірінші", "correct": True}, {"kk": "Екінші"}],
}
ROUTES = (
    ("POST", "/api/v1/questions", QUESTION),
    ("GET", f"/api/v1/questions?card={CARD}", None),
    ("GET", "/api/v1/questions/1", None),
    ("PUT", "/api/v1/questions/1", QUESTION),
    ("GET", f"/api/v1/questions/export?card={CARD}", None),
    ("POST", f"/api/v1/questions/import?card={CARD}", None),
    ("GET", "/api/v1/programmes/1/coverage", None),
)
WRITES = (ROUTES[0], ROUTES[3], ROUTES[5])


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
async def test_no_token_is_401_and_a_candidate_is_refused(
    site: Site, route: tuple[str, str, Any]
) -> None:
    method, path, body = route
    async with client_for(site.app) as client:
        assert_error(await client.request(method, path, json=body), 401)
        refused = await client.request(method, path, json=body, headers=site.auth("candidate"))
        assert_error(refused, 403, "forbidden")


@pytest.mark.parametrize("role", ["admin", "assessor"])
@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r[0]} {r[1]}")
async def test_only_a_methodologist_writes(
    site: Site, route: tuple[str, str, Any], role: str
) -> None:
    method, path, body = route
    async with client_for(site.app) as client:
        response = await client.request(method, path, json=body, headers=site.auth(role))
        assert_error(response, 403, "forbidden")


async def test_write_read_export_import_and_coverage(site: Site) -> None:
    writer = site.auth("methodologist")
    async with client_for(site.app) as client:
        programme = await client.post("/api/v1/programmes", json={"card_id": CARD}, headers=writer)
        programme_id = programme.json()["id"]
        coverage = await client.get(f"/api/v1/programmes/{programme_id}/coverage", headers=writer)
        assert coverage.json()["missing"] == 4  # two knowledge elements, two skills

        made = await client.post("/api/v1/questions", json=QUESTION, headers=writer)
        assert made.status_code == 201, made.text
        question = made.json()
        assert (question["created_by"], question["body"]["elements"]) == ("methodologist", [K1])
        for role in ("assessor", "admin"):
            read = await client.get(f"/api/v1/questions/{question['id']}", headers=site.auth(role))
            assert read.json() == question
        changed = await client.put(
            f"/api/v1/questions/{question['id']}", json={**QUESTION, "points": 3}, headers=writer
        )
        assert changed.json()["body"]["points"] == 3
        coverage = await client.get(
            f"/api/v1/programmes/{programme_id}/coverage", headers=site.auth("assessor")
        )
        assert coverage.json()["missing"] == 3

        exported = await client.get(
            "/api/v1/questions/export", params={"card": CARD, "format": "csv"}, headers=writer
        )
        assert exported.headers["content-type"] == "text/csv; charset=utf-8"
        assert "attachment" in exported.headers["content-disposition"]
        text = exported.content.decode("utf-8-sig").replace("Бірінші", "Бірінші нұсқа")
        imported = await client.post(
            "/api/v1/questions/import",
            params={"card": CARD, "name": "bank.csv"},
            content=text.encode(),
            headers=writer,
        )
        assert imported.status_code == 200, imported.text
        assert (imported.json()["created"], imported.json()["updated"]) == (0, 1)
        listed = await client.get("/api/v1/questions", params={"card": CARD}, headers=writer)
        [kept] = listed.json()["data"]
        assert kept["body"]["options"][0]["kk"] == "Бірінші нұсқа"


async def test_bad_questions_and_files_say_where(site: Site) -> None:
    writer = site.auth("methodologist")
    async with client_for(site.app) as client:
        elsewhere = {**QUESTION, "elements": [f"{CARD}/f7"]}
        response = await client.post("/api/v1/questions", json=elsewhere, headers=writer)
        assert_error(response, 400, "invalid-input")
        assert "not an element of the card" in response.json()["error"]["message"]
        unknown_card = {**QUESTION, "card_id": "9999-9-999@1"}
        assert_error(await client.post("/api/v1/questions", json=unknown_card, headers=writer), 404)
        assert_error(await client.put("/api/v1/questions/9999", json=QUESTION, headers=writer), 404)
        bad = f"kind,elements,stem_kk\nsingle,{K1},Сұрақ\n".encode()
        response = await client.post(
            "/api/v1/questions/import",
            params={"card": CARD, "name": "b.csv"},
            content=bad,
            headers=writer,
        )
        assert_error(response, 400, "invalid-file")
        assert response.json()["error"]["details"]["problems"] == [
            "b.csv: row 2: a single choice question needs at least two options"
        ]
