"""PDF files with text read into the parser's text (pdfplumber): tables by their ruling lines.

On every page, the tables pdfplumber finds (by their drawn lines) become one
line per row, cells separated by ``TAB|TAB``, an empty cell where a cell is
merged into the one above (as the text edition shows it), nothing for the
empty cells that end a row (a cell merged across them); the
text outside tables becomes lines in reading order, tables and text sorted
by their position on the page. A table continued on the next page goes on
with rows whose first cell is empty, which the parser joins to the row above.

A PDF prints a cell's text in visual lines, broken wherever the column ends:
a line is joined to the one before unless it opens a list item (``1.``,
``2)``, ``-``, ``•``) or follows a line ending with a colon (a label such as
``Знания:``); a line ending in a hyphen after a letter joins the next
without a space (a compound such as ``программно-аппаратные`` broken at its
hyphen). A wrap that happens to fall before such a marker, and a word
hyphenated by the typesetter, stay as printed: the places of the lines let
``kasip check`` show where.

A PDF without text (a scan) is refused: kasip does not recognise characters.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy

from kasip.errors import InputFileError
from kasip.formats.places import Flattened, Line, Place, row_lines

__all__ = ["read_pdf"]

_ITEM_START_RE = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zа-яәіңғүұқөһ]\)|[-–—•●▪])\s")

_HYPHEN_END_RE = re.compile(r"[^\W\d_]-$")


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
    lines: list[Line] = []
    has_text = False
    number = 0
    try:
        with pdf:
            tables = 0
            for number, page in enumerate(pdf.pages, start=1):
                has_text = has_text or bool(page.chars)
                page_lines, tables = _page(page, number, tables)
                lines.extend(page_lines)
                page.close()  # its characters and layout: memory stays that of one page
    except Exception as exc:  # a damaged page (pdfminer raises many kinds), even on closing
        raise InputFileError(
            f"{name}: page {number or 1} of the PDF cannot be read ({type(exc).__name__})"
        ) from exc
    if not has_text:
        raise InputFileError(
            f"{name}: a PDF without text (a scan?); kasip reads PDFs with text: use the standard's"
            " text edition or its Word document"
        )
    return Flattened.of(lines)


def _page(page: Any, number: int, tables_before: int) -> tuple[list[Line], int]:
    """The lines of one page, tables and text in the order they are printed."""
    found = page.find_tables()
    middles = _char_middles(page) if found else ([], numpy.empty(0), numpy.empty(0))
    blocks: list[tuple[float, list[Line]]] = []
    for offset, table in enumerate(found, start=1):
        cells, leftover = _recovered(table, middles)
        rows = list(_table(cells, number, tables_before + offset))
        if leftover:
            rows.append((leftover, Place(page=number, table=tables_before + offset)))
        blocks.append((table.bbox[1], rows))
    boxes = [table.bbox for table in found]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    text_lines = outside.extract_text_lines()
    for index, text_line in enumerate(text_lines, start=1):
        if _is_page_number(text_line, float(page.height)):
            continue
        place = Place(page=number, line=index)
        blocks.append((text_line["top"], [(text_line["text"], place)]))
    blocks.sort(key=lambda block: block[0])
    return [line for _, block in blocks for line in block], tables_before + len(found)


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


def _table(rows: Sequence[Sequence[str | None]], page: int, table: int) -> Iterator[Line]:
    for row_number, row in _continued(rows):
        cells = [_cell_lines(cell) for cell in row]
        if not any(cells):
            continue
        # The grid has a column for every ruling line of the table: a row's
        # empty cells at the right are a cell merged across them.
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        yield from row_lines(cells, Place(page=page, table=table, row=row_number), "line")


def _continued(rows: Sequence[Sequence[str | None]]) -> list[tuple[int, list[str | None]]]:
    """The rows, each printed line that a draft ruled as a row of its own put back in its cell.

    Some PDFs draw a rule under every printed line of a cell, so a wrapped entry
    (``1. Знание современных программных`` / ``приложений по проектированию``)
    comes as rows whose one non-empty cell continues, in lower case, the same
    column of the row before; such a row is that cell's next line.
    """
    kept: list[tuple[int, list[str | None]]] = []
    for number, row in enumerate(rows, start=1):
        filled = [index for index, cell in enumerate(row) if cell and cell.strip()]
        if kept and len(filled) == 1:
            column = filled[0]
            text = str(row[column]).strip()
            previous = kept[-1][1]
            if (
                text[:1].islower()
                and column < len(previous)
                and previous[column]
                and str(previous[column]).strip()
            ):
                previous[column] = f"{previous[column]}\n{text}"
                continue
        kept.append((number, list(row)))
    return kept


def _opens_name(above: str, line: str) -> bool:
    """Whether a printed line is a new entry of an unnumbered list of names.

    A capitalised word (not an acronym) after a line that ends a short phrase
    without a comma, hyphen or preposition: ``Проектировщик ИС`` / ``Системный
    аналитик`` are two names, ``Законодательство`` / ``Республики Казахстан`` one.
    """
    words = above.split()
    return bool(
        not _ITEM_START_RE.match(above)  # a numbered entry runs on over its lines
        and _NAME_START_RE.match(line)
        and len(words) <= _NAME_WORDS
        and not _CONTINUES_RE.search(above)
        # ``… правила Якоба`` / ``Нильсена …``: a proper name runs on.
        and not (len(words) > 1 and _NAME_START_RE.match(words[-1]))
    )


_NAME_START_RE = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][а-яёәғқңөұүһіa-z]")
# A line that ends so does not end a name: the next line goes on with it.
_CONTINUES_RE = re.compile(r"(?:[,\-–(]|\b(?:и|в|на|по|с|к|для|от|о|об|и/или|или))\s*$", re.I)
# Names of occupations are short; a longer line is a wrapped sentence.
_NAME_WORDS = 4


def _word_end(above: str, line: str) -> bool:
    """Whether a printed line opens with the last letters of a long word cut above it.

    Only a lower-case ending after a word of at least :data:`_CUT_WORD` letters
    that the line above ends with: ``Совершенствовани`` / ``е``, never ``Сыни`` /
    ``ой`` (Kazakh "thought") or ``10`` / ``Ом``.
    """
    words = line.split(maxsplit=1)
    last = above.rsplit(maxsplit=1)[-1] if above.strip() else ""
    return bool(words) and words[0] in _WORD_ENDS and len(last) >= _CUT_WORD and last.isalpha()


# The shortest word a narrow cell is taken to have cut.
_CUT_WORD = 8


# Endings a narrow cell breaks off a word (``Администрирован|ие``), none of them a
# word itself (unlike ``и``, ``в``, ``с``, ``о``, ``на``, ``по``).
_WORD_ENDS = frozenset(
    [
        "е",
        "ие",
        "ия",
        "ий",
        "го",
        "ых",
        "ой",
        "ая",
        "ое",
        "ый",
        "ые",
        "ом",
        "ам",
        "ью",
        "ёт",
        "ет",
        "ют",
        "ся",
        "сь",
        "ть",
    ]
)


def _cell_lines(cell: str | None) -> list[str]:
    """A cell's printed lines, wraps joined (see module doc); none for a merged cell."""
    if not cell:
        return []
    lines: list[str] = []
    for printed in cell.replace("\t", " ").split("\n"):
        text = printed.strip()
        if not text:
            continue
        if (
            lines
            and not _ITEM_START_RE.match(text)
            and not lines[-1].endswith(":")
            and not _opens_name(lines[-1], text)
        ):
            # A compound broken at its hyphen (программно-|аппаратные), a word at its
            # soft hyphen (раз\xad|работке) or, in a narrow cell, anywhere
            # (Совершенствовани|е, автоматизированно|го) joins without a space.
            previous = lines[-1].removesuffix("\xad")
            glued = (
                previous != lines[-1]
                or _HYPHEN_END_RE.search(previous)
                or _word_end(previous, text)
            )
            lines[-1] = f"{previous}{'' if glued else ' '}{text}"
        else:
            lines.append(text)
    return lines
