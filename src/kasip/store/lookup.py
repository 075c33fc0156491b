"""SQL for finding cards and elements by ID or by text, over a ``Connection``.

Like :mod:`kasip.store.repo` (the import and listing queries), nothing here
commits; :class:`kasip.store.Store` owns the transactions.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, or_, select

from kasip.model import Document, ProfessionCard
from kasip.model.ids import is_card_id
from kasip.store.records import CardLocation, CardSummary, CardView, ElementLocation, ListedCard
from kasip.store.repo import (
    is_latest_version,
    require_standard_id,
    standards_with_versions,
)
from kasip.store.schema import cards, elements, standard_versions, standards

_sv = standard_versions


def fold(text: str) -> str:
    """Return the search key of ``text``: NFC, then case-folded.

    Only search keys are folded; stored text never is (style guide §6).

    Example:
        >>> fold("ӘЛЕУМЕТТІК Жұмыс") == fold("әлеуметтік жұмыс")
        True
    """
    return unicodedata.normalize("NFC", text).casefold()


def locate_card(
    conn: Connection, card_id: str, *, standard: str | None, version: int | None
) -> list[tuple[CardLocation, int]]:
    """Find the stored copies of a card, with their ``standard_versions.id``.

    Args:
        conn: An open connection.
        card_id: The card's ID, matched exactly.
        standard: Only in this standard (key).
        version: Only in this version of ``standard``; the latest when ``None``.

    Returns:
        ``(location, version_id)`` pairs ordered by standard key.

    Raises:
        NotFound: ``standard`` is given and no standard has that key.
    """
    params: dict[str, object] = {"card_id": card_id, "version": version}
    if standard is not None:
        params["standard_id"] = require_standard_id(conn, standard)
    query = _locate_query(latest=version is None, one_standard=standard is not None)
    return [
        (CardLocation(row.key, row.language, row.version, row.position, card_id), row.id)
        for row in conn.execute(query, params)
    ]


@functools.cache
def _locate_query(*, latest: bool, one_standard: bool) -> Select[Any]:
    # Built once: making the statement (its subquery, its aliases) cost more
    # than running it, on every card page.
    query = (
        select(standards.c.key, standards.c.language, _sv.c.version, _sv.c.id, cards.c.position)
        .select_from(standards_with_versions().join(cards, cards.c.version_id == _sv.c.id))
        .where(cards.c.card_id == bindparam("card_id"))
        .where(is_latest_version() if latest else _sv.c.version == bindparam("version"))
        .order_by(standards.c.key)
    )
    if one_standard:
        query = query.where(standards.c.id == bindparam("standard_id"))
    return query


# Every card of a version, and the frame and JSON of the one at :position only
# (one round trip for what the card page lists and what it shows).
_VERSION_CARDS = (
    select(
        cards.c.card_id, cards.c.code, cards.c.code_as_written, cards.c.level, cards.c.name,
        cards.c.title, cards.c.position,
        case((cards.c.position == bindparam("position"), cards.c.card_json)).label("card_json"),
        case((cards.c.position == bindparam("position"), _sv.c.frame_json)).label("frame_json"),
    )
    .join(_sv, _sv.c.id == cards.c.version_id)
    .where(cards.c.version_id == bindparam("version_id"))
    .order_by(cards.c.position)
)  # fmt: skip


# Each copy of a card in the latest versions, with every card of its version; the
# card's JSON and its version's frame on the copy's own row only. One round trip
# for a page of a latest version, where locating the card and then reading its
# version were two (each a round trip on PostgreSQL).
_HELD = cards.alias("held")
_HELD_CARDS = (
    select(
        standards.c.key, standards.c.language, _sv.c.version, _sv.c.id.label("version_id"),
        _HELD.c.position.label("at"),
        cards.c.card_id, cards.c.code, cards.c.code_as_written, cards.c.level, cards.c.name,
        cards.c.title, cards.c.position,
        case((cards.c.position == _HELD.c.position, cards.c.card_json)).label("card_json"),
        case((cards.c.position == _HELD.c.position, _sv.c.frame_json)).label("frame_json"),
    )
    .select_from(
        standards_with_versions()
        .join(_HELD, _HELD.c.version_id == _sv.c.id)
        .join(cards, cards.c.version_id == _sv.c.id)
    )
    .where(_HELD.c.card_id == bindparam("card_id"), is_latest_version())
    .order_by(standards.c.key, _HELD.c.position, cards.c.position)
)  # fmt: skip


def card_view(
    conn: Connection, card_id: str, *, standard: str | None, version: int | None
) -> CardView | None:
    """The first stored copy of a card (see :func:`locate_card`) as its page reads it.

    Reads the card's row and its version's frame: a few kilobytes of JSON,
    whatever the size of the standard or of the registry. One query on a page
    of a latest version, three for another version: every query is a round
    trip on PostgreSQL.
    """
    if version is not None:
        holders = tuple(
            location.standard
            for location, _ in locate_card(conn, card_id, standard=None, version=None)
        )
        found = locate_card(conn, card_id, standard=standard, version=version)
        if not found:
            return None
        location, version_id = found[0]
        rows = conn.execute(
            _VERSION_CARDS, {"version_id": version_id, "position": location.position}
        ).all()
        return _view(location, rows, holders)
    copies: dict[tuple[str, int], list[Any]] = {}
    for row in conn.execute(_HELD_CARDS, {"card_id": card_id}):
        copies.setdefault((row.key, row.at), []).append(row)
    holders = tuple(dict.fromkeys(key for key, _ in copies))
    chosen = next((rows for (key, _), rows in copies.items() if standard in (None, key)), None)
    if chosen is None:
        if standard is not None:
            require_standard_id(conn, standard)  # an unknown standard says so
        return None
    first = chosen[0]
    location = CardLocation(first.key, first.language, first.version, first.at, card_id)
    return _view(location, chosen, holders)


def _view(location: CardLocation, rows: Iterable[Any], holders: tuple[str, ...]) -> CardView:
    """The page's view of the card at ``location`` from its version's card rows."""
    listed: list[ListedCard] = []
    frame = card_json = None
    for row in rows:
        summary = CardSummary(
            location.standard, row.card_id, row.code, row.level, row.name, row.title
        )
        listed.append(ListedCard(summary, row.code_as_written))
        if row.position == location.position:
            # Never null here: opening a registry remakes rows written before
            # migration 0007 (kasip.store.rows, ROWS_VERSION), frames included.
            frame, card_json = row.frame_json, row.card_json
    assert frame is not None and card_json is not None, location
    return CardView(
        location,
        Document.model_validate_json(frame),
        ProfessionCard.model_validate_json(card_json),
        tuple(listed),
        holders,
    )


def locate_element(
    conn: Connection, element_id: str, *, standard: str | None
) -> list[ElementLocation]:
    """Find an element of the latest versions by its ID, ordered by standard key.

    A card is found in ``cards``, any other element in ``elements``.

    Raises:
        NotFound: ``standard`` is given and no standard has that key.
    """
    if is_card_id(element_id):
        return [
            ElementLocation(found.standard, found.version, element_id, "card", element_id, None)
            for found, _ in locate_card(conn, element_id, standard=standard, version=None)
        ]
    e = elements.c
    query = (
        select(standards.c.key, _sv.c.version, e.type, e.card_id, e.parent_id)
        .select_from(standards_with_versions().join(elements, e.version_id == _sv.c.id))
        .where(is_latest_version(), e.element_id == element_id)
        .order_by(standards.c.key)
    )
    if standard is not None:
        query = query.where(standards.c.id == require_standard_id(conn, standard))
    return [
        ElementLocation(row.key, row.version, element_id, row.type, row.card_id, row.parent_id)
        for row in conn.execute(query)
    ]


def search_cards(
    conn: Connection,
    *,
    standard: str | None = None,
    code: str | None = None,
    level: int | None = None,
    text: str | None = None,
) -> list[CardSummary]:
    """Filter the cards of the latest versions, by standard key and position.

    Args:
        conn: An open connection.
        standard: Only this standard's cards.
        code: The normalised code or the code as written, matched exactly.
        level: Only cards of this qualification level.
        text: A case-insensitive substring of the card's name, title or one
            of its other names. SQL ``LOWER`` folds only ASCII, so the
            Kazakh and Russian letters are folded here, in Python.

    Raises:
        NotFound: ``standard`` is given and no standard has that key.
    """
    c = cards.c
    query = (
        select(standards.c.key, c.version_id, c.card_id, c.code, c.level, c.name, c.title)
        .select_from(standards_with_versions().join(cards, c.version_id == _sv.c.id))
        .where(is_latest_version())
        .order_by(standards.c.key, c.position)
    )
    if standard is not None:
        query = query.where(standards.c.id == require_standard_id(conn, standard))
    if code is not None:
        query = query.where(or_(c.code == code, c.code_as_written == code))
    if level is not None:
        query = query.where(c.level == level)
    rows = list(conn.execute(query))
    if text is not None:
        needle = fold(text)
        names = _other_names(conn, {row.version_id for row in rows})
        rows = [
            row
            for row in rows
            if any(
                needle in fold(value)
                for value in (row.name, row.title, *names[(row.version_id, row.card_id)])
            )
        ]
    return [
        CardSummary(row.key, row.card_id, row.code, row.level, row.name, row.title) for row in rows
    ]


def _other_names(conn: Connection, version_ids: Iterable[int]) -> dict[tuple[int, str], list[str]]:
    """The other names of every card of the given versions."""
    e = elements.c
    query = select(e.version_id, e.card_id, e.text).where(
        e.type == "other_name", e.version_id.in_(set(version_ids))
    )
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    for row in conn.execute(query):
        names[(row.version_id, row.card_id)].append(row.text)
    return names
