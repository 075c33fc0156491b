"""Where a line of a flattened document comes from, and the text with its places."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["CELL_SEPARATOR", "Flattened", "Line", "Place", "numbered", "row_lines"]

# How the official text edition separates a table row's cells (kasip.parse.source).
CELL_SEPARATOR = "\t|\t"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line comes from in a document; every number 1-based, None when it does not apply.

    A Word document's lines are paragraphs, in the body or in a table's cell;
    a PDF's are the printed lines of a page, outside tables or in a cell.

    Example:
        >>> Place(paragraph=3).describe(), Place(table=2, row=5, cell=3, paragraph=1).describe()
        ('paragraph 3', 'table 2, row 5, cell 3, paragraph 1')
        >>> Place(page=4, table=1, row=2, cell=2, line=3).describe()
        'page 4, table 1, row 2, cell 2, line 3'
    """

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    page: int | None = None
    line: int | None = None

    def describe(self) -> str:
        parts = (
            ("page", self.page),
            ("table", self.table),
            ("row", self.row),
            ("cell", self.cell),
            ("paragraph", self.paragraph),
            ("line", self.line),
        )
        return ", ".join(f"{name} {value}" for name, value in parts if value is not None)


# A line of a flattened document and where it comes from.
Line = tuple[str, Place]


@dataclass(frozen=True, slots=True)
class Flattened:
    """A document as the parser's text, and the place of each of its lines.

    ``places[n - 1]`` is where line ``n`` starts; a table row's line starts in
    its first cell.
    """

    text: str
    places: tuple[Place, ...]

    def place_of(self, line: int) -> Place | None:
        """The place of 1-based ``line``, or None outside the text."""
        return self.places[line - 1] if 1 <= line <= len(self.places) else None

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Flattened:
        """Join ``(line, place)`` pairs; a line must not hold a line break."""
        return cls("\n".join(text for text, _ in lines), tuple(place for _, place in lines))


def row_lines(
    cells: Sequence[Sequence[Line]], row: Place, unit: Literal["paragraph", "line"]
) -> Iterator[Line]:
    r"""A table row as the parser's lines, each with its place.

    The cells are joined by ``TAB|TAB`` on one line (at ``row``'s first cell,
    its ``unit`` 1), each cell but the last with its lines joined by a space;
    the last cell's further lines follow on lines of their own, with their own
    places, which the parser reads as that cell's continuation.

    >>> row = Place(row=1)
    >>> cells = [numbered(["Білім"], row, 1, "line"), numbered(["1. А", "2. Б"], row, 2, "line")]
    >>> [(text, place.describe()) for text, place in row_lines(cells, row, "line")]
    [('Білім\t|\t1. А', 'row 1, cell 1, line 1'), ('2. Б', 'row 1, cell 2, line 2')]
    """
    tail = cells[-1]
    head = [" ".join(text for text, _ in lines) for lines in cells[:-1]]
    first = tail[0][0] if tail else ""
    yield CELL_SEPARATOR.join([*head, first]), replace(row, cell=1, **{unit: 1})
    yield from tail[1:]


def numbered(
    texts: Sequence[str], row: Place, cell: int, unit: Literal["paragraph", "line"]
) -> list[Line]:
    """A cell's lines, each placed at ``row``'s ``cell`` and its 1-based number as ``unit``."""
    return [(text, replace(row, cell=cell, **{unit: index})) for index, text in enumerate(texts, 1)]
