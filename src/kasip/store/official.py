"""Recording where each stored version's official text is published (issue 15, item 6).

"Bundle and present as official only texts whose official source is recorded":
a version's ``official_url`` and ``official_note`` (migration 0016) are null
until a person records them, on import (``kasip import --official-source``) or
later (``kasip versions --set-official-source``, audited), or the import of a
bundled text records them from ``kasip/data/sources.toml``, the
machine-readable record beside the text (matched by the file's sha256).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import Connection, select, update

from kasip.errors import InvalidInput, NotFound
from kasip.model.official import OfficialSource, official_source
from kasip.store.schema import standard_versions

__all__ = [
    "BUNDLED_RECORD",
    "OfficialSources",
    "bundled_sources",
    "official_columns",
    "official_for",
    "set_official_source",
]

BUNDLED_RECORD = "sources.toml"
# One source for every text of an import, or one (or none) per text, in order.
OfficialSources = OfficialSource | Sequence[OfficialSource | None]
_sv = standard_versions


@cache
def bundled_sources() -> Mapping[str, OfficialSource]:
    """The official sources of the bundled texts, by the sha256 of each file.

    Raises:
        InvalidInput: The record is malformed (naming the entry and field).

    Example:
        >>> source = bundled_sources()[
        ...     "a591453a5e62e87dab9b3dede43effb733e82b7857e523f3930d9fc75dbe4197"]
        >>> source.url
        'https://adilet.zan.kz/kaz/docs/V1900018764'
    """
    text = (files("kasip") / "data" / BUNDLED_RECORD).read_text(encoding="utf-8")
    record: dict[str, Any] = tomllib.loads(text)
    found: dict[str, OfficialSource] = {}
    for number, entry in enumerate(record.get("source", ()), start=1):
        place = f"{BUNDLED_RECORD} source {number}"
        sha256, url = entry.get("sha256"), entry.get("url")
        if not isinstance(sha256, str) or not isinstance(url, str):
            raise InvalidInput(f"{place}: sha256 and url must be strings")
        found[sha256] = official_source(url, entry.get("note"), name=f"{place} url")
    return found


def official_for(sources: OfficialSources | None, count: int) -> list[OfficialSource | None]:
    """One source (or none) per text of an import of ``count`` texts.

    Raises:
        InvalidInput: A sequence of sources does not have one per text.

    Example:
        >>> official_for(OfficialSource(url="https://adilet.zan.kz/x"), 2)[1].url
        'https://adilet.zan.kz/x'
        >>> official_for(None, 2)
        [None, None]
    """
    if sources is None:
        return [None] * count
    if isinstance(sources, OfficialSource):
        return [sources] * count
    if len(sources) != count:
        raise InvalidInput(f"{len(sources)} official sources given for {count} texts")
    return list(sources)


def set_official_source(
    conn: Connection, standard_id: int, version: int, source: OfficialSource, *, key: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Record a stored version's official source, inside the caller's transaction.

    Returns:
        The version's official URL and note before and after (for the audit log).

    Raises:
        NotFound: The standard has no such version.
    """
    row = conn.execute(
        select(_sv.c.id, _sv.c.official_url, _sv.c.official_note).where(
            _sv.c.standard_id == standard_id, _sv.c.version == version
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"standard {key!r} has no version {version}")
    before = {"official_url": row.official_url, "official_note": row.official_note}
    after = official_columns(source)
    conn.execute(update(_sv).where(_sv.c.id == row.id).values(**after))
    return before, after


def official_columns(source: OfficialSource | None) -> dict[str, Any]:
    """The ``standard_versions`` columns of a source (both null: not recorded)."""
    if source is None:
        return {"official_url": None, "official_note": None}
    return {"official_url": source.url, "official_note": source.note}
