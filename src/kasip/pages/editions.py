"""The two editions of a standard: their parity check, and a card side by side.

``/standards/{key}/parity`` compares the latest versions of the standard
``key`` and of its edition in the other language (:func:`build_parity`);
``/cards/{id}/editions`` shows a card beside its counterpart, row by row
(:func:`build_card_editions`). Both pair the two texts with
:mod:`kasip.editions`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kasip.editions import (
    CardSide,
    Difference,
    EditionDate,
    EditionPairing,
    ElementPair,
    ElementSide,
    PairedBy,
    ParityReport,
    check_parity,
    pair_editions,
)
from kasip.editions.models import PairedType
from kasip.errors import NotFound
from kasip.model.ids import check_card_id
from kasip.model.official import OfficialSource
from kasip.pages.cache import load_document
from kasip.pages.checks import check_standard_key
from kasip.pages.links import Links, anchor, parity_url, standard_ref
from kasip.pages.lookup import find_card_in
from kasip.pages.models import PageModel, StandardRef
from kasip.pages.official import official_of
from kasip.pages.reading import one_read
from kasip.registry import Registry
from kasip.store import StandardSummary

__all__ = [
    "CardEditionsPage",
    "EditionRow",
    "ParityGroup",
    "ParityPage",
    "build_card_editions",
    "build_parity",
    "edition_date",
]


class ParityGroup(PageModel):
    """The differences of one card pair (``card`` is ``None`` for the standard's own)."""

    card: str | None
    a_url: str | None
    b_url: str | None
    editions_url: str | None
    differences: tuple[Difference, ...]


class ParityPage(PageModel):
    """The parity check of a standard's two editions: ``standard`` (a) and ``other`` (b)."""

    standard: StandardRef
    other: StandardRef
    version: int
    other_version: int
    report: ParityReport
    groups: tuple[ParityGroup, ...]
    url: str
    other_url: str
    # Each edition's recorded official source (None: not recorded, shown as imported).
    official_source: OfficialSource | None = None
    other_official_source: OfficialSource | None = None


class EditionRow(PageModel):
    """One row of the side-by-side view: an element and its counterpart.

    ``depth`` is 0 for a labour function, 1 for a task, 2 for a skill or a
    knowledge item; ``a_url`` / ``b_url`` the element on its card page.
    """

    type: PairedType
    depth: int
    a: ElementSide | None
    b: ElementSide | None
    paired_by: PairedBy
    a_url: str | None
    b_url: str | None


class CardEditionsPage(PageModel):
    """A card in two editions, side by side: ``standard`` (a) beside ``other`` (b)."""

    standard: StandardRef
    other: StandardRef
    a: CardSide
    b: CardSide | None
    paired_by: PairedBy
    rows: tuple[EditionRow, ...]
    differences: tuple[Difference, ...]
    a_url: str
    b_url: str | None
    parity_url: str
    url: str
    official_source: OfficialSource | None = None
    other_official_source: OfficialSource | None = None


@one_read
def build_parity(registry: Registry, key: str) -> ParityPage:
    """Compare the latest versions of the standard ``key`` and of its other-language edition.

    Args:
        registry: The registry.
        key: A standard's key, e.g. ``292-2019-05-30-kk``.

    Raises:
        NotFound: No such standard, or the registry holds no other edition of it.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(), make_document(language="ru", cards=[])])
        ...     page = build_parity(reg, "292-2019-05-30-kk")
        >>> page.other.key, [(g.card, [d.kind for d in g.differences]) for g in page.groups]
        ('292-2019-05-30-ru', [('2635-3-001@6', ['card-missing'])])
    """
    check_standard_key(key)
    links = Links.of(registry)
    other = _other_edition(links, key)
    a, b = load_document(registry, key), load_document(registry, other.key)
    dates = (edition_date(registry, key, a.version), edition_date(registry, other.key, b.version))
    report = check_parity(a.document, b.document, names=(key, other.key), dates=dates)
    pairing = pair_editions(a.document, b.document)
    return ParityPage(
        standard=standard_ref(key, a.document.standard),
        other=standard_ref(other.key, b.document.standard),
        version=a.version,
        other_version=b.version,
        report=report,
        groups=tuple(_groups(links, pairing, report.differences, key, other.key)),
        url=parity_url(key),
        other_url=parity_url(other.key),
        official_source=official_of(registry, key, a.version),
        other_official_source=official_of(registry, other.key, b.version),
    )


def edition_date(registry: Registry, key: str, version: int) -> EditionDate:
    """When the stored version ``version`` of ``key`` took effect, for the parity check.

    Raises:
        NotFound: No such standard or version.
    """
    found = next((v for v in registry.versions(key) if v.version == version), None)
    if found is None:
        raise NotFound(f"standard {key!r} has no version {version}")
    return EditionDate(on=found.effective_from, basis=found.effective_basis)


def _other_edition(links: Links, key: str) -> StandardSummary:
    own = links.summary(key)
    if own is None:
        raise NotFound(f"no standard with key {key!r}")
    other = links.other_edition(key)
    if other is None:
        raise NotFound(
            f"the registry holds only the {own.language} edition of {key!r}: "
            "import the text of the same order in the other language to compare them"
        )
    return other


def _groups(
    links: Links,
    pairing: EditionPairing,
    differences: Sequence[Difference],
    key: str,
    other: str,
) -> Iterator[ParityGroup]:
    by_card: dict[str | None, list[Difference]] = {}
    for difference in differences:
        by_card.setdefault(difference.card, []).append(difference)
    pairs = {pair.id: pair for pair in pairing.cards}
    for card, found in by_card.items():
        pair = pairs.get(card) if card is not None else None
        a_id = pair.a.id if pair and pair.a else None
        yield ParityGroup(
            card=card,
            a_url=links.card(a_id, key) if a_id else None,
            b_url=links.card(pair.b.id, other) if pair and pair.b else None,
            editions_url=links.card(a_id, key, suffix="/editions") if a_id else None,
            differences=tuple(found),
        )


@one_read
def build_card_editions(
    registry: Registry, card_id: str, *, standard: str | None = None, lang: str | None = None
) -> CardEditionsPage:
    """A card beside its counterpart in the other edition, row by row.

    Args:
        registry: The registry.
        card_id: The card's ID in edition ``standard``.
        standard: The edition to start from; without it, the one in ``lang``
            when it holds the card (:func:`~kasip.pages.lookup.find_card_in`).
        lang: The page's language.

    Raises:
        InvalidInput: A malformed card ID or key.
        NotFound: No such card, or the registry holds no other edition.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(), make_document(language="ru")])
        ...     page = build_card_editions(reg, "2635-3-001@6", lang="ru")
        >>> page.standard.key, [(r.type, r.paired_by) for r in page.rows][:2]
        ('292-2019-05-30-ru', [('function', 'number'), ('task', 'number')])
    """
    check_card_id(card_id)
    check_standard_key(standard)
    found = find_card_in(registry, card_id, standard=standard, lang=lang)
    links = Links.of(registry)
    other = _other_edition(links, found.standard)
    a, b = load_document(registry, found.standard), load_document(registry, other.key)
    pairing = pair_editions(a.document, b.document)
    pair = pairing.card(found.card.id)
    if pair is None or pair.a is None:  # the latest version lacks a card of an older one
        raise NotFound(f"card {card_id!r} is not in the latest version of {found.standard!r}")
    report = check_parity(a.document, b.document, names=(found.standard, other.key))
    a_url = links.card(pair.a.id, a.key)
    b_url = links.card(pair.b.id, b.key) if pair.b else None
    return CardEditionsPage(
        standard=standard_ref(a.key, a.document.standard),
        other=standard_ref(b.key, b.document.standard),
        a=pair.a,
        b=pair.b,
        paired_by=pair.paired_by,
        rows=tuple(_rows(pair.functions, 0, a_url, b_url)),
        differences=tuple(d for d in report.differences if d.card == pair.id),
        a_url=a_url,
        b_url=b_url,
        parity_url=parity_url(a.key),
        url=links.card(pair.a.id, a.key, suffix="/editions"),
        official_source=official_of(registry, a.key, a.version),
        other_official_source=official_of(registry, b.key, b.version),
    )


def _rows(
    pairs: Sequence[ElementPair], depth: int, a_url: str, b_url: str | None
) -> Iterator[EditionRow]:
    for pair in pairs:
        yield EditionRow(
            type=pair.type,
            depth=depth,
            a=pair.a,
            b=pair.b,
            paired_by=pair.paired_by,
            a_url=anchor(a_url, pair.a.id) if pair.a else None,
            b_url=anchor(b_url, pair.b.id) if pair.b and b_url else None,
        )
        yield from _rows(pair.children, depth + 1, a_url, b_url)
