"""Security headers on every answer: pages, JSON, static files, errors, redirects, 304s.

The pages load nothing from other hosts and run no inline script or style
(``kasip.js`` and the stylesheets are files under ``/static``; the ladder's
SVG uses presentation attributes, not ``style``), so the policy allows only
the site itself. ``data:`` images are for Swagger UI's icons on the API docs
page. Frames are refused twice: ``frame-ancestors`` for browsers that read
CSP, ``X-Frame-Options`` for those that do not.

:class:`SecurityHeadersMiddleware` adds the headers to each response that
does not set them itself, so a route may answer with a policy of its own.
Errors that reach Starlette's outermost handler (a bug: 500) are answered
outside every middleware; :func:`with_security_headers` gives them the same
headers (see :mod:`kasip.http.errors`).
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "SECURITY_HEADERS",
    "SecurityHeadersMiddleware",
    "with_security_headers",
]

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Links inside the site keep their referrer (the query is the site's own);
    # a link to another host sends none: search words stay here.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

_RAW_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
)


def with_security_headers(headers: MutableHeaders) -> None:
    """Add the security headers that ``headers`` lacks (a response's, case-insensitive)."""
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every HTTP response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {bytes(name).lower() for name, _ in headers}
                headers += [pair for pair in _RAW_HEADERS if pair[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
