"""When each version of a standard took effect, and which one was in force on a date.

A ministerial order approving or amending a professional standard usually
takes effect "ten calendar days after the day of its first official
publication" (its own closing point); the text of the standard names the
order and its date but not the publication date. So a version's
``effective_from`` is either *entered* by a person (on import, or later), or
*proposed* from the order's date (basis ``order``: the approving order's
date, or for an amended text the latest amending order's date, named by its
``Ескерту`` / ``Примечание`` notes), which is a lower bound, never a
confirmation; or ``unknown``.

The rules of "in force on D" (``docs/versions.md``):

* the version with the latest ``effective_from`` on or before D is in force;
  two versions with the same date: the higher version number;
* a version without a date is never in force on any date;
* D before the first date: no version was in force (an error that says
  when the first took effect).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from kasip.errors import InvalidInput, NotFound
from kasip.model import Document
from kasip.store.records import EffectiveBasis, VersionSummary
from kasip.store.schema import standard_versions

__all__ = [
    "EFFECTIVE_BASES",
    "MAX_NOTE_LENGTH",
    "EffectiveBasis",
    "EnteredDate",
    "VersionPeriod",
    "check_not_before_order",
    "day_before",
    "parse_day",
    "proposed_date",
    "proposed_from_json",
    "set_effective_date",
    "version_in_force",
    "version_periods",
]

EFFECTIVE_BASES: tuple[EffectiveBasis, ...] = ("entered", "order", "unknown")
MAX_NOTE_LENGTH = 500

# date.fromisoformat also reads "20220301" and "2022-W09-2": only YYYY-MM-DD is a date here.
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_sv = standard_versions


def parse_day(text: str, *, name: str = "date") -> date:
    """Read a calendar day written ``YYYY-MM-DD``.

    Args:
        text: The text.
        name: What it is (``as_of``, ``--effective-date``), for the message.

    Raises:
        InvalidInput: It is not a valid day so written.

    Example:
        >>> parse_day("2022-03-01")
        datetime.date(2022, 3, 1)
        >>> parse_day("2022-02-30", name="as_of")
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: as_of: '2022-02-30' is not a date YYYY-MM-DD
    """
    value = text.strip()
    try:
        if _DAY_RE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidInput(f"{name}: {text!r} is not a date YYYY-MM-DD")


@dataclass(frozen=True)
class EnteredDate:
    """An effective date a person gives: the day, and an optional note (the source).

    Attributes:
        on: The day the version took effect.
        note: Where the date comes from (``adilet, published 2021-12-29``).
    """

    on: date
    note: str | None = None

    def __post_init__(self) -> None:
        if self.note is not None and len(self.note) > MAX_NOTE_LENGTH:
            raise InvalidInput(f"the note is longer than {MAX_NOTE_LENGTH} characters")


def proposed_date(doc: Document) -> str | None:
    """The date proposed for a text: its latest amending order's, else its approving order's.

    The act takes effect after publication, so this is never a confirmed date.

    Example:
        >>> from kasip.testing import make_document
        >>> proposed_date(make_document())
        '2019-05-30'
    """
    dates = [a.order_date for a in doc.standard.amendments]
    return _latest(doc.standard.order.date, dates)


def proposed_from_json(document: dict[str, Any]) -> str | None:
    """:func:`proposed_date` over a stored document's JSON (for migration 0015).

    Example:
        >>> proposed_from_json({"standard": {"order": {"date": "2019-05-30"},
        ...     "amendments": [{"order_date": "2023-01-13"}, {"order_date": None}]}})
        '2023-01-13'
    """
    standard = document.get("standard") or {}
    order = standard.get("order") or {}
    dates = [a.get("order_date") for a in standard.get("amendments") or ()]
    return _latest(order.get("date"), dates)


def _latest(approved: str | None, amended: Sequence[str | None]) -> str | None:
    days = [d for d in amended if d and _DAY_RE.fullmatch(d)]
    if days:
        return max(days)
    return approved if approved and _DAY_RE.fullmatch(approved) else None


def check_not_before_order(on: date, order_date: str | None, *, source_name: str) -> None:
    """Refuse an effective date before the approving order's date: no act applies before it.

    Raises:
        InvalidInput: Naming the file (``source_name``), the date and the order's date.
    """
    if order_date and _DAY_RE.fullmatch(order_date) and on.isoformat() < order_date:
        raise InvalidInput(
            f"{source_name}: the effective date {on.isoformat()} is before the date of "
            f"the approving order ({order_date})"
        )


@dataclass(frozen=True)
class VersionPeriod:
    """A version and the period it was in force.

    Attributes:
        version: The version number.
        effective_from: The day it took effect (``None``: not known).
        effective_basis: ``entered``, ``order`` (proposed, not confirmed) or ``unknown``.
        effective_note: Where an entered date comes from.
        until: The day the next version took effect (``None``: still in force,
            or no date).
        superseded_at_once: Another version took effect the same day, so this
            one was never in force.
    """

    version: int
    effective_from: str | None
    effective_basis: EffectiveBasis
    effective_note: str | None
    until: str | None
    superseded_at_once: bool = False

    @property
    def last_day(self) -> str | None:
        """The last day it was in force: the day before ``until`` (``None`` without one).

        On ``until`` the next version is in force, so a period ends the day before.
        """
        return day_before(self.until) if self.until and not self.superseded_at_once else None

    def in_force_on(self, day: date) -> bool:
        """Whether this version was in force on ``day``."""
        if self.effective_from is None or self.superseded_at_once:
            return False
        iso = day.isoformat()
        return self.effective_from <= iso and (self.until is None or iso < self.until)


def day_before(day: str) -> str:
    """The day before ``day`` (both ``YYYY-MM-DD``): the last day of a period ending then.

    Example:
        >>> day_before("2024-03-01"), day_before("2023-03-01"), day_before("2023-01-01")
        ('2024-02-29', '2023-02-28', '2022-12-31')
    """
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def version_periods(versions: Sequence[VersionSummary]) -> list[VersionPeriod]:
    """Each version with the period it was in force, in version order.

    A version is in force from its date until the next date (by date, then
    version number); undated versions have no period.

    Example:
        >>> v = [VersionSummary(1, "", "", "", 0, "2019-06-15", "entered"),
        ...      VersionSummary(2, "", "", "", 0, "2022-01-10", "order"),
        ...      VersionSummary(3, "", "", "", 0, None, "unknown")]
        >>> [(p.version, p.effective_from, p.until) for p in version_periods(v)]
        [(1, '2019-06-15', '2022-01-10'), (2, '2022-01-10', None), (3, None, None)]
    """
    dated = sorted(
        (v for v in versions if v.effective_from), key=lambda v: (v.effective_from, v.version)
    )
    ends: dict[int, str | None] = {}
    for this, after in zip(dated, [*dated[1:], None], strict=True):
        ends[this.version] = after.effective_from if after is not None else None
    return [
        VersionPeriod(
            version=v.version,
            effective_from=v.effective_from,
            effective_basis=v.effective_basis,
            effective_note=v.effective_note,
            until=ends.get(v.version),
            superseded_at_once=v.effective_from is not None
            and ends.get(v.version) == v.effective_from,
        )
        for v in versions
    ]


def version_in_force(key: str, versions: Sequence[VersionSummary], day: date) -> VersionSummary:
    """The version of ``key`` in force on ``day`` (the rules: see the module).

    Raises:
        NotFound: No version was in force then: ``day`` is before the first
            effective date, or no version has a date.

    Example:
        >>> v = [VersionSummary(1, "", "", "", 0, "2019-06-15", "entered"),
        ...      VersionSummary(2, "", "", "", 0, "2022-01-10", "entered")]
        >>> version_in_force("k", v, date(2022, 3, 1)).version
        2
        >>> version_in_force("k", v, date(2019, 1, 1))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kasip.errors.NotFound: no version of k was in force on 2019-01-01; the first took ...
    """
    iso = day.isoformat()
    dated = [v for v in versions if v.effective_from]
    if not dated:
        raise NotFound(
            f"no version of {key} was in force on {iso}: none has an effective date "
            "(enter one: kasip versions KEY --set-effective-date)"
        )
    started = [v for v in dated if (v.effective_from or "") <= iso]
    if not started:
        first = min(v.effective_from or "" for v in dated)
        raise NotFound(
            f"no version of {key} was in force on {iso}; the first took effect on {first}"
        )
    return max(started, key=lambda v: (v.effective_from or "", v.version))


def set_effective_date(
    conn: Connection, standard_id: int, version: int, entered: EnteredDate, *, key: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Record an entered date for a stored version, inside the caller's transaction.

    Returns:
        The version's date, basis and note before and after (for the audit log).

    Raises:
        NotFound: The standard has no such version.
        InvalidInput: The date is before the approving order's date.
    """
    columns = (_sv.c.id, _sv.c.effective_from, _sv.c.effective_basis, _sv.c.effective_note)
    row = conn.execute(
        select(*columns, _sv.c.document_json, _sv.c.source_name).where(
            _sv.c.standard_id == standard_id, _sv.c.version == version
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"standard {key!r} has no version {version}")
    document = json.loads(row.document_json)
    order_date = ((document.get("standard") or {}).get("order") or {}).get("date")
    check_not_before_order(entered.on, order_date, source_name=f"{key} version {version}")
    before = _effective(row.effective_from, row.effective_basis, row.effective_note)
    after = _effective(entered.on.isoformat(), "entered", entered.note)
    conn.execute(update(_sv).where(_sv.c.id == row.id).values(**after))
    return before, after


def _effective(on: str | None, basis: str, note: str | None) -> dict[str, Any]:
    return {"effective_from": on, "effective_basis": basis, "effective_note": note}
