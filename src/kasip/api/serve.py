"""Run the app with uvicorn on a socket bound here, so the real address is known.

Binding first lets ``kasip serve --port 0`` print the port the system chose,
and turns "address already in use" into a one-line error before uvicorn
starts. With several workers, each is a process of its own (uvicorn's
supervisor restarts one that dies) that accepts on the same socket and opens
the registry itself: one Python process uses one core at most.
"""

from __future__ import annotations

import os
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from kasip.api.timeouts import server_options
from kasip.config import Settings
from kasip.errors import KasipError
from kasip.store.db import is_memory_sqlite

# What each worker process calls to make its app; it reads KASIP_DATABASE_URL.
WORKER_APP = "kasip.api.app:create_app"

BACKLOG = 2048  # uvicorn's default


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind a listening TCP socket to ``host`` and ``port`` (0: any free port).

    Raises:
        KasipError: The address cannot be used (taken, or no such host).

    Example:
        >>> sock = bind_socket("127.0.0.1", 0)
        >>> address_of(sock).startswith("http://127.0.0.1:")
        True
        >>> sock.close()
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise KasipError(f"cannot listen on {host}:{port}: {exc}") from exc
    try:
        # Restarting right after a stop must not wait for TIME_WAIT to pass.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        # Listen now: connections made once the address is printed wait in the
        # backlog until uvicorn starts accepting, instead of being refused.
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise KasipError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def address_of(sock: socket.socket) -> str:
    """The ``http://`` URL of a bound socket's address."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_server(
    app: FastAPI, sock: socket.socket, *, log_level: str = "info", settings: Settings | None = None
) -> None:
    """Serve ``app`` on ``sock`` until interrupted (Ctrl+C), with the timeouts of ``settings``."""
    options = server_options(settings or Settings())
    config = uvicorn.Config(app, log_level=log_level, proxy_headers=False, **options)
    uvicorn.Server(config).run(sockets=[sock])


def check_workers(database_url: str, workers: int) -> None:
    """Refuse several workers for a registry each process would open on its own.

    Raises:
        KasipError: ``workers`` is over 1 and the registry is in memory.

    Example:
        >>> check_workers("sqlite://", 1); check_workers("sqlite:///registry.db", 4)
        >>> check_workers("sqlite://", 2)
        Traceback (most recent call last):
        kasip.errors.KasipError: --workers 2: an in-memory registry cannot be shared by processes
    """
    if workers > 1 and is_memory_sqlite(database_url):
        raise KasipError(
            f"--workers {workers}: an in-memory registry cannot be shared by processes"
        )


def run_workers(
    database_url: str,
    sock: socket.socket,
    *,
    workers: int,
    log_level: str = "info",
    settings: Settings | None = None,
) -> None:
    """Serve the registry at ``database_url`` on ``sock`` from ``workers`` processes.

    Raises:
        KasipError: See :func:`check_workers`.
    """
    check_workers(database_url, workers)
    # The workers are started afresh (spawned) and read their settings from here.
    os.environ["KASIP_DATABASE_URL"] = database_url
    # The timeouts' settings reach the workers through the same environment.
    options = server_options(settings or Settings(), workers=workers)
    config = uvicorn.Config(
        WORKER_APP,
        factory=True,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
        **options,
    )
    Multiprocess(config, sockets=[sock]).run()
