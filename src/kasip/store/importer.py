"""Import documents into the registry: one call, one transaction.

The rules of identity (which standard a document belongs to, and whether its
text is new) are in :mod:`kasip.store.keys`. A caller that derives more data
from each new version (the search index, :mod:`kasip.search.indexer`) passes
``on_version``: it runs inside the same transaction, so a failure there stores
nothing either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kasip.errors import ImportRejected, RegistryError
from kasip.model import Document
from kasip.store import repo
from kasip.store.codec import storage_json
from kasip.store.keys import identity_sha256, standard_key
from kasip.store.records import ImportResult, ImportStatus
from kasip.store.rows import Row, card_rows, element_rows

logger = logging.getLogger(__name__)

MAX_REPORTED_PROBLEMS = 3

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class StoredVersion:
    """A version the import has just written (not yet committed)."""

    standard_id: int
    version_id: int
    doc: Document


VersionHook = Callable[[Connection, StoredVersion], None]


def import_documents(
    engine: Engine,
    docs: Sequence[Document],
    *,
    on_progress: ProgressCallback | None = None,
    on_version: VersionHook | None = None,
) -> list[ImportResult]:
    """Store ``docs`` in one transaction: all of them, or (on any error) none.

    Args:
        engine: The registry's engine.
        docs: The documents; the same text twice is stored once.
        on_progress: Called after each document with the number handled so
            far (1, 2, ...). Nothing is committed until the last one is done.
        on_version: Called with the connection for each new version stored,
            inside the transaction (an exception rolls the import back).

    Returns:
        One result per document, in order.

    Raises:
        ImportRejected: A document has error diagnostics (checked before
            anything is written).
        RegistryError: The database failed; the transaction was rolled back.
    """
    reject_documents_with_errors(docs)
    imported_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with engine.begin() as conn:
            results = _import_all(
                conn, docs, imported_at=imported_at, on_progress=on_progress, on_version=on_version
            )
    except SQLAlchemyError as exc:
        raise RegistryError(f"the import failed, nothing was stored: {exc}") from exc
    for result in results:
        logger.info(
            "%s: %s, %s version %d", result.source_name, result.status, result.key, result.version
        )
    return results


def _import_all(
    conn: Connection,
    docs: Sequence[Document],
    *,
    imported_at: str,
    on_progress: ProgressCallback | None,
    on_version: VersionHook | None,
) -> list[ImportResult]:
    results: list[ImportResult] = []
    for count, doc in enumerate(docs, start=1):
        try:
            results.append(_import_one(conn, doc, imported_at=imported_at, on_version=on_version))
        # sqlite3 raises a bare OverflowError, outside SQLAlchemy's wrapping,
        # for an integer beyond 64 bits (e.g. a misread level).
        except (SQLAlchemyError, OverflowError) as exc:
            # Name the document; raising inside the transaction rolls it back.
            raise RegistryError(
                f"{doc.source.name}: the database refused the document, nothing was stored: {exc}"
            ) from exc
        if on_progress is not None:
            on_progress(count)
    return results


def reject_documents_with_errors(docs: Sequence[Document]) -> None:
    """Raise for the first document that has error diagnostics.

    Args:
        docs: The documents to check.

    Raises:
        ImportRejected: Naming the source file and standard, with the first
            few errors (line:column, code, message).
    """
    for doc in docs:
        errors = [d for d in doc.diagnostics if d.severity == "error"]
        if not errors:
            continue
        problems = [
            f"line {d.line}:{d.column} {d.code}: {d.message}"
            for d in errors[:MAX_REPORTED_PROBLEMS]
        ]
        name = doc.source.name
        raise ImportRejected(
            f"{name} ({doc.standard.title or 'untitled'}): {len(errors)} error "
            f"diagnostic(s), nothing was imported; first: {'; '.join(problems)}",
            source_name=name,
            problems=problems,
        )


def _import_one(
    conn: Connection, doc: Document, *, imported_at: str, on_version: VersionHook | None
) -> ImportResult:
    # The storage JSON is only needed to hash a text without a source hash,
    # or to store a new version; skip it for texts already held.
    document_json = None if doc.source.sha256 else storage_json(doc)
    identity = identity_sha256(doc, document_json=document_json)
    key = standard_key(doc, identity=identity)
    standard_id = repo.find_standard_id(conn, key)
    status: ImportStatus
    if standard_id is None:
        standard_id = repo.insert_standard(conn, {"key": key, **_description(doc)})
        status = "created"
    else:
        existing = repo.find_version(conn, standard_id, identity)
        if existing is not None:
            return ImportResult(key, existing, "unchanged", len(doc.cards), doc.source.name)
        repo.update_standard(conn, standard_id, _description(doc))
        status = "new-version"
    version = repo.next_version(conn, standard_id)
    version_id = repo.insert_version(
        conn,
        {
            "standard_id": standard_id,
            "version": version,
            "identity_sha256": identity,
            "source_sha256": doc.source.sha256,
            "source_name": doc.source.name,
            "imported_at": imported_at,
            "card_count": len(doc.cards),
            "document_json": document_json or storage_json(doc),
        },
    )
    repo.insert_cards(conn, card_rows(version_id, doc))
    repo.insert_elements(conn, element_rows(version_id, doc))
    if on_version is not None:
        on_version(conn, StoredVersion(standard_id, version_id, doc))
    return ImportResult(key, version, status, len(doc.cards), doc.source.name)


def _description(doc: Document) -> Row:
    """The ``standards`` columns that follow the latest version."""
    std = doc.standard
    return {
        "title": std.title,
        "language": std.language,
        "order_number": std.order.number,
        "order_date": std.order.date,
    }
