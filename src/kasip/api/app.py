"""The application: the REST API (:mod:`kasip.rest`) and the web pages (:mod:`kasip.web`).

This module joins the two, which know nothing of each other, with the static
files and the one error handler (JSON for the API and twins, an HTML page for
a browser).

:func:`create_app` has no side effects at import and reads no global
settings: tests give it an in-memory registry, ``kasip serve`` a file one.

Example:
    >>> from kasip.config import Settings
    >>> app = create_app(Settings(database_url="sqlite://"))
    >>> app.openapi()["info"]["version"] == API_VERSION
    True
    >>> app.state.registry.close()
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kasip import rest, web
from kasip.config import Settings
from kasip.http.cache import ResponseCache
from kasip.http.errors import install_error_handler
from kasip.http.generation import GenerationReads
from kasip.http.headers import SecurityHeadersMiddleware
from kasip.http.limits import BodyLimitMiddleware, body_limits
from kasip.registry import Registry, open_registry
from kasip.rest import API_PREFIX
from kasip.web.render import render_error_page

# The version of the REST API (info.version of the OpenAPI document). Raise it
# when the document changes and describe the change in docs/api-changes.md:
# tests/test_api_schema.py compares the document with tests/openapi.json.
API_VERSION = "1.31.0"

# Every router the app includes, in order (the first match wins): the API's
# paths all start with /api/v1 (the CASE service's with /ims/case/v1p1), so no
# page can shadow them.
ROUTERS: tuple[APIRouter, ...] = (rest.router, rest.case_router, web.router)


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> FastAPI:
    """Create the web application and REST API over a registry.

    Args:
        settings: Where the registry is (``settings.database_url``) and the
            request limits; read from the environment when ``None``.
        registry: An open registry to serve; when given, ``settings`` is not
            used for the database and the caller closes the registry.

    Returns:
        The ASGI app; ``app.state.registry`` is the registry it serves.

    Raises:
        RegistryError: The registry cannot be opened.
    """
    settings = settings or Settings()
    owned = registry is None
    if registry is None:
        registry = open_registry(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in the event loop's thread pool (anyio's default
        # limiter, per loop): see Settings.threads.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # Each worker loads the match index before it takes requests: the
        # first match after a start must not wait for it.
        await to_thread.run_sync(app.state.registry.warm_up)
        yield
        await app.state.registry.close_loop_reads()
        if owned:
            app.state.registry.close()

    app = FastAPI(
        title="kasip",
        version=API_VERSION,
        summary="Kazakhstan's professional standards as a typed, versioned registry.",
        description="Errors have one shape: "
        '`{"error": {"status", "code", "message", "details"}}`. Lists are '
        '`{"data", "count", "page", "per_page"}`. Answers carry an `ETag`; send it '
        "back in `If-None-Match` to get `304 Not Modified` when nothing changed.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # kasip.rest.docs: served offline, without inline script
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.registry = registry
    app.state.settings = settings
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("kasip.web", "static")]), name="static")
    respond = install_error_handler(app, html=render_error_page)
    # Added first, so innermost: every middleware added below runs on cached answers too.
    app.add_middleware(
        ResponseCache,
        # On PostgreSQL a query: read on the event loop without blocking it, and shared.
        generation=(
            registry.generation
            if registry.generation_is_local
            else GenerationReads(registry.generation_on_loop)
        ),
        max_bytes=settings.response_cache_bytes,
        public_url=settings.configured_public_url(),
    )
    app.add_middleware(BodyLimitMiddleware, **body_limits(settings), respond=respond)
    # Link checkers, proxies and uptime probes send HEAD where GET works.
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadAsGetMiddleware)
    return app


class HeadAsGetMiddleware:
    """Answer HEAD like GET, without the body (FastAPI routes are GET-only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # a streamed chunk: HEAD sends none
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def _operation_id(route: APIRoute) -> str:
    # Stable operation IDs (the route's name) keep generated clients stable.
    return route.name
