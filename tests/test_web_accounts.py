"""The account pages: register, sign in and out, sessions, CSRF, lock-out, no caching.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import update

from conftest_store import BACKENDS, reset_postgres
from conftest_web import BASE_URL

if TYPE_CHECKING:
    from fastapi import FastAPI

    from kasip.registry import Registry

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(params=BACKENDS)
def registry(request: pytest.FixtureRequest) -> Iterator[Registry]:
    from kasip.registry import open_registry

    url: str = request.param
    if not url.startswith("sqlite"):
        reset_postgres(url)
    with open_registry(url) as opened:
        yield opened


def _app(registry: Registry, **settings: object) -> FastAPI:
    from kasip.api.app import create_app
    from kasip.config import Settings

    return create_app(Settings.model_validate(settings), registry=registry)


@pytest.fixture
async def visitor(registry: Registry) -> AsyncIterator[httpx.AsyncClient]:
    """A client that keeps cookies, as a visitor does."""
    transport = httpx.ASGITransport(app=_app(registry))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def _csrf(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = CSRF_RE.search(page.text)
    assert found is not None
    return found.group(1)


async def _register(client: httpx.AsyncClient, login: str, **extra: str) -> httpx.Response:
    csrf = await _csrf(client, "/register")
    form = {"login": login, "name": "Әсем Нұрланқызы", "password": PASSWORD,
            "password_again": PASSWORD, "csrf": csrf, **extra}  # fmt: skip
    return await client.post("/register", data=form)


async def _sign_in(
    client: httpx.AsyncClient, login: str, password: str = PASSWORD, **extra: str
) -> httpx.Response:
    form = {"login": login, "password": password, "csrf": await _csrf(client, "/login"), **extra}
    return await client.post("/login", data=form)


async def test_register_then_sign_out_and_in(visitor: httpx.AsyncClient) -> None:
    made = await _register(visitor, "Asem.N@mail.kz", role="admin")  # a role field is ignored
    assert (made.status_code, made.headers["location"]) == (303, "/account")
    cookie = made.headers["set-cookie"]
    assert "kasip_session=" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    assert "SameSite=lax" in cookie and "Secure" not in cookie  # plain HTTP here
    account = await visitor.get("/account?lang=en")
    assert account.status_code == 200
    assert "asem.n@mail.kz" in account.text and ">candidate<" in account.text
    assert account.headers["cache-control"] == "no-store"

    token = visitor.cookies["kasip_session"]
    csrf = CSRF_RE.search(account.text)
    assert csrf is not None
    out = await visitor.post("/logout", data={"csrf": csrf.group(1)})
    assert (out.status_code, out.headers["location"]) == (303, "/")
    # The session ended on the server: the old cookie opens nothing.
    visitor.cookies.set("kasip_session", token)
    again = await visitor.get("/account")
    assert (again.status_code, again.headers["location"]) == (303, "/login?next=/account")

    wrong = await _sign_in(visitor, "asem.n@mail.kz", "not the password")
    assert wrong.status_code == 401 and "kasip_session" not in wrong.headers.get("set-cookie", "")
    right = await _sign_in(visitor, "ASEM.N@mail.kz", next="/standards")
    assert (right.status_code, right.headers["location"]) == (303, "/standards")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("kk", ("Кіру", "Құпиясөз")), ("ru", ("Войти", "Пароль")), ("en", ("Sign in", "Password"))],
)
async def test_the_pages_speak_the_interface_language(
    visitor: httpx.AsyncClient, lang: str, words: tuple[str, str]
) -> None:
    for path in ("/login", "/register"):
        page = await visitor.get(f"{path}?lang={lang}")
        assert page.status_code == 200
        assert f'<html lang="{lang}">' in page.text
        assert all(word in page.text for word in words)


async def test_forms_from_elsewhere_are_refused(visitor: httpx.AsyncClient) -> None:
    await _register(visitor, "someone")
    await visitor.post("/logout", data={"csrf": "x"})
    visitor.cookies.clear()
    token = await _csrf(visitor, "/login")
    form = {"login": "someone", "password": PASSWORD}
    assert (await visitor.post("/login", data={**form, "csrf": token + "x"})).status_code == 403
    other_site = {"Origin": "https://evil.example"}
    response = await visitor.post("/login", data={**form, "csrf": token}, headers=other_site)
    assert response.status_code == 403
    visitor.cookies.clear()  # a form without the cookie it came with
    assert (await visitor.post("/login", data={**form, "csrf": token})).status_code == 403
    assert (await visitor.post("/login", data=form)).status_code == 400  # no token at all


async def test_sign_out_needs_the_sessions_token(visitor: httpx.AsyncClient) -> None:
    await _register(visitor, "stays")
    refused = await visitor.post("/logout", data={"csrf": "forged"})
    assert refused.status_code == 403
    assert (await visitor.get("/account")).status_code == 200


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
async def test_next_never_leaves_the_site(visitor: httpx.AsyncClient, target: str) -> None:
    await _register(visitor, "local")
    visitor.cookies.delete("kasip_session")
    response = await _sign_in(visitor, "local", next=target)
    assert response.headers["location"] == "/account"
    already = await visitor.get("/login", params={"next": target})
    assert already.headers["location"] == "/account"


async def test_wrong_passwords_lock_the_account(
    visitor: httpx.AsyncClient, registry: Registry
) -> None:
    from kasip import accounts
    from kasip.accounts.users import MAX_FAILED
    from kasip.store.schema import users

    await _register(visitor, "target")
    visitor.cookies.clear()
    for _ in range(MAX_FAILED):
        assert (await _sign_in(visitor, "target", "guess guess guess")).status_code == 401
    # Now even the right password is refused, and the page says why it may be.
    locked = await _sign_in(visitor, "target")
    assert locked.status_code == 401 and "бұғатталған" in locked.text
    assert accounts.read_log(registry.engine)[0].action == "user.lock"
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    with registry.engine.begin() as conn:
        conn.execute(update(users).values(locked_until=past))
    assert (await _sign_in(visitor, "target")).status_code == 303


async def test_registration_checks_the_form(visitor: httpx.AsyncClient) -> None:
    for extra, message in (
        ({"password_again": PASSWORD + "!"}, "Пароли не совпадают"),
        ({"password": "short", "password_again": "short"}, "от 12 до 256"),
        ({"login": "no spaces allowed"}, "без пробелов"),
    ):
        form = {"login": "valid", "name": "Имя", "password": PASSWORD, "password_again": PASSWORD,
                "csrf": await _csrf(visitor, "/register?lang=ru"), **extra}  # fmt: skip
        response = await visitor.post("/register", data=form)
        assert response.status_code == 400 and message in response.text, response.text
    assert (await _register(visitor, "valid")).status_code == 303
    visitor.cookies.delete("kasip_session")
    taken = await _register(visitor, "VALID")
    assert taken.status_code == 400


async def test_registration_can_be_closed(registry: Registry) -> None:
    transport = httpx.ASGITransport(app=_app(registry, registration=False))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        assert (await client.get("/register")).status_code == 404
        assert (await client.post("/register", data={})).status_code == 404
        assert (await client.get("/login")).status_code == 200


async def test_secure_cookies_when_asked(registry: Registry) -> None:
    transport = httpx.ASGITransport(app=_app(registry, secure_cookies=True))
    # A browser sends Secure cookies back over HTTPS only (behind a proxy that ends TLS).
    https = BASE_URL.replace("http://", "https://")
    async with httpx.AsyncClient(transport=transport, base_url=https) as client:
        made = await _register(client, "secure")
        assert "Secure" in made.headers["set-cookie"]


async def test_each_browser_sees_its_own_account(registry: Registry) -> None:
    app = _app(registry)
    seen: list[str] = []
    for login in ("first", "second", "first"):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE_URL
        ) as client:
            if login == "first" and seen:
                await _sign_in(client, login)
            else:
                await _register(client, login)
            seen.append((await client.get("/account")).text)
    assert "first" in seen[0] and "second" in seen[1] and "first" in seen[2]
    assert "second" not in seen[2]


async def test_a_new_password_or_disabling_ends_the_sessions(
    visitor: httpx.AsyncClient, registry: Registry
) -> None:
    from kasip import accounts

    await _register(visitor, "ends")
    accounts.set_password(registry.engine, "ends", "a brand new password", actor="cli")
    assert (await visitor.get("/account")).status_code == 303
    await _sign_in(visitor, "ends", "a brand new password")
    assert (await visitor.get("/account")).status_code == 200
    admin = {"login": "boss", "name": "Boss", "role": "admin", "password": PASSWORD}
    accounts.create_user(registry.engine, **admin, actor="cli")
    accounts.set_disabled(registry.engine, "ends", True, actor="boss")
    assert (await visitor.get("/account")).status_code == 303


async def test_registering_with_an_iin_shows_it_masked(visitor: httpx.AsyncClient) -> None:
    from kasip.accounts.iin import iin_check_digit

    first = "9203154" + "0420"
    iin = first + str(iin_check_digit(first))
    wrong = await _register(visitor, "with.iin", iin=iin[:11] + str((int(iin[11]) + 1) % 10))
    assert wrong.status_code == 400 and "ЖСН емес" in wrong.text
    made = await _register(visitor, "with.iin", iin=f"{iin[:6]} {iin[6:]}")
    assert made.status_code == 303, made.text
    page = await visitor.get("/account")
    assert "********" + iin[-4:] in page.text and iin not in page.text
    visitor.cookies.delete("kasip_session")
    again = await _register(visitor, "someone.else", iin=iin)
    assert again.status_code == 400 and "ЖСН-мен есептік жазба бар" in again.text
