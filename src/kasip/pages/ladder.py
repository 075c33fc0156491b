"""The career ladder of an occupation: its cards by level and where they lead.

The data are the cards of one occupation code in one standard (one per level,
sometimes several for sub-specialisations) and each card's *related
occupations* row (the occupation at the next level, by name). A related name
is resolved to a card of the same standard when a card's name or one of its
other names is at least :data:`NAME_MATCH` similar (the texts spell one name
in slightly different forms: "бөлімшенің" / "бөлімшесінің"); a related name
that resolves to a card of this occupation becomes a step up the ladder.

The drawing is an SVG string made here, on the server: levels 1-8 from bottom
to top, this occupation's cards in the left column, related occupations in the
right one, arrows from each card to where it leads, links to the cards. It is
``role="img"`` with a ``<title>`` and a ``<desc>`` that says in words what the
drawing shows; the page lists the same nodes as text (:class:`LadderPage`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kasip.compare.diff import similarity
from kasip.errors import InvalidInput, NotFound
from kasip.i18n import translations
from kasip.model import Document, ProfessionCard
from kasip.model import FrozenModel as _Frozen
from kasip.model.vocabulary import QUALIFICATION_LEVELS
from kasip.pages.cache import load_document
from kasip.pages.checks import check_standard_key
from kasip.pages.ladder_svg import LadderText, render_ladder_svg
from kasip.pages.links import Links, card_url, standard_ref
from kasip.pages.models import StandardRef
from kasip.pages.reading import one_read
from kasip.registry import Registry

__all__ = [
    "NAME_MATCH",
    "LadderEdge",
    "LadderNode",
    "LadderPage",
    "LadderText",
    "build_ladder",
    "ladder_from_document",
    "ladder_text",
]

NAME_MATCH = 0.8
# "card": a card of the occupation itself; "related": an occupation it leads to.
NodeKind = Literal["card", "related"]
LADDER_CODE_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.-]{0,31}")


class LadderNode(_Frozen):
    """A box of the ladder: a card of this occupation or a related occupation.

    ``card_id``/``url`` are ``None`` for a related occupation that no card of
    the standard describes.
    """

    id: str
    kind: NodeKind
    level: int | None
    name: str
    code: str | None = None
    card_id: str | None = None
    url: str | None = None


class LadderEdge(_Frozen):
    """An arrow from a card to the occupation its "related" row names."""

    source: str
    target: str


class LadderPage(_Frozen):
    """The data of the ``/ladder/{code}`` page and of its JSON twins."""

    code: str
    standard: StandardRef
    name: str
    levels: tuple[int, ...] = QUALIFICATION_LEVELS
    nodes: tuple[LadderNode, ...]
    edges: tuple[LadderEdge, ...]
    svg: str


def ladder_text(lang: str) -> LadderText:
    """The words of the ladder drawing in an interface language (from the catalogues).

    Example:
        >>> ladder_text("ru").level.format(level=5)
        'Уровень 5'
    """
    _ = translations(lang).gettext
    return LadderText(
        title=_("Career ladder: {name} ({code})"),
        level=_("Level {level}"),
        this_occupation=_("This occupation"),
        related=_("Related occupations"),
        desc_cards=_("Levels 1 to 8 from bottom to top. Cards of {code}: levels {levels}."),
        desc_step=_("Level {source_level} ({source}) leads to level {level}: {target}."),
        legend=_("Solid box: a card of this standard (a link). Dashed box: no card here."),
    )


@one_read
def build_ladder(
    registry: Registry, code: str, *, standard: str | None = None, text: LadderText | None = None
) -> LadderPage:
    """Build the career ladder of an occupation code.

    Args:
        registry: The registry.
        code: The occupation code, normalised or as written (``2635-3-001``).
        standard: The standard (key); default: the first (by key) holding the code.
        text: The words of the drawing, in the reader's language (default English).

    Returns:
        The page data, with the SVG.

    Raises:
        InvalidInput: ``code`` cannot be an occupation code, or ``standard``
            is malformed.
        NotFound: No card has this code (in ``standard``).
    """
    wanted = code.strip()
    if not LADDER_CODE_RE.fullmatch(wanted):
        raise InvalidInput(f"not an occupation code: {code[:40]!r}")
    check_standard_key(standard)
    found = registry.search_cards(code=wanted, standard=standard)
    if not found:
        where = f" in standard {standard}" if standard else ""
        raise NotFound(f"no card with occupation code {wanted}{where}")
    key = found[0].standard
    links = Links.of(registry)
    return ladder_from_document(
        load_document(registry, key).document,
        wanted,
        standard=key,
        text=text,
        url_of=lambda card_id: links.card(card_id, key),
    )


def ladder_from_document(
    document: Document,
    code: str,
    *,
    standard: str,
    text: LadderText | None = None,
    url_of: Callable[[str], str] = card_url,
) -> LadderPage:
    """Build the ladder of ``code`` from a document (pure; see :func:`build_ladder`).

    Args:
        document: The standard's document.
        code: The occupation code.
        standard: The standard's key.
        text: The words of the drawing (default English).
        url_of: The page URL of a card ID.

    Raises:
        NotFound: The document has no card with this code.

    Example:
        >>> from kasip.testing import make_card, make_document
        >>> doc = make_document(cards=[make_card(level=5), make_card(level=6)])
        >>> page = ladder_from_document(doc, "2635-3-001", standard="s")
        >>> [(n.level, n.card_id, n.url) for n in page.nodes]
        [(5, '2635-3-001@5', '/cards/2635-3-001@5'), (6, '2635-3-001@6', '/cards/2635-3-001@6')]
        >>> page.svg.startswith("<svg")
        True
    """
    own = sorted(
        (c for c in document.cards if code in (c.code, c.code_as_written)),
        key=lambda c: (c.level is None, c.level or 0, c.id),
    )
    if not own:
        raise NotFound(f"no card with occupation code {code}")
    nodes = [_card_node(url_of, c, kind="card") for c in own]
    edges: list[LadderEdge] = []
    for card in own:
        for level, name in _related_names(card):
            target = _resolve(document, url_of, _Named(name, level, card), nodes)
            if target.id not in {n.id for n in nodes}:
                nodes.append(target)
            edge = LadderEdge(source=card.id, target=target.id)
            if edge not in edges and target.id != card.id:
                edges.append(edge)
    name = own[0].name
    svg = render_ladder_svg(
        code=code,
        name=name,
        nodes=nodes,
        edges=edges,
        levels=QUALIFICATION_LEVELS,
        text=text or LadderText(),
    )
    return LadderPage(
        code=code,
        standard=standard_ref(standard, document.standard),
        name=name,
        nodes=tuple(nodes),
        edges=tuple(edges),
        svg=svg,
    )


def _card_node(url_of: Callable[[str], str], card: ProfessionCard, *, kind: NodeKind) -> LadderNode:
    return LadderNode(
        id=card.id,
        kind=kind,
        level=card.level,
        name=card.name,
        code=card.occupation_code or None,
        card_id=card.id,
        url=url_of(card.id),
    )


def _related_names(card: ProfessionCard) -> list[tuple[int | None, str]]:
    return [(r.level, name) for r in card.related for name in r.names if name.strip()]


@dataclass(frozen=True)
class _Named:
    """A related occupation as a card's row names it."""

    name: str
    level: int | None
    by: ProfessionCard


def _resolve(
    document: Document, url_of: Callable[[str], str], named: _Named, nodes: list[LadderNode]
) -> LadderNode:
    """The node of a related occupation: a card of the standard, or a bare name."""
    name, level = named.name, named.level
    card = _same_occupation(document, named) or _card_named(document, name, level)
    if card is not None:
        existing = next((n for n in nodes if n.id == card.id), None)
        return existing or _card_node(url_of, card, kind="related")
    for node in nodes:  # the same unresolved name named by two cards: one node
        if node.card_id is None and node.level == level and node.name == name:
            return node
    bare = sum(1 for n in nodes if n.card_id is None) + 1
    return LadderNode(id=f"related-{bare}", kind="related", level=level, name=name)


def _same_occupation(document: Document, named: _Named) -> ProfessionCard | None:
    """This occupation's card at the named level, when the row repeats the card's own name.

    Cards name the next level of the same occupation by their own name
    ("Әлеуметтік қызметкер" at level 4 leads to "Әлеуметтік қызметкер" at
    level 5), even where the level-5 card is titled differently.
    """
    by = named.by
    if _name_score(named.name, by) < NAME_MATCH:
        return None
    code = by.occupation_code
    return next(
        (
            c
            for c in document.cards
            if c.occupation_code == code and c.level == named.level and c.id != by.id
        ),
        None,
    )


def _name_score(name: str, card: ProfessionCard) -> float:
    return max(similarity(name, n) for n in [card.name, *(o.name for o in card.other_names)])


def _card_named(document: Document, name: str, level: int | None) -> ProfessionCard | None:
    """The card at ``level`` whose name or other name best matches ``name``, if any."""
    best: tuple[float, ProfessionCard] | None = None
    for card in document.cards:
        if level is not None and card.level != level:
            continue
        score = _name_score(name, card)
        if score >= NAME_MATCH and (best is None or score > best[0]):
            best = (score, card)
    return best[1] if best else None
