"""All SQL of the registry: small functions over a SQLAlchemy ``Connection``.

The caller owns the transaction (see :mod:`kasip.store.importer` and
:class:`kasip.store.Store`); nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    FromClause,
    func,
    insert,
    or_,
    select,
    update,
)

from kasip.errors import NotFound, RegistryError
from kasip.store.records import CardSummary, StandardSummary, VersionSummary
from kasip.store.rows import Row
from kasip.store.schema import cards, elements, standard_versions, standards

_sv = standard_versions


def find_standard_id(conn: Connection, key: str) -> int | None:
    """Return the id of the standard with ``key``, or ``None``."""
    query = select(standards.c.id).where(standards.c.key == key)
    return conn.execute(query).scalar_one_or_none()


def require_standard_id(conn: Connection, key: str) -> int:
    """Return the id of the standard with ``key``.

    Raises:
        NotFound: No standard has that key.
    """
    standard_id = find_standard_id(conn, key)
    if standard_id is None:
        raise NotFound(f"no standard with key {key!r}")
    return standard_id


def insert_standard(conn: Connection, values: Row) -> int:
    """Insert a ``standards`` row and return its id."""
    result = conn.execute(insert(standards).values(**values))
    return _inserted_id(result)


def update_standard(conn: Connection, standard_id: int, values: Row) -> None:
    """Update the descriptive columns of a ``standards`` row."""
    conn.execute(update(standards).where(standards.c.id == standard_id).values(**values))


def find_version(conn: Connection, standard_id: int, identity: str) -> int | None:
    """Return the number of the version whose identity is ``identity``, or ``None``."""
    query = select(_sv.c.version).where(
        _sv.c.standard_id == standard_id, _sv.c.identity_sha256 == identity
    )
    return conn.execute(query).scalar_one_or_none()


def version_dates(conn: Connection, standard_id: int, version: int) -> Any:
    """The effective date and official URL columns of a stored version (a row)."""
    dates = (_sv.c.effective_from, _sv.c.effective_basis, _sv.c.effective_note)
    query = select(*dates, _sv.c.official_url).where(
        _sv.c.standard_id == standard_id, _sv.c.version == version
    )
    return conn.execute(query).one()


def next_version(conn: Connection, standard_id: int) -> int:
    """Return the number the next version of the standard gets (1 for the first)."""
    query = select(func.max(_sv.c.version)).where(_sv.c.standard_id == standard_id)
    latest = conn.execute(query).scalar_one_or_none()
    return 1 if latest is None else int(latest) + 1


def insert_version(conn: Connection, values: Row) -> int:
    """Insert a ``standard_versions`` row and return its id."""
    result = conn.execute(insert(_sv).values(**values))
    return _inserted_id(result)


def insert_cards(conn: Connection, rows: Sequence[Row]) -> None:
    """Insert ``cards`` rows with one executemany."""
    if rows:
        conn.execute(insert(cards), list(rows))


def insert_elements(conn: Connection, rows: Sequence[Row]) -> None:
    """Insert ``elements`` rows with one executemany."""
    if rows:
        conn.execute(insert(elements), list(rows))


def _inserted_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None:  # only for multi-row inserts, which these are not
        raise RegistryError("the database returned no id for the inserted row")
    return int(key[0])


def is_latest_version() -> ColumnElement[bool]:
    """Condition: the ``standard_versions`` row is its standard's latest version."""
    other = _sv.alias("other_versions")
    newest = select(func.max(other.c.version)).where(other.c.standard_id == _sv.c.standard_id)
    return _sv.c.version == newest.scalar_subquery()


def stored_texts(conn: Connection, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of the ``(standard key, version identity)`` pairs the registry holds."""
    identities = {identity for _, identity in pairs}
    if not identities:
        return set()
    query = (
        select(standards.c.key, _sv.c.identity_sha256)
        .select_from(standards_with_versions())
        .where(_sv.c.identity_sha256.in_(identities))
    )
    return {(row.key, row.identity_sha256) for row in conn.execute(query)} & set(pairs)


def latest_versions(conn: Connection) -> dict[int, int]:
    """The ``standard_versions.id`` of every standard's latest version → its standard's id."""
    query = (
        select(_sv.c.id, _sv.c.standard_id)
        .select_from(standards_with_versions())
        .where(is_latest_version())
    )
    return {row.id: row.standard_id for row in conn.execute(query)}


def standards_with_versions() -> FromClause:
    """``standards`` joined with every one of its ``standard_versions``."""
    return standards.join(_sv, _sv.c.standard_id == standards.c.id)


def list_standards(conn: Connection) -> list[StandardSummary]:
    """Summarise every standard by its latest version, ordered by key."""
    other = _sv.alias("counted_versions")
    count = select(func.count()).where(other.c.standard_id == standards.c.id)
    query = (
        select(standards, _sv.c.version, _sv.c.card_count, count.scalar_subquery().label("n"))
        .select_from(standards_with_versions())
        .where(is_latest_version())
        .order_by(standards.c.key)
    )
    return [
        StandardSummary(
            key=row.key,
            title=row.title,
            language=row.language,
            order_number=row.order_number,
            order_date=row.order_date,
            latest_version=row.version,
            versions=row.n,
            cards=row.card_count,
        )
        for row in conn.execute(query)
    ]


def list_versions(conn: Connection, key: str) -> list[VersionSummary]:
    """List the versions of the standard ``key``, oldest first.

    Raises:
        NotFound: No standard has that key.
    """
    columns = (_sv.c.version, _sv.c.source_sha256, _sv.c.source_name, _sv.c.imported_at)
    dates = (_sv.c.effective_from, _sv.c.effective_basis, _sv.c.effective_note)
    official = (_sv.c.official_url, _sv.c.official_note)
    # One query, joined on the key: a card page reads the version list (its dates) on
    # every request, and on PostgreSQL each query is a round trip.
    query = (
        select(*columns, _sv.c.card_count, *dates, *official)
        .select_from(_sv.join(standards, standards.c.id == _sv.c.standard_id))
        .where(standards.c.key == key)
        .order_by(_sv.c.version)
    )
    rows = conn.execute(query).all()
    if not rows:
        require_standard_id(conn, key)  # NotFound for an unknown key
    return [
        VersionSummary(
            version=row.version,
            source_sha256=row.source_sha256,
            source_name=row.source_name,
            imported_at=row.imported_at,
            cards=row.card_count,
            effective_from=row.effective_from,
            effective_basis=row.effective_basis,
            effective_note=row.effective_note,
            official_url=row.official_url,
            official_note=row.official_note,
        )
        for row in rows
    ]


def list_cards(conn: Connection, standard: str | None = None) -> list[CardSummary]:
    """List the cards of the latest version of every standard, or of ``standard``.

    Raises:
        NotFound: ``standard`` is given and no standard has that key.
    """
    c = cards.c
    query = (
        select(standards.c.key, c.card_id, c.code, c.level, c.name, c.title)
        .select_from(standards_with_versions().join(cards, c.version_id == _sv.c.id))
        .where(is_latest_version())
        .order_by(standards.c.key, c.position)
    )
    if standard is not None:
        query = query.where(standards.c.id == require_standard_id(conn, standard))
    return [
        CardSummary(
            standard=row.key,
            card_id=row.card_id,
            code=row.code,
            level=row.level,
            name=row.name,
            title=row.title,
        )
        for row in conn.execute(query)
    ]


def find_card_positions(
    conn: Connection, code: str, *, level: int | None, standard: str | None
) -> list[tuple[int, int]]:
    """Find cards of latest versions by code (or code as written) and level.

    Returns:
        ``(version_id, position)`` pairs, ordered by standard key and position.

    Raises:
        NotFound: ``standard`` is given and no standard has that key.
    """
    c = cards.c
    query = (
        select(c.version_id, c.position)
        .select_from(standards_with_versions().join(cards, c.version_id == _sv.c.id))
        .where(is_latest_version(), or_(c.code == code, c.code_as_written == code))
        .order_by(standards.c.key, c.position)
    )
    if level is not None:
        query = query.where(c.level == level)
    if standard is not None:
        query = query.where(standards.c.id == require_standard_id(conn, standard))
    return [(row.version_id, row.position) for row in conn.execute(query)]


def document_json(conn: Connection, key: str, version: int | None = None) -> str:
    """Return the stored JSON of a version (the latest when ``version`` is None).

    Raises:
        NotFound: No such standard, or it has no such version.
    """
    standard_id = require_standard_id(conn, key)
    query = select(_sv.c.document_json).where(_sv.c.standard_id == standard_id)
    query = query.where(is_latest_version() if version is None else _sv.c.version == version)
    text: str | None = conn.execute(query).scalar_one_or_none()
    if text is None:
        raise NotFound(f"standard {key!r} has no version {version}")
    return text


def documents_json_by_id(conn: Connection, version_ids: Sequence[int]) -> dict[int, str]:
    """Return the stored JSON of the given ``standard_versions`` ids."""
    query = select(_sv.c.id, _sv.c.document_json).where(_sv.c.id.in_(set(version_ids)))
    return {row.id: row.document_json for row in conn.execute(query)}


def latest_documents_json(conn: Connection) -> list[str]:
    """Return the stored JSON of the latest version of every standard, by key."""
    query = (
        select(_sv.c.document_json)
        .select_from(standards_with_versions())
        .where(is_latest_version())
        .order_by(standards.c.key)
    )
    return list(conn.execute(query).scalars())
