"""Run the app with uvicorn on a socket bound here, so the real address is known.

Binding first lets ``kasip serve --port 0`` print the port the system chose,
and turns "address already in use" into a one-line error before uvicorn
starts.
"""

from __future__ import annotations

import socket

import uvicorn
from fastapi import FastAPI

from kasip.api.timeouts import server_options
from kasip.config import Settings
from kasip.errors import KasipError

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
