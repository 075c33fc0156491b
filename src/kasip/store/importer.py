"""Import documents into the registry: one call, one transaction.

The rules of identity (which standard a document belongs to, and whether its
text is new) are in :mod:`kasip.store.keys`. A caller that derives more data
from each new version (the search index, :mod:`kasip.search.indexer`) passes
``on_version``: it runs inside the same transaction, so a failure there stores
nothing either.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kasip.errors import ImportRejected, InvalidInput, RegistryError
from kasip.model import Document
from kasip.model.official import OfficialSource
from kasip.store import repo
from kasip.store.codec import storage_json
from kasip.store.db import writing
from kasip.store.effective import (
    EnteredDate,
    check_not_before_order,
    proposed_date,
    set_effective_date,
)
from kasip.store.keys import identity_sha256, standard_key
from kasip.store.official import (
    OfficialSources,
    official_columns,
    official_for,
    set_official_source,
)
from kasip.store.records import ImportResult, ImportStatus
from kasip.store.rows import Row, card_rows, element_rows, frame_json

logger = logging.getLogger(__name__)

MAX_REPORTED_PROBLEMS = 3

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class StoredVersion:
    """A version the import has just written (not yet committed)."""

    standard_id: int
    version_id: int
    doc: Document
    identity: str = ""  # the version identity (kasip.store.keys)


VersionHook = Callable[[Connection, StoredVersion], None]
ImportedHook = Callable[[Connection], None]
# (connection, action, subject "key@version", before, after): a held version's
# date or source the import changed, for the audit log (kept above this layer).
FactHook = Callable[[Connection, str, str, Mapping[str, Any], Mapping[str, Any]], None]


# One keyword per hook of the import, its entered date and official sources.
def import_documents(  # noqa: PLR0913
    engine: Engine,
    docs: Sequence[Document | PreparedDocument],
    *,
    on_progress: ProgressCallback | None = None,
    on_version: VersionHook | None = None,
    on_imported: ImportedHook | None = None,
    entered: EnteredDate | None = None,
    official: OfficialSources | None = None,
    on_fact: FactHook | None = None,
) -> list[ImportResult]:
    """Store ``docs`` in one transaction: all of them, or (on any error) none.

    Imports running at the same time, in any processes, wait for each other
    (see :func:`kasip.store.db.writing`): on SQLite one at a time, on
    PostgreSQL one at a time per standard. The same new text imported twice
    at once is stored once; the later import reports it "unchanged".

    Args:
        engine: The registry's engine.
        docs: The documents, or documents prepared by :func:`prepare_document`
            (hundreds of texts need not be held parsed); the same text twice
            is stored once.
        on_progress: Called after each document with the number handled so
            far (1, 2, ...). Nothing is committed until the last one is done.
        on_version: Called with the connection for each new version stored,
            inside the transaction (an exception rolls the import back).
        on_imported: Called once with the connection after the last
            document, inside the transaction, when a new version was stored
            (or a held one got an entered date).
        entered: The effective date of every text of the import, entered by a
            person; a text already held gets it too. Without it, a new
            version gets the date proposed from its orders
            (:mod:`kasip.store.effective`).
        official: Where the official text is published: one source for every
            text, or one (or ``None``) per document in order
            (:mod:`kasip.store.official`); a text already held gets it too.
            Without it, a new version's source is not recorded.
        on_fact: Called inside the transaction when a held version's date or
            source changes (``version.effective-date`` / ``version.official-source``,
            before, after): the registry writes it to the audit log.

    Returns:
        One result per document, in order.

    Raises:
        ImportRejected: A document has error diagnostics (checked before
            anything is written).
        RegistryError: The database failed, or another import held the
            registry past the lock timeout; the transaction was rolled back.
        InvalidInput: ``entered`` is before a text's approving order's date
            (naming the file; checked before anything is written), or a held
            version already has another date a person entered (nothing is stored).
    """
    identified = prepare_documents(docs)
    sources = official_for(official, len(identified))
    if entered is not None:
        for item in identified:
            check_not_before_order(
                entered.on, item.description["order_date"], source_name=item.source_name
            )
    try:
        with writing(engine, standards=[item.key for item in identified]) as conn:
            # Stamped once the locks are held, so that later versions have later stamps.
            imported_at = datetime.now(UTC).isoformat(timespec="seconds")
            results = _import_all(
                conn,
                identified,
                imported_at=imported_at,
                on_progress=on_progress,
                on_version=on_version,
                entered=entered,
                sources=sources,
                on_fact=on_fact,
            )
            changed = any(r.status != "unchanged" or r.dated or r.sourced for r in results)
            if on_imported is not None and changed:
                on_imported(conn)
    except SQLAlchemyError as exc:
        raise RegistryError(f"the import failed, nothing was stored: {_reason(exc)}") from exc
    for result in results:
        logger.info(
            "%s: %s, %s version %d", result.source_name, result.status, result.key, result.version
        )
    return results


def _reason(exc: SQLAlchemyError) -> str:
    """Say why the database failed; a lock wait that ran out is worded for people."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if sqlstate == "55P03" or "database is locked" in str(exc):
        return (
            "another import held the registry for longer than the lock timeout "
            "(KASIP_LOCK_TIMEOUT seconds); try again when it is done"
        )
    return str(exc)


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready to import, worked out before any lock is taken.

    Held compactly: its storage JSON, compressed (about 70 KB for a standard
    whose parsed document takes 2 MB), so that a caller importing hundreds of
    texts need not keep them all parsed (:func:`prepare_document`).
    """

    identity: str
    key: str
    source_name: str
    source_sha256: str | None
    cards: int
    description: Row  # the standards columns (see _description)
    compressed_json: bytes
    parsed: Document | None = field(default=None, repr=False, compare=False)

    @property
    def document_json(self) -> str:
        return zlib.decompress(self.compressed_json).decode()

    def document(self, document_json: str | None = None) -> Document:
        """The document: the one kept, else parsed from its JSON (``document_json``
        when the caller has decompressed it already)."""
        return self.parsed or Document.model_validate_json(document_json or self.document_json)


def prepare_documents(docs: Sequence[Document | PreparedDocument]) -> list[PreparedDocument]:
    """Every document prepared for import, once none has error diagnostics.

    Raises:
        ImportRejected: See :func:`reject_documents_with_errors`.
    """
    reject_documents_with_errors([doc for doc in docs if isinstance(doc, Document)])
    return [doc if isinstance(doc, PreparedDocument) else prepare_document(doc) for doc in docs]


def prepare_document(doc: Document, *, keep: bool = True) -> PreparedDocument:
    """Work out what importing ``doc`` needs: its identity, key and storage JSON.

    Args:
        doc: A document without error diagnostics.
        keep: Keep ``doc`` itself (the caller holds it anyway); otherwise the
            import parses it again from its JSON, only when it is new.
    """
    document_json = storage_json(doc)
    identity = identity_sha256(doc, document_json=document_json)
    return PreparedDocument(
        identity=identity,
        key=standard_key(doc, identity=identity),
        source_name=doc.source.name,
        source_sha256=doc.source.sha256,
        cards=len(doc.cards),
        description=_description(doc),
        compressed_json=zlib.compress(document_json.encode(), 1),
        parsed=doc if keep else None,
    )


# The import's state, passed down: the transaction, its stamp, its hooks, its date, sources.
def _import_all(  # noqa: PLR0913
    conn: Connection,
    identified: Sequence[PreparedDocument],
    *,
    imported_at: str,
    on_progress: ProgressCallback | None,
    on_version: VersionHook | None,
    entered: EnteredDate | None = None,
    sources: Sequence[OfficialSource | None] = (),
    on_fact: FactHook | None = None,
) -> list[ImportResult]:
    results: list[ImportResult] = []
    for count, item in enumerate(identified, start=1):
        recorded = _Recorded(entered, sources[count - 1] if sources else None, on_fact)
        try:
            results.append(
                _import_one(
                    conn, item, imported_at=imported_at, on_version=on_version, given=recorded
                )
            )
        # sqlite3 raises a bare OverflowError, outside SQLAlchemy's wrapping,
        # for an integer beyond 64 bits (e.g. a misread level).
        except (SQLAlchemyError, OverflowError) as exc:
            # Name the document; raising inside the transaction rolls it back.
            raise RegistryError(
                f"{item.source_name}: the database refused the document, nothing was stored: {exc}"
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


@dataclass(frozen=True)
class _Recorded:
    """What a person gave for a text of the import: its effective date, its official source
    (and where a held version's changed facts are reported, for the audit log)."""

    entered: EnteredDate | None
    official: OfficialSource | None
    on_fact: FactHook | None = None


def _import_one(
    conn: Connection,
    item: PreparedDocument,
    *,
    imported_at: str,
    on_version: VersionHook | None,
    given: _Recorded,
) -> ImportResult:
    key = item.key
    standard_id = repo.find_standard_id(conn, key)
    status: ImportStatus
    if standard_id is None:
        standard_id = repo.insert_standard(conn, {"key": key, **item.description})
        status = "created"
    else:
        existing = repo.find_version(conn, standard_id, item.identity)
        if existing is not None:
            return _unchanged(conn, item, standard_id, existing, given)
        repo.update_standard(conn, standard_id, item.description)
        status = "new-version"
    document_json = item.document_json
    doc = item.document(document_json)
    dates = _new_dates(doc, given.entered)
    version = repo.next_version(conn, standard_id)
    version_id = repo.insert_version(
        conn,
        {
            "standard_id": standard_id,
            "version": version,
            "identity_sha256": item.identity,
            "source_sha256": item.source_sha256,
            "source_name": item.source_name,
            "imported_at": imported_at,
            "card_count": item.cards,
            "document_json": document_json,
            "frame_json": frame_json(doc),
            **dates,
            **official_columns(given.official),
        },
    )
    repo.insert_cards(conn, card_rows(version_id, doc))
    repo.insert_elements(conn, element_rows(version_id, doc))
    if on_version is not None:
        on_version(conn, StoredVersion(standard_id, version_id, doc, item.identity))
    return ImportResult(
        key,
        version,
        status,
        item.cards,
        item.source_name,
        effective_from=dates["effective_from"],
        effective_basis=dates["effective_basis"],
        official_url=given.official.url if given.official else None,
    )


def _new_dates(doc: Document, entered: EnteredDate | None) -> Row:
    """A new version's effective columns: the date entered, else the one its orders propose."""
    if entered is not None:
        on: str | None = entered.on.isoformat()
        return {"effective_from": on, "effective_basis": "entered", "effective_note": entered.note}
    on = proposed_date(doc)
    basis = "order" if on is not None else "unknown"
    return {"effective_from": on, "effective_basis": basis, "effective_note": None}


def _unchanged(
    conn: Connection,
    item: PreparedDocument,
    standard_id: int,
    version: int,
    given: _Recorded,
) -> ImportResult:
    """A text already held: unchanged, but an entered date or source sets (or confirms) it.

    ``dated`` and ``sourced`` say whether that changed what was recorded: the same
    date or source given again changes nothing, so the registry's generation (and
    with it every cache and the match index file) stays as it was.
    """
    dated = sourced = False
    subject = f"{item.key}@{version}"
    if given.entered is not None:
        _refuse_other_entered_date(conn, item, standard_id, version, given.entered)
        before, after = set_effective_date(conn, standard_id, version, given.entered, key=item.key)
        dated = _report(given, conn, "version.effective-date", subject, before, after)
    if given.official is not None:
        before, after = set_official_source(
            conn, standard_id, version, given.official, key=item.key
        )
        sourced = _report(given, conn, "version.official-source", subject, before, after)
    held = repo.version_dates(conn, standard_id, version)
    return ImportResult(
        item.key,
        version,
        "unchanged",
        item.cards,
        item.source_name,
        effective_from=held.effective_from,
        effective_basis=held.effective_basis,
        dated=dated,
        official_url=held.official_url,
        sourced=sourced,
    )


def _refuse_other_entered_date(
    conn: Connection, item: PreparedDocument, standard_id: int, version: int, on: EnteredDate
) -> None:
    """A date a person entered is changed only by a person, as
    :meth:`~kasip.store.edition_dates.Counterpart.action_for` has it for the other edition."""
    held = repo.version_dates(conn, standard_id, version)
    if held.effective_basis == "entered" and held.effective_from != on.on.isoformat():
        raise InvalidInput(
            f"{item.source_name}: {item.key} version {version} already has the effective "
            f"date {held.effective_from} entered by a person, not {on.on.isoformat()}; "
            "nothing was imported (change it with kasip versions --set-effective-date)"
        )


# One keyword per part of the audit row.
def _report(  # noqa: PLR0913
    given: _Recorded,
    conn: Connection,
    action: str,
    subject: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> bool:
    """Report a changed fact to ``given.on_fact``; whether it changed at all."""
    if before == after:
        return False
    if given.on_fact is not None:
        given.on_fact(conn, action, subject, before, after)
    return True


def _description(doc: Document) -> Row:
    """The ``standards`` columns that follow the latest version."""
    std = doc.standard
    return {
        "title": std.title,
        "language": std.language,
        "order_number": std.order.number,
        "order_date": std.order.date,
    }
