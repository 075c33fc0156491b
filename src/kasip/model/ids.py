"""Occupation codes and element IDs: their grammar, written once.

**Occupation codes** (the national classifier of occupations) are
``NNNN-N-NNN`` (``2635-3-001``); some texts print the short ``NNNN-NNN``
(``3412-008``), and spaces may stand around the hyphens.

**Element IDs** are positional and stable (``docs/exchange-format.md``):

- a card is ``{code}@{level}`` (``2635-3-001@5``): the normalised code, else
  the code as written, else ``card``; the level, or ``x`` when the card has
  none; ``~{n}`` for the n-th card of one code and level (``2634-9-004@6~2``);
- the parts of a card follow it: ``/f{n}`` labour function, ``/t{n}`` its
  task (unit), ``/s{n}`` and ``/k{n}`` the unit's skills and knowledge,
  ``/n{n}`` other name, ``/dir`` the directory requirements and ``/dir/c{n}``
  their categories, ``/r{n}`` related occupation, ``/rel`` the directory
  relation, ``/row{n}`` a row kept as read;
- the standard's own elements are ``term{n}``, ``abbr{n}``, ``occ{n}`` (the list
  of occupations) and ``a{n}`` (an amendment note).

The parser makes IDs with :func:`card_id` and :func:`part_id`; the store, the
API's path checks and the CLI read them with :func:`parse_element_id`.

Example:
    >>> part_id(part_id(card_id("2635-3-001", 5), FUNCTION, 1), TASK, 2)
    '2635-3-001@5/f1/t2'
    >>> parse_element_id("2634-9-004@6~2/f1/t2/s3")
    ElementId(card='2634-9-004@6~2', parts=('f1', 't2', 's3'))
    >>> find_occupation_codes("Код 2635 - 3 - 001, кейде 3412-008")
    ['2635-3-001', '3412-008']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kasip.errors import InvalidInput

__all__ = [
    "ABBREVIATION",
    "AMENDMENT",
    "CATEGORY",
    "DIRECTORY",
    "FIELD",
    "FUNCTION",
    "KNOWLEDGE",
    "MAX_ID_LENGTH",
    "OCCUPATION",
    "OCCUPATION_CODE_RE",
    "OTHER_NAME",
    "RELATED",
    "RELATION",
    "SKILL",
    "TASK",
    "TERM",
    "CardId",
    "ElementId",
    "card_id",
    "check_card_id",
    "find_occupation_codes",
    "is_card_id",
    "is_within",
    "occupation_code",
    "parse_card_id",
    "parse_element_id",
    "part_id",
]

# The code groups: major group, the optional middle digit, the number. Not part
# of a longer number or of a longer hyphenated run (a date, a phone number).
OCCUPATION_CODE_RE = re.compile(r"(?<![\d-])(\d{4})\s*-\s*(?:(\d)\s*-\s*)?(\d{3})(?![\d-])")

# Part prefixes of card IDs ({card}/f1/t2/s3) and of the standard's elements (term1).
FUNCTION, TASK, SKILL, KNOWLEDGE = "f", "t", "s", "k"
OTHER_NAME, DIRECTORY, CATEGORY = "n", "dir", "c"
RELATED, RELATION, FIELD = "r", "rel", "row"
TERM, ABBREVIATION, OCCUPATION, AMENDMENT = "term", "abbr", "occ", "a"
UNKNOWN_LEVEL = "x"
NO_CODE = "card"

MAX_ID_LENGTH = 200
# {code}@{level}, then ~n: the code part is any text without "/" or "@" (a code
# the parser could not normalise is kept as written).
_CARD_RE = re.compile(r"(?P<code>[^/@\x00-\x1f\x7f]+)@(?P<level>[0-9]+|x)(?:~(?P<n>[0-9]+))?")
_CARD_PART_RE = re.compile(r"[a-z]+[0-9]*")
_STANDARD_PART_RE = re.compile(r"[a-z0-9]+")


def occupation_code(match: re.Match[str]) -> str:
    """The code a match of :data:`OCCUPATION_CODE_RE` names, without spaces.

    Example:
        >>> occupation_code(OCCUPATION_CODE_RE.search("3412 -008"))
        '3412-008'
    """
    group, middle, number = match.groups()
    return f"{group}-{middle}-{number}" if middle else f"{group}-{number}"


def find_occupation_codes(text: str) -> list[str]:
    """Every occupation code in ``text``, in order, as :func:`occupation_code` writes it."""
    return [occupation_code(m) for m in OCCUPATION_CODE_RE.finditer(text)]


@dataclass(frozen=True)
class CardId:
    """The parts of a card ID: its code part, level (None for ``x``) and number."""

    code: str
    level: int | None
    number: int = 1


@dataclass(frozen=True)
class ElementId:
    """An element ID read: its card (None for the standard's own elements) and parts."""

    card: str | None
    parts: tuple[str, ...]


def card_id(code: str | None, level: int | None, number: int = 1) -> str:
    """The ID of the ``number``-th card of ``code`` at ``level``.

    Example:
        >>> card_id("2634-9-004", 6, 2), card_id(None, None)
        ('2634-9-004@6~2', 'card@x')
    """
    made = f"{code or NO_CODE}@{UNKNOWN_LEVEL if level is None else level}"
    return made if number == 1 else f"{made}~{number}"


def part_id(parent: str, prefix: str, number: int | None = None) -> str:
    """The ID of a part of ``parent``: ``{parent}/{prefix}{number}``.

    Example:
        >>> part_id("2635-3-001@5", DIRECTORY), part_id("2635-3-001@5/dir", CATEGORY, 1)
        ('2635-3-001@5/dir', '2635-3-001@5/dir/c1')
    """
    return f"{parent}/{prefix}{'' if number is None else number}"


def parse_card_id(text: str) -> CardId | None:
    """The parts of a card ID, or None when ``text`` is not one.

    Example:
        >>> parse_card_id("2635-3-001@5"), parse_card_id("2635-3-001")
        (CardId(code='2635-3-001', level=5, number=1), None)
    """
    found = _CARD_RE.fullmatch(text) if len(text) <= MAX_ID_LENGTH else None
    if found is None:
        return None
    level = found["level"]
    return CardId(
        code=found["code"],
        level=None if level == UNKNOWN_LEVEL else int(level),
        number=int(found["n"] or 1),
    )


def is_card_id(text: str) -> bool:
    """Whether ``text`` is a card ID (``2635-3-001@5``, ``2634-9-004@6~2``)."""
    return parse_card_id(text) is not None


def check_card_id(text: str) -> str:
    """Return ``text`` if it is a well-formed card ID.

    Raises:
        InvalidInput: It is not ``{code}@{level}`` (with an optional ``~n``).

    Example:
        >>> check_card_id("2634-9-004@6~2")
        '2634-9-004@6~2'
        >>> check_card_id("2635-3-001")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: malformed card id '2635-3-001': expected CODE@LEVEL...
    """
    if not is_card_id(text):
        raise InvalidInput(
            f"malformed card id {text[:MAX_ID_LENGTH]!r}: expected CODE@LEVEL, e.g. 2635-3-001@5"
        )
    return text


def parse_element_id(text: str) -> ElementId:
    """Read an element ID: a card, a part of a card, or one of the standard's elements.

    Raises:
        InvalidInput: ``text`` is no element ID (an empty part, an upper-case
            letter, a card part without its card, ...).

    Example:
        >>> parse_element_id("term1")
        ElementId(card=None, parts=('term1',))
        >>> parse_element_id("2635-3-001@5//f1")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: malformed element id '2635-3-001@5//f1': expected ...
    """
    first, *rest = text.split("/")
    if "@" in first:
        well_formed = is_card_id(first) and all(_CARD_PART_RE.fullmatch(p) for p in rest)
        found = ElementId(first, tuple(rest))
    else:
        well_formed = _CARD_PART_RE.fullmatch(first) is not None and all(
            _STANDARD_PART_RE.fullmatch(p) for p in rest
        )
        found = ElementId(None, (first, *rest))
    if len(text) > MAX_ID_LENGTH or not well_formed:
        raise InvalidInput(
            f"malformed element id {text[:MAX_ID_LENGTH]!r}: "
            "expected e.g. 2635-3-001@5/f1/t2/s3 or term1"
        )
    return found


# What may follow an ID inside a longer one: a part, the level after a code, a variant.
_INSIDE_SEPARATORS = ("/", "@", "~")


def is_within(element_id: str, ancestor: str) -> bool:
    """Whether ``element_id`` is ``ancestor`` or lies inside it.

    A card ID covers its parts (and its ``~n`` variants); an occupation code
    covers the card of every level.

    Example:
        >>> is_within("2635-3-001@5/f1/t2", "2635-3-001@5"), is_within("2635-3-001@5", "2635-3-001")
        (True, True)
        >>> is_within("2635-3-0015", "2635-3-001"), is_within("term12", "term1")
        (False, False)
    """
    if element_id == ancestor:
        return True
    return any(element_id.startswith(ancestor + sep) for sep in _INSIDE_SEPARATORS)
