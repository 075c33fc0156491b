"""Draw a result's scores per labour function as a standalone, accessible SVG bar chart.

One row per labour function: a bar for each part assessed (theory, practice)
with its percentage, and a dashed line at each part's pass mark, so a
candidate sees at a glance where they fell short. Pure string building; every
text is escaped (:func:`kasip.pages.ladder_svg.escape`), and the SVG carries
its own presentation attributes and a ``<title>``/``<desc>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kasip.pages.ladder_svg import escape, wrap_text

if TYPE_CHECKING:
    from kasip.pages.attempts import AttemptPage

__all__ = ["ChartLabels", "ChartRow", "render_result_svg", "result_chart"]

WIDTH = 720
LABEL = 260  # the functions' names
BAR_AREA = WIDTH - LABEL - 60
BAR = 16
ROW_GAP = 14
TOP = 30
FONT = 12
COLOURS = {"theory": "#1a56db", "practice": "#057a55"}


@dataclass(frozen=True, slots=True)
class ChartRow:
    """A labour function's name and its percentage in each part assessed (None: not assessed)."""

    name: str
    theory: float | None
    practice: float | None


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's words, in the reader's language."""

    title: str
    theory: str
    practice: str
    pass_mark: str


def _bar(y: float, part: str, percent: float, label: str) -> str:
    width = BAR_AREA * percent / 100
    return (
        f'<rect x="{LABEL}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" '
        f'fill="{COLOURS[part]}"><title>{escape(label)}: {percent:g}%</title></rect>'
        f'<text x="{LABEL + width + 4:.1f}" y="{y + BAR - 3:.1f}" font-size="{FONT}">'
        f"{percent:g}%</text>"
    )


def _mark(x_percent: int, top: float, bottom: float, part: str, label: str) -> str:
    x = LABEL + BAR_AREA * x_percent / 100
    return (
        f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
        f'stroke="{COLOURS[part]}" stroke-dasharray="4 3"><title>{escape(label)}: '
        f"{x_percent}%</title></line>"
    )


def render_result_svg(
    rows: Sequence[ChartRow], marks: Mapping[str, int], labels: ChartLabels
) -> str:
    """The chart of ``rows``, with the pass ``marks`` by part ("theory", "practice")."""
    parts = [p for p in ("theory", "practice") if any(getattr(r, p) is not None for r in rows)]
    row_height = max(len(parts), 1) * (BAR + 2) + ROW_GAP
    height = TOP + len(rows) * row_height + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="result-title" '
        f'font-family="sans-serif"><title id="result-title">{escape(labels.title)}</title>',
    ]
    legend_x = LABEL
    for part in parts:
        name = labels.theory if part == "theory" else labels.practice
        out.append(
            f'<rect x="{legend_x}" y="8" width="12" height="12" fill="{COLOURS[part]}"/>'
            f'<text x="{legend_x + 16}" y="18" font-size="{FONT}">{escape(name)}</text>'
        )
        legend_x += 140
    out.append(
        f'<text x="{legend_x}" y="18" font-size="{FONT}" fill="#4b5563">- - '
        f"{escape(labels.pass_mark)}</text>"
    )
    for n, row in enumerate(rows):
        y = TOP + n * row_height
        for i, line in enumerate(wrap_text(row.name, LABEL - 10, lines=2)):
            out.append(
                f'<text x="0" y="{y + FONT + i * (FONT + 2):.1f}" font-size="{FONT}">'
                f"{escape(line)}</text>"
            )
        for i, part in enumerate(parts):
            percent = getattr(row, part)
            if percent is not None:
                name = labels.theory if part == "theory" else labels.practice
                out.append(_bar(y + i * (BAR + 2), part, percent, f"{row.name}, {name}"))
    for part in parts:
        name = labels.theory if part == "theory" else labels.practice
        out.append(_mark(marks[part], TOP - 4, height - 6, part, f"{labels.pass_mark}, {name}"))
    out.append("</svg>")
    return "".join(out)


def result_chart(page: AttemptPage, gettext: Callable[[str], str]) -> str:
    """The chart of an attempt's page, its words translated by ``gettext``."""
    labels = ChartLabels(
        title=gettext("Scores per labour function"),
        theory=gettext("Theory"),
        practice=gettext("Practice"),
        pass_mark=gettext("pass mark"),
    )
    rows = [ChartRow(f.name, f.theory, f.practice) for f in page.functions]
    marks = {
        "theory": page.rules.theory_pass_percent,
        "practice": page.rules.practice_pass_percent,
    }
    return render_result_svg(rows, marks, labels)
