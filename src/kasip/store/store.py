"""The store: versioned standards in a database, read and written through one object.

:class:`Store` owns an engine and delegates: SQL to :mod:`kasip.store.repo`
and :mod:`kasip.store.lookup`, importing to :mod:`kasip.store.importer`,
schema upgrades to :mod:`kasip.store.migrate`. It knows nothing of search or
matching: :class:`kasip.registry.Registry` builds on it and adds them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kasip.config import Settings, resolve_database_url
from kasip.errors import NotFound, RegistryError
from kasip.model import Document, ProfessionCard
from kasip.model.elements import ElementRef, walk
from kasip.store import importer, lookup, repo
from kasip.store.db import (
    ensure_sqlite_directory,
    lock_timeout_of,
    make_engine,
    retry_while_busy,
    writing,
)
from kasip.store.effective import EnteredDate, version_in_force
from kasip.store.importer import PreparedDocument, ProgressCallback
from kasip.store.migrate import upgrade_to_head
from kasip.store.official import OfficialSources
from kasip.store.records import (
    CardLocation,
    CardSummary,
    CardView,
    ElementLocation,
    ImportResult,
    StandardSummary,
    VersionSummary,
)
from kasip.store.rows import ensure_current_rows, rows_are_current

logger = logging.getLogger(__name__)


def display_url(url: str) -> str:
    """The URL with any password masked, for messages.

    Example:
        >>> display_url("postgresql://kasip:secret@db/kasip")
        'postgresql://kasip:***@db/kasip'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_engine(url: str | None = None, *, lock_timeout: float | None = None) -> Engine:
    """Open the database at ``url``: its schema at the newest revision, its rows current.

    Args:
        url: A SQLAlchemy URL; ``None`` means ``KASIP_DATABASE_URL`` or the
            per-user default (see :func:`kasip.config.resolve_database_url`).
            ``"sqlite://"`` gives a private in-memory database.
        lock_timeout: Seconds a write (an import) waits for the writes before
            it; ``None`` means ``KASIP_LOCK_TIMEOUT`` or 600.

    Returns:
        The engine; dispose of it when done.

    Raises:
        RegistryError: The database cannot be opened or migrated.
    """
    resolved = resolve_database_url(url)
    shown = display_url(resolved)
    try:
        ensure_sqlite_directory(resolved)
        if lock_timeout is None:
            lock_timeout = Settings().lock_timeout
        engine = make_engine(resolved, lock_timeout=lock_timeout)
    except (OSError, SQLAlchemyError) as exc:
        raise RegistryError(f"cannot open the registry at {shown}: {exc}") from exc
    try:
        retry_while_busy(lambda: upgrade_to_head(engine), timeout=lock_timeout)
        if maintain(engine, rows_are_current, ensure_current_rows):
            logger.info("the registry's derived rows were rebuilt for this version of kasip")
    except SQLAlchemyError as exc:
        engine.dispose()
        raise RegistryError(f"cannot open the registry at {shown}: {exc}") from exc
    return engine


def maintain(
    engine: Engine, is_current: Callable[[Connection], bool], update: Callable[[Connection], bool]
) -> bool:
    """Bring derived data up to date when a registry is opened, once across processes.

    Looks with ``is_current`` first, without the writer lock (opening a
    current registry must not wait for an import), then runs ``update``
    under it; ``update`` checks again, as another process may have done it.
    Both begin again when SQLite answers busy at once (:func:`retry_while_busy`).

    Returns:
        What ``update`` returned (whether it changed anything), or False.
    """

    def look_then_update() -> bool:
        with engine.connect() as conn:
            if is_current(conn):
                return False
        with writing(engine) as conn:
            return update(conn)

    return retry_while_busy(look_then_update, timeout=lock_timeout_of(engine))


def open_store(url: str | None = None) -> Store:
    """Open (and create or upgrade, if needed) the store at ``url``.

    Most callers want :func:`kasip.registry.open_registry`, which also keeps
    the search index; see :func:`open_engine` for ``url``.

    Raises:
        RegistryError: The database cannot be opened or migrated.

    Example:
        >>> from kasip.testing import make_document
        >>> with open_store("sqlite://") as store:
        ...     [r.status for r in store.import_documents([make_document()] * 2)]
        ['created', 'unchanged']
    """
    return Store(open_engine(url))


class Store:
    """Versioned store of parsed standards.

    Every method opens its own transaction (several reads share one inside
    :meth:`reading`); reads see the latest version of each standard unless a
    version is asked for. A read sees the registry as it was when the read
    began: an import is seen whole or not at all.
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine whose schema is already at the newest revision."""
        self._engine = engine
        # One snapshot per read, as SQLite's WAL gives: a search's several
        # queries must not see an import that committed between them.
        self._read_engine = (
            engine.execution_options(isolation_level="REPEATABLE READ")
            if engine.dialect.name == "postgresql"
            else engine
        )
        # The connection of the :meth:`reading` block this context is in, if any.
        self._held: ContextVar[Connection | None] = ContextVar(
            f"kasip_read_{id(self)}", default=None
        )

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and tools that need raw access)."""
        return self._engine

    def import_documents(
        self,
        docs: Sequence[Document | PreparedDocument],
        *,
        on_progress: ProgressCallback | None = None,
        entered: EnteredDate | None = None,
        official: OfficialSources | None = None,
    ) -> list[ImportResult]:
        """Import parsed documents, all in one transaction.

        See :func:`kasip.store.importer.import_documents`.

        Args:
            docs: The documents, or documents prepared by
                :func:`~kasip.store.importer.prepare_document` (held compactly).
            on_progress: Called with the number of documents handled so far.
            entered: The effective date of every text (default: proposed from its orders).
            official: Where the official text is published (one for all, or one per text).

        Returns:
            One :class:`ImportResult` per document, in order.

        Raises:
            ImportRejected: A document has error diagnostics; nothing is stored.
            RegistryError: The database failed; nothing is stored.
        """
        return importer.import_documents(
            self._engine, docs, on_progress=on_progress, entered=entered, official=official
        )

    def list_standards(self) -> list[StandardSummary]:
        """List every standard, described by its latest version, ordered by key."""
        with self._reading() as conn:
            return repo.list_standards(conn)

    def versions(self, key: str) -> list[VersionSummary]:
        """List the versions of one standard, oldest first.

        Raises:
            NotFound: No standard has that key.
        """
        with self._reading() as conn:
            return repo.list_versions(conn, key)

    def version_in_force(self, key: str, day: date) -> VersionSummary:
        """The version of ``key`` in force on ``day``: see :mod:`kasip.store.effective`.

        Raises:
            NotFound: No such standard, or no version of it was in force on ``day``.

        Example:
            >>> from kasip.testing import make_document
            >>> with open_store("sqlite://") as store:
            ...     _ = store.import_documents([make_document()])
            ...     store.version_in_force("292-2019-05-30-kk", date(2020, 1, 1)).effective_basis
            'order'
        """
        return version_in_force(key, self.versions(key), day)

    def list_cards(self, *, standard: str | None = None) -> list[CardSummary]:
        """List the cards of the latest versions, by standard key and position.

        Args:
            standard: Only this standard's cards.

        Raises:
            NotFound: ``standard`` is given and unknown.
        """
        with self._reading() as conn:
            return repo.list_cards(conn, standard)

    def find_cards(
        self, code: str, *, level: int | None = None, standard: str | None = None
    ) -> list[ProfessionCard]:
        """Find cards of the latest versions by occupation code.

        Args:
            code: Matched exactly against the normalised code and the code as
                written (``3412-008`` finds a card written so).
            level: Only cards of this qualification level.
            standard: Only cards of this standard (key).

        Returns:
            The matching cards, by standard key and position.

        Raises:
            NotFound: ``standard`` is given and unknown.
        """
        with self._reading() as conn:
            found = repo.find_card_positions(conn, code.strip(), level=level, standard=standard)
            texts = repo.documents_json_by_id(conn, [version_id for version_id, _ in found])
        # Validate only the cards asked for: a whole document takes 3-4 times longer.
        card_lists = {vid: json.loads(text)["cards"] for vid, text in texts.items()}
        return [
            ProfessionCard.model_validate(card_lists[vid][position - 1]) for vid, position in found
        ]

    def search_cards(
        self,
        *,
        standard: str | None = None,
        code: str | None = None,
        level: int | None = None,
        text: str | None = None,
    ) -> list[CardSummary]:
        """Filter the cards of the latest versions, by standard key and position.

        Args:
            standard: Only this standard's cards (key).
            code: Matched exactly against the normalised code and the code as written.
            level: Only cards of this qualification level.
            text: A case-insensitive substring of the name, the title or an
                other name of the card.

        Raises:
            NotFound: ``standard`` is given and unknown.

        Example:
            >>> from kasip.testing import make_card, make_document
            >>> with open_store("sqlite://") as reg:
            ...     _ = reg.import_documents([make_document(cards=[make_card(name="Психолог")])])
            ...     [c.card_id for c in reg.search_cards(text="ПСИХО")]
            ['2635-3-001@6']
        """
        with self._reading() as conn:
            return lookup.search_cards(conn, standard=standard, code=code, level=level, text=text)

    def locate_card(
        self, card_id: str, *, standard: str | None = None, version: int | None = None
    ) -> list[CardLocation]:
        """Find which standards hold a card, by its ID.

        The same ID may be held by several standards (e.g. the Kazakh and the
        Russian text of one order).

        Args:
            card_id: The card's ID, e.g. ``2635-3-001@5``.
            standard: Only in this standard (key).
            version: Only in this version of ``standard`` (default: the latest
                version of each standard).

        Returns:
            The locations, ordered by standard key; empty when none holds it.

        Raises:
            NotFound: ``standard`` is given and unknown.
            ValueError: ``version`` is given without ``standard``.
        """
        if version is not None and standard is None:
            raise ValueError("a version needs a standard")
        with self._reading() as conn:
            found = lookup.locate_card(conn, card_id, standard=standard, version=version)
        return [location for location, _ in found]

    def card_view(
        self, card_id: str, *, standard: str | None = None, version: int | None = None
    ) -> CardView:
        """A card with what its page shows beside it: the first of :meth:`locate_card`.

        Reads the card and its version's frame and card list, not the whole
        document: the same work whatever the size of the registry.

        Raises:
            NotFound: No such card (or standard, or version).
            ValueError: ``version`` is given without ``standard``.
        """
        if version is not None and standard is None:
            raise ValueError("a version needs a standard")
        with self._reading() as conn:
            view = lookup.card_view(conn, card_id, standard=standard, version=version)
        if view is None:
            where = f" in standard {standard!r}" if standard else ""
            raise NotFound(f"no card {card_id!r}{where}")
        return view

    def get_card(
        self, card_id: str, *, standard: str | None = None, version: int | None = None
    ) -> ProfessionCard:
        """Return one card by its ID: the first of :meth:`locate_card`.

        Args:
            card_id: The card's ID.
            standard: From this standard (key); the first by key when ``None``.
            version: From this version of ``standard``; the latest when ``None``.

        Raises:
            NotFound: No such card (or standard, or version).
            ValueError: ``version`` is given without ``standard``.

        Example:
            >>> from kasip.testing import make_document
            >>> with open_store("sqlite://") as reg:
            ...     _ = reg.import_documents([make_document()])
            ...     reg.get_card("2635-3-001@6").level
            6
        """
        if version is not None and standard is None:
            raise ValueError("a version needs a standard")
        return self.card_view(card_id, standard=standard, version=version).card

    def locate_element(
        self, element_id: str, *, standard: str | None = None
    ) -> list[ElementLocation]:
        """Find an element of the latest versions by its ID.

        Every element that has an ID: a card, its parts (functions, tasks,
        skills, knowledge, other names, directory requirements and their
        categories, related occupations, the directory relation, rows kept
        as read) and the standard's terms, abbreviations, occupations and
        amendment notes.

        Args:
            element_id: The ID, e.g. ``2635-3-001@5/f1/t2``, ``2635-3-001@5/dir`` or ``term1``.
            standard: Only in this standard (key).

        Returns:
            The locations, ordered by standard key; empty when none holds it.

        Raises:
            NotFound: ``standard`` is given and unknown.
        """
        with self._reading() as conn:
            return lookup.locate_element(conn, element_id, standard=standard)

    def get_element(self, element_id: str, *, standard: str | None = None) -> ElementRef:
        """Return one element of the latest versions by its ID: the first of :meth:`locate_element`.

        Args:
            element_id: The ID, e.g. ``2635-3-001@5/f1/t2`` or ``term1``.
            standard: From this standard (key); the first by key when ``None``.

        Raises:
            NotFound: No such element (or standard).

        Example:
            >>> from kasip.testing import make_document
            >>> with open_store("sqlite://") as store:
            ...     _ = store.import_documents([make_document()])
            ...     found = store.get_element("2635-3-001@6/f1/t1")
            >>> (found.type, found.parent_id)
            ('task', '2635-3-001@6/f1')
        """
        for location in self.locate_element(element_id, standard=standard):
            doc = self.export_document(location.standard, version=location.version)
            found = next((ref for ref in walk(doc) if ref.id == element_id), None)
            if found is not None:
                return found
        raise NotFound(f"no element {element_id!r}")

    def export_document(self, key: str, *, version: int | None = None) -> Document:
        """Return a stored version of a standard, exactly as it was imported.

        Args:
            key: The standard's key.
            version: The version number; the latest when ``None``.

        Raises:
            NotFound: No such standard or version.
        """
        with self._reading() as conn:
            text = repo.document_json(conn, key, version)
        return Document.model_validate_json(text)

    def export_all(self) -> list[Document]:
        """Return the latest version of every standard, ordered by key."""
        with self._reading() as conn:
            texts = repo.latest_documents_json(conn)
        return [Document.model_validate_json(text) for text in texts]

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Make every read of this store inside the block one read: one connection, one snapshot.

        A page reads the registry several times (the card, the standards beside
        it, their generation): inside the block they share one transaction, so
        they see one state of the registry even while another process imports,
        and on PostgreSQL they cost one connection check-out (its ping, ``BEGIN``
        and ``ROLLBACK``) instead of one each. Held per thread and task (a
        context variable); blocks nest.

        Example:
            >>> from kasip.testing import make_document
            >>> with open_store("sqlite://") as store:
            ...     _ = store.import_documents([make_document()])
            ...     with store.reading():
            ...         store.get_card("2635-3-001@6").level, len(store.list_cards())
            (6, 1)
        """
        if self._held.get() is not None:
            yield
            return
        with self._reading() as conn:
            token = self._held.set(conn)
            try:
                yield
            finally:
                self._held.reset(token)

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        held = self._held.get()
        try:
            if held is not None:
                yield held
                return
            with self._read_engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise RegistryError(f"the registry query failed: {exc}") from exc

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
