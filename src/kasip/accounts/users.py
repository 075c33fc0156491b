"""Accounts: create, find, sign in, change role, disable. Every change is audited.

A login is an e-mail address or a user name, compared case-folded. The
functions take the registry's engine (:attr:`kasip.registry.Registry.engine`);
writes run in a write transaction of their own (:func:`kasip.store.db.writing`)
with their audit row (:mod:`kasip.accounts.audit`): both or neither.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from kasip.accounts import audit
from kasip.accounts.iin import check_iin, mask_iin
from kasip.accounts.passwords import check_password, hash_password, verify_password
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.model.vocabulary import ROLES, Role
from kasip.store.db import writing
from kasip.store.schema import users, web_sessions

__all__ = [
    "CLI_ACTOR",
    "User",
    "authenticate",
    "clean_login",
    "create_user",
    "find_user",
    "get_user",
    "iin_of",
    "list_users",
    "set_disabled",
    "set_password",
    "set_role",
]

CLI_ACTOR = "cli"  # the audit log's actor for changes made with the kasip command
SIGNIN_ACTOR = "signin"  # the audit log's actor for a lock after wrong passwords
MAX_FAILED = 5  # wrong passwords in a row before the account locks
LOCK_MINUTES = 15
MAX_LOGIN = 120
MAX_NAME = 200
# Letters and digits of any script, and the marks e-mail addresses and user names use.
_LOGIN_RE = re.compile(r"^[\w.+@-]+$")


class User(BaseModel):
    """An account as others may see it: never its password hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    login: str
    name: str
    role: Role
    created_at: str
    disabled: bool
    iin_masked: str | None = None  # the IIN's last four digits (kasip.accounts.iin.mask_iin)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_login(login: str) -> str:
    """``login`` as stored and compared: NFKC, trimmed, case-folded.

    Raises:
        InvalidInput: Empty, too long, or with spaces or other marks.

    >>> clean_login("  Aigerim.S@Example.KZ ")
    'aigerim.s@example.kz'
    >>> clean_login("Әсем_1")
    'әсем_1'
    """
    found = unicodedata.normalize("NFKC", login).strip().casefold()
    if not 3 <= len(found) <= MAX_LOGIN or not _LOGIN_RE.match(found):
        raise InvalidInput(
            f"a login is 3 to {MAX_LOGIN} letters, digits or the marks . _ - + @ (no spaces)"
        )
    return found


def _clean_name(name: str) -> str:
    found = " ".join(unicodedata.normalize("NFC", name).split())
    if not 1 <= len(found) <= MAX_NAME or any(unicodedata.category(c) == "Cc" for c in found):
        raise InvalidInput(f"a name is 1 to {MAX_NAME} printable characters")
    return found


def _check_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise InvalidInput(f"unknown role {role!r}; choose {', '.join(ROLES)}")


def _user(row: Row[Any]) -> User:
    return User(
        id=row.id,
        login=row.login,
        name=row.name,
        role=_check_role(row.role),
        created_at=row.created_at,
        disabled=row.disabled_at is not None,
        iin_masked=mask_iin(row.iin) if row.iin else None,
    )


def _described(user: User) -> dict[str, Any]:
    """What the audit log keeps of an account (never a hash)."""
    return {
        "login": user.login,
        "name": user.name,
        "role": user.role,
        "disabled": user.disabled,
        "iin": user.iin_masked,
    }


def create_user(  # noqa: PLR0913
    engine: Engine,
    *,
    login: str,
    name: str,
    role: str,
    password: str,
    actor: str,
    iin: str | None = None,
) -> User:
    """Create an account (with the person's IIN, when given: one account per person).

    Raises:
        InvalidInput: The login, name, role, password or IIN breaks the rules.
        Conflict: The login, or the IIN, has an account already.
    """
    login = clean_login(login)
    row = {
        "login": login,
        "name": _clean_name(name),
        "role": _check_role(role),
        "created_at": _now(),
        "iin": check_iin(iin) if iin else None,
    }
    check_password(password, login=login)
    password_hash = hash_password(password)  # slow on purpose: outside the transaction
    try:
        with writing(engine, standards=()) as conn:
            new_id = conn.execute(
                insert(users).values(**row, password_hash=password_hash).returning(users.c.id)
            ).scalar_one()
            user = _fetch(conn, login)
            assert user is not None and user.id == new_id
            audit.record(
                conn,
                actor=actor,
                action="user.create",
                subject=_subject(login),
                after=_described(user),
            )
    except IntegrityError as exc:
        if row["iin"] and _iin_taken(engine, row["iin"]):
            raise Conflict("an account with this IIN exists already", field="iin") from exc
        raise Conflict(f"the login {login!r} is taken", field="login") from exc
    return user


def _iin_taken(engine: Engine, iin: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(users.c.id).where(users.c.iin == iin)).first() is not None


def _subject(login: str) -> str:
    return f"user:{login}"


def _fetch(conn: Connection, login: str) -> User | None:
    row = conn.execute(select(users).where(users.c.login == login)).first()
    return _user(row) if row is not None else None


def find_user(engine: Engine, login: str) -> User | None:
    """The account with ``login``, or None (also for a login no account can have)."""
    try:
        login = clean_login(login)
    except InvalidInput:
        return None
    with engine.connect() as conn:
        return _fetch(conn, login)


def iin_of(engine: Engine, login: str) -> str | None:
    """The account's IIN in full, for the server's own use only (a certificate hashes it).

    Never show or log it: pages show :attr:`User.iin_masked`.
    """
    with engine.connect() as conn:
        value = conn.execute(select(users.c.iin).where(users.c.login == login)).scalar()
    return str(value) if value else None


def get_user(engine: Engine, login: str) -> User:
    """The account with ``login``.

    Raises:
        NotFound: No account has it.
    """
    found = find_user(engine, login)
    if found is None:
        raise NotFound(f"no account {login!r}")
    return found


def list_users(engine: Engine) -> list[User]:
    """Every account, by login."""
    with engine.connect() as conn:
        return [_user(row) for row in conn.execute(select(users).order_by(users.c.login))]


def authenticate(engine: Engine, login: str, password: str) -> User | None:
    """The account whose login and password these are, or None (never saying which was wrong).

    A disabled account signs in to nothing. After :data:`MAX_FAILED` wrong
    passwords in a row an account refuses every password for
    :data:`LOCK_MINUTES` minutes, which makes guessing online slow (NIST SP
    800-63B, 5.2.2); the lock is in the audit log. A hash made with weaker
    parameters than today's is made anew.
    """
    try:
        login = clean_login(login)
    except InvalidInput:
        login = ""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.login == login)).first() if login else None
    right, rehash = verify_password(row.password_hash if row is not None else None, password)
    if row is None:
        return None
    now = datetime.now(UTC)
    if row.locked_until is not None and now < datetime.fromisoformat(row.locked_until):
        return None
    if not right:
        _count_failure(engine, row.id, login, now)
        return None
    if row.disabled_at is not None:
        return None
    if rehash or row.failed_signins or row.locked_until is not None:
        values: dict[str, Any] = {"failed_signins": 0, "locked_until": None}
        if rehash:
            values["password_hash"] = hash_password(password)
        with writing(engine, standards=()) as conn:
            conn.execute(update(users).where(users.c.id == row.id).values(**values))
    return _user(row)


def _count_failure(engine: Engine, user_id: int, login: str, now: datetime) -> None:
    u = users.c
    with writing(engine, standards=()) as conn:
        failed = conn.execute(
            update(users)
            .where(u.id == user_id)
            .values(failed_signins=u.failed_signins + 1)
            .returning(u.failed_signins)
        ).scalar_one()
        if failed >= MAX_FAILED:
            until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
            conn.execute(
                update(users).where(u.id == user_id).values(failed_signins=0, locked_until=until)
            )
            audit.record(
                conn,
                actor=SIGNIN_ACTOR,
                action="user.lock",
                subject=_subject(login),
                after={"failed_signins": failed, "locked_until": until},
            )


def _change(engine: Engine, login: str, values: dict[str, Any], *, actor: str, action: str) -> User:
    login = clean_login(login)
    with writing(engine, standards=()) as conn:
        before = _fetch(conn, login)
        if before is None:
            raise NotFound(f"no account {login!r}")
        demoted = (
            before.role == "admin"
            and not before.disabled
            and (values.get("role", "admin") != "admin" or values.get("disabled_at") is not None)
        )
        if demoted and _active_admins(conn) <= 1:
            raise InvalidInput("the last active admin cannot lose the role or be disabled")
        conn.execute(update(users).where(users.c.login == login).values(**values))
        if "password_hash" in values or values.get("disabled_at") is not None:
            # Signed-in browsers sign in again (with the new password, or not at all).
            conn.execute(delete(web_sessions).where(web_sessions.c.user_id == before.id))
        after = _fetch(conn, login)
        assert after is not None
        audit.record(
            conn,
            actor=actor,
            action=action,
            subject=_subject(login),
            before=_described(before),
            after=_described(after),
        )
    return after


def _active_admins(conn: Connection) -> int:
    u = users.c
    query = select(func.count()).where(u.role == "admin", u.disabled_at.is_(None))
    return int(conn.execute(query).scalar_one())


def set_role(engine: Engine, login: str, role: str, *, actor: str) -> User:
    """Give the account another role.

    Raises:
        NotFound: No such account.
        InvalidInput: An unknown role, or the last active admin would lose the role.
    """
    return _change(engine, login, {"role": _check_role(role)}, actor=actor, action="user.role")


def set_disabled(engine: Engine, login: str, disabled: bool, *, actor: str) -> User:
    """Disable the account (it signs in to nothing, its tokens stop working) or enable it."""
    values = {"disabled_at": _now() if disabled else None}
    action = "user.disable" if disabled else "user.enable"
    return _change(engine, login, values, actor=actor, action=action)


def set_password(engine: Engine, login: str, password: str, *, actor: str) -> User:
    """Set a new password (the audit log records that it changed, not what it is)."""
    login = clean_login(login)
    check_password(password, login=login)
    values = {"password_hash": hash_password(password)}
    return _change(engine, login, values, actor=actor, action="user.password")
