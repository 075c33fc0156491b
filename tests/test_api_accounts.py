"""The accounts API: every role boundary (no token 401, wrong role 403, another's record 404).

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from conftest_store import BACKENDS, reset_postgres
from conftest_web import assert_error, client_for

if TYPE_CHECKING:
    from fastapi import FastAPI

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse battery"
ROLES = ("admin", "methodologist", "assessor", "candidate")
NEW = {"login": "new.person", "name": "Жаңа адам", "role": "assessor", "password": PASSWORD}
# Every route of the accounts API: method, path, JSON body.
ROUTES: tuple[tuple[str, str, dict[str, Any] | None], ...] = (
    ("GET", "/api/v1/me", None),
    ("GET", "/api/v1/users", None),
    ("GET", "/api/v1/users/candidate", None),
    ("POST", "/api/v1/users", NEW),
)
ADMIN_ONLY = (ROUTES[1], ROUTES[3])


@dataclass(frozen=True)
class Accounts:
    app: FastAPI
    tokens: dict[str, str]  # login → its API token


@pytest.fixture(scope="module", params=BACKENDS)
def accounts_app(request: pytest.FixtureRequest) -> Iterator[Accounts]:
    """An app whose registry has one account of each role (login = role), a second candidate,
    and a disabled assessor, each with a token."""
    from kasip import accounts
    from kasip.api.app import create_app
    from kasip.registry import open_registry

    url: str = request.param
    if not url.startswith("sqlite"):
        reset_postgres(url)
    registry = open_registry(url)
    engine = registry.engine
    tokens = {}
    for login, role in [
        *((r, r) for r in ROLES),
        ("candidate2", "candidate"),
        ("gone", "assessor"),
    ]:
        accounts.create_user(
            engine, login=login, name=login, role=role, password=PASSWORD, actor="cli"
        )
        tokens[login] = accounts.issue_token(engine, login, label="tests", actor="cli").token
    accounts.set_disabled(engine, "gone", True, actor="cli")
    try:
        yield Accounts(create_app(registry=registry), tokens)
    finally:
        registry.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _call(
    client: httpx.AsyncClient,
    route: tuple[str, str, dict[str, Any] | None],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    method, path, body = route
    return await client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
async def test_no_token_or_a_bad_one_is_401(
    accounts_app: Accounts, route: tuple[str, str, dict[str, Any] | None]
) -> None:
    async with client_for(accounts_app.app) as client:
        missing = await _call(client, route)
        assert_error(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"] == 'Bearer realm="kasip"'
        for header in (
            _auth("kasip_not-a-token"),
            _auth(accounts_app.tokens["gone"]),  # its account is disabled
            _auth("Bearer"),
            {"Authorization": f"Basic {accounts_app.tokens['admin']}"},
        ):
            response = await _call(client, route, header)
            assert response.status_code == 401, (header, response.text)
            assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("route", ADMIN_ONLY, ids=lambda r: f"{r[0]} {r[1]}")
async def test_admin_routes_refuse_every_other_role(
    accounts_app: Accounts, route: tuple[str, str, dict[str, Any] | None], role: str
) -> None:
    async with client_for(accounts_app.app) as client:
        response = await _call(client, route, _auth(accounts_app.tokens[role]))
        assert_error(response, 403, "forbidden")
        assert "admin" in response.json()["error"]["message"]
        listed = await client.get("/api/v1/users", headers=_auth(accounts_app.tokens["admin"]))
        assert NEW["login"] not in {u["login"] for u in listed.json()["data"]}


@pytest.mark.parametrize("role", ROLES)
async def test_everyone_sees_their_own_account_and_no_one_elses(
    accounts_app: Accounts, role: str
) -> None:
    async with client_for(accounts_app.app) as client:
        own = _auth(accounts_app.tokens[role])
        me = await client.get("/api/v1/me", headers=own)
        assert me.status_code == 200
        assert (me.json()["login"], me.json()["role"]) == (role, role)
        assert "password_hash" not in me.text
        assert (await client.get(f"/api/v1/users/{role}", headers=own)).json() == me.json()
        other = await client.get("/api/v1/users/candidate2", headers=own)
        if role == "admin":
            assert other.json()["login"] == "candidate2"
        else:
            assert_error(other, 404, "not-found")
        # A login nobody has reads the same as one the asker may not see.
        assert_error(await client.get("/api/v1/users/nobody", headers=own), 404, "not-found")


async def test_the_admin_lists_and_creates_accounts(accounts_app: Accounts) -> None:
    admin = _auth(accounts_app.tokens["admin"])
    async with client_for(accounts_app.app) as client:
        page = (await client.get("/api/v1/users", params={"per_page": 2}, headers=admin)).json()
        assert (page["count"], page["per_page"], len(page["data"])) == (6, 2, 2)
        assert [u["login"] for u in page["data"]] == ["admin", "assessor"]
        body = {**NEW, "login": "Created.Here"}
        created = await client.post("/api/v1/users", json=body, headers=admin)
        assert created.status_code == 201, created.text
        assert created.json()["login"] == "created.here"
        again = await client.post("/api/v1/users", json=body, headers=admin)
        assert_error(again, 409, "conflict")
        weak = await client.post(
            "/api/v1/users", json={**body, "login": "weak", "password": "short"}, headers=admin
        )
        assert_error(weak, 400)
        extra = await client.post(
            "/api/v1/users", json={**body, "login": "x1y", "is_admin": True}, headers=admin
        )
        assert_error(extra, 400)


async def test_answers_for_an_account_are_never_cached(accounts_app: Accounts) -> None:
    async with client_for(accounts_app.app) as client:
        for role in ("admin", "candidate", "admin"):
            me = await client.get("/api/v1/me", headers=_auth(accounts_app.tokens[role]))
            assert me.json()["login"] == role
            assert me.headers["cache-control"] == "no-store"
            assert "etag" not in me.headers
        assert_error(await client.get("/api/v1/me"), 401)


def test_the_api_document_declares_the_token_scheme(accounts_app: Accounts) -> None:
    document = accounts_app.app.openapi()
    scheme = document["components"]["securitySchemes"]["token"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for method, path, _ in ROUTES:
        operation = document["paths"][path.replace("candidate", "{login}")][method.lower()]
        assert operation["security"] == [{"token": []}]
        assert "401" in operation["responses"]
