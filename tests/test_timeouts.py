"""Header and body timeouts (issue 8), over real sockets against a real server.

A client that sends half a request must be dropped. Each test talks to uvicorn
serving the app in a thread (with each HTTP parser uvicorn may use), or to
``kasip serve`` itself, with timeouts of a fraction of a second, and waits for
the server to close the connection. No test measures how long that took: the
sockets' own timeout only keeps a broken server from hanging the run.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from kasip.api.app import create_app
from kasip.api.serve import bind_socket
from kasip.api.timeouts import protocol_class
from kasip.config import Settings
from serve_support import kasip_serve

SHORT = 0.3  # seconds: the timeouts the servers here are given
HANG_GUARD_S = 30  # a socket that sees nothing for this long fails the test


def _parsers() -> list[type]:
    parsers: list[type] = [H11Protocol]
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is optional: uvicorn then uses h11
        return parsers
    return [*parsers, HttpToolsProtocol]


@pytest.fixture(scope="module", params=_parsers(), ids=lambda p: p.__name__)
def port(request: pytest.FixtureRequest) -> Iterator[int]:
    """The port of uvicorn serving the app with short timeouts, in a thread."""
    import compare_support

    registry = compare_support.seed_registry()
    settings = Settings(database_url="sqlite://", body_timeout=SHORT)
    app = create_app(settings, registry=registry)
    config = uvicorn.Config(
        app, http=protocol_class(SHORT, base=request.param), log_level="warning"
    )
    server = uvicorn.Server(config)
    sock = bind_socket("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(HANG_GUARD_S)
        sock.close()
        registry.close()


def connect(port: int) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_S)
    return client


def read_until_closed(client: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := client.recv(65536):
        received += chunk
    return received


def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    with connect(port) as client:
        assert read_until_closed(client) == b""


def test_a_connection_that_sends_half_the_headers_is_closed(port: int) -> None:
    with connect(port) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: kasip.test\r\nAccept: text/")
        assert read_until_closed(client) == b""


def test_headers_sent_a_byte_at_a_time_do_not_keep_the_connection(port: int) -> None:
    header = b"GET / HTTP/1.1\r\nHost: kasip.test\r\n" + b"X-Slow: " + b"a" * 2_000
    sent = 0
    with connect(port) as client:
        client.settimeout(SHORT / 10)
        try:
            for byte in header:
                client.sendall(bytes([byte]))
                sent += 1
                try:
                    if client.recv(1) == b"":
                        break  # closed by the server
                except TimeoutError:
                    continue  # still open: send the next byte
        except (BrokenPipeError, ConnectionResetError):
            pass
    assert sent < len(header)


def test_a_complete_request_is_answered_then_half_a_second_one_is_closed(port: int) -> None:
    with connect(port) as client:
        client.sendall(b"GET /api/v1/standards HTTP/1.1\r\nHost: kasip.test\r\n\r\n")
        status = client.recv(65536)
        assert status.startswith(b"HTTP/1.1 200 "), status[:100]
        client.sendall(b"GET /api/v1/standards HTTP/1.1\r\nHo")
        assert b"HTTP/1.1" not in read_until_closed(client)


def test_a_body_that_stops_arriving_is_answered_408_and_closed(port: int) -> None:
    with connect(port) as client:
        client.sendall(
            b"POST /api/v1/match HTTP/1.1\r\nHost: kasip.test\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"text": "'
        )
        answer = read_until_closed(client)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:100]
    assert b'"code":"request-timeout"' in answer


@pytest.mark.parametrize(
    "workers",
    [
        pytest.param(1, marks=pytest.mark.slow),
        pytest.param(2, marks=pytest.mark.slow, id="2 workers"),
    ],
    ids=str,
)
def test_kasip_serve_applies_the_timeouts_of_its_settings(tmp_path: Path, workers: int) -> None:
    # With several workers, uvicorn spawns processes that build the protocol
    # from the same environment (kasip.api.timeouts.WORKER_PROTOCOL).
    env = {**os.environ, "KASIP_HEADER_TIMEOUT": str(SHORT), "KASIP_BODY_TIMEOUT": str(SHORT)}
    with kasip_serve(tmp_path / "r.db", "--workers", str(workers), env=env) as (_, address):
        port = urlsplit(address).port
        assert port is not None
        test_a_connection_that_sends_half_the_headers_is_closed(port)
        test_a_body_that_stops_arriving_is_answered_408_and_closed(port)
