"""The card page: a profession card with its standard, editions and related cards."""

from __future__ import annotations

from kasip.model.ids import check_card_id
from kasip.pages.checks import check_standard_key, check_version
from kasip.pages.in_force import choose_version
from kasip.pages.ladder import LADDER_CODE_RE
from kasip.pages.links import Links, as_language, history_url, standard_ref
from kasip.pages.lookup import FoundCard, find_card_in
from kasip.pages.models import CardItem, CardPage, CompareLink, Edition, RelatedLink
from kasip.pages.reading import one_read
from kasip.registry import Registry
from kasip.store.lookup import fold


@one_read
def build_card(  # noqa: PLR0913 - the card, then one keyword per way of choosing its text
    registry: Registry,
    card_id: str,
    *,
    standard: str | None = None,
    version: int | None = None,
    as_of: str | None = None,
    lang: str | None = None,
) -> CardPage:
    """Build the page of a profession card.

    Args:
        registry: The registry.
        card_id: The card's ID, e.g. ``2635-3-001@5``.
        standard: The standard holding it; when ``None``, its edition in
            ``lang`` if the registry holds the card there, else the first by key.
        version: A version of ``standard``; the latest when ``None``.
        as_of: A day (``YYYY-MM-DD``): the version of ``standard`` in force
            then (:mod:`kasip.store.effective`); not with ``version``.
        lang: The page's language: which edition to show (and offer) first.

    Raises:
        InvalidInput: The ID is malformed, or ``version`` or ``as_of`` is given
            without ``standard``, or both are given.
        NotFound: No such card, standard or version, or none in force on ``as_of``.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_card, make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(cards=[make_card(level=5),
        ...                                                    make_card(level=6)])])
        ...     page = build_card(reg, "2635-3-001@5")
        >>> (page.card.level, page.languages, [c.id for c in page.same_code])
        (5, ('kk',), ['2635-3-001@6'])
        >>> [link.url for link in page.compare], page.ladder_url, page.history_url
        (['/compare?a=2635-3-001%405&b=2635-3-001%406'], '/ladder/2635-3-001', \
'/standards/292-2019-05-30-kk/history')
    """
    check_card_id(card_id)
    check_standard_key(standard)
    check_version(version, standard)
    chosen = choose_version(registry, standard, version=version, as_of=as_of)
    found = find_card_in(registry, card_id, standard=standard, version=chosen.version, lang=lang)
    shown = next(v for v in registry.versions(found.standard) if v.version == found.version)
    card = found.card
    links = Links.of(registry)
    holders = set(found.holders)
    editions = tuple(
        Edition(
            language=as_language(s.language),
            standard=s.key,
            url=links.card(card_id, s.key),
        )
        for s in links.same_order(found.standard)
        if s.key in holders
    )
    summary = links.summary(found.standard)
    code = card.occupation_code
    same_code = _same_code(links, found)
    return CardPage(
        card=card,
        standard=standard_ref(found.standard, found.document.standard),
        version=found.version,
        latest_version=summary.latest_version if summary else found.version,
        languages=tuple(e.language for e in editions) or (found.document.standard.language,),
        editions=editions,
        same_code=same_code,
        related=_related(links, found),
        compare=_neighbours(links, found, same_code),
        source=found.document.source,
        url=links.card(card_id, found.standard),
        pdf_url=links.card(card_id, found.standard, suffix=".pdf"),
        ladder_url=links.ladder(code, found.standard) if LADDER_CODE_RE.fullmatch(code) else None,
        history_url=history_url(found.standard),
        effective_from=shown.effective_from,
        effective_basis=shown.effective_basis,
        in_force_on=chosen.in_force_on,
        page_edition=_page_edition(editions, found.standard, lang),
        editions_url=(
            links.card(card_id, found.standard, suffix="/editions")
            if links.other_edition(found.standard)
            else None
        ),
        official_source=shown.official_source,
    )


def _page_edition(editions: tuple[Edition, ...], shown: str, lang: str | None) -> Edition | None:
    """The edition in the page's language that holds the card, when another one is shown."""
    return next((e for e in editions if e.language == lang and e.standard != shown), None)


def _same_code(links: Links, found: FoundCard) -> tuple[CardItem, ...]:
    """The other cards of the card's occupation code, by level then document order."""
    card = found.card
    others = [
        c.summary
        for c in found.cards
        if c.summary.card_id != card.id and c.occupation_code == card.occupation_code
    ]
    others.sort(key=lambda c: c.level if c.level is not None else 99)
    return tuple(links.card_item(c) for c in others)


def _neighbours(
    links: Links, found: FoundCard, same_code: tuple[CardItem, ...]
) -> tuple[CompareLink, ...]:
    """The cards of the nearest level below and above the card's, each with its comparison.

    The comparison runs from the lower level to the higher. A card without a
    readable level has no neighbours; several cards at the nearest level
    (sublevels, variants) are each offered.
    """
    card = found.card
    if card.level is None:
        return ()
    levels = {c.level for c in same_code if c.level is not None}
    below = max((n for n in levels if n < card.level), default=None)
    above = min((n for n in levels if n > card.level), default=None)
    links_out = []
    for other in same_code:
        if other.level is None or other.level not in (below, above):
            continue
        low, high = (other.id, card.id) if other.level < card.level else (card.id, other.id)
        links_out.append(CompareLink(card=other, url=links.compare(low, high, found.standard)))
    return tuple(links_out)


def _related(links: Links, found: FoundCard) -> tuple[RelatedLink, ...]:
    """The card's related occupations, each with the cards of that level and name."""
    card = found.card
    related = []
    for entry in card.related:
        names = {_name_key(name) for name in entry.names}
        cards = [
            c.summary
            for c in found.cards
            if c.summary.card_id != card.id
            and c.summary.level == entry.level
            and _name_key(c.summary.name) in names
        ]
        related.append(
            RelatedLink(
                level=entry.level,
                level_as_written=entry.level_as_written,
                names=entry.names,
                cards=tuple(links.card_item(c) for c in cards),
            )
        )
    return tuple(related)


def _name_key(name: str) -> str:
    # The relation row quotes names and spaces them loosely: «...», "...".
    return " ".join(fold(name).strip(" \"'«»“”.").split())
