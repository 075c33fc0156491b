"""The attempts API: sitting the test, scoring, verdicts and appeals, and every role boundary.

No token → 401, a wrong role → 403, another person's attempt → 404. Runs on
in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from api_assessment_support import (
    answer_all,
    new_person,
    rubric_body,
    started_attempt,
)
from conftest_accounts import Site
from conftest_web import assert_error, client_for

pytestmark = pytest.mark.anyio

ROUTES: tuple[tuple[str, str, Any], ...] = (
    ("POST", "/api/v1/applications/1/attempts", None),
    ("GET", "/api/v1/attempts", None),
    ("GET", "/api/v1/attempts/1", None),
    ("GET", "/api/v1/attempts/1/test", None),
    ("PUT", "/api/v1/attempts/1/answers/1", {"chosen": [0]}),
    ("POST", "/api/v1/attempts/1/submit", None),
    ("PUT", "/api/v1/attempts/1/assessor", {"login": "assessor"}),
    ("PUT", "/api/v1/attempts/1/rubric", {"scores": []}),
    ("POST", "/api/v1/attempts/1/appeal", {"reason": "r"}),
    ("POST", "/api/v1/attempts/1/appeal/decision", {"upheld": True, "note": "n"}),
)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
async def test_every_route_needs_a_token(site: Site, route: tuple[str, str, Any]) -> None:
    method, path, body = route
    async with client_for(site.app) as client:
        assert_error(await client.request(method, path, json=body), 401, "unauthorized")


@pytest.mark.parametrize(
    ("role", "method", "path", "body"),
    [
        ("assessor", "POST", "/api/v1/applications/1/attempts", None),
        ("methodologist", "PUT", "/api/v1/attempts/1/answers/1", {"chosen": [0]}),
        ("admin", "POST", "/api/v1/attempts/1/submit", None),
        ("candidate", "PUT", "/api/v1/attempts/1/assessor", {"login": "assessor"}),
        ("assessor", "PUT", "/api/v1/attempts/1/assessor", {"login": "assessor"}),
        ("methodologist", "PUT", "/api/v1/attempts/1/rubric", {"scores": []}),
        ("assessor", "POST", "/api/v1/attempts/1/appeal", {"reason": "r"}),
        ("candidate", "POST", "/api/v1/attempts/1/appeal/decision", {"upheld": True, "note": "n"}),
        ("assessor", "POST", "/api/v1/attempts/1/appeal/decision", {"upheld": True, "note": "n"}),
    ],
)
async def test_a_wrong_role_is_403(
    site: Site, role: str, method: str, path: str, body: Any
) -> None:
    async with client_for(site.app) as client:
        response = await client.request(method, path, json=body, headers=site.auth(role))
        assert_error(response, 403, "forbidden")


async def test_a_candidate_sits_the_test_and_an_assessor_gives_the_verdict(site: Site) -> None:
    async with client_for(site.app) as client:
        candidate, attempt = await started_attempt(client, site)
        sheet = (await client.get(f"/api/v1/attempts/{attempt}/test", headers=candidate)).json()
        assert sheet["state"] == "in-progress" and len(sheet["questions"]) == 2
        assert "correct" not in str(sheet)
        await answer_all(client, candidate, attempt)
        # Resumed from another device: the answers are there.
        again = (await client.get(f"/api/v1/attempts/{attempt}/test", headers=candidate)).json()
        assert all(q["answer"] is not None for q in again["questions"])
        done = await client.post(f"/api/v1/attempts/{attempt}/submit", headers=candidate)
        assert done.json()["state"] == "awaiting-scoring" and done.json()["theory_percent"] == 100
        late = await client.put(
            f"/api/v1/attempts/{attempt}/answers/{sheet['questions'][0]['question_id']}",
            json={"chosen": [0]},
            headers=candidate,
        )
        assert_error(late, 409, "conflict")
        # The centre assigns the assessor, who alone scores.
        assessor = new_person(site, "assessor")
        other = new_person(site, "assessor")
        assert_error(await client.get(f"/api/v1/attempts/{attempt}", headers=assessor), 404)
        bad = await client.put(f"/api/v1/attempts/{attempt}/assessor",
                               json={"login": "candidate"}, headers=site.auth("admin"))  # fmt: skip
        assert_error(bad, 400)
        assigned = await client.put(
            f"/api/v1/attempts/{attempt}/assessor",
            json={"login": assessor["X-Login"]},
            headers=site.auth("admin"),
        )
        assert assigned.json()["assessor"] == assessor["X-Login"], assigned.text
        listed = await client.get("/api/v1/attempts", headers=assessor)
        assert [a["id"] for a in listed.json()["data"]] == [attempt]
        assert (await client.get("/api/v1/attempts", headers=other)).json()["count"] == 0
        programme_id = done.json()["programme_id"]
        programme = (await client.get(f"/api/v1/programmes/{programme_id}",
                                      headers=assessor)).json()["programme"]  # fmt: skip
        rubric = rubric_body(programme, 2)
        assert_error(await client.put(f"/api/v1/attempts/{attempt}/rubric", json=rubric,
                                      headers=other), 404)  # fmt: skip
        scored = await client.put(
            f"/api/v1/attempts/{attempt}/rubric", json=rubric, headers=assessor
        )
        assert scored.status_code == 200, scored.text
        verdict = scored.json()["verdict"]
        assert verdict["result"]["passed"] is True and verdict["by"] == assessor["X-Login"]
        assert {f["part"] for f in verdict["result"]["functions"]} == {"theory", "practice"}
        # The candidate sees their verdict; another candidate does not see the attempt.
        mine = await client.get(f"/api/v1/attempts/{attempt}", headers=candidate)
        assert mine.json()["verdict"] == verdict
        for path in (f"/api/v1/attempts/{attempt}", f"/api/v1/attempts/{attempt}/test"):
            assert_error(await client.get(path, headers=site.auth("candidate")), 404)
        stranger = await client.post(
            f"/api/v1/attempts/{attempt}/appeal",
            json={"reason": "r"},
            headers=site.auth("candidate"),
        )
        assert_error(stranger, 404)


async def test_an_appeal_is_decided_and_the_practice_scored_again(site: Site) -> None:
    async with client_for(site.app) as client:
        candidate, attempt = await started_attempt(client, site)
        await answer_all(client, candidate, attempt)
        done = (await client.post(f"/api/v1/attempts/{attempt}/submit", headers=candidate)).json()
        programme = (await client.get(f"/api/v1/programmes/{done['programme_id']}",
                                      headers=candidate)).json()["programme"]  # fmt: skip
        assessor = new_person(site, "assessor")
        await client.put(f"/api/v1/attempts/{attempt}/assessor",
                         json={"login": assessor["X-Login"]},
                         headers=site.auth("methodologist"))  # fmt: skip
        await client.put(
            f"/api/v1/attempts/{attempt}/rubric", json=rubric_body(programme, 0), headers=assessor
        )
        appealed = await client.post(
            f"/api/v1/attempts/{attempt}/appeal", json={"reason": "Unfair"}, headers=candidate
        )
        assert appealed.json()["state"] == "appealed", appealed.text
        decided = await client.post(
            f"/api/v1/attempts/{attempt}/appeal/decision",
            json={"upheld": True, "note": "The task was not set up"},
            headers=site.auth("admin"),
        )
        assert decided.json()["state"] == "awaiting-scoring", decided.text
        again = await client.put(
            f"/api/v1/attempts/{attempt}/rubric", json=rubric_body(programme, 2), headers=assessor
        )
        passed = [v["result"]["passed"] for v in again.json()["verdicts"]]
        assert passed == [False, True]


async def test_the_servers_clock_ends_the_test(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from kasip.assessment import attempts

    async with client_for(site.app) as client:
        candidate, attempt = await started_attempt(client, site)
        sheet = (await client.get(f"/api/v1/attempts/{attempt}/test", headers=candidate)).json()
        later = datetime.fromisoformat(sheet["deadline"]) + timedelta(minutes=5)
        monkeypatch.setattr(attempts, "clock", lambda: later)
        qid = sheet["questions"][0]["question_id"]
        late = await client.put(
            f"/api/v1/attempts/{attempt}/answers/{qid}", json={"chosen": [0]}, headers=candidate
        )
        assert_error(late, 409, "conflict")
        ended = (await client.get(f"/api/v1/attempts/{attempt}", headers=candidate)).json()
        assert (ended["state"], ended["theory_finished_at"]) == (
            "awaiting-scoring",
            sheet["deadline"],
        )
        assert ended["theory_percent"] == 0


async def test_bad_answers_are_400_and_a_second_start_409(site: Site) -> None:
    async with client_for(site.app) as client:
        candidate, attempt = await started_attempt(client, site)
        sheet = (await client.get(f"/api/v1/attempts/{attempt}/test", headers=candidate)).json()
        qid = sheet["questions"][0]["question_id"]
        path = f"/api/v1/attempts/{attempt}/answers/{qid}"
        for body in ({"chosen": [0, 1]}, {"chosen": [7]}, {"text": "x"}, {"chosen": "0"}, {"x": 1}):
            assert_error(await client.put(path, json=body, headers=candidate), 400)
        missing = f"/api/v1/attempts/{attempt}/answers/99999"
        assert_error(await client.put(missing, json={"chosen": [0]}, headers=candidate), 404)
        application = (await client.get(f"/api/v1/attempts/{attempt}", headers=candidate)).json()
        second = await client.post(
            f"/api/v1/applications/{application['application_id']}/attempts", headers=candidate
        )
        assert_error(second, 409, "conflict")


async def test_statistics_are_the_centres_and_the_chart_the_candidates(site: Site) -> None:
    async with client_for(site.app) as client:
        candidate, attempt = await started_attempt(client, site)
        await answer_all(client, candidate, attempt)
        done = (await client.post(f"/api/v1/attempts/{attempt}/submit", headers=candidate)).json()
        path = f"/api/v1/programmes/{done['programme_id']}/statistics"
        for role in ("assessor", "candidate"):
            assert_error(await client.get(path, headers=site.auth(role)), 403, "forbidden")
        found = await client.get(path, headers=site.auth("methodologist"))
        assert found.status_code == 200, found.text
        body = found.json()
        assert (body["attempts"], body["verdicts"], body["mean_theory_percent"]) == (1, 0, 100.0)
        assert [item["difficulty"] for item in body["items"]] == [1.0, 1.0]
        exported = await client.get(f"{path}/export?format=csv", headers=site.auth("admin"))
        assert exported.headers["content-type"].startswith("text/csv")
        assert exported.headers["cache-control"] == "no-store"
        assert exported.text.lstrip("\ufeff").startswith("question_id,")
        chart = await client.get(f"/api/v1/attempts/{attempt}/chart.svg?lang=ru", headers=candidate)
        assert chart.headers["content-type"].startswith("image/svg+xml")
        assert "Баллы по трудовым функциям" in chart.text
        other = await client.get(
            f"/api/v1/attempts/{attempt}/chart.svg", headers=site.auth("candidate")
        )
        assert_error(other, 404)
