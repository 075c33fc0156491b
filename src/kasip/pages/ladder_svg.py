"""Draw a career ladder as a standalone, accessible SVG string.

Pure string building, no I/O. Every text and attribute is escaped. The SVG
carries its own presentation attributes (no stylesheet needed), so the JSON
twin's ``svg`` can be embedded anywhere.

Layout: one row per level, 8 at the top (rows without nodes are low); a left
axis with the level labels; the occupation's own cards in the left column and
related occupations in the right one; several nodes of one level share their
cell side by side. Arrows run from the top of a card to the bottom of the box
above it, through the gap between rows, so they cross no box. SVG has
no text wrapping, so names are wrapped here by an estimated glyph width and
cut with an ellipsis; the full name is the node's ``<title>`` (a tooltip).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _escape_html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kasip.pages.ladder import LadderEdge, LadderNode

__all__ = ["LadderText", "escape", "render_ladder_svg", "wrap_text"]

# Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/F):
# a text may hold them, the SVG must not, or no XML parser reads it.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

WIDTH = 900
AXIS = 84  # the level labels' column
GAP = 28  # between the two node columns
TOP = 34  # the column headings
ROW = 92
EMPTY_ROW = 34  # a level without nodes: its label only
BOX = 68
CELL_GAP = 8
FONT = 12
LINE = 15
# An average Cyrillic glyph of 12 px sans-serif is about 6.8 px wide.
GLYPH = 6.8
COLOURS = {
    "card": ("#e8f0fe", "#1a56db"),
    "related": ("#f3f4f6", "#4b5563"),
}


def escape(text: str) -> str:
    """Escape ``text`` for SVG content or attributes, dropping what XML forbids.

    Example:
        >>> escape('<a href="x">\x1f')
        '&lt;a href=&quot;x&quot;&gt;'
    """
    return _escape_html(_NOT_XML_RE.sub("", text))


@dataclass(frozen=True)
class LadderText:
    """The words of the drawing; the web layer passes them translated.

    Each is a ``str.format`` template with the named fields shown.
    """

    title: str = "Career ladder: {name} ({code})"
    level: str = "Level {level}"
    this_occupation: str = "This occupation"
    related: str = "Related occupations"
    desc_cards: str = "Levels 1 to 8 from bottom to top. Cards of {code}: levels {levels}."
    desc_step: str = "Level {source_level} ({source}) leads to level {level}: {target}."
    legend: str = "Solid box: a card of this standard (a link). Dashed box: no card here."


def _col(node: LadderNode) -> tuple[float, float]:
    """The x range of a node's column."""
    middle = AXIS + (WIDTH - AXIS - GAP) / 2
    return (AXIS, middle) if node.kind == "card" else (middle + GAP, WIDTH - 8)


def _rows(nodes: Sequence[LadderNode], levels: Sequence[int]) -> dict[int, tuple[float, float]]:
    """The top and height of each level's row, the highest level first."""
    used = {n.level for n in nodes}
    rows: dict[int, tuple[float, float]] = {}
    top = float(TOP)
    for level in sorted(levels, reverse=True):
        height = ROW if level in used else EMPTY_ROW
        rows[level] = (top, height)
        top += height
    return rows


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float


def _layout(nodes: Sequence[LadderNode], rows: dict[int, tuple[float, float]]) -> dict[str, _Box]:
    """Place each node with a level on the axis; nodes of one cell share it."""
    cells: dict[tuple[str, int], list[LadderNode]] = {}
    for node in nodes:
        if node.level is not None and node.level in rows:
            cells.setdefault((node.kind, node.level), []).append(node)
    boxes: dict[str, _Box] = {}
    for (_, level), members in cells.items():
        left, right = _col(members[0])
        width = (right - left - CELL_GAP * (len(members) - 1)) / len(members)
        top = rows[level][0] + (ROW - BOX) / 2
        for n, node in enumerate(members):
            boxes[node.id] = _Box(left + n * (width + CELL_GAP), top, width)
    return boxes


def wrap_text(text: str, width: float, *, lines: int = 3) -> list[str]:
    """Wrap ``text`` into at most ``lines`` lines of about ``width`` pixels.

    Example:
        >>> wrap_text("Әлеуметтік жұмыс жөніндегі маман", 120)
        ['Әлеуметтік жұмыс', 'жөніндегі маман']
        >>> wrap_text("бір екі үш төрт бес алты", 60, lines=2)
        ['бір екі', 'үш төрт…']
    """
    limit = max(4, int(width / GLYPH))
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word if len(word) <= limit else word[: limit - 1] + "…")
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: limit - 1].rstrip() + "…"
    return out


def _node_svg(node: LadderNode, box: _Box) -> str:
    fill, stroke = COLOURS.get(node.kind, COLOURS["related"])
    dash = ' stroke-dasharray="4 3"' if node.card_id is None else ""
    head = node.card_id or ""
    lines = wrap_text(node.name, box.w - 12, lines=3 if head else 4)
    tspans = [f'<tspan x="{box.x + 6:.1f}" dy="{LINE}" font-weight="bold">{escape(head)}</tspan>']
    tspans = tspans if head else []
    tspans += [f'<tspan x="{box.x + 6:.1f}" dy="{LINE}">{escape(t)}</tspan>' for t in lines]
    body = (
        f"<title>{escape(node.name)}</title>"
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{BOX}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
        f'<text x="{box.x + 6:.1f}" y="{box.y + 2:.1f}" font-size="{FONT}" fill="#111827">'
        f"{''.join(tspans)}</text>"
    )
    group = f'<g class="ladder-node ladder-{escape(node.kind)}">{body}</g>'
    return f'<a href="{escape(node.url)}">{group}</a>' if node.url else group


def _edge_svg(source: _Box, target: _Box) -> str:
    if target.y < source.y:  # up the ladder: top to bottom
        x1, y1 = source.x + source.w / 2, source.y
        x2, y2 = target.x + target.w / 2, target.y + BOX
    elif target.y > source.y:  # down (rare): bottom to top
        x1, y1 = source.x + source.w / 2, source.y + BOX
        x2, y2 = target.x + target.w / 2, target.y
    else:  # the same level: side to side
        x1, y1 = source.x + source.w, source.y + BOX / 2
        x2, y2 = target.x, target.y + BOX / 2
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#374151" '
        f'stroke-width="1.5" marker-end="url(#ladder-arrow)"/>'
    )


def _axis_svg(rows: dict[int, tuple[float, float]], text: LadderText) -> list[str]:
    parts = []
    for n, (level, (top, height)) in enumerate(rows.items()):
        shade = "#f9fafb" if n % 2 else "#ffffff"
        parts.append(
            f'<rect x="0" y="{top:.1f}" width="{WIDTH}" height="{height}" fill="{shade}"/>'
            f'<text x="8" y="{top + height / 2 + 4:.1f}" font-size="{FONT}" fill="#374151">'
            f"{escape(text.level.format(level=level))}</text>"
        )
    middle = AXIS + (WIDTH - AXIS - GAP) / 2
    for x, label in ((AXIS, text.this_occupation), (middle + GAP, text.related)):
        parts.append(
            f'<text x="{x:.1f}" y="22" font-size="13" font-weight="bold" fill="#111827">'
            f"{escape(label)}</text>"
        )
    return parts


def _legend_svg(bottom: float, text: LadderText) -> str:
    card_fill, card_stroke = COLOURS["card"]
    y = bottom + 10
    return (
        f'<rect x="8" y="{y:.1f}" width="22" height="12" rx="3" fill="{card_fill}" '
        f'stroke="{card_stroke}"/>'
        f'<rect x="36" y="{y:.1f}" width="22" height="12" rx="3" fill="#ffffff" '
        f'stroke="#4b5563" stroke-dasharray="4 3"/>'
        f'<text x="66" y="{y + 10:.1f}" font-size="11" fill="#374151">{escape(text.legend)}</text>'
    )


def _description(
    code: str, nodes: Sequence[LadderNode], edges: Sequence[LadderEdge], text: LadderText
) -> str:
    """The drawing in words: its levels and every arrow."""
    by_id = {n.id: n for n in nodes}
    own = sorted({n.level for n in nodes if n.kind == "card" and n.level is not None})
    sentences = [text.desc_cards.format(code=code, levels=", ".join(map(str, own)) or "—")]
    for edge in edges:
        source, target = by_id[edge.source], by_id[edge.target]
        sentences.append(
            text.desc_step.format(
                source_level=source.level if source.level is not None else "?",
                source=source.card_id or source.name,
                level=target.level if target.level is not None else "?",
                target=target.name,
            )
        )
    return " ".join(sentences)


def render_ladder_svg(  # noqa: PLR0913 - the drawing's data, all keyword-only
    *,
    code: str,
    name: str,
    nodes: Sequence[LadderNode],
    edges: Sequence[LadderEdge],
    levels: Sequence[int],
    text: LadderText,
) -> str:
    """Draw the ladder; ids inside are prefixed ``ladder-`` (one ladder per page)."""
    rows = _rows(nodes, levels)
    boxes = _layout(nodes, rows)
    bottom = max((top + height for top, height in rows.values()), default=float(TOP))
    height = bottom + 30
    lines = [
        _edge_svg(boxes[e.source], boxes[e.target])
        for e in edges
        if e.source in boxes and e.target in boxes
    ]
    title = text.title.format(name=name, code=code)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="ladder-title ladder-desc" font-family="sans-serif">',
            f'<title id="ladder-title">{escape(title)}</title>',
            f'<desc id="ladder-desc">{escape(_description(code, nodes, edges, text))}</desc>',
            '<defs><marker id="ladder-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#374151"/></marker></defs>',
            *_axis_svg(rows, text),
            *lines,
            *(_node_svg(n, boxes[n.id]) for n in nodes if n.id in boxes),
            _legend_svg(bottom, text),
            "</svg>",
        ]
    )
