"""Read the labelled evaluation files (JSON Lines) into typed cases.

Search files hold one query per line::

    {"id": "s001", "query": "МӘС", "lang": "kk", "kind": "term", "relevant": ["term17"]}

``relevant`` lists element IDs, card IDs (``2635-3-001@5``) or bare codes;
``kind`` ``"negative"`` marks a query the registry does not cover
(``relevant`` is then empty). Match files hold one text per line::

    {"id": "m001", "lang": "kk", "kind": "vacancy", "text": "...",
     "expected": {"code": "2635-3-001", "level": 5}, "acceptable": []}

``expected`` is ``null`` for a text that no card covers. A bad line raises
:class:`DatasetError` naming the file, the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import ConfigDict, ValidationError, field_validator, model_validator

from kasip.errors import InputFileError, KasipError
from kasip.model import FrozenModel
from kasip.text.files import DEFAULT_MAX_INPUT_BYTES, read_input

__all__ = [
    "CardRef",
    "DatasetError",
    "MatchCase",
    "SearchCase",
    "load_match_cases",
    "load_search_cases",
]

Language = Literal["kk", "ru"]
NEGATIVE = "negative"
_CaseT = TypeVar("_CaseT", "SearchCase", "MatchCase")


class DatasetError(KasipError):
    """A line of an evaluation file is not a valid case.

    The message reads ``FILE:LINE: FIELD: problem``.

    Example:
        >>> str(DatasetError("q.jsonl", 3, "lang", "expected 'kk' or 'ru'"))
        "q.jsonl:3: lang: expected 'kk' or 'ru'"
    """

    def __init__(self, path: str, line: int, field: str, problem: str) -> None:
        super().__init__(f"{path}:{line}: {field}: {problem}")
        self.path = path
        self.line = line
        self.field = field


class _Case(FrozenModel):
    # Files may carry notes and derived fields (e.g. ``expected_card``): ignored.
    model_config = ConfigDict(frozen=True, extra="ignore")


class SearchCase(_Case):
    """A labelled search query."""

    id: str
    query: str
    lang: Language
    kind: str
    relevant: tuple[str, ...]

    @property
    def is_negative(self) -> bool:
        """Whether the registry should have nothing relevant for the query."""
        return self.kind == NEGATIVE

    @model_validator(mode="after")
    def _relevant_fits_kind(self) -> SearchCase:
        if self.is_negative and self.relevant:
            raise ValueError("a negative query has no relevant IDs")
        if not self.is_negative and not self.relevant:
            raise ValueError("a query that is not negative needs relevant IDs")
        return self


class CardRef(FrozenModel):
    """A card by occupation code and qualification level."""

    code: str
    level: int | None


class MatchCase(_Case):
    """A labelled text to match; ``expected`` is None when no card covers it."""

    id: str
    lang: Language
    kind: str
    text: str
    expected: CardRef | None
    acceptable: tuple[CardRef, ...] = ()

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the text is empty")
        return value


def load_search_cases(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[SearchCase]:
    """Read a search evaluation file.

    Args:
        path: A JSON Lines file (UTF-8); blank lines are skipped.
        max_bytes: The largest file accepted.

    Returns:
        The cases, in file order.

    Raises:
        DatasetError: A line is not JSON, misses a field or has a bad value,
            or two lines share an ``id``.
        InputFileError: The file is not a regular file, is too large or is
            not UTF-8 text.
        OSError: The file cannot be read.
    """
    return _load(Path(path), SearchCase.model_validate, max_bytes)


def load_match_cases(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[MatchCase]:
    """Read a match evaluation file (see :func:`load_search_cases`)."""
    return _load(Path(path), MatchCase.model_validate, max_bytes)


def _load(path: Path, validate: Callable[[Any], _CaseT], max_bytes: int) -> list[_CaseT]:
    cases: list[_CaseT] = []
    seen: set[str] = set()
    try:
        text = read_input(path, max_bytes=max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise InputFileError(f"{path}: {problem}") from None
    # Lines end at "\n" only, as in a file opened as text (no \u2028 & co).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        case = _parse_line(str(path), number, line, validate)
        if case.id in seen:
            raise DatasetError(str(path), number, "id", f"duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    return cases


def _parse_line(path: str, number: int, line: str, validate: Callable[[Any], _CaseT]) -> _CaseT:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(path, number, "(line)", f"not JSON: {exc.msg}") from None
    except RecursionError:  # [[[[... nested deeper than Python recurses
        raise DatasetError(path, number, "(line)", "not JSON: nested too deep") from None
    if not isinstance(data, dict):
        raise DatasetError(path, number, "(line)", "not a JSON object")
    try:
        return validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "(line)"
        raise DatasetError(path, number, field, error["msg"]) from None
