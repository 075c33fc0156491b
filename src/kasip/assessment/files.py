"""Question bank files: a spreadsheet (XLSX) or CSV, one question per row (docs/assessment.md).

The columns, named in the first row in any order (case and spaces ignored):

========== ==========================================================================
id         blank for a new question; a question's number to change it
kind       ``single``, ``multiple``, ``short`` or ``practical``
elements   the element IDs the question checks, separated by spaces
points     a theory question's points (blank: 1)
stem_kk    the question in Kazakh; stem_ru in Russian (one of them at least)
options_kk the options in Kazakh, one per line (options_ru: in Russian, as many)
correct    the right options' numbers, from 1: ``2`` or ``1, 3``
answers    a short answer question's accepted answers, one per line
rubric_kk  a practical task's criteria in Kazakh, one per line (rubric_ru: in Russian)
rubric_points  each criterion's most points, one per line (blank: 2 each)
========== ==========================================================================

A file is read whole before anything is kept, and every problem is named by
its row and column; one problem keeps the whole file out
(:class:`~kasip.errors.ImportRejected`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from kasip.assessment.questions import Option, Question, QuestionBody, RubricCriterion
from kasip.errors import ImportRejected

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "questions_csv",
    "questions_xlsx",
    "read_questions",
    "table_csv",
    "table_xlsx",
]

COLUMNS = (
    "id",
    "kind",
    "elements",
    "points",
    "stem_kk",
    "stem_ru",
    "options_kk",
    "options_ru",
    "correct",
    "answers",
    "rubric_kk",
    "rubric_ru",
    "rubric_points",
)
MAX_ROWS = 5000  # questions in one file
_MAX_SHEET_ROWS = 10 * MAX_ROWS  # rows of a sheet, empty ones included
MAX_PROBLEMS = 20
_XLSX_MAGIC = b"PK\x03\x04"
_SPLIT = re.compile(r"[\s,;]+")
# The body's fields, as the columns that give them.
_FIELD_COLUMNS = {
    "stem_kk": "stem_kk",
    "stem_ru": "stem_ru",
    "elements": "elements",
    "points": "points",
    "kind": "kind",
    "answers": "answers",
    "options": "options_kk",
    "rubric": "rubric_kk",
}

Row = dict[str, str]


class _RowProblem(ValueError):
    """A problem of one cell: its column, and what is wrong."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _numbers(row: Row, column: str) -> list[int]:
    try:
        return [int(part) for part in _SPLIT.split(row.get(column, "")) if part]
    except ValueError:
        raise _RowProblem(column, "whole numbers only") from None


def _options(row: Row) -> tuple[Option, ...]:
    kk, ru = _lines(row.get("options_kk", "")), _lines(row.get("options_ru", ""))
    if kk and ru and len(kk) != len(ru):
        raise _RowProblem("options_ru", f"{len(ru)} options, but options_kk has {len(kk)}")
    count = max(len(kk), len(ru))
    right = set(_numbers(row, "correct"))
    if not right <= set(range(1, count + 1)):
        raise _RowProblem("correct", f"the options are numbered 1 to {count}")
    return tuple(
        Option(kk=kk[n] if kk else "", ru=ru[n] if ru else "", correct=n + 1 in right)
        for n in range(count)
    )


def _rubric(row: Row) -> tuple[RubricCriterion, ...]:
    kk, ru = _lines(row.get("rubric_kk", "")), _lines(row.get("rubric_ru", ""))
    if kk and ru and len(kk) != len(ru):
        raise _RowProblem("rubric_ru", f"{len(ru)} criteria, but rubric_kk has {len(kk)}")
    count = max(len(kk), len(ru))
    points = _numbers(row, "rubric_points") or [2] * count
    if len(points) != count:
        raise _RowProblem("rubric_points", f"{len(points)} numbers for {count} criteria")
    return tuple(
        RubricCriterion(kk=kk[n] if kk else "", ru=ru[n] if ru else "", max_points=points[n])
        for n in range(count)
    )


def _body(row: Row, card_id: str) -> tuple[int | None, QuestionBody]:
    ids = _numbers(row, "id")
    if len(ids) > 1 or any(i < 1 for i in ids):
        raise _RowProblem("id", "one question number, or blank for a new question")
    points = _numbers(row, "points") or [1]
    fields: dict[str, Any] = {
        "kind": row.get("kind", "").strip().lower(),
        "card_id": card_id,
        "elements": tuple(part for part in _SPLIT.split(row.get("elements", "")) if part),
        "points": points[0],
        "stem_kk": row.get("stem_kk", "").strip(),
        "stem_ru": row.get("stem_ru", "").strip(),
        "options": _options(row),
        "answers": tuple(_lines(row.get("answers", ""))),
        "rubric": _rubric(row),
    }
    return (ids[0] if ids else None), QuestionBody.model_validate(fields)


def _problem(name: str, number: int, exc: Exception) -> str:
    if isinstance(exc, _RowProblem):
        return f"{name}: row {number}, column {exc.column}: {exc}"
    assert isinstance(exc, ValidationError)
    error = exc.errors()[0]
    location = error.get("loc", ())
    column = _FIELD_COLUMNS.get(str(location[0])) if location else None
    where = f", column {column}" if column else ""
    return f"{name}: row {number}{where}: {str(error['msg']).removeprefix('Value error, ')}"


def _header(cells: Sequence[object], name: str) -> list[str]:
    columns = [re.sub(r"\s+", "_", str(c or "").strip().lower()) for c in cells]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if unknown:
        raise ImportRejected(
            f"{name}: row 1: unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}",
            source_name=name,
        )
    for needed in ("kind", "elements"):
        if needed not in columns:
            raise ImportRejected(f"{name}: row 1: no column {needed!r}", source_name=name)
    return columns


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(data: bytes, name: str) -> Iterator[tuple[int, Row]]:
    """Each non-empty row after the header, with its number in the file (the header is 1)."""
    if data.startswith(_XLSX_MAGIC):
        table: Iterable[Sequence[object]] = _xlsx_rows(data, name)
    else:
        table = _csv_rows(data, name)
    lines = iter(table)
    columns = _header(next(lines, ()), name)
    for number, cells in enumerate(lines, start=2):
        row = {c: _cell(v) for c, v in zip(columns, cells, strict=False) if c}
        if any(v.strip() for v in row.values()):
            if number > MAX_ROWS + 1:
                raise ImportRejected(f"{name}: more than {MAX_ROWS} questions", source_name=name)
            yield number, row


def _csv_rows(data: bytes, name: str) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{name}: not UTF-8 text (save the CSV as UTF-8)", source_name=name
        ) from exc
    first = text.split("\n", 1)[0]
    # Excel in a Russian or Kazakh locale separates with ";".
    delimiter = max((",", ";", "\t"), key=first.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes, name: str) -> list[Sequence[object]]:
    """The first sheet's rows, read whole (a damaged or hostile file is refused, named)."""
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


def read_questions(
    data: bytes, *, name: str, card_id: str
) -> list[tuple[int | None, QuestionBody]]:
    """The questions of a CSV or XLSX file, for the card ``card_id``: (id or None, body) each.

    Raises:
        ImportRejected: A problem in the file, each named by row and column
            (the first :data:`MAX_PROBLEMS`); nothing of the file is to be kept.
    """
    found: list[tuple[int | None, QuestionBody]] = []
    problems: list[str] = []
    for number, row in _rows(data, name):
        try:
            found.append(_body(row, card_id))
        except (_RowProblem, ValidationError) as exc:
            problems.append(_problem(name, number, exc))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        raise ImportRejected(
            f"{len(problems)} problem(s), nothing was kept: {'; '.join(shown[:3])}",
            source_name=name,
            problems=shown,
        )
    if not found:
        raise ImportRejected(f"{name}: no questions under the header row", source_name=name)
    return found


def _as_row(question: Question) -> Mapping[str, str]:
    body = question.body
    return {
        "id": str(question.id),
        "kind": body.kind,
        "elements": " ".join(body.elements),
        "points": str(body.points),
        "stem_kk": body.stem_kk,
        "stem_ru": body.stem_ru,
        "options_kk": "\n".join(o.kk for o in body.options)
        if any(o.kk for o in body.options)
        else "",
        "options_ru": "\n".join(o.ru for o in body.options)
        if any(o.ru for o in body.options)
        else "",
        "correct": ", ".join(str(n) for n, o in enumerate(body.options, start=1) if o.correct),
        "answers": "\n".join(body.answers),
        "rubric_kk": "\n".join(c.kk for c in body.rubric) if any(c.kk for c in body.rubric) else "",
        "rubric_ru": "\n".join(c.ru for c in body.rubric) if any(c.ru for c in body.rubric) else "",
        "rubric_points": "\n".join(str(c.max_points) for c in body.rubric),
    }


def table_csv(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> bytes:
    """A table as CSV (UTF-8 with a byte order mark, so that Excel reads it as UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Tables as the sheets of an XLSX workbook: by sheet name, the columns and the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def questions_csv(bank: Sequence[Question]) -> bytes:
    """The questions as CSV (the template of docs/assessment.md)."""
    return table_csv(COLUMNS, [_as_row(q) for q in bank])


def questions_xlsx(bank: Sequence[Question]) -> bytes:
    """The questions as an XLSX workbook (the template when ``bank`` is empty)."""
    rows = []
    for question in bank:
        row = _as_row(question)
        rows.append([int(row["id"]), *(row[c] for c in COLUMNS[1:])])
    return table_xlsx({"questions": (COLUMNS, rows)})
