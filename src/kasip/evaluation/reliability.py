"""The reliability diagram of a match evaluation, as a self-contained SVG.

Each bin of top-1 confidence is a bar as high as the share of its texts whose
top card was right, with a dot at the bin's mean confidence; a calibrated
matcher's bars reach the diagonal. The bar's width grows with the number of
texts, so a bin of one text does not look like evidence. Written by hand
(a few dozen elements), so evaluation needs no plotting library.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from kasip.evaluation.models import MatchReport

__all__ = ["reliability_svg"]

SIZE = 360  # the plot's side, in px
MARGIN = 48


def _x(value: float) -> float:
    return MARGIN + value * SIZE


def _y(value: float) -> float:
    return MARGIN + (1 - value) * SIZE


def _axes() -> list[str]:
    parts = [
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{SIZE}" height="{SIZE}" fill="none" '
        'stroke="#444"/>',
        f'<line class="diagonal" x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(1)}" '
        'stroke="#999" stroke-dasharray="4 4"/>',
    ]
    for step in range(0, 11, 2):
        value = step / 10
        parts.append(
            f'<text x="{_x(value)}" y="{_y(0) + 16}" font-size="11" '
            f'text-anchor="middle">{value:.1f}</text>'
        )
        parts.append(
            f'<text x="{MARGIN - 6}" y="{_y(value) + 4}" font-size="11" '
            f'text-anchor="end">{value:.1f}</text>'
        )
    parts.append(
        f'<text x="{_x(0.5)}" y="{_y(0) + 34}" font-size="12" text-anchor="middle">'
        "top-1 confidence</text>"
    )
    parts.append(
        f'<text x="14" y="{_y(0.5)}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {_y(0.5)})">share right</text>'
    )
    return parts


def reliability_svg(report: MatchReport, *, title: str) -> str:
    """The report's reliability diagram (see module doc), titled ``title``."""
    most = max((b.count for b in report.reliability), default=0) or 1
    parts = _axes()
    for b in report.reliability:
        if not b.count:
            continue
        full = (b.high - b.low) * SIZE
        width = max(full * b.count / most, 3.0)
        left = _x(b.low) + (full - width) / 2
        # A bin with nothing right still shows, as a sliver on the axis.
        height = max(b.share_correct * SIZE, 2.0)
        parts.append(
            f'<rect class="bin" x="{left:.1f}" y="{_y(0) - height:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}" fill="#4a78b5" '
            f'fill-opacity="0.75" data-count="{b.count}" data-right="{b.share_correct:.3f}">'
            f"<title>{b.low:.1f}-{b.high:.1f}: {b.count} texts, "
            f"{b.share_correct:.0%} right</title></rect>"
        )
        parts.append(
            f'<text x="{_x((b.low + b.high) / 2):.1f}" y="{_y(0) - height - 4:.1f}" '
            f'font-size="10" text-anchor="middle">{b.count}</text>'
        )
        parts.append(
            f'<circle class="confidence" cx="{_x(b.mean_confidence):.1f}" '
            f'cy="{_y(b.mean_confidence):.1f}" r="3" fill="#c0392b"/>'
        )
    heading = (
        f"{escape(title)}: {report.texts} texts, calibration error {report.calibration_error:.3f}"
    )
    legend = "bars: share right, as wide as their texts (number above)"
    keys = "dots: mean confidence; dashes: a calibrated matcher"
    side = SIZE + 2 * MARGIN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side + 40}" '
        f'viewBox="0 0 {side} {side + 40}" font-family="sans-serif">'
        f'<text x="{MARGIN}" y="24" font-size="13">{heading}</text>'
        f'<text x="{MARGIN}" y="{side + 20}" font-size="11">{legend}</text>'
        f'<text x="{MARGIN}" y="{side + 34}" font-size="11">{keys}</text>'
        + "".join(parts)
        + "</svg>\n"
    )
