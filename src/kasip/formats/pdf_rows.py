"""A PDF table's rows put back together where rules and page breaks cut them.

pdfplumber reads a table by its ruling lines, so a row is what the rules
draw, not always what the source wrote: some PDFs rule every printed line of a
cell, and a row broken by a page goes on at the top of the next page in a
table of its own, ruled there with other columns. Here each such piece is put
back into the cell it continues (:func:`kasip.formats.rows.continued`, and
:func:`aligned` across pages ruled differently), keeping
the place where each piece is printed, and the rows become the parser's lines
(:func:`table_lines`): one line per row, cells separated by ``TAB|TAB``, an
empty cell where a cell is merged into the one above (as the text edition
shows it), nothing for the empty cells that end a row (a cell merged across
them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kasip.formats.pdf_lines import cell_lines
from kasip.formats.places import Line, row_lines
from kasip.formats.rows import Cell, Rows, filled

__all__ = ["Columns", "Table", "aligned", "table_lines"]

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
        if row and filled(row[0]):
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
        used |= {index for index, cell in enumerate(row) if filled(cell)}
        if row and filled(row[0]):
            break
    return used
