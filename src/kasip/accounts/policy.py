"""Who may see and do what: one place for the rules every adapter applies.

Roles do not nest: an admin manages accounts, which a methodologist may not;
a methodologist's and an assessor's work (programmes, sessions: issue 12)
each need their own role. A person sees their own account; an admin sees
every account. Another person's record is answered as missing, not refused,
so that asking does not tell who has an account.
"""

from __future__ import annotations

from sqlalchemy import Engine

from kasip.accounts.users import User, get_user
from kasip.errors import Forbidden, NotFound
from kasip.model.vocabulary import Role

__all__ = ["require_role", "visible_user"]


def require_role(user: User, *roles: Role) -> User:
    """``user`` when their role is one of ``roles``.

    Raises:
        Forbidden: It is not (naming the roles that may).
    """
    if user.role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)}; the account is a {user.role}")
    return user


def visible_user(engine: Engine, actor: User, login: str) -> User:
    """The account ``login`` as ``actor`` may see it: their own, or any for an admin.

    Raises:
        NotFound: No such account, or one ``actor`` may not see.
    """
    found = get_user(engine, login)
    if actor.role != "admin" and found.id != actor.id:
        raise NotFound(f"no account {login!r}")
    return found
