"""Request body limits: a body is counted while it arrives and refused past a limit.

:class:`BodyLimitMiddleware` wraps the ASGI ``receive`` of every HTTP request,
so no route can read more than ``max_body_bytes`` into memory, whatever it
does with the body (issue 8: a 40 MB form took the server to 3.3 GB). A
``Content-Length`` over the limit is refused before a byte of the body is
read; a chunked body is refused as soon as the bytes counted pass it. A body
that stops arriving for ``body_timeout`` seconds is answered 408. Both
answers close the connection, since the rest of the body is never read.

The answers come from the app's one error handler, so they have the error
shape of every other error (JSON, or an HTML page for a browser).

Example:
    >>> error = body_too_large(1024)
    >>> error.status, error.code, error.message
    (413, 'body-too-large', 'the request body is larger than 1024 bytes')
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kasip.config import Settings
from kasip.http.errors import ApiError

__all__ = [
    "BodyLimitMiddleware",
    "ErrorResponder",
    "body_limits",
    "body_timed_out",
    "body_too_large",
]

ErrorResponder = Callable[[Request, Exception], Awaitable[Response]]

# The client's unread body is still on the connection: closing it is the only
# way not to read it (and not to parse it as the next request).
_CLOSE = {"Connection": "close"}


def body_too_large(limit: int) -> ApiError:
    """The 413 answer for a body over ``limit`` bytes."""
    return ApiError(
        413,
        f"the request body is larger than {limit} bytes",
        code="body-too-large",
        details={"max_bytes": limit},
        headers=_CLOSE,
    )


def body_timed_out(seconds: float) -> ApiError:
    """The 408 answer for a body that stopped arriving for ``seconds``."""
    return ApiError(
        408,
        f"the request body did not arrive within {seconds:g} seconds",
        code="request-timeout",
        headers=_CLOSE,
    )


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_body_bytes`` (413) and stalled ones (408).

    Args:
        app: The ASGI app to protect.
        max_body_bytes: The most bytes of body a request may send.
        body_timeout: Seconds to wait for each part of the body (like nginx's
            ``client_body_timeout``: between two reads, not for the whole body).
        respond: The app's error handler, for the refusal made before the
            app is called (an oversized ``Content-Length``).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        body_timeout: float,
        respond: ErrorResponder,
    ) -> None:
        """Wrap ``app``."""
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request with its body counted."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            request = Request(scope)
            response = await self.respond(request, body_too_large(self.max_body_bytes))
            await response(scope, receive, send)
            return
        await self.app(scope, self._counted(receive), send)

    def _counted(self, receive: Receive) -> Receive:
        received = 0
        complete = False

        async def counted_receive() -> Message:
            nonlocal received, complete
            if complete:
                # The body is read; what comes now is the disconnect, which a
                # streaming response may wait for as long as it streams.
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise body_timed_out(self.body_timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise body_too_large(self.max_body_bytes)
                complete = not message.get("more_body", False)
            else:
                complete = True
            return message

        return counted_receive


def body_limits(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of :class:`BodyLimitMiddleware` given by ``settings``."""
    return {"max_body_bytes": settings.max_body_bytes, "body_timeout": settings.body_timeout}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server's parser refuses it before we get here
    return None
