"""Which texts are editions of one standard: the order, its date and the annex.

The Kazakh and the Russian text of an order are published together (same
order number, same date); one order may approve several standards, each its
own annex (``Приложение № 4 к приказу``), so the annex is part of the
identity too. The registry keys a text as ``{number}-{date}[-annex-{n}]-{lang}``
(:func:`kasip.store.keys.standard_key`); the group is that key without the
language, made here with the same slug so a document and a key agree.
"""

from __future__ import annotations

import re

from kasip.editions.models import EditionGroup
from kasip.errors import InvalidInput
from kasip.model import Document
from kasip.text.slug import slugify

__all__ = [
    "EDITION_LANGUAGES",
    "are_editions",
    "edition_group",
    "edition_of_key",
    "group_of_key",
    "require_editions",
]

EDITION_LANGUAGES = ("kk", "ru")
# A registry key made from an order (not a title slug, not ``sha-...``).
_ORDER_KEY_RE = re.compile(
    r"(?P<number>[a-z0-9-]+?)-(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:-annex-(?P<annex>[a-z0-9-]+))?-(?P<lang>kk|ru)"
)


def edition_group(doc: Document) -> EditionGroup | None:
    """The identity ``doc`` shares with its other-language edition; ``None`` when unknown.

    Args:
        doc: A parsed text.

    Returns:
        The group, or ``None`` when the order's number or date was not read.

    Example:
        >>> from kasip.testing import make_document
        >>> edition_group(make_document()).key
        '292-2019-05-30'
        >>> edition_group(make_document(order_number=None)) is None
        True
    """
    order = doc.standard.order
    if not (order.number and order.date):
        return None
    annex = f"-annex-{order.annex}" if order.annex else ""
    key = slugify(f"{order.number}-{order.date}{annex}")
    if not key:
        return None
    return EditionGroup(
        key=key, order_number=order.number, order_date=order.date, annex=order.annex
    )


def group_of_key(key: str) -> EditionGroup | None:
    """The group of a registry key made from an order; ``None`` for any other key.

    The number and annex are as the key spells them (slugs).

    Example:
        >>> group_of_key("222-2022-12-05-annex-4-ru")
        EditionGroup(key='222-2022-12-05-annex-4', order_number='222', \
order_date='2022-12-05', annex='4')
        >>> group_of_key("292-2019-05-30-kk").key, group_of_key("sha-0123456789ab")
        ('292-2019-05-30', None)
    """
    found = edition_of_key(key)
    return found[0] if found else None


def edition_of_key(key: str) -> tuple[EditionGroup, str] | None:
    """The group and the language of a registry key made from an order, else ``None``.

    Example:
        >>> group, language = edition_of_key("292-2019-05-30-ru")
        >>> group.key, language, edition_of_key("aleumettik-zhumys-ru")
        ('292-2019-05-30', 'ru', None)
    """
    found = _ORDER_KEY_RE.fullmatch(key)
    if found is None:
        return None
    group = EditionGroup(
        key=key[: -len(found["lang"]) - 1],
        order_number=found["number"],
        order_date=found["date"],
        annex=found["annex"],
    )
    return group, found["lang"]


def are_editions(a: Document, b: Document) -> bool:
    """True when ``a`` and ``b`` are the two language editions of one standard.

    Their groups are known and equal, and one is Kazakh, the other Russian.

    Example:
        >>> from kasip.testing import make_document
        >>> are_editions(make_document(), make_document(language="ru"))
        True
        >>> are_editions(make_document(), make_document(language="ru", order_number="9"))
        False
    """
    group = edition_group(a)
    return (
        group is not None
        and group.key == _group_key(edition_group(b))
        and {a.standard.language, b.standard.language} == set(EDITION_LANGUAGES)
    )


def require_editions(a: Document, b: Document, *, names: tuple[str, str] = ("a", "b")) -> None:
    """Refuse two texts that are not editions of one standard, naming both.

    Args:
        a: The first text.
        b: The second text.
        names: What to call them in the message (file names, registry keys).

    Raises:
        InvalidInput: The orders (number, date, annex) differ or are unknown,
            or the languages are not Kazakh and Russian.
    """
    if are_editions(a, b):
        return
    described = [_describe(name, doc) for name, doc in zip(names, (a, b), strict=True)]
    raise InvalidInput(
        f"{described[0]} and {described[1]} are not the Kazakh and Russian editions of one "
        "standard (the same order number, date and annex, in two languages)"
    )


def _group_key(group: EditionGroup | None) -> str | None:
    return group.key if group is not None else None


def _describe(name: str, doc: Document) -> str:
    group = edition_group(doc)
    order = f"order {group.key}" if group is not None else "no order number and date"
    return f"{name} ({doc.standard.language}, {order})"
