"""Draw an alignment's modules × labour functions matrix as a standalone, accessible SVG heat map.

One row per module of the programme, one column per labour function of the
chosen cards (numbered; the key under the grid names each by ID and title).
Each cell is filled by the share of the function's skills and knowledge that
the module's outcomes cover (:data:`kasip.curriculum.files.HEAT_SCALE`, the
workbook's scale) and shows that share as text, so colour is never the only
carrier; each cell has a ``<title>`` naming its module and function. Pure
string building; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from kasip.curriculum.files import HEAT_SCALE, heat_colour
from kasip.curriculum.models import AlignmentReport
from kasip.pages.ladder_svg import escape, wrap_text

__all__ = ["heat_map"]

LABEL = 230  # the module names' column
CELL_W = 58
CELL_H = 30
TOP = 64  # the colour key and the column numbers above the grid
KEY_LINE = 16
FONT = 12
KEY_W = 96


def _columns(report: AlignmentReport) -> list[tuple[str, str]]:
    return [(f.id, f.title) for card in report.cards for f in card.functions]


def _scale_key(gettext: Callable[[str], str]) -> list[str]:
    """The colour key: each step of the scale with the shares it stands for."""
    bounds = [step[0] for step in HEAT_SCALE]
    label = gettext("Share covered")
    out = [f'<text x="0" y="20" font-size="{FONT}">{escape(label)}:</text>']
    for n, (lowest, fill, _text) in enumerate(HEAT_SCALE):
        upper = bounds[n + 1] if n + 1 < len(bounds) else None
        if lowest == 0.0:
            label = "0%"
        elif upper is None:
            label = f"≥ {round(lowest * 100)}%"
        else:
            label = f"{max(1, round(lowest * 100))}–{round(upper * 100) - 1}%"
        x = LABEL + n * KEY_W
        out.append(
            f'<rect x="{x}" y="8" width="14" height="14" fill="{fill}" stroke="#6b7280"/>'
            f'<text x="{x + 18}" y="20" font-size="{FONT}">{escape(label)}</text>'
        )
    return out


def heat_map(report: AlignmentReport, gettext: Callable[[str], str]) -> str:
    """The heat map of ``report``'s matrix, its words translated by ``gettext``."""
    columns = _columns(report)
    title = gettext("Modules × labour functions: share of skills and knowledge covered")
    width = max(LABEL + len(columns) * CELL_W + 10, LABEL + len(HEAT_SCALE) * KEY_W)
    grid_bottom = TOP + len(report.matrix) * CELL_H
    key = [
        wrap_text(f"{n}. {fid} {text}", width - 10, lines=1)[0]
        for n, (fid, text) in enumerate(columns, start=1)
    ]
    height = grid_bottom + 12 + len(key) * KEY_LINE + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="heat-title" '
        f'font-family="sans-serif"><title id="heat-title">{escape(title)}</title>',
        *_scale_key(gettext),
    ]
    for n, (fid, text) in enumerate(columns):
        x = LABEL + n * CELL_W + CELL_W / 2
        out.append(
            f'<text x="{x:.1f}" y="{TOP - 8}" font-size="{FONT}" text-anchor="middle" '
            f'font-weight="bold">{n + 1}<title>{escape(fid)} {escape(text)}</title></text>'
        )
    for r, row in enumerate(report.matrix):
        y = TOP + r * CELL_H
        for i, line in enumerate(wrap_text(row.module, LABEL - 10, lines=2)):
            out.append(
                f'<text x="0" y="{y + 13 + i * (FONT + 1)}" font-size="{FONT - 1}">'
                f"{escape(line)}</text>"
            )
        for n, (fid, text) in enumerate(columns):
            out.append(_cell(LABEL + n * CELL_W, y, row.cells[fid], f"{row.module} — {fid} {text}"))
    for n, line in enumerate(key):
        out.append(
            f'<text x="0" y="{grid_bottom + 12 + (n + 1) * KEY_LINE - 4}" '
            f'font-size="{FONT - 1}">{escape(line)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _cell(x: float, y: float, share: float, name: str) -> str:
    fill, ink = heat_colour(share)
    percent = f"{round(100 * share)}%"
    return (
        f"<g><title>{escape(name)}: {percent}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
        f'fill="{fill}" stroke="#9ca3af" stroke-width="0.5"/>'
        f'<text x="{x + (CELL_W - 2) / 2:.1f}" y="{y + CELL_H / 2 + 3:.1f}" font-size="{FONT}" '
        f'text-anchor="middle" fill="{ink}">{percent}</text></g>'
    )
