"""Answers with an ETag, and ``304 Not Modified`` when the client has that version.

The ETag is the hash of the body itself, so it is right for any page or
resource without bookkeeping: the same data in the same language gives the
same tag. ``Cache-Control: no-cache`` makes clients ask again each time (the
registry may get a new version at any moment), and an unchanged answer then
costs only the 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from fastapi import Request, Response
from pydantic import BaseModel

ETAG_HEX_DIGITS = 32


def etag_of(body: bytes) -> str:
    """A strong ETag for ``body``.

    Example:
        >>> etag_of(b"{}")
        '"44136fa355b3678a1146ad16f7e8649e"'
    """
    return f'"{hashlib.sha256(body).hexdigest()[:ETAG_HEX_DIGITS]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak tags compare equal too).

    Example:
        >>> etag_matches('W/"a", "b"', '"a"'), etag_matches("*", '"x"'), etag_matches(None, '"x"')
        (True, True, False)
    """
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def conditional(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Answer ``body`` with its ETag, or 304 when ``If-None-Match`` has it."""
    etag = etag_of(body)
    all_headers = {"ETag": etag, "Cache-Control": "no-cache", **(headers or {})}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


def json_response(request: Request, data: BaseModel) -> Response:
    """Answer a page or resource model as JSON, conditionally."""
    return conditional(request, data.model_dump_json().encode(), media_type="application/json")
