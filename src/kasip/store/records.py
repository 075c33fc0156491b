"""Plain result types the registry returns (frozen, JSON-friendly)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kasip.model import Document, ProfessionCard
from kasip.model.official import OfficialSource
from kasip.model.vocabulary import ElementType

ImportStatus = Literal["created", "new-version", "unchanged"]
# How a version's effective date is known (kasip.store.effective).
EffectiveBasis = Literal["entered", "order", "unknown"]


@dataclass(frozen=True)
class ImportResult:
    """What importing one document did.

    Attributes:
        key: The standard's key (see :mod:`kasip.store.keys`).
        version: The version the document is now stored as (1, 2, ...); for
            ``"unchanged"`` the existing version holding the same text.
        status: ``"created"`` (a new standard), ``"new-version"`` (a changed
            text of a known standard) or ``"unchanged"`` (already held).
        cards: The number of profession cards in the document.
        source_name: ``doc.source.name``.
        effective_from: The version's effective date after the import.
        effective_basis: How it is known (:mod:`kasip.store.effective`).
        dated: An entered date was recorded for a version already held.
        official_url: The version's official source after the import (``None``:
            not recorded).
        sourced: An official source was recorded for a version already held.
    """

    key: str
    version: int
    status: ImportStatus
    cards: int
    source_name: str
    effective_from: str | None = None
    effective_basis: EffectiveBasis = "unknown"
    dated: bool = False
    official_url: str | None = None
    sourced: bool = False


@dataclass(frozen=True)
class StandardSummary:
    """One standard in the registry, described by its latest version."""

    key: str
    title: str
    language: str
    order_number: str | None
    order_date: str | None
    latest_version: int
    versions: int
    cards: int


@dataclass(frozen=True)
class VersionSummary:
    """One stored version of a standard, and when it took effect (:mod:`kasip.store.effective`)."""

    version: int
    source_sha256: str
    source_name: str
    imported_at: str
    cards: int
    effective_from: str | None = None
    effective_basis: EffectiveBasis = "unknown"
    effective_note: str | None = None
    official_url: str | None = None
    official_note: str | None = None

    @property
    def official_source(self) -> OfficialSource | None:
        """Where the official text is published; ``None`` when not recorded."""
        if self.official_url is None:
            return None
        return OfficialSource(url=self.official_url, note=self.official_note)


@dataclass(frozen=True)
class CardSummary:
    """One profession card of the latest version of a standard."""

    standard: str
    card_id: str
    code: str | None
    level: int | None
    name: str
    title: str


@dataclass(frozen=True)
class CardLocation:
    """Where a profession card is stored: which standard, version and position.

    Attributes:
        standard: The standard's key.
        language: The standard's language (``kk``, ``ru``, ``unknown``).
        version: The version number.
        position: The card's 1-based position among the version's cards.
        card_id: The card's ID (``2635-3-001@5``).
    """

    standard: str
    language: str
    version: int
    position: int
    card_id: str


@dataclass(frozen=True)
class ElementLocation:
    """Where an element (function, task, item, term, ...) is stored.

    Attributes:
        standard: The standard's key.
        version: The version number.
        element_id: The element's ID (``2635-3-001@5/f1/t2/s3``, ``term1``).
        type: Its type (:data:`kasip.model.vocabulary.ELEMENT_TYPES`).
        card_id: The card it belongs to; ``None`` for standard-level elements.
        parent_id: The ID of its parent element or card, if any.
    """

    standard: str
    version: int
    element_id: str
    type: ElementType
    card_id: str | None
    parent_id: str | None


@dataclass(frozen=True)
class ListedCard:
    """A card of a stored version as the ``cards`` table lists it (without its duties)."""

    summary: CardSummary
    code_as_written: str

    @property
    def occupation_code(self) -> str:
        """Normalised when the parser could, else as written (as ``ProfessionCard``'s)."""
        return self.summary.code or self.code_as_written


@dataclass(frozen=True)
class CardView:
    """What a card's page needs, read without parsing the whole stored document.

    Attributes:
        location: Where the card is stored.
        frame: The version's document without its cards (standard, source, diagnostics).
        card: The card.
        cards: Every card of the version, the card included, in document order.
        holders: The keys of the standards whose latest version holds a card
            of this ID (its other language's edition, say), ordered by key.
    """

    location: CardLocation
    frame: Document
    card: ProfessionCard
    cards: tuple[ListedCard, ...]
    holders: tuple[str, ...]
