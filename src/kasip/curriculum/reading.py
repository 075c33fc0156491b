"""Read a programme file: UTF-8 CSV, XLSX or DOCX (docs/curriculum.md).

The format is told by the file's first bytes (an XLSX and a DOCX are both ZIP
archives, told apart by what they hold), not by its name: an upload's name may
say anything. A file is read whole before anything is kept, and is refused
over :data:`MAX_PROGRAMME_BYTES`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kasip.curriculum.models import EducationalProgramme
from kasip.curriculum.tables import TableRow, find_columns, programme_of, reject
from kasip.curriculum.word import docx_programme
from kasip.errors import ImportRejected
from kasip.formats.tables import XLSX_MAGIC, cell_text, csv_rows, xlsx_rows

__all__ = ["MAX_PROGRAMME_BYTES", "read_programme", "read_programme_file"]

MAX_PROGRAMME_BYTES = 5 * 1024 * 1024
_MAX_SHEET_ROWS = 20_000  # rows of a sheet read, empty ones included


def read_programme_file(
    path: Path, *, max_bytes: int = MAX_PROGRAMME_BYTES
) -> EducationalProgramme:
    """Read the programme in the file at ``path`` (see :func:`read_programme`).

    Raises:
        ImportRejected: The file is over ``max_bytes`` or not a readable programme.
        OSError: The file cannot be read.
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return read_programme(data, name=str(path), max_bytes=max_bytes)


def read_programme(
    data: bytes, *, name: str, max_bytes: int = MAX_PROGRAMME_BYTES
) -> EducationalProgramme:
    """Read a programme: a CSV (UTF-8, a byte order mark tolerated), an XLSX (its
    first sheet) or a DOCX (a table with module and outcome columns, or headings
    with the outcomes under them).

    Args:
        data: The file's bytes.
        name: What errors call the file.
        max_bytes: The largest file read.

    Raises:
        ImportRejected: A problem, named by the file, row (or table, paragraph)
            and field.

    Example:
        >>> data = "module,outcome\\nM1,Консультирует клиентов\\n".encode()
        >>> p = read_programme(data, name="p.csv")
        >>> [(o.number, o.module, o.text, o.place) for o in p.outcomes]
        [(1, 'M1', 'Консультирует клиентов', 'row 2')]
    """
    if len(data) > max_bytes:
        raise ImportRejected(f"{name}: larger than {max_bytes:,} bytes", source_name=name)
    if data.startswith(XLSX_MAGIC):
        members = _zip_members(data, name)
        if "word/document.xml" in members:
            return docx_programme(data, name=name)
        if "xl/workbook.xml" in members:
            return _table_programme(name, _xlsx_rows(data, name))
        raise ImportRejected(f"{name}: a ZIP archive, neither XLSX nor DOCX", source_name=name)
    return _table_programme(name, _csv_rows(data, name))


def _zip_members(data: bytes, name: str) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ImportRejected(f"{name}: a damaged XLSX or DOCX file", source_name=name) from exc


def _table_programme(name: str, rows: list[Sequence[str]]) -> EducationalProgramme:
    if not rows:
        raise reject(name, ["the file is empty"])
    columns = find_columns(rows[0])
    if columns is None:
        raise reject(
            name, ["row 1: missing header: the first row must name the columns module and outcome"]
        )
    return programme_of(name, columns, _numbered(rows[1:]))


def _numbered(rows: Sequence[Sequence[str]]) -> Iterator[TableRow]:
    for number, cells in enumerate(rows, start=2):
        yield f"row {number}", cells


def _csv_rows(data: bytes, name: str) -> list[Sequence[str]]:
    return list(csv_rows(data, name))


def _xlsx_rows(data: bytes, name: str) -> list[Sequence[str]]:
    return [
        [cell_text(v) for v in cells] for cells in xlsx_rows(data, name, max_rows=_MAX_SHEET_ROWS)
    ]
