"""CASE names kasip writes and reads: item types, the UUID namespace, dates, the order.

Example:
    >>> item_type_of("skill", None)
    'Skill'
    >>> order_version(Order(number="292", date="2019-05-30"))
    '292 of 2019-05-30'
    >>> parse_order_version("222 of 2022-12-05 annex 4")
    Order(number='222', date='2022-12-05', issuer='', raw='', annex='4')
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping

from kasip.model import LabourFunction, Order, Standard
from kasip.model.vocabulary import ElementType

__all__ = [
    "ITEM_TYPES",
    "NAMESPACE",
    "TYPE_OF_ITEM_TYPE",
    "item_type_of",
    "item_type_uuid",
    "last_change",
    "order_version",
    "parse_order_version",
]

# kasip's own UUID namespace (uuid5 of the URL namespace over kasip's name): fixed
# forever, since every exported identifier is derived from it.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kasip.kz/case")

# The CFItemType of each exported element, with its CFDefinitions description.
ITEM_TYPES: Mapping[str, str] = {
    "Profession card": "One occupation at one qualification level (кәсіп карточкасы).",
    "Labour function": "A mandatory labour function of a card (еңбек функциясы).",
    "Additional labour function": "An additional labour function of a card (қосымша).",
    "Task": "A task of a labour function (міндет).",
    "Skill": "A skill or ability required for a task (икемділіктер мен дағдылар).",
    "Knowledge": "Knowledge required for a task (білуге тиіс).",
}
TYPE_OF_ITEM_TYPE: Mapping[str, ElementType] = {
    "Profession card": "card",
    "Labour function": "function",
    "Additional labour function": "function",
    "Task": "task",
    "Skill": "skill",
    "Knowledge": "knowledge",
}
_NAMES: Mapping[str, str] = {
    "card": "Profession card",
    "function": "Labour function",
    "task": "Task",
    "skill": "Skill",
    "knowledge": "Knowledge",
}
_EPOCH = "1970-01-01T00:00:00+00:00"
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION_RE = re.compile(r"^(\S+) of (\d{4}-\d{2}-\d{2})(?: annex (\S+))?$")


def item_type_of(kind: str, element: object) -> str:
    """The CFItemType of an element of type ``kind``."""
    if isinstance(element, LabourFunction) and element.kind == "additional":
        return "Additional labour function"
    return _NAMES[kind]


def item_type_uuid(name: str) -> str:
    """The identifier of the CFItemType ``name``: the same in every package."""
    return str(uuid.uuid5(NAMESPACE, f"item-type/{name}"))


def last_change(std: Standard) -> str:
    """The date of the latest order that approved or amended the standard, as a CASE date-time.

    A package's ``lastChangeDateTime`` must not move when nothing changed, so it is
    the legal date of the text, never the time of the export; the epoch when the
    text names no date.
    """
    dates = [std.order.date, *(a.order_date for a in std.amendments)]
    iso = sorted(d for d in dates if d and _ISO_DATE_RE.match(d))
    return f"{iso[-1]}T00:00:00+00:00" if iso else _EPOCH


def order_version(order: Order) -> str:
    """The CFDocument ``version``: the approving order, read back by :func:`parse_order_version`."""
    if not (order.number and order.date):
        return ""
    annex = f" annex {order.annex}" if order.annex else ""
    return f"{order.number} of {order.date}{annex}"


def parse_order_version(version: str, *, raw: str = "") -> Order:
    """The order written by :func:`order_version` (an empty order for any other text)."""
    found = _VERSION_RE.match(version.strip())
    if found is None:
        return Order(raw=raw)
    number, date, annex = found.groups()
    return Order(number=number, date=date, annex=annex, raw=raw)
