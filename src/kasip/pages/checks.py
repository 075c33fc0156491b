"""Checks of what a page is asked for: standard keys, codes, levels, versions, paging.

Malformed input (a key no standard can have, a level outside 1-8) is the
caller's mistake and is answered with :class:`~kasip.errors.InvalidInput`
(HTTP 400); well-formed input that nothing matches is
:class:`~kasip.errors.NotFound` (HTTP 404). Element and card IDs are checked
by their grammar's own module, :mod:`kasip.model.ids`.
"""

from __future__ import annotations

import re

from kasip.errors import InvalidInput
from kasip.model.ids import MAX_ID_LENGTH
from kasip.model.vocabulary import QUALIFICATION_LEVELS

MAX_PER_PAGE = 200
MAX_QUERY_LENGTH = 200

# Keys are slugs (kasip.store.keys.slugify): lowercase ASCII letters, digits, hyphens.
STANDARD_KEY_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MAX_CODE_LENGTH = 64


def check_standard_key(key: str | None) -> str | None:
    """Return ``key`` if it is ``None`` or could be a standard's key.

    Raises:
        InvalidInput: It is not a slug such as ``292-2019-05-30-kk``. Such a
            key is never looked up: PostgreSQL refuses text holding NUL, and
            that must be the caller's 400, not the server's 503.

    Example:
        >>> check_standard_key("292-2019-05-30-kk")
        '292-2019-05-30-kk'
    """
    if key is not None and (len(key) > MAX_ID_LENGTH or not STANDARD_KEY_RE.fullmatch(key)):
        raise InvalidInput(
            f"malformed standard key {key[:MAX_ID_LENGTH]!r}: expected e.g. 292-2019-05-30-kk"
        )
    return key


def clean_code(code: str | None) -> str | None:
    """Return an occupation code without surrounding spaces; ``None`` when empty.

    Raises:
        InvalidInput: It is too long or holds control characters.

    Example:
        >>> clean_code(" 3412-008 "), clean_code("")
        ('3412-008', None)
    """
    if code is None:
        return None
    # Checked before the blank test: str.strip() drops some control characters.
    if len(code) > MAX_CODE_LENGTH or _CONTROL_RE.search(code):
        raise InvalidInput(f"malformed occupation code {code[:MAX_CODE_LENGTH]!r}")
    return code.strip() or None


def check_level(level: int | None) -> int | None:
    """Return ``level`` if it is ``None`` or a qualification level (1-8).

    Raises:
        InvalidInput: Any other number.

    Example:
        >>> check_level(9)
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: level 9 is not a qualification level; levels are 1 to 8
    """
    if level is not None and level not in QUALIFICATION_LEVELS:
        raise InvalidInput(f"level {level} is not a qualification level; levels are 1 to 8")
    return level


def check_paging(page: int, per_page: int) -> None:
    """Accept a page number (from 1) and a page size (1 to :data:`MAX_PER_PAGE`).

    Raises:
        InvalidInput: Either is out of range.
    """
    if page < 1:
        raise InvalidInput(f"page {page}: pages are numbered from 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page {per_page}: give 1 to {MAX_PER_PAGE}")


def check_version(version: int | None, standard: str | None) -> None:
    """Accept a version only together with the standard it is a version of.

    Raises:
        InvalidInput: ``version`` is given without ``standard``, or is below 1.
    """
    if version is None:
        return
    if standard is None:
        raise InvalidInput("a version needs a standard: give standard=KEY too")
    if version < 1:
        raise InvalidInput(f"version {version}: versions are numbered from 1")


def clean_query(q: str | None) -> str | None:
    """Return the search text without surrounding spaces; ``None`` when empty.

    Raises:
        InvalidInput: It is longer than :data:`MAX_QUERY_LENGTH`.

    Example:
        >>> clean_query("  маман "), clean_query("   ")
        ('маман', None)
    """
    if q is None or not q.strip():
        return None
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"the search text is longer than {MAX_QUERY_LENGTH} characters")
    return q.strip()
