"""The ``csv`` export: a ZIP archive of one UTF-8 CSV file per entity and per relation.

As ESCO publishes its classification: ``standards.csv``, ``cards.csv``,
``labour_functions.csv``, ``tasks.csv``, ``skills.csv``, ``knowledge.csv``,
then the relation files ``broader_relations.csv`` and
``occupation_relations.csv`` (the tables of :mod:`kasip.export.tables`, with
the same columns and rows as the ``xlsx`` export's sheets). Each file is
UTF-8 with a byte order mark, so that Excel reads it as UTF-8, and ends its
lines with CRLF (RFC 4180).

Example:
    >>> import zipfile, io
    >>> from kasip.testing import make_document
    >>> names = zipfile.ZipFile(io.BytesIO(write_csv_zip([make_document()]))).namelist()
    >>> names[:2], names[-1]
    (['standards.csv', 'cards.csv'], 'occupation_relations.csv')
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.export.bundle import zip_files
from kasip.export.tables import VersionFacts, export_tables
from kasip.formats.tables import table_csv
from kasip.model import Document

__all__ = ["write_csv_zip"]


def write_csv_zip(docs: Sequence[Document], versions: Sequence[VersionFacts] = ()) -> bytes:
    """The documents' tables as a ZIP archive of CSV files, one per table.

    Args:
        docs: The documents.
        versions: What the registry knows of their versions (the standards table).

    Returns:
        The archive's bytes.
    """
    files = {}
    for name, table in export_tables(docs, versions).items():
        rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        files[f"{name}.csv"] = table_csv(table.columns, rows)
    return zip_files(files)
