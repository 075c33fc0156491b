"""Where a line of a flattened document comes from, and the text with its places."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Flattened", "Place"]


@dataclass(frozen=True, slots=True)
class Place:
    """A paragraph of a document: in the body, or in a table's cell (all numbers 1-based).

    Example:
        >>> Place(paragraph=3).describe(), Place(table=2, row=5, cell=3, paragraph=1).describe()
        ('paragraph 3', 'table 2, row 5, cell 3, paragraph 1')
    """

    paragraph: int
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def describe(self) -> str:
        if self.table is None:
            return f"paragraph {self.paragraph}"
        return f"table {self.table}, row {self.row}, cell {self.cell}, paragraph {self.paragraph}"


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
