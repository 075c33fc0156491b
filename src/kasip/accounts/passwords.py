"""Passwords: checked against a policy, stored only as argon2id hashes.

argon2id with argon2-cffi's defaults (RFC 9106's second recommended
profile: 3 passes over 64 MiB, 4 lanes), which the library raises as
hardware grows; a hash made with weaker parameters is remade at the next
successful sign-in (:func:`verify_password` says when).
"""

from __future__ import annotations

import functools
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kasip.errors import InvalidInput

__all__ = ["MAX_PASSWORD", "MIN_PASSWORD", "check_password", "hash_password", "verify_password"]

# NIST SP 800-63B: at least 8 characters, any characters allowed, a maximum of
# at least 64. Twelve, as the accounts here decide about people's qualifications.
MIN_PASSWORD = 12
# Hashing cost does not grow with the length, but a request body does: a bound.
MAX_PASSWORD = 256

_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when no account has the login, so that an unknown login takes as long
    to refuse as a wrong password (no telling which logins exist). Made at the first
    sign-in, not at import: hashing takes a tenth of a second and 64 MiB, and every
    process that imports the web application would pay it."""
    return _HASHER.hash("kasip: no such account")


def _normal(password: str) -> str:
    # NFC: the same password typed on two keyboards (composed or not) is one.
    return unicodedata.normalize("NFC", password)


def check_password(password: str, *, login: str = "") -> None:
    """Refuse a password that breaks the policy.

    Raises:
        InvalidInput: Too short, too long, or the login itself.

    >>> check_password("short")
    Traceback (most recent call last):
    ...
    kasip.errors.InvalidInput: a password needs at least 12 characters
    """
    password = _normal(password)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password may have at most {MAX_PASSWORD} characters")
    if login and password.casefold() == login.casefold():
        raise InvalidInput("a password must not be the login")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a new random salt each time)."""
    return _HASHER.hash(_normal(password))


def verify_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """Whether ``password`` is the one ``stored`` hashes, and whether to hash it anew.

    ``stored`` None (no such account) takes as long and is never right.

    >>> verify_password(hash_password("correct horse battery"), "correct horse battery")
    (True, False)
    >>> verify_password(None, "correct horse battery")
    (False, False)
    """
    try:
        _HASHER.verify(stored or _dummy_hash(), _normal(password))
    except (VerificationError, InvalidHashError):
        return False, False
    if stored is None:
        return False, False
    return True, _HASHER.check_needs_rehash(stored)
