"""The ``xlsx`` export: one workbook, a sheet per entity and per relation (openpyxl).

The sheets are those of :func:`kasip.export.tables.export_tables`, named as
the tables are; each has its header in bold and frozen, and an auto-filter
over its columns. Texts are written as text, never as formulas: a skill that
begins with ``=`` stays a skill (spreadsheet formula injection).

Example:
    >>> from kasip.testing import make_document
    >>> write_xlsx([make_document()]).startswith(b"PK")
    True
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from kasip.export.tables import VersionFacts, export_tables
from kasip.formats.tables import add_sheet
from kasip.model import Document

__all__ = ["XLSX_MEDIA_TYPE", "write_xlsx"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths (characters) for the long texts; the other columns keep Excel's default.
_WIDTHS = {"title": 60, "name": 50, "text": 80, "education": 40, "id": 24}


def write_xlsx(docs: Sequence[Document], versions: Sequence[VersionFacts] = ()) -> bytes:
    """The documents' tables as an XLSX workbook.

    Args:
        docs: The documents.
        versions: What the registry knows of their versions (the standards table).

    Returns:
        The workbook's bytes.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, table in export_tables(docs, versions).items():
        # add_sheet keeps a text beginning with "=" a text cell (formula injection).
        sheet = add_sheet(book, name, table.columns, table.rows)
        for index, column in enumerate(table.columns, start=1):
            if column in _WIDTHS:
                sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[column]
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
