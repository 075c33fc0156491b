"""Language editions of one order, as search and matching see them (issue 15, item 6).

The Kazakh and the Russian text of one order are two standards of the registry
(:mod:`kasip.store.keys`: ``292-2019-05-30-kk`` and ``292-2019-05-30-ru``) whose
element IDs are positional (:mod:`kasip.model.ids`), so parallel texts share
their card and element IDs. Search and matching score both texts, and then
keep one result per *edition group* and element ID: the group of a key made
from the order (number, date, annex) is that key without its language; any
other key (a title's slug, ``sha-...``) is a group of its own, since nothing
there says which order it belongs to.

Which edition a result is shown in (:func:`pick_edition`): the one of the
language asked for (the page's) when the registry holds the element there,
else the one that scored best. Its score is always the best edition's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from kasip.editions.group import edition_of_key
from kasip.search.backend import Candidate, fetch_elements

__all__ = [
    "Merged",
    "edition_group",
    "edition_language",
    "edition_partners",
    "group_of",
    "held_elsewhere",
    "merge_editions",
    "pick_edition",
]


def edition_group(key: str) -> str:
    """The edition group of a standard key: the order's part of it, or the key itself.

    Example:
        >>> edition_group("292-2019-05-30-kk"), edition_group("222-2022-12-05-annex-4-ru")
        ('292-2019-05-30', '222-2022-12-05-annex-4')
        >>> edition_group("aleumettik-zhumys-ru")
        'aleumettik-zhumys-ru'
    """
    found = edition_of_key(key)
    return found[0].key if found else key


def edition_language(key: str) -> str | None:
    """The language of a standard key made from an order, else None.

    Example:
        >>> edition_language("292-2019-05-30-ru"), edition_language("sha-0123456789ab")
        ('ru', None)
    """
    found = edition_of_key(key)
    return found[1] if found else None


def edition_partners(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each key that has another language's edition among ``keys``, with those editions.

    Keys without a partner are left out: an empty answer means search and
    matching work exactly as they do for one edition.

    Example:
        >>> edition_partners(["292-2019-05-30-kk", "292-2019-05-30-ru", "9-2023-01-13-kk"])
        {'292-2019-05-30-kk': ('292-2019-05-30-ru',), '292-2019-05-30-ru': ('292-2019-05-30-kk',)}
    """
    groups: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        if edition_language(key) is not None:
            groups.setdefault(edition_group(key), []).append(key)
    return {
        key: tuple(other for other in held if other != key)
        for held in groups.values()
        if len(held) > 1
        for key in held
    }


def pick_edition(best: str, held: Sequence[str], language: str | None) -> str:
    """The standard a result is shown in (module doc).

    Args:
        best: The edition that scored best.
        held: The editions that hold the element (``best`` among them).
        language: The language asked for (the page's), or None.

    Returns:
        The edition of ``language`` among ``held``, else ``best``.

    Example:
        >>> held = ["292-2019-05-30-kk", "292-2019-05-30-ru"]
        >>> pick_edition("292-2019-05-30-ru", held, "kk"), pick_edition(held[1], held, "en")
        ('292-2019-05-30-kk', '292-2019-05-30-ru')
    """
    if language is not None and edition_language(best) != language:
        for key in held:
            if edition_language(key) == language:
                return key
    return best


def group_of(key: str, partners: Mapping[str, tuple[str, ...]]) -> str:
    """The key results of ``key`` are merged under: its group when it has a partner."""
    return edition_group(key) if key in partners else key


@dataclass(frozen=True, slots=True)
class Merged:
    """One result: the best edition's entry and score, and what each edition scored."""

    score: float
    best: Candidate
    scored: dict[str, tuple[float, Candidate]] = field(default_factory=dict)


def merge_editions(
    ranked: Iterable[tuple[float, Candidate]], partners: Mapping[str, tuple[str, ...]]
) -> list[Merged]:
    """One result per (edition group, element ID), in the order of ``ranked`` (best first).

    The first entry of a group and ID is its best (``ranked`` is sorted), so the
    result takes that edition's score; the others are kept in ``scored``.
    """
    merged: dict[tuple[str, str], Merged] = {}
    for score, candidate in ranked:
        key = (group_of(candidate.standard, partners), candidate.element_id)
        found = merged.get(key)
        if found is None:
            merged[key] = Merged(score, candidate, {candidate.standard: (score, candidate)})
        else:
            found.scored.setdefault(candidate.standard, (score, candidate))
    return list(merged.values())


def held_elsewhere(
    conn: Connection, merged: Sequence[Merged], partners: Mapping[str, tuple[str, ...]]
) -> dict[tuple[str, str], Candidate]:
    """The entries of the results' elements in the editions that did not score them.

    One query for all the results, by (standard key, element ID): an edition
    named beside a hit must hold its element.
    """
    wanted = [
        (other, m.best.element_id)
        for m in merged
        for other in partners.get(m.best.standard, ())
        if other not in m.scored
    ]
    return {(c.standard, c.element_id): c for c in fetch_elements(conn, wanted)}
