"""Request limits (issue 8): bodies are counted as they arrive and refused past the limit.

The app is called as the server calls it, with an ASGI ``receive`` that hands
out the body in chunks and counts what it handed out, so the tests see how
much of a body the app pulled before refusing it, not only the answer.
"""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.types import Message

from conftest_web import SEED_KEY, assert_error, client_for
from kasip.api.app import create_app
from kasip.config import DEFAULT_MAX_BODY_BYTES, Settings
from kasip.registry import Registry

pytestmark = pytest.mark.anyio

MiB = 1024 * 1024
CHUNK = b"a" * 65536  # what a server hands the app at a time (uvicorn's high-water mark)


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    import compare_support

    registry = compare_support.seed_registry()
    yield registry
    registry.close()


def app_with(registry: Registry, **settings: Any) -> FastAPI:
    return create_app(Settings(database_url="sqlite://", **settings), registry=registry)


@dataclass
class Answer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    pulled: int = 0  # body bytes the app received

    def json(self) -> Any:
        return json.loads(self.body)

    async def send(self, message: Message) -> None:
        """The ASGI ``send`` of the request: keeps what the app answers."""
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


async def call(
    app: FastAPI,
    path: str,
    chunks: Iterable[bytes],
    *,
    headers: dict[str, str],
    method: str = "POST",
) -> Answer:
    """Call ``app`` with a body made of ``chunks``, pulled one per ``receive``."""
    answer = Answer()
    pending = iter(chunks)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "server": ("kasip.test", 80),
        "client": ("127.0.0.1", 50000),
    }

    async def receive() -> Message:
        chunk = next(pending, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        answer.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    await app(scope, receive, answer.send)
    return answer


def stream(total: int) -> Iterator[bytes]:
    """``total`` bytes of body in :data:`CHUNK` pieces, made as they are pulled."""
    for _ in range(total // len(CHUNK)):
        yield CHUNK


def assert_error_body(answer: Answer, status: int, code: str) -> None:
    assert answer.status == status, answer.body[:200]
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert (error["status"], error["code"]) == (status, code)


async def test_api_match_refuses_a_declared_100_mb_body_before_reading_it(
    registry: Registry,
) -> None:
    app = app_with(registry)
    headers = {"content-type": "application/json", "content-length": str(100 * MiB)}
    answer = await call(app, "/api/v1/match", stream(100 * MiB), headers=headers)
    assert_error_body(answer, 413, "body-too-large")
    assert answer.pulled == 0
    assert answer.headers["connection"] == "close"
    assert answer.json()["error"]["details"] == {"max_bytes": DEFAULT_MAX_BODY_BYTES}


async def test_api_match_stops_reading_a_chunked_body_at_the_limit(registry: Registry) -> None:
    app = app_with(registry)
    headers = {"content-type": "application/json", "transfer-encoding": "chunked"}
    answer = await call(app, "/api/v1/match", stream(100 * MiB), headers=headers)
    assert_error_body(answer, 413, "body-too-large")
    # The chunk that crossed the limit is the last one pulled.
    assert DEFAULT_MAX_BODY_BYTES < answer.pulled <= DEFAULT_MAX_BODY_BYTES + len(CHUNK)


async def test_match_form_refuses_an_oversized_body_with_an_html_page(registry: Registry) -> None:
    app = app_with(registry)
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "accept": "text/html",
    }
    answer = await call(app, "/match", stream(40 * MiB), headers=headers)
    assert answer.status == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert b"<html" in answer.body
    assert answer.pulled <= DEFAULT_MAX_BODY_BYTES + len(CHUNK)


async def test_a_40_mb_form_adds_no_more_than_a_few_mb_of_memory(registry: Registry) -> None:
    app = app_with(registry)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    # Percent-encoded Cyrillic, the form that took the server to 3.3 GB.
    chunk = b"text=" + b"%D0%B0" * (len(CHUNK) // 6)
    chunks = (chunk for _ in range(40 * MiB // len(chunk)))
    await call(app, "/match", [chunk], headers=headers)  # warm up: templates, caches
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        answer = await call(app, "/match", chunks, headers=headers)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - before < 4 * MiB, f"{(peak - before) / MiB:.1f} MiB"
    assert answer.status == 413


async def test_the_limit_comes_from_the_environment(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KASIP_MAX_BODY_BYTES", "100")
    app = create_app(registry=registry)
    headers = {"content-type": "text/plain"}
    answer = await call(app, "/api/v1/match", [b"x" * 101], headers=headers)
    assert_error_body(answer, 413, "body-too-large")
    assert "100 bytes" in answer.json()["error"]["message"]


async def test_a_body_within_the_limit_is_answered(registry: Registry) -> None:
    async with client_for(app_with(registry, max_body_bytes=4096)) as client:
        response = await client.post("/match", data={"text": "әлеуметтік жұмыс", "limit": "3"})
        assert response.status_code == 200
        html = {"accept": "text/html"}
        response = await client.post("/match", data={"text": "ә" * 4096}, headers=html)
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")


async def test_a_body_that_stops_arriving_is_answered_408(registry: Registry) -> None:
    app = app_with(registry, body_timeout=0.01)
    never = asyncio.Event()
    answer = Answer()

    async def receive() -> Message:
        if answer.pulled == 0:
            answer.pulled = 10
            return {"type": "http.request", "body": b'{"text": "', "more_body": True}
        await never.wait()  # the client stopped sending
        raise AssertionError("unreachable")

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/match",
        "headers": [(b"content-type", b"application/json")],
        "query_string": b"",
    }
    await app(scope, receive, answer.send)
    assert_error_body(answer, 408, "request-timeout")
    assert answer.headers["connection"] == "close"


@pytest.mark.parametrize(
    "body",
    [
        {"text": "әлеуметтік жұмыс", "limit": True},
        {"text": "әлеуметтік жұмыс", "limit": "5"},
        {"text": "әлеуметтік жұмыс", "limit": 5.0},
        {"text": 5},
    ],
)
async def test_api_match_takes_no_bool_string_or_float_for_an_int(
    registry: Registry, body: dict[str, Any]
) -> None:
    async with client_for(app_with(registry)) as client:
        response = await client.post("/api/v1/match", json=body)
    assert_error(response, 400, "invalid-parameter")


async def test_api_match_still_takes_an_int_limit(registry: Registry) -> None:
    async with client_for(app_with(registry)) as client:
        response = await client.post("/api/v1/match", json={"text": "әлеуметтік", "limit": 2})
        assert response.status_code == 200, response.text
        assert len(response.json()["matches"]) <= 2
        response = await client.get(f"/api/v1/standards/{SEED_KEY}")
        assert response.status_code == 200


def test_the_default_body_limit_fits_the_longest_match_text() -> None:
    from kasip.pages.match import MAX_MATCH_TEXT_LENGTH

    # The worst case: every character of the text a JSON \uXXXX escape.
    assert Settings().max_body_bytes > 6 * MAX_MATCH_TEXT_LENGTH + 100


def test_every_setting_is_documented_with_its_default() -> None:
    deployment = (Path(__file__).resolve().parent.parent / "docs/deployment.md").read_text(
        encoding="utf-8"
    )
    for name, info in Settings.model_fields.items():
        row = next(
            (
                line
                for line in deployment.splitlines()
                if line.startswith(f"| `KASIP_{name.upper()}`")
            ),
            None,
        )
        assert row is not None, f"KASIP_{name.upper()} is not in docs/deployment.md"
        if info.default is not None:
            default = info.default
            shown = default if isinstance(default, int | str) else f"{default:g}"
            assert f"`{shown}`" in row, row


@pytest.mark.anyio
@pytest.mark.parametrize("threads", [1, 3])
async def test_a_worker_runs_as_many_requests_at_once_as_its_threads(threads: int) -> None:
    from anyio import to_thread

    app = create_app(Settings(database_url="sqlite://", threads=threads))

    @app.get("/test-threads")
    async def pool_size() -> int:  # async: it reads the limiter of the server's loop
        return int(to_thread.current_default_thread_limiter().total_tokens)

    async with app.router.lifespan_context(app), client_for(app) as client:  # as a server does
        assert (await client.get("/test-threads")).json() == threads


@pytest.mark.parametrize("threads", ["0", "257", "many"])
def test_a_bad_threads_setting_is_refused(monkeypatch: pytest.MonkeyPatch, threads: str) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("KASIP_THREADS", threads)
    with pytest.raises(ValidationError, match="threads"):
        Settings()
