"""CASE names kasip writes and reads: item types, the UUID namespace, dates, the order.

Example:
    >>> item_type_of("skill", None)
    'Skill'
    >>> order_version(Order(number="292", date="2019-05-30"))
    '292 of 2019-05-30'
    >>> parse_order_version("222 of 2022-12-05 annex 4")
    Order(number='222', date='2022-12-05', issuer='', raw='', annex='4')
    >>> text = "292 of 2019-05-30, amended by 9 of 2023-01-13; kasip version 3"
    >>> parse_order_version(text).number, parse_document_version(text)[1:]
    ('292', (('9', '2023-01-13'), 3))
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping

from kasip.model import Document, LabourFunction, Order, Standard
from kasip.model.vocabulary import ElementType

__all__ = [
    "ITEM_TYPES",
    "NAMESPACE",
    "TYPE_OF_ITEM_TYPE",
    "content_digest",
    "document_version",
    "item_type_of",
    "item_type_uuid",
    "last_change",
    "latest_amendment",
    "order_version",
    "parse_document_version",
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
_VERSION_RE = re.compile(
    r"^(\S+) of (\d{4}-\d{2}-\d{2})(?: annex (\S+?))?"
    r"(?:, amended by (\S+) of (\d{4}-\d{2}-\d{2}))?(?:; kasip version (\d+))?$"
)


def item_type_of(kind: str, element: object) -> str:
    """The CFItemType of an element of type ``kind``."""
    if isinstance(element, LabourFunction) and element.kind == "additional":
        return "Additional labour function"
    return _NAMES[kind]


def content_digest(doc: Document) -> str:
    """A digest of a document as a CASE package is read back: its standard and cards in a
    canonical JSON form (not its source or diagnostics). The package carries the digest
    of what it reads back as (:func:`kasip.export.case_read.package_digest`), so an
    edited package is told from one kasip wrote (issue 15, item 5).

    Example:
        >>> from kasip.testing import make_document
        >>> len(content_digest(make_document()))
        64
    """
    data = doc.model_dump(mode="json", include={"standard", "cards"})
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def item_type_uuid(name: str) -> str:
    """The identifier of the CFItemType ``name``: the same in every package."""
    return str(uuid.uuid5(NAMESPACE, f"item-type/{name}"))


def latest_amendment(std: Standard) -> tuple[str, str] | None:
    """The number and date of the latest order that amended the standard, if its notes
    name one with a date (the latest date; the later note of two on one day)."""
    dated = [
        (a.order_date, i, a.order_number or "")
        for i, a in enumerate(std.amendments)
        if a.order_date and _ISO_DATE_RE.match(a.order_date)
    ]
    if not dated:
        return None
    day, _, number = max(dated)
    return number, day


def last_change(std: Standard, effective: str | None = None) -> str:
    """When the standard's content last changed, as a CASE date-time.

    The later of the approving order's date, the latest amending order's date and
    the confirmed day the exported version took effect (``effective``): a new
    version brought by a new amending order, or confirmed to take effect later,
    moves it, so a consumer syncing by date sees it. It is never the time of the
    export (the same stored version gives the same package); the epoch when no
    date is known.

    Example:
        >>> std = Standard(title="T", language="kk", order=Order(date="2019-05-30"))
        >>> last_change(std), last_change(std, "2024-01-01")
        ('2019-05-30T00:00:00+00:00', '2024-01-01T00:00:00+00:00')
    """
    dates = [std.order.date, *(a.order_date for a in std.amendments), effective]
    iso = sorted(d for d in dates if d and _ISO_DATE_RE.match(d))
    return f"{iso[-1]}T00:00:00+00:00" if iso else _EPOCH


def order_version(order: Order) -> str:
    """The approving order as :func:`document_version` begins: ``292 of 2019-05-30``."""
    if not (order.number and order.date):
        return ""
    annex = f" annex {order.annex}" if order.annex else ""
    return f"{order.number} of {order.date}{annex}"


def document_version(std: Standard, kasip_version: int | None = None) -> str:
    """The CFDocument ``version``: the approving order, the latest amending order and
    kasip's version number of the text, read back by :func:`parse_document_version`.

    Example:
        >>> order = Order(number="292", date="2019-05-30")
        >>> document_version(Standard(title="T", language="kk", order=order), 1)
        '292 of 2019-05-30; kasip version 1'
    """
    text = order_version(std.order)
    amended = latest_amendment(std)
    if text and amended is not None and amended[0]:
        text += f", amended by {amended[0]} of {amended[1]}"
    if kasip_version is not None:
        text = (
            f"{text}; kasip version {kasip_version}" if text else f"kasip version {kasip_version}"
        )
    return text


def parse_document_version(
    version: str, *, raw: str = ""
) -> tuple[Order, tuple[str, str] | None, int | None]:
    """What :func:`document_version` wrote: the order, the latest amending order (number,
    date) and kasip's version number; an empty order and ``None`` for any other text."""
    found = _VERSION_RE.match(version.strip())
    if found is None:
        return Order(raw=raw), None, None
    number, date, annex, amended_by, amended_on, kasip = found.groups()
    amended = (amended_by, amended_on) if amended_by and amended_on else None
    order = Order(number=number, date=date, annex=annex, raw=raw)
    return order, amended, int(kasip) if kasip else None


def parse_order_version(version: str, *, raw: str = "") -> Order:
    """The order of a version written by :func:`document_version` (an empty order for any
    other text)."""
    return parse_document_version(version, raw=raw)[0]
