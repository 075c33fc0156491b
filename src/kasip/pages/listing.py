"""The home page, the lists of standards, versions and cards, and an element by ID.

Example:
    >>> from kasip.registry import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     home = build_home(reg, q="маман")
    >>> [(s.key, s.cards) for s in home.standards], [c.id for c in home.results or ()]
    ([('292-2019-05-30-kk', 1)], ['2635-3-001@6'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TypeVar

from kasip.errors import NotFound
from kasip.model.elements import ElementRef
from kasip.model.ids import parse_element_id
from kasip.model.vocabulary import QUALIFICATION_LEVELS
from kasip.pages.cache import LoadedDocument, load_document
from kasip.pages.checks import (
    check_level,
    check_paging,
    check_standard_key,
    clean_code,
    clean_query,
)
from kasip.pages.links import Links, anchor, standard_item, standard_ref, version_item
from kasip.pages.models import (
    CardsPage,
    ElementPage,
    HomePage,
    LevelLink,
    StandardsPage,
    VersionsPage,
)
from kasip.pages.reading import one_read
from kasip.registry import Registry

__all__ = [
    "build_cards",
    "build_element",
    "build_home",
    "build_standards",
    "build_versions",
]

DEFAULT_PER_PAGE = 50
HOME_RESULTS_LIMIT = 100

T = TypeVar("T")


def _page_of(items: Sequence[T], page: int, per_page: int) -> tuple[T, ...]:
    start = (page - 1) * per_page
    return tuple(items[start : start + per_page])


@one_read
def build_home(registry: Registry, *, q: str | None = None, level: int | None = None) -> HomePage:
    """Build the home page: standards, quick links by level, and cards found.

    Args:
        registry: The registry.
        q: Search text: a case-insensitive substring of a card's name, title
            or other names.
        level: Only cards of this qualification level.

    Raises:
        InvalidInput: ``level`` is not 1-8, or ``q`` is too long.
    """
    text, level = clean_query(q), check_level(level)
    links = Links.of(registry)
    per_level = Counter(card.level for card in registry.list_cards())
    found = (
        registry.search_cards(text=text, level=level)
        if text is not None or level is not None
        else None
    )
    return HomePage(
        standards=tuple(standard_item(s) for s in links.standards),
        levels=tuple(
            LevelLink(level=n, cards=per_level[n], url=f"/?level={n}") for n in QUALIFICATION_LEVELS
        ),
        q=text,
        level=level,
        results=(
            None if found is None else tuple(links.card_item(c) for c in found[:HOME_RESULTS_LIMIT])
        ),
        count=0 if found is None else len(found),
        limit=HOME_RESULTS_LIMIT,
    )


@one_read
def build_standards(
    registry: Registry, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> StandardsPage:
    """List the standards of the registry, by key, one page at a time.

    Raises:
        InvalidInput: ``page`` or ``per_page`` is out of range.
    """
    check_paging(page, per_page)
    standards = registry.list_standards()
    return StandardsPage(
        data=tuple(standard_item(s) for s in _page_of(standards, page, per_page)),
        count=len(standards),
        page=page,
        per_page=per_page,
    )


@one_read
def build_versions(
    registry: Registry, key: str, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> VersionsPage:
    """List the versions of a standard, oldest first, one page at a time.

    Raises:
        NotFound: No standard has that key.
        InvalidInput: ``page`` or ``per_page`` is out of range.
    """
    check_paging(page, per_page)
    check_standard_key(key)
    versions = registry.versions(key)
    return VersionsPage(
        data=tuple(version_item(key, v) for v in _page_of(versions, page, per_page)),
        count=len(versions),
        page=page,
        per_page=per_page,
    )


@one_read
def build_cards(  # noqa: PLR0913 - one keyword per filter of the card list
    registry: Registry,
    *,
    standard: str | None = None,
    code: str | None = None,
    level: int | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> CardsPage:
    """List the cards of the latest versions that match every filter given.

    Args:
        registry: The registry.
        standard: Only this standard's cards (key).
        code: The occupation code, as normalised or as written.
        level: The qualification level, 1-8.
        q: A case-insensitive substring of the name, title or an other name.
        page: The page, from 1.
        per_page: Cards per page, 1-200.

    Raises:
        NotFound: ``standard`` is unknown.
        InvalidInput: ``level``, ``page`` or ``per_page`` is out of range.
    """
    check_paging(page, per_page)
    found = registry.search_cards(
        standard=check_standard_key(standard),
        code=clean_code(code),
        level=check_level(level),
        text=clean_query(q),
    )
    links = Links.of(registry)
    return CardsPage(
        data=tuple(links.card_item(c) for c in _page_of(found, page, per_page)),
        count=len(found),
        page=page,
        per_page=per_page,
    )


@one_read
def build_element(
    registry: Registry, element_id: str, *, standard: str | None = None
) -> ElementPage:
    """Find one element by its stable ID: a card part, or a term, note, ...

    Args:
        registry: The registry.
        element_id: E.g. ``2635-3-001@5/f1/t2/s3`` (a skill), ``2635-3-001@5/f1``
            (a labour function) or ``term1`` (a term of the standard).
        standard: Look only in this standard (key); the first by key holding
            the element otherwise.

    Raises:
        InvalidInput: The ID is malformed.
        NotFound: No latest version of a standard holds it.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     page = build_element(reg, "2635-3-001@6/f1/t1")
        >>> (page.type, page.card_id, page.url)
        ('task', '2635-3-001@6', '/cards/2635-3-001@6#2635-3-001@6/f1/t1')
    """
    parse_element_id(element_id)
    check_standard_key(standard)
    keys = [loc.standard for loc in registry.locate_element(element_id, standard=standard)]
    links = Links.of(registry)
    for key in keys:
        loaded = load_document(registry, key)
        found = loaded.elements.get(element_id)
        if found is not None:
            return _element_page(links, loaded, found)
    raise NotFound(f"no element {element_id!r}")


def _element_page(links: Links, loaded: LoadedDocument, found: ElementRef) -> ElementPage:
    if found.card_id is not None:
        page_url = links.card(found.card_id, loaded.key)
    else:
        page_url = standard_ref(loaded.key, loaded.document.standard).url
    return ElementPage(
        id=found.id,
        type=found.type,
        text=found.text,
        card_id=found.card_id,
        parent_id=found.parent_id,
        standard=standard_ref(loaded.key, loaded.document.standard),
        version=loaded.version,
        span=found.span,
        url=page_url if found.type == "card" else anchor(page_url, found.id),
        element=found.element,
    )
