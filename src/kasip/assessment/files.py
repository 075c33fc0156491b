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

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from kasip.assessment.questions import Option, Question, QuestionBody, RubricCriterion
from kasip.errors import ImportRejected
from kasip.formats.tables import read_table, table_csv, table_xlsx

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "questions_csv",
    "questions_xlsx",
    "read_questions",
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
MAX_PROBLEMS = 20
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
    rows = read_table(
        data, name=name, columns=COLUMNS, required=("kind", "elements"), max_rows=MAX_ROWS
    )
    for row in rows:
        try:
            found.append(_body(row.values, card_id))
        except (_RowProblem, ValidationError) as exc:
            problems.append(_problem(name, row.number, exc))
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
