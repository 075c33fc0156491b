"""The registry: the one object the CLI, the web application and library users talk to.

A :class:`Registry` is the :class:`~kasip.store.Store` (versioned standards in
SQLite or PostgreSQL) plus what is derived from it: the search index, kept by
:mod:`kasip.search.indexer` inside each import's transaction, and the
in-memory statistics that search and matching read (cached per state of the
index). The store below knows nothing of either.

Example:
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     [hit.element.id for hit in reg.search("маман").hits][:1]
    ['2635-3-001@6']
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kasip.accounts import audit
from kasip.config import resolve_database_url
from kasip.errors import RegistryError
from kasip.match.engine import match_text
from kasip.match.index import MatchIndex
from kasip.match.mapped import match_directory
from kasip.match.models import MatchResult
from kasip.match.reading import Reading, Readings
from kasip.match.stored import (
    MatchFiles,
    ensure_current_pieces,
    pieces_are_current,
    write_piece,
)
from kasip.model import Document
from kasip.model.official import OfficialSource
from kasip.search import engine as search_engine
from kasip.search import indexer
from kasip.search.backend import Filters
from kasip.search.editions import edition_partners
from kasip.search.models import SearchResult
from kasip.search.snapshot import GENERATION_KEY, GenerationCache, Snapshot, load_snapshot
from kasip.search.statistics import TokenCounts, write_tokens
from kasip.store import (
    PreparedDocument,
    StandardSummary,
    Store,
    StoredVersion,
    display_url,
    open_engine,
)
from kasip.store.db import writing
from kasip.store.edition_dates import EditionDateChange, find_counterpart, other_edition_key
from kasip.store.effective import EnteredDate, set_effective_date
from kasip.store.importer import ProgressCallback, import_documents, prepare_documents
from kasip.store.meta import AsyncMetaReader, MetaReader
from kasip.store.official import OfficialSources, set_official_source
from kasip.store.records import ImportResult, VersionSummary
from kasip.store.repo import list_standards, require_standard_id, stored_texts
from kasip.store.store import maintain

__all__ = ["Registry", "StandardsIndex", "open_registry"]

logger = logging.getLogger(__name__)


def open_registry(url: str | None = None) -> Registry:
    """Open (and create or upgrade, if needed) the registry at ``url``.

    Args:
        url: A SQLAlchemy URL; ``None`` means ``KASIP_DATABASE_URL`` or the
            per-user default (see :func:`kasip.config.resolve_database_url`).
            ``"sqlite://"`` gives a private in-memory registry.

    Returns:
        The registry; close it, or use it as a context manager.

    Raises:
        RegistryError: The database cannot be opened or migrated.

    Example:
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     [r.status for r in reg.import_documents([make_document()] * 2)]
        ['created', 'unchanged']
    """
    resolved = resolve_database_url(url)
    engine = open_engine(resolved)
    try:
        if maintain(engine, _derived_are_current, _ensure_current_derived):
            logger.info("the search index or match pieces were remade for this version of kasip")
    except SQLAlchemyError as exc:
        engine.dispose()
        raise RegistryError(f"cannot open the registry at {display_url(resolved)}: {exc}") from exc
    return Registry(engine, match_files=MatchFiles(match_directory(resolved)))


def _derived_are_current(conn: Connection) -> bool:
    return indexer.keys_are_current(conn) and pieces_are_current(conn)


def _ensure_current_derived(conn: Connection) -> bool:
    keyed = indexer.ensure_current_keys(conn)
    pieces = ensure_current_pieces(conn)
    if pieces and not keyed:
        indexer.bump_generation(conn)  # processes holding a match index reload it
    return keyed or pieces


@dataclass(frozen=True)
class StandardsIndex:
    """Every standard's summary, and the same looked up by key and by approving order.

    Kept per state of the registry: every page's links ask for it, and at 700
    standards a scan of the list per link was a good part of a card page.
    """

    all: tuple[StandardSummary, ...]
    by_key: Mapping[str, StandardSummary]
    by_order: Mapping[tuple[str, str], tuple[StandardSummary, ...]]
    # The keys that have another language's edition of their order, with those
    # editions (kasip.search.editions): empty when every order has one text.
    editions: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, summaries: Sequence[StandardSummary]) -> StandardsIndex:
        by_order: dict[tuple[str, str], list[StandardSummary]] = {}
        for s in summaries:
            if s.order_number and s.order_date:
                by_order.setdefault((s.order_number, s.order_date), []).append(s)
        return cls(
            tuple(summaries),
            {s.key: s for s in summaries},
            {order: tuple(found) for order, found in by_order.items()},
            edition_partners(s.key for s in summaries),
        )


def _standards(conn: Connection) -> StandardsIndex:
    return StandardsIndex.of(list_standards(conn))


class Registry(Store):
    """The store of standards, searchable and matchable.

    Reads and imports are the :class:`~kasip.store.Store`'s; an import also
    indexes each new version for search, in the same transaction.
    """

    def __init__(self, engine: Engine, *, match_files: MatchFiles | None = None) -> None:
        """Wrap an engine whose schema is at the newest revision and whose index is current.

        ``match_files`` keeps the joined match index of each state as a file that
        every process maps (:mod:`kasip.match.mapped`); by default it is kept in
        this process's memory only.
        """
        super().__init__(engine)
        self._match_files = match_files or MatchFiles(None)
        # The statistics load in milliseconds (one row per token): readers wait for
        # them, so an answer is never made with an earlier state's weights.
        self._snapshots = GenerationCache(load_snapshot, stale_while_loading=False)
        self._match_indexes = GenerationCache(self._load_match_index, stale_while_loading=True)
        self._standards = GenerationCache(_standards, stale_while_loading=False)
        self._meta = MetaReader(engine)
        # PostgreSQL: the generation read on a web worker's event loop (generation_on_loop).
        self._loop_meta = (
            AsyncMetaReader(engine.url) if engine.dialect.name == "postgresql" else None
        )

    def import_documents(
        self,
        docs: Sequence[Document | PreparedDocument],
        *,
        on_progress: ProgressCallback | None = None,
        entered: EnteredDate | None = None,
        official: OfficialSources | None = None,
    ) -> list[ImportResult]:
        """Import documents, all in one transaction (see :meth:`Store.import_documents`).

        Many new texts are read for search and matching in worker processes
        while this one writes (:class:`~kasip.match.reading.Readings`).
        """
        texts = prepare_documents(docs)
        with self._reading() as conn:
            held = stored_texts(conn, [(t.key, t.identity) for t in texts])
        fresh = [t for t in texts if (t.key, t.identity) not in held]
        # The token counts of all the import's standards, written once at its end.
        counts = TokenCounts()
        with Readings.for_import(fresh) as readings:

            def store_reading(conn: Connection, stored: StoredVersion) -> None:
                reading = readings.take(stored.identity, stored.doc)
                self._store(conn, stored, reading, counts)

            def finish(conn: Connection) -> None:
                # Once per import and last: readers reload their statistics when it
                # commits, and on PostgreSQL other imports wait here only until then.
                write_tokens(conn, counts)
                indexer.bump_generation(conn)

            return import_documents(
                self.engine,
                texts,
                on_progress=on_progress,
                on_version=store_reading,
                on_imported=finish,
                entered=entered,
                official=official,
                on_fact=audit.record_import,
            )

    def set_effective_date(
        self, key: str, version: int, entered: EnteredDate, *, actor: str = "cli"
    ) -> VersionSummary:
        """Enter (or confirm) the day a stored version took effect (this edition only); audited.

        One transaction: the version's date, a row in the audit log (who,
        before, after), and a new generation, so cached pages show it.
        Returns the version as now stored.

        Args:
            key: The standard's key.
            version: The version number.
            entered: The day and an optional note (its source).
            actor: Who enters it, for the audit log.

        Raises:
            NotFound: No such standard or version.
            InvalidInput: The day is before the approving order's date.
        """
        return self.set_order_effective_date(key, version, entered, actor=actor, editions=False).own

    def set_official_source(
        self, key: str, version: int, source: OfficialSource, *, actor: str = "cli"
    ) -> VersionSummary:
        """Record where a stored version's official text is published; audited.

        One transaction, as :meth:`set_effective_date`: the version's source, a
        row in the audit log (who, before, after), and a new generation.
        Returns the version as now stored.

        Args:
            key: The standard's key.
            version: The version number.
            source: The official URL and an optional note
                (:func:`kasip.model.official.official_source` checks them).
            actor: Who records it, for the audit log.

        Raises:
            NotFound: No such standard or version.
        """
        return self._set_version_fact(
            key,
            version,
            "version.official-source",
            lambda conn, standard_id: set_official_source(
                conn, standard_id, version, source, key=key
            ),
            actor=actor,
        )

    def set_order_effective_date(
        self,
        key: str,
        version: int,
        entered: EnteredDate,
        *,
        actor: str = "cli",
        editions: bool = True,
    ) -> EditionDateChange:
        """Enter a version's date, and the other edition's of the same text state; audited.

        One order takes effect once for both texts: the other edition's version
        naming the same orders (:mod:`kasip.store.edition_dates`) gets the date
        too, in one transaction, unless a person entered another for it (or
        ``editions`` is false: this version only, as :meth:`set_effective_date`).

        Raises:
            NotFound: No such standard or version.
            InvalidInput: The day is before the approving order's date.
        """
        keys = [key, *filter(None, [other_edition_key(key)])]
        with writing(self.engine, standards=keys) as conn:
            _audited(conn, key, version, entered, actor=actor)
            counterpart = find_counterpart(conn, key, version) if editions else None
            action = counterpart.action_for(entered.on) if counterpart else None
            if counterpart is not None and action == "set":
                _audited(conn, counterpart.key, counterpart.version, entered, actor=actor)
            indexer.bump_generation(conn)
        own = next(v for v in self.versions(key) if v.version == version)
        return EditionDateChange(own, counterpart, action)

    def _set_version_fact(
        self,
        key: str,
        version: int,
        action: str,
        change: Callable[[Connection, int], tuple[dict[str, Any], dict[str, Any]]],
        *,
        actor: str,
    ) -> VersionSummary:
        """Change what is recorded of a stored version: ``change`` gives (before, after);
        the audit row and a new generation go in the same transaction."""
        with writing(self.engine, standards=[key]) as conn:
            before, after = change(conn, require_standard_id(conn, key))
            audit.record(
                conn, actor=actor, action=action, subject=f"{key}@{version}",
                before=before, after=after,
            )  # fmt: skip
            indexer.bump_generation(conn)
        return next(v for v in self.versions(key) if v.version == version)

    def _store(
        self, conn: Connection, stored: StoredVersion, reading: Reading, counts: TokenCounts
    ) -> None:
        # One reading of the text serves search and matching.
        ids = {"standard_id": stored.standard_id, "version_id": stored.version_id}
        indexer.index_version(conn, **ids, entries=reading.entries, counts=counts)
        write_piece(conn, **ids, data=reading.piece)

    def list_standards(self) -> list[StandardSummary]:
        """List every standard, described by its latest version, ordered by key.

        Kept per state of the registry: every page's links ask for it.
        """
        return list(self.standards_index().all)

    def standards_index(self) -> StandardsIndex:
        """Every standard's summary, also by key and by order (kept per registry state)."""
        with self._reading() as conn:
            return self._standards.get(conn)

    def search(  # noqa: PLR0913 - one keyword per filter
        self,
        query: str,
        *,
        standard: str | None = None,
        level: int | None = None,
        types: Sequence[str] = (),
        limit: int = 20,
        language: str | None = None,
    ) -> SearchResult:
        """Search every element of the latest versions (see :mod:`kasip.search`).

        When the registry holds the Kazakh and the Russian text of one order, an
        element both hold is one hit, shown in the edition of ``language`` (else
        the one that scored best, whose score it takes), the other named beside
        it (:mod:`kasip.search.editions`).

        Args:
            query: Words in Kazakh or Russian, in any form; typos are tolerated.
            standard: Only this standard's elements (shown in it, whatever ``language``).
            level: Only elements of cards at this qualification level.
            types: Only these element types (``card``, ``skill``, ...).
            limit: The most hits to return.
            language: The edition to show a hit in when both hold it (kk or ru).

        Raises:
            NotFound: ``standard`` is given and no standard has that key.
            ValueError: An unknown element type.
        """
        filters = Filters(standard=standard, level=level, types=search_engine.check_types(types))
        with self._reading() as conn:
            if standard is not None:
                require_standard_id(conn, standard)
            snapshot = self._snapshots.get(conn)
            arrays = self._match_indexes.get(conn).search
            partners = self._standards.get(conn).editions
            editions = (
                search_engine.Editions(partners, None if standard is not None else language)
                if partners
                else None
            )
            return search_engine.search(
                conn,
                snapshot,
                query,
                arrays=arrays,
                filters=filters,
                limit=limit,
                editions=editions,
            )

    def match(self, text: str, *, limit: int = 5, language: str | None = None) -> MatchResult:
        """Rank the cards a free text (vacancy, CV, job description) fits.

        See :mod:`kasip.match.engine`; Russian text meets Kazakh cards through
        the lexicon and back, and the Russian edition's cards word for word
        when the registry holds it: a card of both editions is one match, shown
        in the edition of ``language``, else of the text's language
        (:mod:`kasip.match.editions`). ``confident`` is False when no card fits well.
        """
        with self._reading() as conn:
            index = self._match_indexes.get(conn)
        return match_text(text, index, limit=limit, language=language)

    def match_index(self) -> MatchIndex:
        """The match index of the registry's present state (loaded once per state).

        For capabilities that score texts against chosen cards themselves, such
        as curriculum alignment (:mod:`kasip.curriculum`), which may not import
        the registry.
        """
        with self._reading() as conn:
            return self._match_indexes.get(conn)

    def _load_match_index(self, conn: Connection) -> MatchIndex:
        # Matching reads words with the search snapshot's analyser (same vocabulary).
        return self._match_files.load(conn, self._snapshots.get(conn).analyzer)

    def warm_up(self) -> None:
        """Load what searches and matches read (statistics, match index) now.

        ``kasip serve`` calls it before it accepts requests, and ``kasip import``
        after an import, which writes the joined match index's file for the
        next processes to map (about a second at 700 standards; then milliseconds).
        """
        with self._reading() as conn:
            self._standards.get(conn)
            self._match_indexes.get(conn)

    def reindex(self) -> int:
        """Rebuild the search index of every standard's latest version, in one transaction.

        Opening a registry already re-keys an index made by another analysis;
        this is for repairs and for measuring the index build.

        Returns:
            The number of entries written.
        """
        try:
            with writing(self.engine) as conn:
                return indexer.rebuild_index(conn)
        except SQLAlchemyError as exc:
            raise RegistryError(f"the search index could not be rebuilt: {exc}") from exc

    @property
    def generation_is_local(self) -> bool:
        """Whether :meth:`generation` reads a file on this machine (SQLite: about
        10 µs) rather than asking a server (a query)."""
        return self._meta.local

    async def generation_on_loop(self) -> int:
        """:meth:`generation`, for an event loop: on PostgreSQL read on the loop
        itself, never blocking it (:class:`~kasip.store.meta.AsyncMetaReader`);
        elsewhere the same read as :meth:`generation`.

        Raises:
            RegistryError: The database cannot be read.
        """
        if self._loop_meta is None:
            return self.generation()
        return int(await self._loop_meta.read(GENERATION_KEY) or 0)

    async def close_loop_reads(self) -> None:
        """Close what :meth:`generation_on_loop` opened on this loop (a worker's end)."""
        if self._loop_meta is not None:
            await self._loop_meta.aclose()

    def generation(self) -> int:
        """A number that grows with every change of the registry's content, by any process.

        Every import of a new version bumps it (in the import's transaction),
        so caches of anything read from the registry may be kept while it
        stays the same. Cheap on a SQLite file (about 10 µs): read once per
        web request by :mod:`kasip.http.cache`.

        Raises:
            RegistryError: The database cannot be read.
        """
        try:
            return int(self._meta.read(GENERATION_KEY) or 0)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise RegistryError(f"the registry query failed: {exc}") from exc

    def close(self) -> None:
        """Release the database connections."""
        self._meta.close()
        super().close()

    def search_snapshot(self) -> Snapshot:
        """The index statistics search and matching share (cached per registry state)."""
        with self._reading() as conn:
            return self._snapshots.get(conn)


def _audited(conn: Connection, key: str, version: int, entered: EnteredDate, *, actor: str) -> None:
    """Enter ``key@version``'s date with its audit row, inside the caller's transaction."""
    standard_id = require_standard_id(conn, key)
    before, after = set_effective_date(conn, standard_id, version, entered, key=key)
    audit.record(conn, actor=actor, action="version.effective-date", subject=f"{key}@{version}",
                 before=before, after=after)  # fmt: skip
