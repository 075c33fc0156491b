"""The standard page: passport, terms, amendment timeline, cards on the ladder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from kasip.model import Amendment, Document, Order
from kasip.model.vocabulary import QUALIFICATION_LEVELS
from kasip.pages.cache import load_document
from kasip.pages.checks import check_standard_key, check_version
from kasip.pages.in_force import choose_version, other_edition_date, version_timeline
from kasip.pages.ladder import LADDER_CODE_RE
from kasip.pages.links import (
    Links,
    as_language,
    history_url,
    parity_url,
    standard_ref,
    standard_url,
    version_item,
)
from kasip.pages.models import (
    CardItem,
    Edition,
    LadderCell,
    LadderRow,
    StandardPage,
    TimelineEvent,
)
from kasip.pages.reading import one_read
from kasip.registry import Registry


@one_read
def build_standard(
    registry: Registry,
    key: str,
    *,
    version: int | None = None,
    as_of: str | None = None,
    today: date | None = None,
) -> StandardPage:
    """Build the page of a standard (the latest version unless ``version`` or ``as_of`` is given).

    Args:
        registry: The registry.
        key: The standard's key, e.g. ``292-2019-05-30-kk``.
        version: A stored version number.
        as_of: A day (``YYYY-MM-DD``): the version in force then
            (:mod:`kasip.store.effective`); not with ``version``.
        today: The day whose version the timeline marks (default: today).

    Raises:
        NotFound: No such standard or version, or none in force on ``as_of``.
        InvalidInput: ``version`` is below 1, ``as_of`` is not a day, or both are given.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     page = build_standard(reg, "292-2019-05-30-kk")
        >>> [(row.code, [len(cell.cards) for cell in row.cells]) for row in page.ladder]
        [('2635-3-001', [0, 0, 0, 0, 0, 1, 0, 0])]
    """
    check_standard_key(key)
    check_version(version, key)
    chosen = choose_version(registry, key, version=version, as_of=as_of)
    versions = registry.versions(key)
    loaded = load_document(registry, key, chosen.version)
    shown = next(v for v in versions if v.version == loaded.version)
    doc = loaded.document
    links = Links.of(registry)
    items = [links.card_of(key, card) for card in doc.cards]
    editions = tuple(
        Edition(language=as_language(s.language), standard=s.key, url=standard_url(s.key))
        for s in links.same_order(key)
    )
    return StandardPage(
        standard=standard_ref(key, doc.standard),
        version=loaded.version,
        latest_version=versions[-1].version,
        versions=tuple(version_item(key, v) for v in versions),
        languages=tuple(e.language for e in editions) or (doc.standard.language,),
        editions=editions,
        legal_basis=doc.standard.legal_basis,
        passport=doc.standard.passport,
        terms=doc.standard.terms,
        abbreviations=doc.standard.abbreviations,
        occupations=doc.standard.occupations,
        timeline=timeline(doc),
        ladder=ladder(items, ladder_of=lambda code: links.ladder(code, key)),
        unlevelled=tuple(item for item in items if item.level not in QUALIFICATION_LEVELS),
        cards=tuple(items),
        source=doc.source,
        history_url=history_url(key),
        effective_from=shown.effective_from,
        effective_basis=shown.effective_basis,
        in_force_on=chosen.in_force_on,
        in_force=version_timeline(key, versions, shown=loaded.version, today=today or date.today()),
        other_edition_date=other_edition_date(registry, links, key, versions),
        parity_url=parity_url(key) if links.other_edition(key) else None,
        official_source=shown.official_source,
    )


def timeline(doc: Document) -> tuple[TimelineEvent, ...]:
    """The approving order, then each amending order with its notes, by date.

    Notes that name no order come last, as one event without a number.

    Example:
        >>> from kasip.testing import make_document
        >>> [(e.kind, e.order_date) for e in timeline(make_document())]
        [('approved', '2019-05-30')]
    """
    approved = _approved(doc.standard.order)
    groups: dict[tuple[str | None, str | None], list[Amendment]] = {}
    for amendment in doc.standard.amendments:
        groups.setdefault((amendment.order_number, amendment.order_date), []).append(amendment)
    amended = [
        TimelineEvent(kind="amended", order_number=number, order_date=date, amendments=tuple(notes))
        for (number, date), notes in groups.items()
    ]
    # ISO dates sort as text; undated orders go last.
    amended.sort(key=lambda e: (e.order_date is None, e.order_date or ""))
    return (approved, *amended)


def _approved(order: Order) -> TimelineEvent:
    return TimelineEvent(
        kind="approved", order_number=order.number, order_date=order.date, amendments=()
    )


def ladder(
    items: Sequence[CardItem], *, ladder_of: Callable[[str], str] | None = None
) -> tuple[LadderRow, ...]:
    """Lay the cards out on the qualification ladder: a row per code, a cell per level.

    Rows keep the order in which codes first appear; a cell may hold several
    cards (one code, one level, two specialisations: ``2634-9-004@6~2``).
    Cards without a level 1-8 are left out (see ``StandardPage.unlevelled``).
    ``ladder_of`` gives a code's career ladder page, for the rows whose code
    can name one.
    """
    rows: dict[str | None, list[CardItem]] = {}
    for item in items:
        if item.level in QUALIFICATION_LEVELS:
            rows.setdefault(item.code, []).append(item)
    return tuple(
        LadderRow(
            code=code,
            url=ladder_of(code) if ladder_of and code and LADDER_CODE_RE.fullmatch(code) else None,
            name=cards[0].name,
            cells=tuple(
                LadderCell(level=level, cards=tuple(c for c in cards if c.level == level))
                for level in QUALIFICATION_LEVELS
            ),
        )
        for code, cards in rows.items()
    )
