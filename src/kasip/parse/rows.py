"""Stage 3: group the physical lines of the annex into table rows.

A table cell may hold line breaks, so a row is a line that opens with a known
label (or with an empty first cell, as under a merged cell) plus the following
lines that do not: those continue the row's last cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasip.parse import patterns as p
from kasip.parse.segments import label_at_start
from kasip.parse.source import Cell, Line, Source

BLOCK = "block"  # a row of the labour-function block
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Row:
    """A table row: its kind (by its label), where the label ends, its cells."""

    kind: str
    label_end: int  # end of the label in the first cell (its start when unlabelled)
    cells: tuple[Cell, ...]

    @property
    def start(self) -> int:
        return self.cells[0].start

    @property
    def end(self) -> int:
        return max(cell.end for cell in self.cells)


def classify(source: Source, cells: list[Cell]) -> tuple[str, int] | None:
    """The row kind and label end of a line that opens a row, else None."""
    first = cells[0]
    for kind, pattern in p.ROW_LABELS:
        match = pattern.match(source.view, first.start, first.end)
        if match:
            return kind, match.end()
    if label_at_start(source, first.start, first.end) is not None:
        return BLOCK, first.start
    keyword = _keyword_kind(source, cells)
    if keyword is not None:
        return keyword, first.end
    if len(cells) > 1 and p.DIRECTORY_HINT_RE.search(source.view, first.start, first.end):
        return "directory", first.end
    if len(cells) > 1:
        return (BLOCK if first.start == first.end else UNKNOWN), first.start
    return None


_MAX_LABEL_CELL = 300


def _keyword_kind(source: Source, cells: list[Cell]) -> str | None:
    first = cells[0]
    if len(cells) < 2 or not 0 < first.end - first.start <= _MAX_LABEL_CELL:
        return None
    label = source.view[first.start : first.end]
    for kind, patterns in p.ROW_KEYWORDS:
        if all(pattern.search(label) for pattern in patterns):
            return kind
    return None


@dataclass
class _OpenRow:
    """A row while its lines are read: later lines may still continue its cells."""

    kind: str
    label_end: int
    cells: list[Cell]


def group_rows(source: Source, lines: list[Line]) -> list[Row]:
    """Group lines into rows; lines before the first row and page breaks are dropped."""
    rows: list[_OpenRow] = []
    for line in lines:
        if source.is_noise(line):
            continue
        cells = source.cells(line)
        opened = classify(source, cells)
        kept = [c for c in cells if c.start < c.end or c.index == 0]
        if opened is not None and opened[0] == UNKNOWN and _is_open_block_row(rows):
            # A cell broken over lines: the first cell ends the open cell of
            # the row above, the following cells continue that row.
            _continue_last_cell(source, rows[-1], Line(0, cells[0].start, cells[0].end))
            base = len(rows[-1].cells)
            rows[-1].cells.extend(Cell(c.start, c.end, base + n) for n, c in enumerate(kept[1:]))
        elif opened is not None:
            kind, label_end = opened
            rows.append(_OpenRow(kind, label_end, kept))
        elif rows and line.start < line.end:
            _continue_last_cell(source, rows[-1], line)
    return [Row(row.kind, row.label_end, tuple(row.cells)) for row in rows]


def _is_open_block_row(rows: list[_OpenRow]) -> bool:
    """A block row with fewer cells than a function/task/skills row has."""
    return bool(rows) and rows[-1].kind == BLOCK and len(rows[-1].cells) < 3


def _continue_last_cell(source: Source, row: _OpenRow, line: Line) -> None:
    last = row.cells[-1]
    line_start, end = source.trim(line.start, line.end)
    if line_start < end and end > last.end:
        start = last.start if last.start < last.end else line_start
        row.cells[-1] = Cell(start, end, last.index)
