"""Fixtures for the API and web tests: the app over a registry holding the seed.

The seed is parsed once per session; each test module gets its own registry
(in-memory SQLite, a copy of one holding the seed, see compare_support.py; and
the PostgreSQL database of ``TEST_DATABASE_URL`` for ``api_client``'s
``postgres`` variant) and each test its own httpx client on
the app through ``ASGITransport``, so cookies never leak between tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from conftest_store import BACKENDS, reset_postgres

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI

    from kasip.model import Document
    from kasip.registry import Registry

SEED_KEY = "292-2019-05-30-kk"
BASE_URL = "http://kasip.test"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def seed_document() -> Document:
    """The bundled standard, parsed."""
    import compare_support

    return compare_support.seed_document()


def _seeded(url: str, doc: Document) -> Registry:
    import compare_support
    from kasip.registry import open_registry

    if url == "sqlite://" and doc is compare_support.seed_document():
        return compare_support.seed_registry()
    if not url.startswith("sqlite"):
        reset_postgres(url)
    registry = open_registry(url)
    registry.import_documents([doc])
    return registry


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_registry(request: pytest.FixtureRequest, seed_document: Document) -> Iterator[Registry]:
    """A registry holding the seed, on each test backend."""
    registry = _seeded(request.param, seed_document)
    try:
        yield registry
    finally:
        registry.close()


@pytest.fixture(scope="module", params=BACKENDS)
def api_app(request: pytest.FixtureRequest, seed_document: Document) -> Iterator[FastAPI]:
    """The app over a registry holding the seed, on each test backend."""
    from kasip.api.app import create_app

    registry = _seeded(request.param, seed_document)
    try:
        yield create_app(registry=registry)
    finally:
        registry.close()


@pytest.fixture(scope="module")
def web_app(seed_document: Document) -> Iterator[FastAPI]:
    """The app over an in-memory SQLite registry holding the seed."""
    from kasip.api.app import create_app

    registry = _seeded("sqlite://", seed_document)
    try:
        yield create_app(registry=registry)
    finally:
        registry.close()


def client_for(app: FastAPI) -> httpx.AsyncClient:
    """An httpx client that calls ``app`` in-process."""
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


async def match_page_line(
    client: httpx.AsyncClient, text: str, selector: str, saids: dict[str, str]
) -> list[str]:
    """The text of the line ``selector`` of the match page for ``text``, in each
    language of ``saids``, checked to hold that language's words."""
    from bs4 import BeautifulSoup

    found = []
    for lang, said in saids.items():
        page = await client.post(f"/match?lang={lang}", data={"text": text})
        assert page.status_code == 200
        line = BeautifulSoup(page.text, "html.parser").select_one(selector)
        assert line is not None, lang
        assert said in line.get_text(), lang
        found.append(line.get_text())
    return found


@pytest.fixture
async def api_client(api_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(api_app) as client:
        yield client


@pytest.fixture
async def web_client(web_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(web_app) as client:
        yield client


def assert_error(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, object]:
    """Assert the one error shape of every 4xx/5xx answer; return its ``error`` object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    error: dict[str, object] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error
