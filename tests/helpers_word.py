"""Word documents made in tests: the text edition laid out as Word shows a standard."""

from __future__ import annotations

import io

import docx
from docx.document import Document as WordDocument

from kasip.parse.source import Source

__all__ = ["seed_as_word", "to_bytes"]


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_as_word(text: str) -> bytes:
    """The text edition laid out as Word: a one-row table per table row, paragraphs otherwise."""
    source = Source(text)
    document = docx.Document()
    last_cell = None
    for line in source.lines:
        cells = [text[c.start : c.end] for c in source.cells(line)]
        if len(cells) > 1:
            row = document.add_table(rows=1, cols=len(cells)).rows[0]
            for cell, value in zip(row.cells, cells, strict=True):
                cell.paragraphs[0].text = value
            last_cell = row.cells[-1]
        elif last_cell is not None and cells[0]:
            last_cell.add_paragraph(cells[0])  # a line that continues the row's last cell
        else:
            last_cell = None
            document.add_paragraph(cells[0])
    return to_bytes(document)
