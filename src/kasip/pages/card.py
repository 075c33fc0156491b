"""The card page: a profession card with its standard, editions and related cards."""

from __future__ import annotations

from kasip.errors import NotFound
from kasip.model import ProfessionCard
from kasip.model.ids import check_card_id
from kasip.pages.cache import LoadedDocument, load_document
from kasip.pages.checks import check_standard_key, check_version
from kasip.pages.links import Links, as_language, standard_ref
from kasip.pages.models import CardItem, CardPage, Edition, RelatedLink
from kasip.registry import Registry
from kasip.store import CardSummary
from kasip.store.lookup import fold


def build_card(
    registry: Registry,
    card_id: str,
    *,
    standard: str | None = None,
    version: int | None = None,
) -> CardPage:
    """Build the page of a profession card.

    Args:
        registry: The registry.
        card_id: The card's ID, e.g. ``2635-3-001@5``.
        standard: The standard holding it; the first by key when ``None``.
        version: A version of ``standard``; the latest when ``None``.

    Raises:
        InvalidInput: The ID is malformed, or ``version`` is given without ``standard``.
        NotFound: No such card, standard or version.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_card, make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(cards=[make_card(level=5),
        ...                                                    make_card(level=6)])])
        ...     page = build_card(reg, "2635-3-001@5")
        >>> (page.card.level, page.languages, [c.id for c in page.same_code])
        (5, ('kk',), ['2635-3-001@6'])
    """
    check_card_id(card_id)
    check_standard_key(standard)
    check_version(version, standard)
    found = registry.locate_card(card_id, standard=standard, version=version)
    if not found:
        where = f" in standard {standard!r}" if standard else ""
        raise NotFound(f"no card {card_id!r}{where}")
    location = found[0]
    loaded = load_document(registry, location.standard, location.version)
    card = loaded.card(card_id)
    if card is None:  # the cards table and the stored JSON disagree
        raise NotFound(f"no card {card_id!r} in {location.standard} version {location.version}")
    links = Links.of(registry)
    holders = {loc.standard for loc in registry.locate_card(card_id)}
    editions = tuple(
        Edition(
            language=as_language(s.language),
            standard=s.key,
            url=links.card(card_id, s.key),
        )
        for s in links.same_order(location.standard)
        if s.key in holders
    )
    summary = links.summary(location.standard)
    return CardPage(
        card=card,
        standard=standard_ref(location.standard, loaded.document.standard),
        version=location.version,
        latest_version=summary.latest_version if summary else location.version,
        languages=tuple(e.language for e in editions) or (loaded.document.standard.language,),
        editions=editions,
        same_code=_same_code(links, loaded, card),
        related=_related(links, loaded, card),
        source=loaded.document.source,
        url=links.card(card_id, location.standard),
        pdf_url=links.card(card_id, location.standard, suffix=".pdf"),
    )


def _item(links: Links, key: str, card: ProfessionCard) -> CardItem:
    return links.card_item(CardSummary(key, card.id, card.code, card.level, card.name, card.title))


def _same_code(links: Links, loaded: LoadedDocument, card: ProfessionCard) -> tuple[CardItem, ...]:
    """The other cards of the card's occupation code, by level then document order."""
    code = card.code or card.code_as_written
    others = [
        c
        for c in loaded.document.cards
        if c.id != card.id and (c.code or c.code_as_written) == code
    ]
    others.sort(key=lambda c: c.level if c.level is not None else 99)
    return tuple(_item(links, loaded.key, c) for c in others)


def _related(links: Links, loaded: LoadedDocument, card: ProfessionCard) -> tuple[RelatedLink, ...]:
    """The card's related occupations, each with the cards of that level and name."""
    related = []
    for entry in card.related:
        names = {_name_key(name) for name in entry.names}
        cards = [
            c
            for c in loaded.document.cards
            if c.id != card.id and c.level == entry.level and _name_key(c.name) in names
        ]
        related.append(
            RelatedLink(
                level=entry.level,
                level_as_written=entry.level_as_written,
                names=entry.names,
                cards=tuple(_item(links, loaded.key, c) for c in cards),
            )
        )
    return tuple(related)


def _name_key(name: str) -> str:
    # The relation row quotes names and spaces them loosely: «...», "...".
    return " ".join(fold(name).strip(" \"'«»“”.").split())
