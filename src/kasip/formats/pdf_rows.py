"""A PDF table's rows put back together where rules and page breaks cut them.

pdfplumber reads a table by its ruling lines, so a row is what the rules
draw, not always what the source wrote: some PDFs rule every printed line of a
cell, and a row broken by a page goes on at the top of the next page in a
table of its own, ruled there with other columns. Here each such piece is put
back into the cell it continues (:func:`continued`, :func:`aligned`), keeping
the place where each piece is printed, and the rows become the parser's lines
(:func:`table_lines`): one line per row, cells separated by ``TAB|TAB``, an
empty cell where a cell is merged into the one above (as the text edition
shows it), nothing for the empty cells that end a row (a cell merged across
them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kasip.formats.pdf_lines import Piece, cell_lines
from kasip.formats.places import Line, Place, row_lines

__all__ = ["Cell", "Columns", "Rows", "Table", "aligned", "continued", "table_lines"]

# A cell: its text as the rows of the PDF hold it; empty for a merged or empty cell.
Cell = list[Piece]
# A table's rows, each with its place, as pdfplumber reads them.
Rows = list[tuple[Place, list[Cell]]]
# Each column's left and right edge.
Columns = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Table:
    rows: Rows
    columns: Columns


def table_lines(rows: Rows) -> Iterator[Line]:
    """The rows as the parser's lines, each at its place."""
    for place, row in rows:
        cells = [cell_lines(cell) for cell in row]
        if not any(cells):
            continue
        # The grid has a column for every ruling line of the table: a row's
        # empty cells at the right are a cell merged across them.
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        yield from row_lines(cells, place, "line")


def continued(rows: Rows, kept: Rows) -> Rows:
    """The rows, each printed line that a draft ruled as a row of its own put back in its cell.

    Some PDFs draw a rule under every printed line of a cell, so a wrapped entry
    (``1. Знание современных программных`` / ``приложений по проектированию``)
    comes as rows whose cell continues, in lower case, the same column above. A
    title wrapped beside such a list (``Задача 2 Разработка ключевых технических
    сценариев`` / … / ``взаимодействия компонентов``) goes on several rows down,
    and a label's title may stand rows below it (``Задача 2:`` / … / ``Анализ
    процесса``): each such cell goes on the cell above in its column
    (:func:`_above`), and a row left empty is dropped. ``kept`` are the rows
    above (of the table that a page break cut, or none), extended and returned.
    """
    for place, row in rows:
        cells = list(row)
        for column, cell in enumerate(cells):
            target = _above(kept, column) if _filled(cell) else None
            if target is not None and _goes_on(_text(target[column]), _text(cell)):
                target[column] = [*target[column], *cell]
                cells[column] = []
        if any(_filled(cell) for cell in cells) or not kept:
            kept.append((place, cells))
    return kept


def aligned(table: Table, columns: Columns, above: Rows) -> tuple[Rows, Columns]:
    """The rows of a table that goes on from the page before, in that table's columns.

    The two pages' tables may be ruled differently (the first with an empty
    narrow column beside the list, ``Задача 1 | | Умения:``): up to the next
    function (text in the first column), each column's text is laid into the
    column of the table above that holds text in the function going on and
    starts nearest, so that a list goes on in its own cell. Returns the rows and
    the columns the last of them are laid in.
    """
    if table.columns == columns:
        return table.rows, columns
    used = {index for index in _columns_in_use(above) if index < len(columns)}
    candidates = used or set(range(len(columns)))
    target = [
        min(candidates, key=lambda old: abs(columns[old][0] - left)) for left, _ in table.columns
    ]
    rows: Rows = []
    for place, row in table.rows:
        if row and _filled(row[0]):
            target = list(range(len(row)))  # a new function: the table's own columns
            columns = table.columns
        laid: list[Cell] = [[] for _ in range(max(len(columns), len(row)))]
        for column, cell in enumerate(row):
            laid[target[column] if column < len(target) else column].extend(cell)
        rows.append((place, laid))
    return rows, columns


def _columns_in_use(rows: Rows) -> set[int]:
    """The columns holding text in the rows since the last one with text in the first column."""
    used: set[int] = set()
    for _, row in reversed(rows):
        used |= {index for index, cell in enumerate(row) if _filled(cell)}
        if row and _filled(row[0]):
            break
    return used


def _above(kept: Rows, column: int) -> list[Cell] | None:
    """The row whose cell in ``column`` a continuation goes on: the last row with text
    in that column, if no row since has text in a column to its left (which opens
    a new function or task there: the text is then not that cell's)."""
    for _, row in reversed(kept):
        if column < len(row) and _filled(row[column]):
            return row
        if any(_filled(cell) for cell in row[:column]):
            return None
    return None


def _goes_on(above: str, text: str) -> bool:
    """Whether a cell's text is the next line of the cell above in its column."""
    return bool(_CONTINUATION_RE.match(text) or _BARE_LABEL_RE.fullmatch(above))


def _filled(cell: Cell) -> bool:
    return any(text.strip() for text, _ in cell)


def _text(cell: Cell) -> str:
    return "\n".join(text for text, _ in cell).strip()


# A cell that goes on the text above: it opens in lower case (or a bracket before it).
_CONTINUATION_RE = re.compile(r"[(«\"]?[a-zа-яёәғқңөұүһі]")
# A function's or task's label whose title a rule put in a row below (``Задача 2:`` /
# … / ``Анализ и совершенствование процесса``).
_BARE_LABEL_RE = re.compile(
    r"\s*(?:Трудовая\s+функция|Задача|Еңбек\s+функциясы|Міндет)\s*\d{0,2}\s*[:.]?\s*", re.I
)
