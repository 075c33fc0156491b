"""Draw a gap analysis per labour function as a standalone, accessible SVG bar chart.

One row per labour function: a bar of its skills and knowledge split by rating
(fully, partly, not yet, not rated), as shares of the function's elements,
with the share mastered written after it. A worker sees at a glance where the
gaps are. Pure string building; every text is escaped, and the SVG carries its
own presentation attributes and a ``<title>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable

from kasip.gaps.models import GapAnalysis, Tally
from kasip.pages.ladder_svg import escape, wrap_text

__all__ = ["PARTS", "gap_chart"]

WIDTH = 720
LABEL = 260
BAR_AREA = WIDTH - LABEL - 60
BAR = 18
ROW_GAP = 16
TOP = 34
FONT = 12
# Each rating's colour; "not rated" is grey, not red: nobody has said it is missing.
PARTS: tuple[tuple[str, str], ...] = (
    ("fully", "#057a55"),
    ("partly", "#c27803"),
    ("not_yet", "#c81e1e"),
    ("unrated", "#9ca3af"),
)


def gap_chart(analysis: GapAnalysis, gettext: Callable[[str], str]) -> str:
    """The chart of ``analysis``, its words translated by ``gettext``."""
    names = {
        "fully": gettext("fully"),
        "partly": gettext("partly"),
        "not_yet": gettext("not yet"),
        "unrated": gettext("not rated"),
    }
    title = gettext("Skills and knowledge per labour function")
    height = TOP + len(analysis.functions) * (BAR + ROW_GAP) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="gap-title" '
        f'font-family="sans-serif"><title id="gap-title">{escape(title)}</title>'
    ]
    x = LABEL
    for part, colour in PARTS:
        out.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="18" font-size="{FONT}">{escape(names[part])}</text>'
        )
        x += 110
    for n, function in enumerate(analysis.functions):
        y = TOP + n * (BAR + ROW_GAP)
        for i, line in enumerate(wrap_text(function.title, LABEL - 10, lines=2)):
            out.append(
                f'<text x="0" y="{y + FONT + i * (FONT + 2):.1f}" font-size="{FONT}">'
                f"{escape(line)}</text>"
            )
        both = _sum(function.skills, function.knowledge)
        out.append(_bar(y, both, names, function.title))
        out.append(
            f'<text x="{LABEL + BAR_AREA + 6}" y="{y + BAR - 4}" font-size="{FONT}">'
            f"{round(100 * function.score)}%</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _sum(a: Tally, b: Tally) -> Tally:
    return Tally(
        total=a.total + b.total,
        fully=a.fully + b.fully,
        partly=a.partly + b.partly,
        not_yet=a.not_yet + b.not_yet,
        unrated=a.unrated + b.unrated,
    )


def _bar(y: float, counts: Tally, names: dict[str, str], function: str) -> str:
    out: list[str] = []
    x = float(LABEL)
    for part, colour in PARTS:
        count = getattr(counts, part)
        if not count or not counts.total:
            continue
        width = BAR_AREA * count / counts.total
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" fill="{colour}">'
            f"<title>{escape(function)}: {escape(names[part])} "
            f"{count}/{counts.total}</title></rect>"
        )
        x += width
    return "".join(out)
