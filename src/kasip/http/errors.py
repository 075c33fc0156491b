"""One error shape for every 4xx and 5xx answer, made by one exception handler.

Every error, whether raised by the library (:class:`~kasip.errors.NotFound`,
:class:`~kasip.errors.InvalidInput`), by request validation (``level=9``) or
by routing (an unknown URL), is turned into :class:`ApiError` by
:func:`as_api_error`, then answered as JSON::

    {"error": {"status": 404, "code": "not-found", "message": "...", "details": null}}

or, for a browser asking for an HTML page, as an HTML page showing the same
error (the renderer is given to :func:`install_error_handler` by the app).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from kasip.errors import (
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidInput,
    KasipError,
    NotFound,
    RegistryError,
)
from kasip.http.case import imsx_response, is_case_path, route_path
from kasip.http.headers import with_security_headers

logger = logging.getLogger(__name__)

# Machine-readable codes by HTTP status, for errors that bring no code of their own.
STATUS_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    500: "internal-error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answer: HTTP status, a short code, a message and optional details."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Describe the error; ``code`` defaults to the status's code (``not-found``)."""
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status) or _slug(HTTPStatus(status).phrase)
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


class ErrorBody(BaseModel):
    """The error: status, code, message and details (e.g. the invalid parameters)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: int
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The body of every error answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    error: ErrorBody


# For the OpenAPI document: every operation may answer with the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorResponse, "description": "Bad request, unknown resource, ..."},
    "5XX": {"model": ErrorResponse, "description": "The server or its registry failed"},
}

HtmlErrorRenderer = Callable[[Request, ApiError], Response]


# The library's errors that answer with their own message: status and code.
_LIBRARY_ERRORS: tuple[tuple[type[KasipError], int, str | None], ...] = (
    (InvalidInput, 400, "invalid-input"),
    (NotFound, 404, None),
    (Conflict, 409, None),
    (Forbidden, 403, None),
)


def as_api_error(exc: Exception) -> ApiError:
    """Translate any exception into the error to answer with."""
    if isinstance(exc, ApiError):
        return exc
    for kind, status, code in _LIBRARY_ERRORS:
        if isinstance(exc, kind):
            return ApiError(status, str(exc), code=code)
    if isinstance(exc, ImportRejected):
        # A file's problems, each named by its place (row and column).
        details = {"problems": list(exc.problems)}
        return ApiError(400, str(exc), code="invalid-file", details=details)
    if isinstance(exc, RegistryError):
        return ApiError(503, "the registry is not available", code="registry-unavailable")
    if isinstance(exc, KasipError):
        return ApiError(400, str(exc))
    if isinstance(exc, RequestValidationError):
        return _validation_error(exc)
    if isinstance(exc, StarletteHTTPException):
        return _http_error(exc)
    return ApiError(500, "an unexpected error occurred; it has been logged")


def _validation_error(exc: RequestValidationError) -> ApiError:
    problems = [
        {
            "location": ".".join(str(part) for part in error.get("loc", ())),
            "message": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors()
    ]
    summary = "; ".join(f"{p['location']}: {p['message']}" for p in problems)
    return ApiError(400, f"invalid request: {summary}", code="invalid-parameter", details=problems)


def _http_error(exc: StarletteHTTPException) -> ApiError:
    # Starlette's 404 detail is just "Not Found"; say what was not found.
    message = "no such page or resource" if exc.status_code == 404 else str(exc.detail)
    return ApiError(exc.status_code, message, headers=exc.headers)


def _slug(phrase: str) -> str:
    return "-".join(phrase.lower().split())


def error_json(error: ApiError) -> JSONResponse:
    """The JSON answer for ``error``."""
    body = ErrorResponse(
        error=ErrorBody(
            status=error.status, code=error.code, message=error.message, details=error.details
        )
    )
    return JSONResponse(body.model_dump(mode="json"), error.status, headers=error.headers)


def wants_html(request: Request) -> bool:
    """True for a browser asking for an HTML page (not the API, not a ``.json`` twin)."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def install_error_handler(
    app: FastAPI, *, html: HtmlErrorRenderer | None = None
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """Answer every error of ``app`` with the one error shape (HTML pages with ``html``).

    Returns:
        The handler, for middleware that answers before the app is called.
    """

    async def handle(request: Request, exc: Exception) -> Response:
        error = as_api_error(exc)
        if error.status >= 500:
            logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        response: Response | None = None
        # The route path: behind a proxy prefix the URL's path starts with root_path.
        if is_case_path(route_path(request.scope)):  # the CASE binding's own error shape
            code_minor = getattr(exc, "code_minor", None)
            response = imsx_response(error.status, error.message, code_minor, error.headers)
        elif html is not None and wants_html(request):
            try:
                response = html(request, error)
            except Exception:  # the page failed too: answer in JSON rather than not at all
                logger.exception("the HTML error page failed")
        if response is None:
            response = error_json(error)
        # A 500 is answered by Starlette's outermost middleware, outside the
        # one that adds these headers to every other answer.
        with_security_headers(response.headers)
        return response

    for exc_class in (ApiError, KasipError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(exc_class, handle)
    # The handler for Exception runs in Starlette's outermost middleware, so a
    # bug still answers in the error shape (and is logged).
    app.add_exception_handler(Exception, handle)
    return handle
