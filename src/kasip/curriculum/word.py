"""A programme in a Word document (DOCX), read with python-docx.

Two forms are read (docs/curriculum.md):

- **tables**: every table whose first row names the module and outcome columns
  (as a CSV's header does, :mod:`kasip.curriculum.tables`) gives its rows, in
  document order; other tables (a title block, a plan of credits) are skipped;
- **headings and lists**, when no table has those columns: each paragraph in a
  heading style (Heading 1-9, in any language Word names them) starts a
  module, and each non-empty paragraph under it is one learning outcome.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kasip.curriculum.models import EducationalProgramme
from kasip.curriculum.tables import TableRow, find_columns, programme_of, reject
from kasip.errors import ImportRejected

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table

__all__ = ["docx_programme"]

# Word names heading styles in the document's language: Heading 1, Заголовок 1, Тақырып 1.
_HEADING_STYLES = ("heading", "заголовок", "тақырып")


def docx_programme(data: bytes, *, name: str) -> EducationalProgramme:
    """The programme of a DOCX file's tables, else of its headings and lists.

    Raises:
        ImportRejected: The file is no readable DOCX, or has neither form, or a
            row or paragraph is wrong (named by table and row, or paragraph).
    """
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds on a bad file
        raise ImportRejected(
            f"{name}: not a readable DOCX document ({type(exc).__name__})", source_name=name
        ) from exc
    rows = list(_table_rows(document))
    if rows:
        columns = {"module": 0, "outcome": 1, "code": 2}
        return programme_of(name, columns, rows)
    headed = list(_heading_rows(document))
    if not headed:
        raise reject(
            name,
            [
                "no table whose first row names the columns module and outcome, "
                "and no heading with outcomes under it"
            ],
        )
    return programme_of(name, {"module": 0, "outcome": 1}, headed)


def _text(cell_text: str) -> str:
    return " ".join(cell_text.split())


def _table_rows(document: WordDocument) -> Iterator[TableRow]:
    """Each row under a module/outcome header, as (module, outcome, code) cells."""
    for number, table in enumerate(document.tables, start=1):
        cells = _rows_of(table)
        columns = find_columns(cells[0]) if cells else None
        if columns is None:
            continue
        for row_number, row in enumerate(cells[1:], start=2):
            picked = [
                row[columns[c]] if c in columns and columns[c] < len(row) else ""
                for c in ("module", "outcome", "code")
            ]
            yield f"table {number}, row {row_number}", picked


def _rows_of(table: Table) -> list[list[str]]:
    # A merged cell is given once per grid cell it spans: a module merged down
    # the rows of its outcomes names each of them, as wanted.
    return [[_text(cell.text) for cell in row.cells] for row in table.rows]


def _heading_rows(document: WordDocument) -> Iterator[TableRow]:
    """Each paragraph under a heading, as (module, outcome) cells: the heading is the module."""
    module = ""
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = _text(paragraph.text)
        style = paragraph.style.name.lower() if paragraph.style is not None else ""
        if style.startswith(_HEADING_STYLES):
            module = text
        elif text and module:
            # The module is given on its first outcome only: an empty module cell
            # belongs to the one above it.
            yield f"paragraph {number}", [module, text]
