"""The response cache (kasip.http.cache): byte-identical answers, per language, until an import.

Every test compares the cached app with the same app without a cache
(``response_cache_bytes=0``) over the same registry: a hit must be the answer
the app would have made, header for header and byte for byte.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio.to_thread
import httpx
import pytest
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from conftest_web import client_for
from kasip.api.app import create_app
from kasip.config import Settings
from kasip.http.cache import ResponseCache
from kasip.model import Document
from kasip.registry import Registry, open_registry
from kasip.search import snapshot as snapshot_module
from kasip.testing import make_card, make_document

pytestmark = pytest.mark.anyio

JSON = [(b"content-type", b"application/json")]
HANG_GUARD_S = 60

KEY = "292-2019-05-30-kk"
CARD = "2635-3-001@6"
# Pages, twins and API resources, each answered from the cache the second time.
URLS = (
    "/",
    "/index.json",
    f"/standards/{KEY}",
    f"/standards/{KEY}.json",
    f"/api/v1/standards/{KEY}",
    f"/cards/{CARD}",
    f"/cards/{CARD}.json",
    f"/api/v1/cards/{CARD}",
    "/api/v1/cards?level=6",
    "/search?q=маман",
    "/search.json?q=маман",
    "/api/v1/search?q=маман",
    "/match?text=маман",
    "/api/v1/openapi.json",
)
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def renamed(name: str) -> Document:
    """The test document with its card renamed: a new version of the same standard."""
    return make_document(cards=[make_card(name=name)])


@pytest.fixture
def registry() -> Iterator[Registry]:
    with open_registry("sqlite://") as reg:
        reg.import_documents([make_document()])
        yield reg


def apps(registry: Registry, max_bytes: int = 2**20) -> tuple[FastAPI, FastAPI]:
    """The app with a cache of ``max_bytes`` and the app without one, on ``registry``."""
    cached = create_app(Settings(response_cache_bytes=max_bytes), registry=registry)
    return cached, create_app(Settings(response_cache_bytes=0), registry=registry)


Clients = tuple[httpx.AsyncClient, httpx.AsyncClient, FastAPI]


@pytest.fixture
async def clients(registry: Registry) -> AsyncIterator[Clients]:
    """A client of the cached app, one of the app without a cache, and the cached app."""
    cached, plain = apps(registry)
    async with client_for(cached) as one, client_for(plain) as other:
        yield one, other, cached


def cache_of(app: FastAPI) -> ResponseCache:
    """The app's cache (its middleware stack is built on the first request)."""
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app  # type: ignore[union-attr]
    return layer


async def answer(client: httpx.AsyncClient, url: str, **kwargs: object) -> Answer:
    response = await client.request(kwargs.pop("method", "GET"), url, **kwargs)  # type: ignore[arg-type]
    return response.status_code, list(response.headers.raw), response.content


@pytest.mark.parametrize("url", URLS)
async def test_a_hit_is_the_answer_the_app_makes(clients: Clients, url: str) -> None:
    cached, plain, app = clients
    first = await answer(cached, url)
    assert first[0] == 200
    cache = cache_of(app)
    assert (cache.hits, cache.misses) == (0, 1)
    assert await answer(cached, url) == first == await answer(plain, url)
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize(
    ("headers", "lang"),
    [
        ({"Accept-Language": "ru-RU,ru;q=0.9"}, "ru"),
        ({"Accept-Language": "en"}, "en"),
        ({}, "kk"),
        ({"Cookie": "kasip_lang=en", "Accept-Language": "ru"}, "en"),
        ({"Cookie": "kasip_lang=xx", "Accept-Language": "ru"}, "ru"),
    ],
)
async def test_answers_do_not_leak_across_languages(
    registry: Registry, headers: dict[str, str], lang: str
) -> None:
    cached, plain = apps(registry)
    async with client_for(cached) as one, client_for(plain) as other:
        # Fill the cache in every language first, then ask in the one under test.
        for other_lang in ("kk", "ru", "en"):
            await one.get(f"/cards/{CARD}", headers={"Accept-Language": other_lang})
        got = await answer(one, f"/cards/{CARD}", headers=headers)
        assert got == await answer(other, f"/cards/{CARD}", headers=headers)
        assert (b"content-language", lang.encode()) in got[1]
        assert f'<html lang="{lang}">'.encode() in got[2]
        assert cache_of(cached).hits == 1


async def test_an_import_is_served_at_once(clients: Clients, registry: Registry) -> None:
    cached, plain, _ = clients
    before = await answer(cached, f"/api/v1/cards/{CARD}")
    registry.import_documents([renamed("Жаңа атау")])
    after = await answer(cached, f"/api/v1/cards/{CARD}")
    assert after != before
    assert "Жаңа атау".encode() in after[2]
    assert after == await answer(plain, f"/api/v1/cards/{CARD}")


async def test_an_import_by_another_process_is_served_at_once(tmp_path: Path) -> None:
    # Two registries on one file share nothing in memory, like two processes.
    url = f"sqlite:///{tmp_path}/registry.db"
    with open_registry(url) as served, open_registry(url) as importer:
        importer.import_documents([make_document()])
        cached, plain = apps(served)
        async with client_for(cached) as one, client_for(plain) as other:
            before = await answer(one, f"/cards/{CARD}.json")
            assert await answer(one, f"/cards/{CARD}.json") == before
            importer.import_documents([renamed("Жаңа атау")])
            after = await answer(one, f"/cards/{CARD}.json")
            assert "Жаңа атау".encode() in after[2]
            assert after == await answer(other, f"/cards/{CARD}.json")
            assert cache_of(cached).hits == 1


async def test_errors_that_depend_on_the_registry_are_not_kept(
    clients: Clients, registry: Registry
) -> None:
    cached, _, app = clients
    missing = "/api/v1/cards/2635-3-001@7"
    assert (await cached.get(missing)).status_code == 404
    assert (await cached.get(missing)).status_code == 404
    cache = cache_of(app)
    assert (len(cache), cache.hits) == (0, 0)
    # Had the 404 been kept, the card imported now would stay missing.
    registry.import_documents([make_document(cards=[make_card(), make_card(level=7)])])
    assert (await cached.get(missing)).status_code == 200


async def test_other_methods_and_cookies_are_not_kept(
    clients: Clients,
) -> None:
    cached, plain, app = clients
    for _ in range(2):
        posted = await cached.post("/api/v1/match", json={"text": "маман"})
        assert posted.status_code == 200
        # ?lang= sets the language cookie: such answers are made each time.
        switched = await answer(cached, f"/cards/{CARD}?lang=ru")
        assert switched == await answer(plain, f"/cards/{CARD}?lang=ru")
        assert any(name == b"set-cookie" for name, _ in switched[1])
    cache = cache_of(app)
    assert (len(cache), cache.hits) == (0, 0)


async def test_a_bad_language_is_the_apps_error(
    clients: Clients,
) -> None:
    cached, plain, _ = clients
    assert (await answer(cached, "/?lang=de")) == (await answer(plain, "/?lang=de"))
    assert (await cached.get("/?lang=de")).status_code == 400


@pytest.mark.parametrize("url", [f"/cards/{CARD}", f"/api/v1/cards/{CARD}"])
async def test_a_hit_answers_if_none_match_like_the_app(clients: Clients, url: str) -> None:
    cached, plain, _ = clients
    etag = (await cached.get(url)).headers["etag"]
    for tag in (etag, f'W/{etag}, "other"', "*"):
        hit = await answer(cached, url, headers={"If-None-Match": tag})
        assert hit[0] == 304 and hit[2] == b""
        assert hit == await answer(plain, url, headers={"If-None-Match": tag})
    stale = await answer(cached, url, headers={"If-None-Match": '"stale"'})
    assert stale == await answer(plain, url, headers={"If-None-Match": '"stale"'})
    assert stale[0] == 200


async def test_head_is_answered_from_the_cache_without_a_body(
    clients: Clients,
) -> None:
    cached, plain, app = clients
    await cached.get(f"/cards/{CARD}")
    head = await answer(cached, f"/cards/{CARD}", method="HEAD")
    assert head == await answer(plain, f"/cards/{CARD}", method="HEAD")
    assert head[0] == 200 and head[2] == b""
    assert cache_of(app).hits == 1


async def test_the_cache_keeps_to_its_size(registry: Registry) -> None:
    urls = [f"/api/v1/cards?level={level}" for level in range(1, 9)]
    probe, _ = apps(registry)
    async with client_for(probe) as client:
        await client.get(urls[0])  # no card at level 1: all eight answers are this size
    entry = cache_of(probe).size
    cached, plain = apps(registry, max_bytes=entry * 9 // 2)
    async with client_for(cached) as one, client_for(plain) as other:
        for url in urls:
            assert await answer(one, url) == await answer(other, url)
        cache = cache_of(cached)
        assert len(cache) == 4 and cache.size <= entry * 9 // 2
        # The least recently used went first.
        await one.get(urls[-1])
        assert (cache.hits, cache.misses) == (1, 8)
        await one.get(urls[0])
        assert (cache.hits, cache.misses) == (1, 9)


async def test_too_large_an_answer_is_not_kept(registry: Registry) -> None:
    cached, _ = apps(registry, max_bytes=4_000)
    async with client_for(cached) as one:
        await one.get(f"/cards/{CARD}")  # about 10 kB, over a quarter of 4 kB
        assert len(cache_of(cached)) == 0


async def test_clients_asking_at_once_share_one_answer(registry: Registry) -> None:
    cached, plain = apps(registry)
    async with client_for(cached) as one, client_for(plain) as other:
        url = "/search?q=маман"
        answers = await asyncio.gather(*(answer(one, url) for _ in range(10)))
        assert answers == [await answer(other, url)] * 10
        cache = cache_of(cached)
        assert (cache.misses, cache.hits) == (1, 9)


async def test_static_files_are_left_to_the_static_route(
    clients: Clients,
) -> None:
    cached, _, app = clients
    for _ in range(2):
        assert (await cached.get("/static/style.css")).status_code == 200
    assert len(cache_of(app)) == 0


async def test_an_import_is_served_at_once_on_every_backend(fresh_registry: Registry) -> None:
    fresh_registry.import_documents([make_document()])
    cached, plain = apps(fresh_registry)
    async with client_for(cached) as one, client_for(plain) as other:
        url = f"/cards/{CARD}.json"
        before = await answer(one, url)
        assert await answer(one, url) == before
        fresh_registry.import_documents([renamed("Жаңа атау")])
        after = await answer(one, url)
        assert "Жаңа атау".encode() in after[2]
        assert after == await answer(other, url)
        assert (cache_of(cached).hits, cache_of(cached).misses) == (1, 2)


async def body_of(cache: ResponseCache) -> bytes:
    """The body ``cache`` answers to ``GET /x``, called as an ASGI app."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/x", "query_string": b"", "headers": []}
    await cache(scope, receive, send)
    body: bytes = sent[-1]["body"]
    return body


async def test_while_a_new_answer_is_made_the_others_get_the_one_before() -> None:
    # After an import, the first request makes the new answer; requests that
    # arrive meanwhile get the previous state's at once instead of queueing.
    state = [1]
    making, release = asyncio.Event(), asyncio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        made_for = state[0]
        if made_for == 2:
            making.set()
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": JSON})
        await send({"type": "http.response.body", "body": f"state {made_for}".encode()})

    cache = ResponseCache(app, generation=lambda: state[0])

    assert await body_of(cache) == b"state 1"
    state[0] = 2
    first = asyncio.create_task(body_of(cache))
    await making.wait()
    # Served while the new one is being made (which waits for release): a
    # cache that queued it would wait for ever; the timeout only guards that.
    assert await asyncio.wait_for(body_of(cache), timeout=HANG_GUARD_S) == b"state 1"
    release.set()
    assert await first == b"state 2"
    assert await body_of(cache) == b"state 2"
    assert (cache.misses, cache.stale_hits, cache.hits) == (2, 1, 1)


async def test_a_request_alone_after_a_change_gets_the_new_answer() -> None:
    state = [1]

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": JSON})
        await send({"type": "http.response.body", "body": f"state {state[0]}".encode()})

    cache = ResponseCache(app, generation=lambda: state[0])
    assert await body_of(cache) == b"state 1"
    state[0] = 2
    assert await body_of(cache) == b"state 2"
    assert cache.stale_hits == 0


async def test_an_answer_made_from_an_earlier_states_value_is_not_kept() -> None:
    # The match index is reloaded in one thread while the others use the one
    # held; what they make is sent, but kept for the new state it would stay
    # wrong until the next import. The route runs in a worker thread, as sync
    # routes do.
    stale = [True]

    def route() -> bytes:
        if stale[0]:
            snapshot_module._note_stale()
        return b"stale" if stale[0] else b"fresh"

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        body = await anyio.to_thread.run_sync(route)
        await send({"type": "http.response.start", "status": 200, "headers": JSON})
        await send({"type": "http.response.body", "body": body})

    cache = ResponseCache(app, generation=lambda: 1)
    assert await body_of(cache) == b"stale"
    stale[0] = False
    assert await body_of(cache) == b"fresh"
    assert await body_of(cache) == b"fresh"
    assert (cache.misses, cache.hits) == (2, 1)


async def _ask(cache: ResponseCache, path: str, host: bytes) -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        del message

    headers = [(b"host", host)]
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": headers}
    await cache(scope, receive, send)


@pytest.mark.parametrize(
    ("path", "public_url", "kept"),
    [
        ("/standards/k", None, 1),
        ("/ims/case/v1p1/CFDocuments", None, 3),
        ("/api/v1/standards/k/export", None, 3),
        ("/standards/k/export", None, 3),
        ("/ims/case/v1p1/CFDocuments", "https://kasip.kz", 1),
        ("/api/v1/standards/k/export", "https://kasip.kz", 1),
    ],
)
async def test_only_answers_writing_the_base_are_kept_per_host(
    path: str, public_url: str | None, kept: int
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": JSON})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ResponseCache(app, generation=lambda: 1, public_url=public_url)
    for host in (b"a.test", b"b.test", b"c.test", b"a.test"):
        await _ask(cache, path, host)
    assert len(cache) == kept
    assert cache.misses == kept
