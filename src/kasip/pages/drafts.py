"""The check page for authors: a draft read, parsed and checked, each problem at its place.

:func:`build_draft_check` serves the upload page (``POST /check``) and the API
(``POST /api/v1/check``): the document's counts, every problem (the parser's
diagnostics and the layout rules of :mod:`kasip.lint`) with its line, column
and place in the Word document or PDF, and excerpts of the text around the
problems. Nothing is stored. Layout findings come in the request's language;
the parser's own messages are English, under a translated title of their code.

Example:
    >>> text = "Кәсіп карточкасы\\nКәсіп коды\\t|\\t2512-1-001\\n".encode()
    >>> page = build_draft_check(text, "draft.txt")
    >>> page.kind, "layout-section-missing" in {p.code for p in page.problems}
    ('text', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from kasip.errors import InputFileError, InvalidInput
from kasip.formats import Flattened
from kasip.formats.places import CELL_SEPARATOR
from kasip.lint import N_, Translate, english, lint_document
from kasip.model import Diagnostic
from kasip.model.elements import count_elements
from kasip.pages.models import PageModel
from kasip.parse import parse_standard, read_document_bytes
from kasip.parse.source import Source
from kasip.text.files import PDF_MAGIC, ZIP_MAGIC

__all__ = [
    "CODE_TITLES",
    "DraftCheckPage",
    "Excerpt",
    "ExcerptLine",
    "Problem",
    "build_draft_check",
]

# Lines shown before and after a problem's line.
_CONTEXT = 1
# A line longer than this is cut in an excerpt (a whole list can be one line).
_LINE_WIDTH = 400
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# A short name of each code, in the interface language (a message ID each).
CODE_TITLES = {
    "not-a-standard": N_("Not a professional standard"),
    "no-cards": N_("No profession cards"),
    "internal-error": N_("Internal error of the reader"),
    "not-a-card": N_("Rows that are not a card"),
    "unknown-row": N_("Unknown row"),
    "duplicate-row": N_("Row written twice"),
    "code-missing": N_("No readable occupation code"),
    "code-short-form": N_("Code in a short form"),
    "level-missing": N_("No qualification level"),
    "level-range": N_("Several levels on one card"),
    "education-from-directory-row": N_("Education read from the directory row"),
    "function-without-title": N_("Labour function without a title"),
    "unit-without-function": N_("Task outside a labour function"),
    "items-without-unit": N_("Items outside a task"),
    "unexpected-text": N_("Text outside any label"),
    "summary-function-unmatched": N_("Function named only in the summary"),
    "empty-item": N_("Empty list item"),
    "numbering-gap": N_("Gap in list numbering"),
    "numbering-repeat": N_("List number repeated"),
    "stray-numbering": N_("List number read differently"),
    "text-truncated": N_("Text cut off"),
    "card-without-functions": N_("Card without labour functions"),
    "lost-letters": N_("Letters lost to an encoding"),
    "control-characters": N_("Control characters"),
    "layout-section-missing": N_("Required section missing"),
    "layout-row-missing": N_("Required card row missing"),
    "layout-code-format": N_("Code not in the classifier's form"),
    "layout-code-group": N_("Code outside its group"),
    "layout-level": N_("Level outside 1-8"),
    "layout-sublevel": N_("Sublevel inconsistent with the level"),
    "layout-occupation-list": N_("List of occupations and cards disagree"),
    "layout-function-without-skills": N_("Labour function without skills"),
    "layout-function-without-knowledge": N_("Labour function without knowledge"),
    "layout-numbering-gap": N_("Gap in numbering"),
    "layout-numbering-duplicate": N_("Number written twice"),
    "layout-item-repeated": N_("Item repeated in another function"),
}


class Problem(PageModel):
    """One problem of the draft, where it is."""

    severity: str
    code: str
    title: str
    message: str
    layout: bool
    line: int
    column: int
    place: dict[str, int] | None
    expected: str
    found: str


class ExcerptLine(PageModel):
    number: int
    cells: tuple[str, ...]
    problems: tuple[int, ...]  # indexes into DraftCheckPage.problems


class Excerpt(PageModel):
    lines: tuple[ExcerptLine, ...]


class DraftCheckPage(PageModel):
    """A checked draft: its counts, problems (by place) and the text around them."""

    file: str
    kind: str
    summary: dict[str, int]
    counts: dict[str, int]
    problems: tuple[Problem, ...]
    excerpts: tuple[Excerpt, ...]


def _kind(data: bytes) -> str:
    if data.startswith(ZIP_MAGIC):
        return "word"
    if data.startswith(PDF_MAGIC):
        return "pdf"
    return "text"


def build_draft_check(
    data: bytes, file_name: str, translate: Translate = english
) -> DraftCheckPage:
    """Read ``data`` (a .docx, a PDF or a text) and check it; ``translate`` is the page's gettext.

    Raises:
        InvalidInput: the file is empty, of another format, damaged, or a scan (HTTP 400).
    """
    name = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "draft"
    if not data.strip():
        raise InvalidInput(f"{name}: the file is empty")
    try:
        source = read_document_bytes(data, name)
    except InputFileError as exc:
        raise InvalidInput(str(exc)) from exc
    doc = parse_standard(source.text, source_name=name)
    problems = [_problem(d, source, translate, message=d.message) for d in doc.diagnostics]
    problems.extend(
        _problem(f.diagnostic(), source, translate, message=f.text(translate))
        for f in lint_document(doc, source.text)
    )
    problems.sort(key=lambda p: (p.line, p.column, _SEVERITY_ORDER.get(p.severity, 3)))
    counts = {s: sum(p.severity == s for p in problems) for s in _SEVERITY_ORDER}
    return DraftCheckPage(
        file=name,
        kind=_kind(data),
        summary=count_elements(doc),
        counts=counts,
        problems=tuple(problems),
        excerpts=_excerpts(source.text, problems),
    )


def _problem(
    diagnostic: Diagnostic, source: Flattened, translate: Translate, *, message: str
) -> Problem:
    place = source.place_of(diagnostic.line)
    return Problem(
        severity=diagnostic.severity,
        code=diagnostic.code,
        title=translate(CODE_TITLES.get(diagnostic.code, diagnostic.code)),
        message=message,
        layout=diagnostic.code.startswith("layout-"),
        line=diagnostic.line,
        column=diagnostic.column,
        place={k: v for k, v in asdict(place).items() if v is not None} if place else None,
        expected=diagnostic.expected,
        found=diagnostic.found,
    )


def _excerpts(text: str, problems: Sequence[Problem]) -> tuple[Excerpt, ...]:
    """The lines around each problem, runs of near lines merged into one excerpt."""
    source = Source(text)  # lines as the parser counts them (CRLF, LF or CR)
    lines = [text[line.start : line.end] for line in source.lines]
    by_line: dict[int, list[int]] = {}
    for index, problem in enumerate(problems):
        if 1 <= problem.line <= len(lines):
            by_line.setdefault(problem.line, []).append(index)
    shown = sorted(
        {
            n
            for line in by_line
            for n in range(max(1, line - _CONTEXT), min(len(lines), line + _CONTEXT) + 1)
        }
    )
    excerpts: list[list[ExcerptLine]] = []
    for number in shown:
        if not excerpts or number != excerpts[-1][-1].number + 1:
            excerpts.append([])
        excerpts[-1].append(
            ExcerptLine(
                number=number,
                cells=tuple(_cut(cell) for cell in lines[number - 1].split(CELL_SEPARATOR)),
                problems=tuple(by_line.get(number, ())),
            )
        )
    return tuple(Excerpt(lines=tuple(run)) for run in excerpts)


def _cut(cell: str) -> str:
    cell = cell.rstrip("\r")
    return cell if len(cell) <= _LINE_WIDTH else cell[: _LINE_WIDTH - 1] + "…"
