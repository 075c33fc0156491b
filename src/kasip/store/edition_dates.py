"""One order, two texts: the other edition's version whose effective date goes with a version's.

An order approving or amending a standard takes effect once, for its Kazakh
and its Russian text alike (both are published together as one act). So a
date entered for one edition's version holds for the other edition's version
of the same *text state*: the version whose text names the same orders,
told by the date :func:`~kasip.store.effective.proposed_date` reads from it
(the latest amending order's, else the approving order's). When several of
the other edition's versions name the same orders (a text re-imported with
corrections), the latest of them is the one. ``docs/versions.md`` gives the
rule of ``kasip versions --set-effective-date``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Connection, select

from kasip.editions.group import edition_of_key
from kasip.store.effective import proposed_from_json
from kasip.store.records import EffectiveBasis, VersionSummary
from kasip.store.repo import find_standard_id
from kasip.store.schema import standard_versions

__all__ = [
    "Counterpart",
    "CounterpartAction",
    "EditionDateChange",
    "find_counterpart",
    "other_edition_key",
]

# What entering a date for one edition does to the other's version:
# "set" it too, it already has that date ("same"), or it has another entered
# date, which is left for a person to settle ("conflict").
CounterpartAction = Literal["set", "same", "conflict"]
_OTHER = {"kk": "ru", "ru": "kk"}
_sv = standard_versions


def other_edition_key(key: str) -> str | None:
    """The key the other-language edition of ``key``'s order has (``None``: not an order's key).

    Example:
        >>> other_edition_key("292-2019-05-30-kk"), other_edition_key("9-2023-01-13-annex-4-ru")
        ('292-2019-05-30-ru', '9-2023-01-13-annex-4-kk')
        >>> other_edition_key("sha-0123456789ab") is None
        True
    """
    found = edition_of_key(key)
    if found is None or found[1] not in _OTHER:
        return None
    return f"{found[0].key}-{_OTHER[found[1]]}"


@dataclass(frozen=True)
class Counterpart:
    """The other edition's version of the same text state, and its date as stored.

    Attributes:
        key: The other edition's standard key.
        version: Its version naming the same orders.
        effective_from: Its date (``None``: unknown).
        effective_basis: ``entered``, ``order`` (proposed) or ``unknown``.
    """

    key: str
    version: int
    effective_from: str | None
    effective_basis: EffectiveBasis

    def action_for(self, on: date) -> CounterpartAction:
        """What entering ``on`` for the first edition does here.

        A date a person entered is never overwritten by the other edition's:
        two entered dates that differ are for a person to settle.

        Example:
            >>> c = Counterpart("k-ru", 1, "2023-01-13", "order")
            >>> c.action_for(date(2023, 1, 30))
            'set'
            >>> entered = Counterpart("k-ru", 1, "2023-01-30", "entered")
            >>> entered.action_for(date(2023, 1, 30)), entered.action_for(date(2023, 2, 1))
            ('same', 'conflict')
        """
        if self.effective_basis != "entered":
            return "set"
        return "same" if self.effective_from == on.isoformat() else "conflict"


@dataclass(frozen=True)
class EditionDateChange:
    """What entering a version's date did: the version as now stored, and the other edition's.

    Attributes:
        own: The version whose date was entered.
        counterpart: The other edition's version of the same text state, as it
            was before (``None``: the registry holds none).
        action: What was done to it (``None`` without a counterpart).
    """

    own: VersionSummary
    counterpart: Counterpart | None
    action: CounterpartAction | None


def find_counterpart(conn: Connection, key: str, version: int) -> Counterpart | None:
    """The other edition's version of the text state of ``key``'s ``version`` (module doc).

    ``None`` when the registry holds no other edition, the version names no
    dated order, or no version of the other edition names the same orders.
    """
    other = other_edition_key(key)
    own_id = find_standard_id(conn, key)
    other_id = find_standard_id(conn, other) if other else None
    if other is None or own_id is None or other_id is None:
        return None
    own = conn.execute(
        select(_sv.c.document_json).where(_sv.c.standard_id == own_id, _sv.c.version == version)
    ).scalar_one_or_none()
    state = proposed_from_json(json.loads(own)) if own is not None else None
    if state is None:
        return None
    rows = conn.execute(
        select(_sv.c.version, _sv.c.document_json, _sv.c.effective_from, _sv.c.effective_basis)
        .where(_sv.c.standard_id == other_id)
        .order_by(_sv.c.version.desc())
    )
    for row in rows:
        if proposed_from_json(json.loads(row.document_json)) == state:
            return Counterpart(other, row.version, row.effective_from, row.effective_basis)
    return None
