"""Table rows that a rule or a page break cut, put back into the cells they continue.

A row of a standard's table is sometimes cut in two: a Word table row split by
hand where a page ended, a PDF that rules every printed line of a cell, or a
row broken by a page. The rest then stands in a row of its own, under the cell
it continues: ``1. Углубленное понимание методики описания и`` / (next row)
``формализации бизнес-процессов.``, a task title wrapped beside a ruled list
(``Задача 2 Разработка ключевых технических сценариев`` / … / ``взаимодействия
компонентов``), or the title of a bare ``Задача 2:`` label rows below it. Read
as rows, such a piece would be a new item, a phantom task or lost text.
"""

from __future__ import annotations

import re

from kasip.formats.places import Line, Place
from kasip.text.alphabet import CYRILLIC_LOWER

__all__ = ["Cell", "Rows", "continued", "filled"]

# A cell: its lines (a Word cell's paragraphs, a PDF cell's text as each row
# holds it), each with its place; empty for a merged or empty cell.
Cell = list[Line]
# A table's rows, each with its place.
Rows = list[tuple[Place, list[Cell]]]


def continued(rows: Rows, kept: Rows) -> Rows:
    """The rows, each piece that stands in a row of its own put back into the cell it continues.

    A cell goes on the cell above in its column (:func:`_above`) when it opens
    in lower case, or when the cell above is a bare ``Задача 2:`` label; a row
    left empty is dropped. ``kept`` are the rows above (of the table that a page
    break cut, or none), extended and returned.
    """
    for place, row in rows:
        cells = list(row)
        for column, cell in enumerate(cells):
            # Text to its left in its own row makes the cell that row's (``Задача 2: …
            # | мения``), unless that text went on the row above too.
            own_row = any(filled(left) for left in cells[:column])
            target = _above(kept, column) if filled(cell) and not own_row else None
            if target is not None and _goes_on(_text(target[column]), _text(cell)):
                target[column] = [*target[column], *cell]
                cells[column] = []
        if any(filled(cell) for cell in cells) or not kept:
            kept.append((place, cells))
    return kept


def _above(kept: Rows, column: int) -> list[Cell] | None:
    """The row whose cell in ``column`` a continuation goes on: the last row with text
    in that column, if no row since has text in a column to its left (which opens
    a new function or task there: the text is then not that cell's)."""
    for _, row in reversed(kept):
        if column < len(row) and filled(row[column]):
            return row
        if any(filled(cell) for cell in row[:column]):
            return None
    return None


def _goes_on(above: str, text: str) -> bool:
    """Whether a cell's text is the next line of the cell above in its column."""
    return bool(_CONTINUATION_RE.match(text) or _BARE_LABEL_RE.fullmatch(above))


def filled(cell: Cell) -> bool:
    return any(text.strip() for text, _ in cell)


def _text(cell: Cell) -> str:
    return "\n".join(text for text, _ in cell).strip()


# A cell that goes on the text above: it opens in lower case (or a bracket before it).
_CONTINUATION_RE = re.compile(rf"[(«\"]?[a-z{CYRILLIC_LOWER}]")
# A function's or task's label whose title a rule put in a row below (``Задача 2:`` /
# … / ``Анализ и совершенствование процесса``).
_BARE_LABEL_RE = re.compile(
    r"\s*(?:Трудовая\s+функция|Задача|Еңбек\s+функциясы|Міндет)\s*\d{0,2}\s*[:.]?\s*", re.I
)
