"""Who is asking: the account of a request's API token (``Authorization: Bearer ...``).

The registry's pages and resources are public and answer without one. The
routes of accounts (and of assessment, issue 12) take :data:`CurrentUser`;
what the account may then see or do is decided by the library
(:mod:`kasip.accounts.policy`). A request without a token is answered 401
with ``WWW-Authenticate``; a token that is unknown, revoked or whose account
is disabled is answered 401 as well, saying which of those it may be.

Answers for an account are never cached: :func:`private_json` marks them
``Cache-Control: no-store``, and the response cache passes every request
that carries an ``Authorization`` header (:mod:`kasip.http.cache`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from kasip.accounts import User, user_for_token
from kasip.http.deps import RegistryDep
from kasip.http.errors import ApiError

__all__ = ["SHEET_MEDIA", "CurrentUser", "current_user", "private_file", "private_json"]

_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token: `kasip users token LOGIN --label ...` makes one.",
)
_CHALLENGE = 'Bearer realm="kasip"'


def current_user(
    registry: RegistryDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> User:
    """The account of the request's token.

    Raises:
        ApiError: 401 without a token, or with one that acts for no account.
    """
    if credentials is None:
        raise ApiError(
            401,
            "this needs an API token: send `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": _CHALLENGE},
        )
    user = user_for_token(registry.engine, credentials.credentials)
    if user is None:
        raise ApiError(
            401,
            "the token is not valid: unknown, revoked, or its account is disabled",
            code="invalid-token",
            headers={"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def private_json(data: BaseModel, *, status: int = 200) -> Response:
    """``data`` as JSON for one account only: kept by no cache, shared or private."""
    return Response(
        data.model_dump_json(),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store", "Vary": "Authorization"},
    )


# The spreadsheets assessment hands out (question banks, statistics).
SHEET_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def private_file(body: bytes, file_format: str, file_name: str) -> Response:
    """A spreadsheet to download, never cached (it holds the centre's data)."""
    disposition = f'attachment; filename="{file_name}"'
    headers = {"Cache-Control": "no-store", "Content-Disposition": disposition}
    return Response(body, media_type=SHEET_MEDIA[file_format], headers=headers)
