"""The attempts API's steps, shared by the API tests of attempts and certificates.

Each helper makes what it needs anew (accounts with new logins, a new
programme of the site's card with its bank), since the site is shared by
a module's tests.
"""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from conftest_accounts import CARD, Site

KNOWLEDGE = (f"{CARD}/f1/t1/k1", f"{CARD}/f1/t1/k2")
_people = itertools.count(1)


def question_body(element: str, n: int) -> dict[str, Any]:
    return {
        "kind": "single",
        "card_id": CARD,
        "elements": [element],
        "stem_kk": f"Сұрақ {n}?",
        "stem_ru": f"Вопрос {n}?",
        "options": [
            {"kk": "Дұрыс", "ru": "Верно", "correct": True},
            {"kk": "Қате", "ru": "Неверно"},
            {"kk": "Басқа", "ru": "Другое"},
        ],
    }


def new_person(site: Site, role: str) -> dict[str, str]:
    """A new account of ``role``: its request headers (its login is in ``X-Login``)."""
    from kasip import accounts

    login = f"{role}-{next(_people)}"
    engine = site.registry.engine
    accounts.create_user(engine, login=login, name=login, role=role, password="y" * 14, actor="cli")
    token = accounts.issue_token(engine, login, label="t", actor="cli").token
    return {"Authorization": f"Bearer {token}", "X-Login": login}


async def new_programme(client: httpx.AsyncClient, site: Site, **rules: Any) -> int:
    writer = site.auth("methodologist")
    made = await client.post(
        "/api/v1/programmes", json={"card_id": CARD, "rules": rules}, headers=writer
    )
    assert made.status_code == 201, made.text
    for n, element in enumerate(KNOWLEDGE * 2):
        added = await client.post(
            "/api/v1/questions", json=question_body(element, n), headers=writer
        )
        assert added.status_code == 201, added.text
    return int(made.json()["id"])


async def started_attempt(
    client: httpx.AsyncClient, site: Site, **rules: Any
) -> tuple[dict[str, str], int]:
    """A new candidate with an attempt started at a new programme: their headers, its ID."""
    programme = await new_programme(client, site, **rules)
    candidate = new_person(site, "candidate")
    declared = {"education": "higher", "experience_years": 4}
    applied = await client.post(
        f"/api/v1/programmes/{programme}/applications", json=declared, headers=candidate
    )
    assert applied.json()["status"] == "eligible", applied.text
    started = await client.post(
        f"/api/v1/applications/{applied.json()['id']}/attempts", headers=candidate
    )
    assert started.status_code == 201, started.text
    assert started.headers["cache-control"] == "no-store"
    return candidate, int(started.json()["id"])


async def answer_all(client: httpx.AsyncClient, candidate: dict[str, str], attempt: int) -> None:
    sheet = (await client.get(f"/api/v1/attempts/{attempt}/test", headers=candidate)).json()
    for question in sheet["questions"]:
        [right] = [o["position"] for o in question["options"] if o["kk"] == "Дұрыс"]
        saved = await client.put(
            f"/api/v1/attempts/{attempt}/answers/{question['question_id']}",
            json={"chosen": [right]},
            headers=candidate,
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["seconds_left"] > 0


def rubric_body(programme: dict[str, Any], points: int) -> dict[str, Any]:
    scores = [
        {"task": task["unit"]["id"], "criterion": c["element"]["id"], "points": points}
        for task in programme["practice"]
        for c in task["criteria"]
    ]
    return {"scores": scores, "note": "observed in the workshop"}


async def passed_candidate(
    client: httpx.AsyncClient, site: Site
) -> tuple[dict[str, str], dict[str, Any]]:
    """A candidate who passed: their headers and their certificate."""
    candidate, attempt = await started_attempt(client, site)
    await answer_all(client, candidate, attempt)
    done = (await client.post(f"/api/v1/attempts/{attempt}/submit", headers=candidate)).json()
    programme = (await client.get(f"/api/v1/programmes/{done['programme_id']}",
                                  headers=candidate)).json()["programme"]  # fmt: skip
    assessor = new_person(site, "assessor")
    await client.put(f"/api/v1/attempts/{attempt}/assessor", json={"login": assessor["X-Login"]},
                     headers=site.auth("admin"))  # fmt: skip
    scored = await client.put(
        f"/api/v1/attempts/{attempt}/rubric", json=rubric_body(programme, 2), headers=assessor
    )
    assert scored.json()["verdict"]["result"]["passed"] is True, scored.text
    mine = (await client.get("/api/v1/certificates", headers=candidate)).json()
    assert mine["count"] == 1, mine
    return candidate, mine["data"][0]
