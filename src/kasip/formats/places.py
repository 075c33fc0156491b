"""Where a line of a flattened document comes from, and the text with its places."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Flattened", "Place"]


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
    def of(cls, lines: Sequence[tuple[str, Place]]) -> Flattened:
        """Join ``(line, place)`` pairs; a line must not hold a line break."""
        return cls("\n".join(text for text, _ in lines), tuple(place for _, place in lines))
