"""A programme's table, whatever file it came from: the header row, then one
learning outcome per row (docs/curriculum.md, "Programme files").

The columns are recognised by name in English, Russian or Kazakh, case and
spaces ignored: ``module`` (модуль, дисциплина, пән), ``outcome`` (результат
обучения, оқыту нәтижесі) and the optional ``code`` (код, коды: the outcome's
code in the programme, e.g. РО1). Other columns are ignored. A row whose
module cell is empty belongs to the module above it (a merged cell in a
spreadsheet reads so); an empty row is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kasip.curriculum.models import EducationalProgramme, Outcome
from kasip.errors import ImportRejected

__all__ = [
    "MAX_OUTCOMES",
    "MAX_OUTCOME_CHARS",
    "MAX_PROBLEMS",
    "TableRow",
    "column_of",
    "find_columns",
    "programme_of",
    "reject",
]

MAX_OUTCOMES = 2000  # learning outcomes in one programme
MAX_OUTCOME_CHARS = 2000  # one outcome's text
MAX_PROBLEMS = 20

_NAMES = {
    "module": (
        "module",
        "discipline",
        "course",
        "модуль",
        "дисциплина",
        "модуль/дисциплина",
        "наименование модуля",
        "наименование дисциплины",
        "пән",
        "модуль/пән",
        "модульдің атауы",
        "пәннің атауы",
    ),
    "outcome": (
        "outcome",
        "learning outcome",
        "результат обучения",
        "результаты обучения",
        "результат",
        "оқыту нәтижесі",
        "оқыту нәтижелері",
        "нәтиже",
    ),
    "code": ("code", "код", "коды", "код результата", "нәтиже коды"),
}
_COLUMN_OF = {name: column for column, names in _NAMES.items() for name in names}
# A table row as read: where it stands (``row 7``) and its cells' text.
TableRow = tuple[str, Sequence[str]]


def column_of(header: str) -> str | None:
    """The column a header cell names (``module``, ``outcome``, ``code``), or None.

    >>> column_of(" Результат  обучения "), column_of("Learning_Outcome"), column_of("ECTS")
    ('outcome', 'outcome', None)
    """
    key = re.sub(r"[\s_]+", " ", header.strip().lower().replace("ё", "е"))
    return _COLUMN_OF.get(key)


def find_columns(header: Sequence[str]) -> dict[str, int] | None:
    """The position of each recognised column, or None unless both module and outcome are there."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        column = column_of(cell)
        if column is not None:
            found.setdefault(column, position)
    return found if {"module", "outcome"} <= found.keys() else None


def reject(name: str, problems: Sequence[str]) -> ImportRejected:
    """The error for a programme file with ``problems``, each naming its place."""
    shown = list(problems[:MAX_PROBLEMS])
    more = f" (and {len(problems) - len(shown)} more)" if len(problems) > len(shown) else ""
    return ImportRejected(f"{name}: {'; '.join(shown[:3])}{more}", source_name=name, problems=shown)


def _cell(cells: Sequence[str], columns: dict[str, int], column: str) -> str:
    position = columns.get(column)
    if position is None or position >= len(cells):
        return ""
    return " ".join(cells[position].split())


def _problem(place: str, text: str, module: str) -> str | None:
    """What is wrong with a row whose outcome is ``text`` in ``module``, if anything."""
    if not text:
        return f"{place}, field outcome: empty outcome"
    if not module:
        return f"{place}, field module: empty module (and none above it)"
    if len(text) > MAX_OUTCOME_CHARS:
        return f"{place}, field outcome: longer than {MAX_OUTCOME_CHARS} characters"
    return None


def programme_of(
    name: str, columns: dict[str, int], rows: Iterable[TableRow]
) -> EducationalProgramme:
    """The programme of a table's rows under a header whose ``columns`` were found.

    Raises:
        ImportRejected: A row has an outcome and no module (none above it
            either), a module and no outcome, an outcome over
            :data:`MAX_OUTCOME_CHARS`; or there are no outcomes, or more
            than :data:`MAX_OUTCOMES`. Every problem names its row and field.
    """
    outcomes: list[Outcome] = []
    problems: list[str] = []
    module = ""
    for place, cells in rows:
        text, named, code = (_cell(cells, columns, c) for c in ("outcome", "module", "code"))
        if not (text or named or code):
            continue
        module = named or module
        problem = _problem(place, text, module)
        if problem is not None:
            problems.append(problem)
            continue
        if len(outcomes) >= MAX_OUTCOMES:
            raise reject(name, [f"more than {MAX_OUTCOMES} learning outcomes"])
        number = len(outcomes) + 1
        outcomes.append(Outcome(number=number, module=module, text=text, place=place, code=code))
    if problems:
        raise reject(name, problems)
    if not outcomes:
        raise reject(name, ["no learning outcomes under the header row"])
    return EducationalProgramme(source=name, outcomes=tuple(outcomes))
