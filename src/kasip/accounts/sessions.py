"""Web sessions: a signed-in browser, by the random token in its cookie.

The registry keeps the token's SHA-256 only, with the session's CSRF token,
which every form the session posts carries (:mod:`kasip.web.account`). A
session lasts :data:`SESSION_HOURS` hours; it ends sooner when the person
signs out, when their password changes or when their account is disabled.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from kasip.accounts.users import User, _user
from kasip.store.db import writing
from kasip.store.schema import users, web_sessions

__all__ = [
    "SESSION_HOURS",
    "WebSession",
    "end_session",
    "session_for",
    "start_session",
]

SESSION_HOURS = 12  # a working day: an assessor signs in once
MAX_TOKEN = 100  # a cookie longer than this is no session of ours


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser's account and the CSRF token its forms carry."""

    user: User
    csrf_token: str
    expires_at: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, user: User) -> tuple[str, WebSession]:
    """Sign ``user`` in: the cookie's token (kept nowhere) and the session.

    Sessions that have run out are removed on the way.
    """
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session = WebSession(
        user=user,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=(now + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds"),
    )
    with writing(engine, standards=()) as conn:
        conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < _stamp(now)))
        conn.execute(
            insert(web_sessions).values(
                user_id=user.id,
                token_sha256=_digest(token),
                csrf_token=session.csrf_token,
                created_at=_stamp(now),
                expires_at=session.expires_at,
            )
        )
    return token, session


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def session_for(engine: Engine, token: str | None) -> WebSession | None:
    """The session of a cookie's token: None when unknown, run out, or its account disabled."""
    if not token or len(token) > MAX_TOKEN:
        return None
    s, u = web_sessions.c, users.c
    query = (
        select(users, s.csrf_token, s.expires_at)
        .join(web_sessions, s.user_id == u.id)
        .where(
            s.token_sha256 == _digest(token),
            s.expires_at > _stamp(datetime.now(UTC)),
            u.disabled_at.is_(None),
        )
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return WebSession(_user(row), row.csrf_token, row.expires_at)


def end_session(engine: Engine, token: str | None) -> None:
    """Sign the session of ``token`` out (nothing when there is none)."""
    if not token or len(token) > MAX_TOKEN:
        return
    with writing(engine, standards=()) as conn:
        conn.execute(delete(web_sessions).where(web_sessions.c.token_sha256 == _digest(token)))
