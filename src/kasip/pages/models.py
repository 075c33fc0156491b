"""The data of each page and API resource: frozen pydantic models.

They are what the JSON twins and the REST API return and what the templates
render, so they hold data only: no translated labels, no markup. URLs in them
are paths of the HTML pages (``/cards/2635-3-001@5``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kasip.model import (
    Abbreviation,
    Amendment,
    Language,
    Occupation,
    Order,
    Passport,
    ProfessionCard,
    SourceInfo,
    SourceSpan,
    Term,
)
from kasip.model.elements import Element
from kasip.model.official import OfficialSource
from kasip.model.vocabulary import QUALIFICATION_LEVELS, ElementType
from kasip.store.records import EffectiveBasis


class PageModel(BaseModel):
    """What every page builder returns: frozen, and no field it does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class StandardRef(PageModel):
    """Which standard a page shows: its key, title, language and order."""

    key: str
    title: str
    language: Language
    order: Order
    url: str


class Edition(PageModel):
    """A text of the same order in one language (a standard of its own)."""

    language: Language
    standard: str
    url: str


class StandardItem(PageModel):
    """A standard in a list, described by its latest version."""

    key: str
    title: str
    language: str
    order_number: str | None
    order_date: str | None
    latest_version: int
    versions: int
    cards: int
    url: str


class VersionItem(PageModel):
    """A stored version of a standard, and when it took effect (see ``VersionPeriodItem``)."""

    version: int
    imported_at: str
    source_name: str
    source_sha256: str
    cards: int
    url: str
    effective_from: str | None = None
    effective_basis: EffectiveBasis = "unknown"
    # Where its official text is published; None: not recorded (issue 15, item 6).
    official_source: OfficialSource | None = None


class VersionPeriodItem(PageModel):
    """A version on a standard's timeline: when it took effect and until when.

    ``effective_basis`` says how the date is known: ``entered`` (confirmed by
    a person), ``order`` (only proposed from the order's date: the act takes
    effect after its publication) or ``unknown``. ``until`` is the day the
    next version took effect (``None``: still in force, or undated);
    ``superseded_at_once``: another version took effect the same day, so this
    one never was in force. ``compare_url`` shows what it changed from the
    version before it.
    """

    version: int
    url: str
    effective_from: str | None
    effective_basis: EffectiveBasis
    effective_note: str | None
    until: str | None
    superseded_at_once: bool
    # The day before ``until``: on ``until`` the next version is the one in force.
    last_day: str | None = None
    in_force_today: bool
    shown: bool
    compare_url: str | None


class OtherEditionDate(PageModel):
    """The other-language edition's latest version and its date, where it differs.

    ``effective_from`` / ``effective_basis`` are the other edition's;
    ``own_from`` / ``own_basis`` this edition's latest version's.
    """

    standard: str
    language: Language
    url: str
    version: int
    effective_from: str | None
    effective_basis: EffectiveBasis
    own_version: int
    own_from: str | None
    own_basis: EffectiveBasis


class CardItem(PageModel):
    """A profession card in a list."""

    id: str
    standard: str
    language: Language
    code: str | None
    level: int | None
    name: str
    title: str
    url: str


class LevelLink(PageModel):
    """A qualification level and how many cards the registry has at it."""

    level: int
    cards: int
    url: str


class _ListPage(PageModel):
    count: int
    page: int
    per_page: int


class StandardsPage(_ListPage):
    """A page of standards: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[StandardItem, ...]


class VersionsPage(_ListPage):
    """A page of a standard's versions, oldest first."""

    data: tuple[VersionItem, ...]


class CardsPage(_ListPage):
    """A page of cards matching a filter; ``count`` counts all matches."""

    data: tuple[CardItem, ...]


class HomePage(PageModel):
    """The home page: the standards, quick links by level, search results.

    ``results`` is ``None`` unless a search (``q``) or a level was asked for;
    it holds at most the first ``limit`` of ``count`` matching cards.
    """

    standards: tuple[StandardItem, ...]
    levels: tuple[LevelLink, ...]
    q: str | None
    level: int | None
    results: tuple[CardItem, ...] | None
    count: int
    limit: int


class TimelineEvent(PageModel):
    """One order in the life of a standard: the approving one or an amending one."""

    kind: Literal["approved", "amended"]
    order_number: str | None
    order_date: str | None
    amendments: tuple[Amendment, ...]


class LadderCell(PageModel):
    level: int
    cards: tuple[CardItem, ...]


class LadderRow(PageModel):
    """One occupation code across the qualification levels 1-8, and its career ladder page."""

    code: str | None
    url: str | None
    name: str
    cells: tuple[LadderCell, ...]


class StandardPage(PageModel):
    """A standard: passport, terms, amendment timeline, cards on the ladder."""

    standard: StandardRef
    version: int
    latest_version: int
    versions: tuple[VersionItem, ...]
    languages: tuple[Language, ...]
    editions: tuple[Edition, ...]
    legal_basis: str
    passport: Passport
    terms: tuple[Term, ...]
    abbreviations: tuple[Abbreviation, ...]
    occupations: tuple[Occupation, ...]
    timeline: tuple[TimelineEvent, ...]
    levels: tuple[int, ...] = QUALIFICATION_LEVELS
    ladder: tuple[LadderRow, ...]
    unlevelled: tuple[CardItem, ...]
    cards: tuple[CardItem, ...]
    source: SourceInfo
    history_url: str
    # The shown version's effective date, the day asked for (``?as_of=``) and
    # every version's period in force (issue 15, item 7).
    effective_from: str | None = None
    effective_basis: EffectiveBasis = "unknown"
    in_force_on: str | None = None
    in_force: tuple[VersionPeriodItem, ...] = ()
    # Set only when the other-language edition's latest version took effect on
    # another day than this one's: one order takes effect once for both texts.
    other_edition_date: OtherEditionDate | None = None
    # The parity check of the two editions, when the registry holds the other one.
    parity_url: str | None = None
    # Where the shown version's official text is published; None: not recorded,
    # so the text is shown as imported, not as official (issue 15, item 6).
    official_source: OfficialSource | None = None


class RelatedLink(PageModel):
    """A related occupation of a card, with the cards it names where found."""

    level: int | None
    level_as_written: str
    names: tuple[str, ...]
    cards: tuple[CardItem, ...]


class CompareLink(PageModel):
    """Another card of the same occupation code, and the comparison of the two.

    The comparison runs from the lower level to the higher one.
    """

    card: CardItem
    url: str


class CardPage(PageModel):
    """A profession card with its standard and links to related cards.

    ``languages`` are the languages the card is published in (the texts of
    its order that hold a card with this ID); ``same_code`` the other cards
    of its occupation code in the standard, by level; ``compare`` the cards
    of the nearest level below and above, with their comparisons;
    ``ladder_url`` the career ladder of its occupation code (none when the
    code cannot be read as one); ``history_url`` the standard's history.
    """

    card: ProfessionCard
    standard: StandardRef
    version: int
    latest_version: int
    languages: tuple[Language, ...]
    editions: tuple[Edition, ...]
    same_code: tuple[CardItem, ...]
    related: tuple[RelatedLink, ...]
    compare: tuple[CompareLink, ...]
    source: SourceInfo
    url: str
    pdf_url: str
    ladder_url: str | None
    history_url: str
    effective_from: str | None = None
    effective_basis: EffectiveBasis = "unknown"
    in_force_on: str | None = None
    # The card in the edition of the page's language, when another edition is shown.
    page_edition: Edition | None = None
    # The card beside its counterpart in the other edition, when the registry holds it.
    editions_url: str | None = None
    # Where the shown version's official text is published (None: not recorded).
    official_source: OfficialSource | None = None


class ElementPage(PageModel):
    """One element by its stable ID: what it is, where it stands, its card."""

    id: str
    type: ElementType
    text: str
    card_id: str | None
    parent_id: str | None
    standard: StandardRef
    version: int
    span: SourceSpan
    url: str
    element: Element
