"""The app under browser test: uvicorn in a thread over a temporary registry.

A plain module, not part of conftest.py, so test modules can import
:class:`Site` (pytest loads each conftest.py under the same module name).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry, open_registry

SEED_NAME = "psychological-and-social-work.kk.txt"
START_TIMEOUT_S = 20


@dataclass(frozen=True)
class Site:
    """The running test server and what it serves."""

    url: str
    standard_key: str
    card_ids: tuple[str, ...]
    registry: Registry  # what the server serves: a test may add accounts, programmes


@contextmanager
def serve_seed_registry(workdir: Path, *, later: Sequence[Document] = ()) -> Iterator[Site]:
    """Serve ``create_app(registry=...)`` over the bundled standard on 127.0.0.1.

    Args:
        workdir: Where the SQLite registry file goes.
        later: Documents imported after the seed, one import each (e.g. an
            edited seed: a second version, for the history page).

    Yields:
        The site; the server stops and the registry closes on exit.
    """
    import uvicorn

    from kasip.api.app import create_app
    from kasip.config import Settings
    from kasip.credentials import KeyStore

    path = resources.files("kasip") / "data" / SEED_NAME
    with resources.as_file(path) as real:
        document = parse_standard(read_source(real), source_name=SEED_NAME)
    # A file, not "sqlite://": an in-memory database is private to one
    # connection, and the server thread opens its own.
    registry = open_registry(f"sqlite:///{workdir / 'registry.db'}")
    try:
        (imported,) = registry.import_documents([document])
        for other in later:
            registry.import_documents([other])
        # Bind first and hand uvicorn the socket: the port is known and free,
        # with no window for another process to take it.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            # Certificates name this server as their issuer and are signed with
            # keys of their own (kasip keys init), never the user's.
            keys = workdir / "keys"
            KeyStore(keys).init()
            app = create_app(Settings(public_url=url, keys_dir=keys), registry=registry)
            server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
            thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
            thread.start()
            try:
                _wait_started(server, thread)
                yield Site(
                    url=url,
                    standard_key=imported.key,
                    card_ids=tuple(card.id for card in document.cards),
                    registry=registry,
                )
            finally:
                server.should_exit = True
                thread.join(timeout=10)
    finally:
        registry.close()


def _wait_started(server: object, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not getattr(server, "started", False):
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start; see its log above")
        time.sleep(0.02)
