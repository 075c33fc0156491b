"""Find profession cards by card ID for the comparison pages.

A card ID is ``{code}@{level}``, with ``~{n}`` when one standard has several
cards of one code and level (``2634-9-004@6~2``). The Kazakh and the Russian
text of one order are separate standards whose cards share IDs, so a lookup
may name the standard; without one, the first standard (by key) holding the
ID wins. Documents come from the shared parsed-document cache
(:func:`kasip.pages.cache.load_document`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kasip.errors import NotFound
from kasip.model import Document, ProfessionCard
from kasip.model.ids import check_card_id
from kasip.pages.cache import load_document
from kasip.registry import Registry

__all__ = ["FoundCard", "find_card"]


@dataclass(frozen=True)
class FoundCard:
    """A card with the standard version it was read from."""

    standard: str
    version: int
    document: Document
    card: ProfessionCard


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
    locations = registry.locate_card(wanted, standard=standard, version=version)
    if not locations:
        where = f" in standard {standard!r}" if standard else ""
        raise NotFound(f"no card {wanted!r}{where}")
    location = locations[0]
    loaded = load_document(registry, location.standard, location.version)
    card = loaded.card(wanted)
    if card is None:  # the cards table and the stored JSON disagree
        raise NotFound(f"no card {wanted!r} in {location.standard} version {location.version}")
    return FoundCard(location.standard, location.version, loaded.document, card)
