"""Tables people upload: a CSV (UTF-8) or an XLSX workbook's first sheet, by named columns.

Question banks (:mod:`kasip.assessment.files`), a worker's self-ratings
(:mod:`kasip.gaps`) and a programme's learning outcomes
(:mod:`kasip.curriculum`) come as the same kind of file: a header row naming
the columns (any order, case and spaces ignored), then one record per row.
:func:`read_table` reads either form into those records, each with its row
number in the file, and refuses with :class:`~kasip.errors.ImportRejected`,
naming the file and row, what it cannot read: an unknown or a missing column,
a file that is not UTF-8 or not a workbook, too many rows.

Example:
    >>> rows = read_table(b"element,rating\\nA@5/f1/t1/s1,fully\\n", name="r.csv",
    ...                   columns=("element", "rating", "evidence"), required=("element",))
    >>> [(r.number, r.values) for r in rows]
    [(2, {'element': 'A@5/f1/t1/s1', 'rating': 'fully'})]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kasip.errors import ImportRejected

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_STARTS",
    "XLSX_MAGIC",
    "TableRow",
    "add_sheet",
    "cell_text",
    "csv_rows",
    "guard_cell",
    "read_table",
    "table_csv",
    "table_xlsx",
    "unguard_cell",
    "xlsx_rows",
]

XLSX_MAGIC = b"PK\x03\x04"  # a workbook is a ZIP archive
_DELIMITERS = (",", ";", "\t")
# The first characters that make a spreadsheet read a CSV cell as a formula
# (OWASP, "CSV Injection"); a cell of ours that begins with one gets a quote.
FORMULA_STARTS = frozenset("=+-@\t\r")
_GUARD = "'"
_NUMBER_RE = re.compile(r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One non-empty row under the header: its number in the file (the header is 1)."""

    number: int
    values: dict[str, str]


def read_table(  # noqa: PLR0913
    data: bytes,
    *,
    name: str,
    columns: Sequence[str],
    required: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    max_rows: int = 5000,
    ignore_unknown: bool = False,
) -> list[TableRow]:
    """The records of a CSV or XLSX file (an XLSX is told by its first bytes).

    Args:
        data: The file's bytes.
        name: The file's name, for messages.
        columns: The columns a file may have (normalised: lower case, ``_`` for spaces).
        required: The columns it must have.
        aliases: Other names of columns (e.g. ``{"элемент": "element"}``).
        max_rows: The most records the file may hold.
        ignore_unknown: Leave out columns not in ``columns`` instead of refusing the file.

    Raises:
        ImportRejected: The file cannot be read as such a table; the message
            names the file and the row.
    """
    if data.startswith(XLSX_MAGIC):
        table: Iterable[Sequence[object]] = xlsx_rows(data, name, max_rows=10 * max_rows)
        read = cell_text
    else:
        table = csv_rows(data, name)
        # What table_csv guarded comes back as it was given (questions, ratings).
        read = _unguarded_text
    lines = iter(table)
    header = _header(
        next(lines, ()), name, columns, required, aliases or {}, ignore_unknown=ignore_unknown
    )
    if ignore_unknown:
        header = [c if c in columns else "" for c in header]
    found: list[TableRow] = []
    for number, cells in enumerate(lines, start=2):
        values = {c: read(v) for c, v in zip(header, cells, strict=False) if c}
        if not any(v.strip() for v in values.values()):
            continue
        if len(found) == max_rows:
            raise ImportRejected(f"{name}: more than {max_rows} rows", source_name=name)
        found.append(TableRow(number, values))
    return found


def cell_text(value: object) -> str:
    """A cell's value as text: a whole number without ``.0``, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unguarded_text(value: object) -> str:
    return unguard_cell(cell_text(value))


def guard_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: a text beginning with ``=``, ``+``,
    ``-``, ``@``, TAB or CR gets a leading quote (OWASP's advice); so does one that already
    begins with quotes before such a character, so that :func:`unguard_cell` gives back
    every text exactly. A plain number (``-2``, ``+7.5``) is left as it is.

    Example:
        >>> guard_cell("=HYPERLINK(1)"), guard_cell("- list item"), guard_cell("-0.25")
        ("'=HYPERLINK(1)", "'- list item", '-0.25')
        >>> unguard_cell(guard_cell("'=x")), unguard_cell(guard_cell("''=")), unguard_cell("plain")
        ("'=x", "''=", 'plain')
    """
    # Every leading quote, not one: "''=" read back as "'=" lost a quote.
    first = text.lstrip(_GUARD)[:1]
    if first and first in FORMULA_STARTS and not _NUMBER_RE.fullmatch(text):
        return _GUARD + text
    return text


def unguard_cell(text: str) -> str:
    """A cell read back from a CSV file written by :func:`table_csv`: the quote
    :func:`guard_cell` put before a formula character taken off."""
    if text.startswith(_GUARD) and guard_cell(text[1:]) == text:
        return text[1:]
    return text


def _header(  # noqa: PLR0913
    cells: Sequence[object],
    name: str,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str],
    *,
    ignore_unknown: bool = False,
) -> list[str]:
    found = [_column(cell_text(c), aliases) for c in cells]
    unknown = [c for c in found if c and c not in columns]
    if unknown and not ignore_unknown:
        raise ImportRejected(
            f"{name}: row 1: unknown column {unknown[0]!r}; the columns are {', '.join(columns)}",
            source_name=name,
        )
    for needed in required:
        if needed not in found:
            raise ImportRejected(f"{name}: row 1: no column {needed!r}", source_name=name)
    return found


def _column(text: str, aliases: Mapping[str, str]) -> str:
    key = re.sub(r"\s+", "_", text.strip().lower())
    return aliases.get(key, key)


def csv_rows(data: bytes, name: str) -> Iterator[list[str]]:
    """The rows of a CSV file in UTF-8 (a byte order mark tolerated), split at the commas,
    semicolons or tabs, whichever the first line has most of.

    Raises:
        ImportRejected: The file is not UTF-8, or not CSV (when read that far).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8", source_name=name
        ) from exc
    first = text.split("\n", 1)[0]
    # Excel in a Russian or Kazakh locale separates with ";".
    delimiter = max(_DELIMITERS, key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportRejected(f"{name}: not a readable CSV file ({exc})", source_name=name) from exc


def xlsx_rows(data: bytes, name: str, *, max_rows: int) -> list[Sequence[object]]:
    """The first sheet's rows, read whole (a damaged or hostile file is refused, named).

    Raises:
        ImportRejected: The workbook cannot be read, or has more than ``max_rows`` rows.
    """
    # openpyxl reads the XML through defusedxml when it is installed (it is a
    # dependency of kasip): an uploaded spreadsheet is untrusted input.
    from openpyxl import load_workbook

    rows: list[Sequence[object]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # Read-only sheets parse their XML as they are iterated: inside the try.
            for cells in book.worksheets[0].iter_rows(values_only=True):
                rows.append(cells)
                if len(rows) > max_rows:
                    break
        finally:
            book.close()
    except Exception as exc:  # openpyxl and defusedxml raise many kinds on a bad file
        raise ImportRejected(
            f"{name}: not a readable XLSX workbook ({type(exc).__name__})", source_name=name
        ) from exc
    if len(rows) > max_rows:
        raise ImportRejected(f"{name}: more than {max_rows} rows", source_name=name)
    return rows


def table_csv(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> bytes:
    """A table as CSV (UTF-8 with a byte order mark, so that Excel reads it as UTF-8).

    Every text cell passes :func:`guard_cell`, so no spreadsheet runs one as a formula;
    :func:`read_table` takes the quote off again. Numbers are written as they are.
    """
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {k: guard_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows
    )
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Tables as the sheets of an XLSX workbook: by sheet name, the columns and the rows."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, (columns, rows) in sheets.items():
        add_sheet(book, title, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_sheet(
    book: Workbook, title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> Worksheet:
    """A table as a new sheet of ``book``: the header in bold and frozen, the cells wrapped and
    aligned to the top (a card's texts are long). The title is cut to Excel's 31 characters.
    Every text stays a text cell, never a formula, even when it begins with ``=``."""
    from openpyxl.styles import Alignment, Font

    sheet: Worksheet = book.create_sheet(title[:31])
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":  # openpyxl takes a text beginning with "=" for a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    return sheet
