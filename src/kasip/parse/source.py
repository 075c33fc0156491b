"""Stage 1-2: the source text, its lines and its table cells, with offsets.

Official pages are exported with table rows flattened to lines whose cells are
separated by ``TAB | TAB``; other exports use `` | `` or a bare TAB, and some
end lines with CRLF. Everything here works on offsets into the unmodified
source, so any element can point back at its raw text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from kasip.model import SourceSpan
from kasip.parse.patterns import PAGE_BREAK_RE
from kasip.text.clean import match_view

_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
# Cell separators, most specific first: ``TAB|TAB`` (adilet export), `` | ``,
# a bar next to a tab, or bare TABs. Tabs and spaced bars never occur inside
# the cells of these texts, so one pattern serves every export.
# A match never starts inside a blank run: that would rescan the run from every
# position (quadratic on long runs of spaces).
_SEPARATOR_RE = re.compile(r"(?<![ \t])(?:[ \t]*\t\|\t[ \t]*|[ \t]+\|[ \t]+)|\t\||\|\t|\t+")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int
    end: int  # exclusive, without the line break


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    index: int  # position of the cell in its physical line


class Source:
    """The decoded text plus a same-length view for matching and a line index."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.view = match_view(text)
        self.lines = _split_lines(text)
        # Layout noise, kept out of rows and elements: the page-break lines
        # ("Жалғасы", "Продолжение таблицы") that cut a table in a printed text.
        self.noise: tuple[tuple[int, int], ...] = tuple(
            (line.start, line.end)
            for line in self.lines
            if PAGE_BREAK_RE.fullmatch(self.view, line.start, line.end)
        )
        self._noise_lines = frozenset(self.noise)
        self._line_starts = [line.start for line in self.lines]

    def is_noise(self, line: Line) -> bool:
        """Whether ``line`` is a page-break line (see ``noise``)."""
        return (line.start, line.end) in self._noise_lines

    def line_of(self, offset: int) -> int:
        """1-based line number holding ``offset``."""
        return max(1, bisect.bisect_right(self._line_starts, offset))

    def column_of(self, offset: int) -> int:
        """1-based column of ``offset`` in its line."""
        return offset - self._line_starts[self.line_of(offset) - 1] + 1

    def span(self, start: int, end: int) -> SourceSpan:
        """A span for ``text[start:end]``; the end line is that of the last character."""
        last = max(start, end - 1)
        return SourceSpan(
            start=start, end=end, line_start=self.line_of(start), line_end=self.line_of(last)
        )

    def cells(self, line: Line) -> list[Cell]:
        """Split a physical line into trimmed cells."""
        pieces: list[Cell] = []
        cursor = line.start
        for match in _SEPARATOR_RE.finditer(self.text, line.start, line.end):
            pieces.append(self._trimmed_cell(cursor, match.start(), len(pieces)))
            cursor = match.end()
        pieces.append(self._trimmed_cell(cursor, line.end, len(pieces)))
        return pieces

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Shrink ``[start, end)`` past surrounding white space (in the view)."""
        while start < end and self.view[start].isspace():
            start += 1
        while end > start and self.view[end - 1].isspace():
            end -= 1
        return start, end

    def _trimmed_cell(self, start: int, end: int, index: int) -> Cell:
        start, end = self.trim(start, end)
        return Cell(start, end, index)

    @cached_property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


def _split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    cursor = 0
    for number, match in enumerate(_LINE_BREAK_RE.finditer(text), start=1):
        lines.append(Line(number, cursor, match.start()))
        cursor = match.end()
    lines.append(Line(len(lines) + 1, cursor, len(text)))
    return lines
