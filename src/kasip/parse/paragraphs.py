"""The head's text as paragraphs: its non-empty lines, trimmed."""

from __future__ import annotations

from dataclasses import dataclass

from kasip.parse.source import Line, Source

__all__ = ["Paragraph", "paragraphs"]


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    line: Line


def paragraphs(source: Source, lines: list[Line]) -> list[Paragraph]:
    """Non-empty lines, trimmed."""
    found = []
    for line in lines:
        start, end = source.trim(line.start, line.end)
        if start < end:
            found.append(Paragraph(start, end, line))
    return found
