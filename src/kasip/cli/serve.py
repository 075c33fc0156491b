"""``kasip serve``: the web application and the REST API on the registry."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from kasip.cli.base import stderr
from kasip.cli.options import DbOption, database_url, open_seeded
from kasip.config import Settings
from kasip.store import display_url

HostOption = Annotated[
    str,
    typer.Option("--host", metavar="HOST", help="Address to listen on (0.0.0.0: every interface)."),
]
PortOption = Annotated[
    int,
    typer.Option(
        "--port", metavar="PORT", min=0, max=65535, help="Port to listen on (0: any free port)."
    ),
]

WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        metavar="N",
        min=1,
        max=64,
        help="Worker processes (one uses one core at most; try the number of cores).",
    ),
]


def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db: DbOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Start the web application and the REST API on the registry.

    An empty registry first gets the bundled standard. The address, then the
    main pages' addresses (home, search, match, check, sign-in, API docs), are printed once
    the server listens; stop it with Ctrl+C. Pages: / (standards, levels),
    /search, /match, /standards/KEY, /cards/ID (each also as .json); REST API under /api/v1
    (OpenAPI document at /api/v1/openapi.json).
    """
    # Imported here: the web stack is not needed by the other commands.
    from kasip.api.app import create_app
    from kasip.api.serve import address_of, bind_socket, check_workers, run_server, run_workers

    url = database_url(ctx, db)
    settings = Settings()  # the limits and timeouts (KASIP_..., docs/deployment.md)
    check_workers(url, workers)
    with open_seeded(url) as registry:
        sock = bind_socket(host, port)
        stderr().print(f"Registry: {escape(display_url(url))}")
        address = address_of(sock)
        typer.echo(f"Serving kasip at {address} (press Ctrl+C to stop)")
        width = max(len(label) for label, _ in MAIN_PAGES)
        for label, page in main_addresses(address):
            typer.echo(f"  {label:<{width}} {page}")
        if workers > 1:
            run_workers(url, sock, workers=workers, settings=settings)
        else:
            run_server(create_app(settings, registry=registry), sock, settings=settings)


# The pages a newcomer starts from, printed under the address (issue 8).
MAIN_PAGES = (
    ("Home:", ""),
    ("Search:", "search"),
    ("Match:", "match"),
    ("Check:", "check"),
    ("Curricula:", "alignments"),
    ("Sign in:", "login"),
    ("Verify:", "verify"),
    ("API docs:", "api/v1/docs"),
    # What a CASE consumer (OpenSALT, a learning platform) pulls standards from.
    ("CASE:", "ims/case/v1p1/CFDocuments"),
)
# Listening on every interface: a browser on this machine reaches it by loopback.
_WILDCARDS = {"http://0.0.0.0:": "http://127.0.0.1:", "http://[::]:": "http://[::1]:"}


def main_addresses(address: str) -> list[tuple[str, str]]:
    """The main pages' URLs under the server's ``address`` (which ends in ``/``).

    Example:
        >>> main_addresses("http://0.0.0.0:8000/")[:2]
        [('Home:', 'http://127.0.0.1:8000/'), ('Search:', 'http://127.0.0.1:8000/search')]
    """
    for wildcard, loopback in _WILDCARDS.items():
        if address.startswith(wildcard):
            address = loopback + address.removeprefix(wildcard)
    return [(label, address + path) for label, path in MAIN_PAGES]
