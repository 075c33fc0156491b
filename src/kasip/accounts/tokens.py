"""API tokens: how other systems (an HR system, a learning platform) act as an account.

A token is shown once, when it is made; the registry keeps only its SHA-256
(a token is 256 random bits: a fast hash is enough, and it lets a request
find its account with one indexed look-up). A token acts with its account's
role; revoking it, or disabling the account, stops it at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, Row, Select, insert, select, update

from kasip.accounts import audit
from kasip.accounts.users import User, _user, clean_login, get_user
from kasip.errors import InvalidInput, NotFound
from kasip.store.db import writing
from kasip.store.schema import api_tokens, users

__all__ = [
    "PREFIX",
    "IssuedToken",
    "TokenInfo",
    "issue_token",
    "list_tokens",
    "revoke_token",
    "user_for_token",
]

# Secret scanners (GitHub's among them) find a leaked token by its prefix.
PREFIX = "kasip_"
MAX_LABEL = 100
MAX_TOKEN = 200  # longer is no token of ours: refused before any hashing


class TokenInfo(BaseModel):
    """A token as listed: never the token itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    login: str
    label: str
    created_at: str
    revoked: bool


class IssuedToken(BaseModel):
    """A token just made: ``token`` is shown this once and kept nowhere."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    info: TokenInfo
    token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(engine: Engine, login: str, *, label: str, actor: str) -> IssuedToken:
    """Make a token for the account ``login``.

    Raises:
        NotFound: No such account.
        InvalidInput: The label is empty or too long.
    """
    label = " ".join(label.split())
    if not 1 <= len(label) <= MAX_LABEL:
        raise InvalidInput(f"a token's label is 1 to {MAX_LABEL} characters")
    user = get_user(engine, login)
    token = PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with writing(engine, standards=()) as conn:
        token_id = conn.execute(
            insert(api_tokens)
            .values(user_id=user.id, token_sha256=_digest(token), label=label, created_at=created)
            .returning(api_tokens.c.id)
        ).scalar_one()
        info = TokenInfo(
            id=token_id, login=user.login, label=label, created_at=created, revoked=False
        )
        audit.record(
            conn,
            actor=actor,
            action="token.issue",
            subject=f"user:{user.login}",
            after={"token": token_id, "label": label},
        )
    return IssuedToken(info=info, token=token)


def user_for_token(engine: Engine, token: str) -> User | None:
    """The account ``token`` acts for, or None (unknown, revoked, or its account disabled)."""
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN:
        return None
    t, u = api_tokens.c, users.c
    query = (
        select(users)
        .join(api_tokens, t.user_id == u.id)
        .where(t.token_sha256 == _digest(token), t.revoked_at.is_(None), u.disabled_at.is_(None))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _user(row) if row is not None else None


def _listed() -> Select[Any]:
    """Tokens as listed, with their account's login."""
    t, u = api_tokens.c, users.c
    return select(t.id, u.login, t.label, t.created_at, t.revoked_at).join(users, t.user_id == u.id)


def _info(row: Row[Any], *, revoked: bool | None = None) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        login=row.login,
        label=row.label,
        created_at=row.created_at,
        revoked=row.revoked_at is not None if revoked is None else revoked,
    )


def list_tokens(engine: Engine, login: str) -> list[TokenInfo]:
    """The account's tokens, newest first (without the tokens themselves)."""
    query = _listed().where(users.c.login == clean_login(login)).order_by(api_tokens.c.id.desc())
    with engine.connect() as conn:
        return [_info(row) for row in conn.execute(query)]


def revoke_token(engine: Engine, token_id: int, *, actor: str) -> TokenInfo:
    """Revoke the token ``token_id`` (at once; revoking it again changes nothing).

    Raises:
        NotFound: No such token.
    """
    t = api_tokens.c
    with writing(engine, standards=()) as conn:
        row = conn.execute(_listed().where(t.id == token_id)).first()
        if row is None:
            raise NotFound(f"no token {token_id}")
        if row.revoked_at is None:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(update(api_tokens).where(t.id == token_id).values(revoked_at=now))
            audit.record(
                conn,
                actor=actor,
                action="token.revoke",
                subject=f"user:{row.login}",
                before={"token": token_id, "revoked": False},
                after={"token": token_id, "revoked": True},
            )
    return _info(row, revoked=True)
