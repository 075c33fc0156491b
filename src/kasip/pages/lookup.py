"""Find profession cards by card ID for the comparison pages.

A card ID is ``{code}@{level}``, with ``~{n}`` when one standard has several
cards of one code and level (``2634-9-004@6~2``). The Kazakh and the Russian
text of one order are separate standards whose cards share IDs, so a lookup
may name the standard; without one, the first standard (by key) holding the
ID wins. The card is read alone with its version's frame and card list
(:meth:`kasip.store.Store.card_view`), not the whole document: a card page
costs the same at 1 and at 700 standards.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasip.model import Document, ProfessionCard
from kasip.model.ids import check_card_id
from kasip.pages.links import Links
from kasip.registry import Registry
from kasip.store.records import ListedCard

__all__ = ["FoundCard", "find_card", "find_card_in"]


@dataclass(frozen=True)
class FoundCard:
    """A card with the standard version it was read from.

    ``document`` is the version's frame (its cards left out: the card page
    reads one card, not the whole standard); ``cards`` lists them all.
    """

    standard: str
    version: int
    document: Document
    card: ProfessionCard
    cards: tuple[ListedCard, ...]
    holders: tuple[str, ...]  # the standards whose latest version holds this card ID


def find_card(
    registry: Registry, card_id: str, *, standard: str | None = None, version: int | None = None
) -> FoundCard:
    """Find a card by its ID: in the latest version of a standard, or in ``version``.

    Args:
        registry: The registry.
        card_id: A card ID such as ``2635-3-001@5``.
        standard: Only look in this standard (key).
        version: In this version of ``standard``; the latest when ``None``.

    Returns:
        The card, with its standard's key, version and document.

    Raises:
        InvalidInput: ``card_id`` is malformed.
        NotFound: No such card (or no such standard).

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     found = find_card(reg, "2635-3-001@6")
        >>> (found.standard, found.version, found.card.level)
        ('292-2019-05-30-kk', 1, 6)
    """
    wanted = check_card_id(card_id)
    view = registry.card_view(wanted, standard=standard, version=version)
    return FoundCard(
        view.location.standard,
        view.location.version,
        view.frame,
        view.card,
        view.cards,
        view.holders,
    )


def find_card_in(
    registry: Registry,
    card_id: str,
    *,
    standard: str | None = None,
    version: int | None = None,
    lang: str | None = None,
) -> FoundCard:
    """:func:`find_card`, preferring the edition in the reader's language.

    Without ``standard``, when the standard first found holding the card has
    an edition in ``lang`` (the page's language) that holds the same card
    ID, the card is read from that edition. An explicit ``standard`` is
    always respected.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(), make_document(language="ru")])
        ...     found = find_card_in(reg, "2635-3-001@6", lang="ru")
        ...     kept = find_card_in(reg, "2635-3-001@6", standard="292-2019-05-30-kk", lang="ru")
        >>> found.standard, kept.standard
        ('292-2019-05-30-ru', '292-2019-05-30-kk')
    """
    found = find_card(registry, card_id, standard=standard, version=version)
    if standard is not None or lang is None:
        return found
    links = Links.of(registry)
    if links.language(found.standard) == lang:
        return found
    edition = links.edition_in(found.standard, lang)
    if edition is None or edition.key not in found.holders:
        return found
    return find_card(registry, card_id, standard=edition.key)
