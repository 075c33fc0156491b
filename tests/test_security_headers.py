"""Security headers on every kind of answer: pages, twins, API, static files, errors, 304, HEAD.

The browser half (the pages really pass the policy) is tests/browser/test_browser_security.py.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from conftest_web import BASE_URL, SEED_KEY
from kasip.api.app import create_app
from kasip.config import Settings
from kasip.http.headers import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

pytestmark = pytest.mark.anyio

CARD_ID = "2635-3-001@5"
HTML = {"Accept": "text/html"}
# (method, path, headers, expected status): one of each kind of answer.
ANSWERS = [
    ("GET", "/", HTML, 200),
    ("GET", "/?q=маман", HTML, 200),
    ("GET", f"/standards/{SEED_KEY}", HTML, 200),
    ("GET", f"/standards/{SEED_KEY}/history", HTML, 200),
    ("GET", f"/cards/{CARD_ID}", HTML, 200),
    ("GET", f"/cards/{CARD_ID}.json", {}, 200),
    ("GET", "/compare", HTML, 200),
    ("GET", "/ladder/2635-3-001", HTML, 200),
    ("GET", "/search?q=маман", HTML, 200),
    ("GET", "/match", HTML, 200),
    ("POST", "/match", HTML, 400),  # an empty form: the form again
    ("GET", f"/elements/{CARD_ID}/f1", HTML, 302),
    ("GET", "/static/kasip.js", {}, 200),
    ("GET", "/static/style.css", {}, 200),
    ("GET", "/no/such/page", HTML, 404),
    ("GET", "/no/such/page", {}, 404),
    ("GET", "/?lang=xx", HTML, 400),
    ("GET", f"/api/v1/cards/{CARD_ID}", {}, 200),
    ("GET", "/api/v1/cards?level=9", {}, 400),
    ("GET", "/api/v1/openapi.json", {}, 200),
    ("GET", "/api/v1/docs", HTML, 200),
    ("GET", "/api/v1/docs/assets/swagger-ui-bundle.js", {}, 200),
    ("GET", "/api/v1/docs/assets/kasip-docs.js", {}, 200),
    ("POST", "/api/v1/match", {"Content-Type": "text/plain"}, 400),
    ("DELETE", "/api/v1/standards", {}, 405),
    ("HEAD", f"/cards/{CARD_ID}", HTML, 200),
    ("HEAD", "/static/kasip.js", {}, 200),
]


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_list(name) == [value], (response.request.url, name)


@pytest.mark.parametrize(("method", "path", "headers", "status"), ANSWERS)
async def test_every_answer_has_the_security_headers(
    web_client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str], status: int
) -> None:
    response = await web_client.request(method, path, headers=headers)
    assert response.status_code == status, response.text
    assert_security_headers(response)


@pytest.mark.parametrize("path", [f"/cards/{CARD_ID}", f"/api/v1/cards/{CARD_ID}", "/api/v1/docs"])
async def test_not_modified_has_the_security_headers(
    web_client: httpx.AsyncClient, path: str
) -> None:
    etag = (await web_client.get(path, headers=HTML)).headers["etag"]
    response = await web_client.get(path, headers={**HTML, "If-None-Match": etag})
    assert response.status_code == 304
    assert_security_headers(response)


async def test_static_not_modified_has_the_security_headers(
    web_client: httpx.AsyncClient,
) -> None:
    first = await web_client.get("/static/kasip.js")
    response = await web_client.get(
        "/static/kasip.js", headers={"If-None-Match": first.headers["etag"]}
    )
    assert response.status_code == 304
    assert_security_headers(response)


@pytest.mark.parametrize(("path", "headers"), [("/", HTML), ("/index.json", {})])
async def test_a_server_error_has_the_security_headers(
    web_app: FastAPI, monkeypatch: pytest.MonkeyPatch, path: str, headers: dict[str, str]
) -> None:
    # A bug is answered by Starlette's outermost handler, outside every middleware.
    from kasip import pages

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "build_home", broken)
    # An app of its own, without the response cache: the module's shared app
    # may already hold the home page, made before the builder broke.
    app = create_app(Settings(response_cache_bytes=0), registry=web_app.state.registry)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        response = await client.get(path, headers=headers)
    assert response.status_code == 500
    assert_security_headers(response)


async def test_a_route_may_set_its_own_policy() -> None:
    from starlette.responses import PlainTextResponse
    from starlette.types import Receive, Scope, Send

    from kasip.http.headers import SecurityHeadersMiddleware

    own = "default-src 'self'"

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse("x", headers={"Content-Security-Policy": own})
        await response(scope, receive, send)

    transport = httpx.ASGITransport(app=SecurityHeadersMiddleware(app))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        response = await client.get("/")
    assert response.headers.get_list("content-security-policy") == [own]
    assert response.headers["x-frame-options"] == "DENY"


def test_the_policy_allows_no_inline_code_and_no_other_host() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


async def test_api_docs_page_loads_nothing_from_other_hosts(web_client: httpx.AsyncClient) -> None:
    from bs4 import BeautifulSoup

    response = await web_client.get("/api/v1/docs")
    soup = BeautifulSoup(response.text, "html.parser")
    sources = [str(tag.get("src") or tag.get("href")) for tag in soup.find_all(["script", "link"])]
    assert sources and all(s.startswith("/api/v1/docs/assets/") for s in sources), sources
    assert not [tag for tag in soup.find_all("script") if tag.string and tag.string.strip()]
    for source in sources:
        asset = await web_client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 100, source
