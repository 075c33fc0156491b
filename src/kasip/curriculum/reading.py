"""Read a programme file: UTF-8 CSV, XLSX or DOCX (docs/curriculum.md).

The format is told by the file's first bytes (an XLSX and a DOCX are both ZIP
archives, told apart by what they hold), not by its name: an upload's name may
say anything. A file is read whole before anything is kept, and is refused
over :data:`MAX_PROGRAMME_BYTES`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kasip.curriculum.models import Programme
from kasip.curriculum.tables import TableRow, find_columns, programme_of, reject
from kasip.curriculum.word import docx_programme
from kasip.errors import ImportRejected

__all__ = ["MAX_PROGRAMME_BYTES", "read_programme", "read_programme_file"]

MAX_PROGRAMME_BYTES = 5 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_MAX_SHEET_ROWS = 20_000  # rows of a sheet read, empty ones included


def read_programme_file(path: Path, *, max_bytes: int = MAX_PROGRAMME_BYTES) -> Programme:
    """Read the programme in the file at ``path`` (see :func:`read_programme`).

    Raises:
        ImportRejected: The file is over ``max_bytes`` or not a readable programme.
        OSError: The file cannot be read.
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return read_programme(data, name=str(path), max_bytes=max_bytes)


def read_programme(data: bytes, *, name: str, max_bytes: int = MAX_PROGRAMME_BYTES) -> Programme:
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
    if data.startswith(_ZIP_MAGIC):
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


def _table_programme(name: str, rows: list[Sequence[str]]) -> Programme:
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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8", source_name=name
        ) from exc
    first = text.split("\n", 1)[0]
    # Excel in a Russian or Kazakh locale writes ";" between the columns.
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected(f"{name}: not a readable CSV ({exc})", source_name=name) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, name: str) -> list[Sequence[str]]:
    """The first sheet's rows as text (a damaged or hostile workbook is refused, named)."""
    # openpyxl parses the XML through defusedxml (a dependency of kasip): an
    # uploaded workbook is untrusted input.
    from openpyxl import load_workbook

    rows: list[Sequence[str]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # A read-only sheet parses its XML as it is iterated: inside the try.
            for cells in book.worksheets[0].iter_rows(values_only=True):
                rows.append([_cell(v) for v in cells])
                if len(rows) > _MAX_SHEET_ROWS:
                    break
        finally:
            book.close()
    except Exception as exc:  # openpyxl and defusedxml raise many kinds on a bad file
        raise ImportRejected(
            f"{name}: not a readable XLSX workbook ({type(exc).__name__})", source_name=name
        ) from exc
    if len(rows) > _MAX_SHEET_ROWS:
        raise ImportRejected(f"{name}: more than {_MAX_SHEET_ROWS} rows", source_name=name)
    return rows
