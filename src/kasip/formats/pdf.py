"""PDF files with text read into the parser's text (pdfplumber): tables by their ruling lines.

On every page, the tables pdfplumber finds (by their drawn lines) become one
line per row, cells separated by ``TAB|TAB`` (:mod:`kasip.formats.pdf_rows`,
which also puts back together the rows that rules and page breaks cut, and
:mod:`kasip.formats.pdf_lines`, which joins a cell's printed lines); the text
outside tables becomes lines in reading order, tables and text sorted by
their position on the page, page numbers in the margins left out. Text that
pdfplumber assigns to no cell (a border missing under a column) is put back
into its cell, or kept as a line after the table, never dropped.

A PDF without text (a scan) is refused: kasip does not recognise characters.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy

from kasip.errors import InputFileError
from kasip.formats.pdf_rows import Columns, Table, aligned, table_lines
from kasip.formats.places import Flattened, Line, Place
from kasip.formats.rows import Cell, Rows, continued

__all__ = ["read_pdf"]


def read_pdf(data: bytes, *, name: str = "<document>") -> Flattened:
    """Flatten a PDF's tables and text into the parser's text (see module doc).

    Raises:
        InputFileError: The PDF cannot be opened, or has no text (a scan).
    """
    import pdfplumber  # a heavy import (pdfminer), needed for PDFs only

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on a broken file
        raise InputFileError(f"{name}: a PDF that cannot be read ({type(exc).__name__})") from exc
    document = _Document()
    number = 0
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                document.has_text = document.has_text or bool(page.chars)
                document.add(_page(page, number, document.tables))
                page.close()  # its characters and layout: memory stays that of one page
    except Exception as exc:  # a damaged page (pdfminer raises many kinds), even on closing
        raise InputFileError(
            f"{name}: page {number or 1} of the PDF cannot be read ({type(exc).__name__})"
        ) from exc
    if not document.has_text:
        raise InputFileError(
            f"{name}: a PDF without text (a scan?); kasip reads PDFs with text: use the standard's"
            " text edition or its Word document"
        )
    return Flattened.of(document.finish())


# What a page prints, in order: a table, or lines of text.
Block = Table | list[Line]


class _Document:
    """The lines read so far, and the last table, held back while the next page may go on with it.

    A row broken by a page goes on at the top of the next page, in a table of
    its own: a title cell wrapped over the break (``Задача 2 Разработка
    ключевых технических сценариев`` / ``взаимодействия компонентов``) is put
    back into its cell there as on one page (:func:`~kasip.formats.rows.continued`,
    :func:`~kasip.formats.pdf_rows.aligned`).
    """

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.open_table: Rows = []
        self.columns: Columns = []  # the open table's
        self.tables = 0
        self.has_text = False

    def add(self, blocks: Sequence[Block]) -> None:
        """A page's blocks; a table that opens the page goes on with the table held back."""
        for position, block in enumerate(blocks):
            if isinstance(block, Table):
                self.tables += 1
                rows = block.rows
                if position > 0 or not self.open_table:
                    self._close_table()
                    self.columns = block.columns
                else:
                    rows, self.columns = aligned(block, self.columns, self.open_table)
                self.open_table = continued(rows, self.open_table)
            else:
                self._close_table()
                self.lines.extend(block)

    def finish(self) -> list[Line]:
        self._close_table()
        return self.lines

    def _close_table(self) -> None:
        self.lines.extend(table_lines(self.open_table))
        self.open_table = []


def _page(page: Any, number: int, tables_before: int) -> list[Block]:
    """What one page prints, tables and text in order."""
    found = page.find_tables()
    middles = _char_middles(page) if found else ([], numpy.empty(0), numpy.empty(0))
    blocks: list[tuple[float, Block]] = []
    for offset, table in enumerate(found, start=1):
        grid, leftover = _recovered(table, middles)
        at = Place(page=number, table=tables_before + offset)
        rows = [_row(replace(at, row=index), row) for index, row in enumerate(grid, start=1)]
        blocks.append((table.bbox[1], Table(rows, _spans(table))))
        if leftover:
            blocks.append((table.bbox[1], [(leftover, at)]))
    boxes = [table.bbox for table in found]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    text_lines = outside.extract_text_lines()
    for index, text_line in enumerate(text_lines, start=1):
        if _is_page_number(text_line, float(page.height)):
            continue
        place = Place(page=number, line=index)
        blocks.append((text_line["top"], [(text_line["text"], place)]))
    blocks.sort(key=lambda block: block[0])
    return [block for _, block in blocks]


def _row(place: Place, cells: list[str | None]) -> tuple[Place, list[Cell]]:
    return place, [
        [(text, replace(place, cell=column))] if text else []
        for column, text in enumerate(cells, start=1)
    ]


def _spans(table: Any) -> Columns:
    """Each column's left edge and the next one's (the table's right edge for the last)."""
    lefts = [float(column.bbox[0]) for column in table.columns]
    return list(zip(lefts, [*lefts[1:], float(table.bbox[2])], strict=True))


def _recovered(table: Any, middles: Middles) -> tuple[list[list[str | None]], str]:
    """The table's cells, with the text pdfplumber assigned to no cell put back.

    Where a row's border is missing under one column (a function's label cell
    in the 2017 NPP PDFs), pdfplumber gives that column no cell in the rows below
    the border, and their text (``Трудовая функция 2 …``) belongs to no cell:
    extracted as is, it would be lost without a word. It is read from the
    column's part of the row and becomes that cell. Text that no cell and no such
    part holds is returned too (none is known in the corpus), to be kept as a
    line after the table: the parser then names it instead of losing it.
    """
    from pdfplumber.utils.text import extract_text  # imported for PDFs only, as pdfplumber

    rows: list[list[str | None]] = [list(row) for row in table.extract()]
    lost, leftover = _unassigned(table, middles)
    for (index, column), chars in lost.items():
        rows[index][column] = extract_text(chars).strip() or None
    return rows, " ".join(extract_text(leftover).split()) if leftover else ""


Box = tuple[float, float, float, float]


def _unassigned(table: Any, middles: Middles) -> tuple[dict[tuple[int, int], list[Any]], list[Any]]:
    """The table's characters in no cell: by the (row, column) where the row has no
    cell in that column, and the rest.

    The test runs over all the page's characters at once (numpy): it costs little
    beside pdfplumber's own reading of the table.
    """
    chars, xs, ys = middles
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    free = (xs >= x0) & (xs <= x1) & (ys >= top) & (ys <= bottom)
    for row in table.rows:
        for cell in row.cells:
            if cell is not None:
                c0, ctop, c1, cbottom = (float(v) for v in cell)
                free &= ~((xs >= c0) & (xs <= c1) & (ys >= ctop) & (ys <= cbottom))
    spans = [_column_span(column) for column in table.columns]
    tops = [float(row.bbox[1]) for row in table.rows]
    lost: dict[tuple[int, int], list[Any]] = {}
    leftover: list[Any] = []
    for position in numpy.flatnonzero(free):
        char = chars[position]
        index = max(0, bisect.bisect_right(tops, float(ys[position])) - 1)
        column = _column_of(char, table.rows[index].cells, spans)
        if column is None:
            leftover.append(char)
        else:
            lost.setdefault((index, column), []).append(char)
    return lost, leftover


Middles = tuple[list[Any], Any, Any]


def _char_middles(page: Any) -> Middles:
    """The page's characters and their middle points (numpy arrays)."""
    chars = page.chars
    xs = numpy.fromiter(((c["x0"] + c["x1"]) / 2 for c in chars), float, len(chars))
    ys = numpy.fromiter(((c["top"] + c["bottom"]) / 2 for c in chars), float, len(chars))
    return chars, xs, ys


def _column_of(
    char: Any, cells: Sequence[Box | None], spans: Sequence[tuple[float, float] | None]
) -> int | None:
    """The column, among those the row has no cell in, whose span holds the character."""
    middle_x = (float(char["x0"]) + float(char["x1"])) / 2
    for column, cell in enumerate(cells):
        span = spans[column] if column < len(spans) else None
        if cell is None and span is not None and span[0] <= middle_x <= span[1]:
            return column
    return None


def _column_span(column: Any) -> tuple[float, float] | None:
    """A column's left and right edges: those of its narrowest cell (not a merged one)."""
    boxes = [cell for cell in column.cells if cell is not None]
    if not boxes:
        return None
    narrowest = min(boxes, key=lambda box: box[2] - box[0])
    return float(narrowest[0]), float(narrowest[2])


def _is_page_number(text_line: dict[str, Any], height: float) -> bool:
    """A number alone in the top or bottom margin: the page's number, not the text's.

    Left in, it lands between a table row and its continuation on the next page
    (``Квалификационный | 4``, ``3``, ``уровень по ОРК:``) and is read as content.
    """
    margin = height * _MARGIN
    in_margin = float(text_line["top"]) < margin or float(text_line["bottom"]) > height - margin
    return in_margin and str(text_line["text"]).strip().isdigit()


# The share of a page's height at its top and bottom where page numbers are printed.
_MARGIN = 0.12


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (float(obj.get("x0", 0.0)) + float(obj.get("x1", 0.0))) / 2
    middle_y = (float(obj.get("top", 0.0)) + float(obj.get("bottom", 0.0))) / 2
    return bool(x0 <= middle_x <= x1 and top <= middle_y <= bottom)
