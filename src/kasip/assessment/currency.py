"""Whether a programme still matches its standard: a newer version may change its elements.

A programme keeps the ID and text of every element it was built from. When
the standard gets a newer version, the elements whose text changed or that
are gone are named, so that the methodologist reviews those questions and
criteria (the programme itself is never changed behind their back).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kasip.assessment.models import Programme
from kasip.model import ProfessionCard
from kasip.model.elements import display_text

__all__ = ["Currency", "check_currency"]


class Currency(BaseModel):
    """A programme against the latest version of its standard."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    current: bool  # built from the latest version
    version: int  # the version it was built from
    latest_version: int
    changed: tuple[str, ...] = ()  # elements whose text is not what it was
    removed: tuple[str, ...] = ()  # elements the latest version no longer has


def _texts(card: ProfessionCard | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for function in card.functions if card is not None else ():
        texts[function.id] = display_text(function)
        for unit in function.tasks:
            texts[unit.id] = display_text(unit)
            for item in (*unit.skills, *unit.knowledge):
                texts[item.id] = display_text(item)
    return texts


def check_currency(
    programme: Programme, latest: ProfessionCard | None, latest_version: int
) -> Currency:
    """``programme`` against ``latest``, its card in the standard's latest version (None: gone)."""
    if latest_version == programme.version:
        return Currency(current=True, version=programme.version, latest_version=latest_version)
    now = _texts(latest)
    was: dict[str, str] = {}
    for row in programme.theory:
        was |= {e.id: e.text for e in (row.function, *row.knowledge)}
    for task in programme.practice:
        was |= {e.id: e.text for e in (task.unit, *(c.element for c in task.criteria))}
    return Currency(
        current=False,
        version=programme.version,
        latest_version=latest_version,
        changed=tuple(i for i, text in was.items() if i in now and now[i] != text),
        removed=tuple(i for i in was if i not in now),
    )
