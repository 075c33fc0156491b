"""Accounts and roles: who may use kasip's assessment, and the audit log of what they did.

The registry's pages and API are public and read-only; assessment (issue 12)
needs accounts: an admin, methodologists, assessors and candidates
(:data:`kasip.model.vocabulary.ROLES`). Passwords are kept as argon2id
hashes (:mod:`~kasip.accounts.passwords`), API tokens as their SHA-256
(:mod:`~kasip.accounts.tokens`); every change to an account goes to the
append-only, hash-chained audit log (:mod:`~kasip.accounts.audit`). Who may
see what is decided here (:mod:`~kasip.accounts.policy`), not in the adapters.
"""

from kasip.accounts.audit import AuditEntry, LogCheck, read_log, verify_log
from kasip.accounts.policy import require_role, visible_user
from kasip.accounts.sessions import WebSession, end_session, session_for, start_session
from kasip.accounts.tokens import (
    IssuedToken,
    TokenInfo,
    issue_token,
    list_tokens,
    revoke_token,
    user_for_token,
)
from kasip.accounts.users import (
    CLI_ACTOR,
    User,
    authenticate,
    create_user,
    find_user,
    get_user,
    iin_of,
    list_users,
    set_disabled,
    set_password,
    set_role,
)

__all__ = [
    "CLI_ACTOR",
    "AuditEntry",
    "IssuedToken",
    "LogCheck",
    "TokenInfo",
    "User",
    "WebSession",
    "authenticate",
    "create_user",
    "end_session",
    "find_user",
    "get_user",
    "iin_of",
    "issue_token",
    "list_tokens",
    "list_users",
    "read_log",
    "require_role",
    "revoke_token",
    "session_for",
    "set_disabled",
    "set_password",
    "set_role",
    "start_session",
    "user_for_token",
    "verify_log",
    "visible_user",
]
