"""Build a :class:`~kasip.jobs.models.JobDescription` from a standard's card.

Duties are the tasks of the chosen labour functions, each as published (a
task without a title, as some Russian cards have, gives its skills as
duties); what the worker must know and be able to do are the knowledge and
skill items of those tasks, each once. Texts are never re-inflected: a
function's title is a noun phrase in the card and stays so, since rewriting
Kazakh or Russian grammar by rule garbles it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from importlib import metadata

from kasip.errors import InvalidInput
from kasip.jobs.fields import complete_fields
from kasip.jobs.models import (
    Category,
    DocumentLanguage,
    DutyGroup,
    Entry,
    JobDescription,
    JobFields,
    Provenance,
    Requirement,
)
from kasip.model import CardField, Item, LabourFunction, ProfessionCard, SourceSpan, Standard, Unit
from kasip.model.elements import display_text

__all__ = ["build_job_description", "choose_functions"]

_QUOTES = " \t\n\"'«»“”„"
_SPACE_RE = re.compile(r"\s+")
# A directory or requirement row that says nothing: "-", "—", "нет".
_EMPTY_VALUES = {"", "-", "–", "—", "нет", "жоқ"}


def build_job_description(  # noqa: PLR0913 - one keyword per choice the HR user makes
    standard: Standard,
    card: ProfessionCard,
    *,
    lang: DocumentLanguage,
    functions: Sequence[str] | None = None,
    tasks: Sequence[str] | None = None,
    fields: JobFields | None = None,
    standard_key: str | None = None,
    version: int | None = None,
    built_on: date | None = None,
    kasip_version: str | None = None,
) -> JobDescription:
    """Build the job description of a card.

    Args:
        standard: The standard holding the card (title, order, language).
        card: The profession card.
        lang: The language of the labels and template texts (``kk`` or ``ru``).
        functions: IDs of the labour functions to keep, in any order; all when ``None``.
        tasks: IDs of the tasks to keep within them; all when ``None``.
        fields: The template fields; those left ``None`` take the defaults in ``lang``.
        standard_key, version: The registry's key and version, for the note.
        built_on: The date in the note; today (UTC) when ``None``.
        kasip_version: The version in the note; the installed package's when ``None``
            (``kasip.__version__`` is not imported here: the root package imports the
            registry, a layer above this one).

    Returns:
        The job description; every item taken from the card keeps its element ID.

    Raises:
        InvalidInput: A function or task ID not of the card, or no function chosen.

    Example:
        >>> from kasip.testing import make_card, make_document
        >>> doc = make_document(cards=[make_card(functions=["Бірінші", "Екінші"])])
        >>> job = build_job_description(doc.standard, doc.cards[0], lang="ru",
        ...                             functions=["2635-3-001@6/f2"])
        >>> [g.function.element_id for g in job.duties], job.card_text_as_published
        (['2635-3-001@6/f2'], True)
    """
    chosen = choose_functions(card, functions, tasks)
    duties = tuple(_duty_group(function, kept) for function, kept in chosen)
    kept_tasks = [task for _, kept in chosen for task in kept]
    titled = [t for t in kept_tasks if t.title.strip()]
    return JobDescription(
        lang=lang,
        card_text_as_published=standard.language != lang,
        position=Entry(text=_unquote(card.name), element_id=card.id, line=_line(card.source)),
        occupation_code=_field_entry(card, "code", card.occupation_code),
        level=_level(card),
        purpose=_field(card, "purpose"),
        fields=_with_card_conditions(
            complete_fields(fields, lang), fields, card, same_language=standard.language == lang
        ),
        requirements=_requirements(card),
        categories=_categories(card),
        duties=duties,
        skills=_unique(item for task in titled for item in task.skills),
        knowledge=_unique(item for task in kept_tasks for item in task.knowledge),
        provenance=Provenance(
            standard_title=standard.title,
            standard_language=standard.language,
            standard_key=standard_key,
            version=version,
            order_number=standard.order.number,
            order_date=standard.order.date,
            card_id=card.id,
            kasip_version=kasip_version or _installed_version(),
            built_on=(built_on or datetime.now(UTC).date()).isoformat(),
        ),
    )


def _installed_version() -> str:
    try:
        return metadata.version("kasip")
    except metadata.PackageNotFoundError:
        return "unknown"


def choose_functions(
    card: ProfessionCard, functions: Sequence[str] | None, tasks: Sequence[str] | None
) -> list[tuple[LabourFunction, tuple[Unit, ...]]]:
    """The chosen labour functions of a card, in the card's order, each with its kept tasks.

    Raises:
        InvalidInput: An ID not of the card (or a task not of a chosen
            function), or an empty choice of functions.
    """
    by_id = {f.id: f for f in card.functions}
    unknown = [f for f in functions or () if f not in by_id]
    if unknown:
        raise InvalidInput(f"card {card.id} has no labour function {unknown[0]!r}")
    wanted = set(by_id if functions is None else functions)
    if not wanted:
        raise InvalidInput("choose at least one labour function")
    chosen = [f for f in card.functions if f.id in wanted]
    if tasks is None:
        return [(f, f.tasks) for f in chosen]
    known = {t.id for f in chosen for t in f.tasks}
    stray = [t for t in tasks if t not in known]
    if stray:
        raise InvalidInput(f"{stray[0]!r} is not a task of the chosen labour functions")
    kept = set(tasks)
    return [(f, tuple(t for t in f.tasks if t.id in kept)) for f in chosen]


def _line(span: SourceSpan) -> int:
    return span.line_start


def _entry(element: Item | LabourFunction | Unit) -> Entry:
    return Entry(text=display_text(element), element_id=element.id, line=_line(element.span))


def _duty_group(function: LabourFunction, tasks: tuple[Unit, ...]) -> DutyGroup:
    duties: list[Entry] = []
    for task in tasks:
        if task.title.strip():
            duties.append(_entry(task))
        else:  # an untitled task: its skills say what the worker does
            duties.extend(_entry(skill) for skill in task.skills)
    return DutyGroup(function=_entry(function), kind=function.kind, duties=tuple(duties))


def _key(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip(" .;,:").casefold()


def _unique(items: Iterable[Item]) -> tuple[Entry, ...]:
    """The items' entries, the first of each text kept (tasks of a card repeat knowledge)."""
    seen: set[str] = set()
    entries = []
    for item in items:
        key = _key(display_text(item))
        if key and key not in seen:
            seen.add(key)
            entries.append(_entry(item))
    return tuple(entries)


def _unquote(text: str) -> str:
    return _SPACE_RE.sub(" ", text.strip(_QUOTES))


def _row(card: ProfessionCard, key: str) -> CardField | None:
    return next((f for f in card.fields if f.key == key), None)


def _field(card: ProfessionCard, key: str) -> Entry | None:
    row = _row(card, key)
    if row is None or _key(row.value) in _EMPTY_VALUES:
        return None
    return Entry(text=_clean(row.value), element_id=row.id or card.id, line=_line(row.span))


def _field_entry(card: ProfessionCard, key: str, text: str) -> Entry:
    row = _row(card, key)
    if row is None:
        return Entry(text=text, element_id=card.id, line=None)
    return Entry(text=text, element_id=row.id or card.id, line=_line(row.span))


def _clean(value: str) -> str:
    # Table cells are flattened with TAB | TAB between them (domain.md); a
    # document shows them as one line each.
    parts = [_SPACE_RE.sub(" ", part).strip() for part in value.split("\t|\t")]
    return "\n".join(part for part in parts if part)


def _level(card: ProfessionCard) -> Entry | None:
    written = card.level_as_written or (str(card.level) if card.level is not None else "")
    row = _row(card, "level")
    text = _clean(row.value) if row is not None else written
    if not text:
        return None
    return Entry(
        text=text,
        element_id=(row.id if row is not None and row.id else card.id),
        line=_line(row.span) if row is not None else None,
    )


def _requirements(card: ProfessionCard) -> tuple[Requirement, ...]:
    found = []
    education, competencies = _education(card), _field(card, "competencies")
    if education is not None:
        found.append(Requirement(key="education", entry=education))
    if competencies is not None:
        found.append(Requirement(key="competencies", entry=competencies))
    directory = card.directory_requirements
    if (
        directory is not None
        and not directory.categories
        and _key(directory.raw) not in _EMPTY_VALUES
    ):
        entry = Entry(text=_clean(directory.raw), element_id=directory.id or card.id,
                      line=_line(directory.span))  # fmt: skip
        found.append(Requirement(key="directory", entry=entry))
    return tuple(found)


def _education(card: ProfessionCard) -> Entry | None:
    """The card's education, from the row the parser read it from.

    Some cards have no education row and give it in a second
    qualification-directory row (see ``kasip.parse.cards._education``).
    """
    if _key(card.education) in _EMPTY_VALUES:
        return None
    text = _clean(card.education)
    row = next((f for f in card.fields if _clean(f.value) == text), _row(card, "education"))
    if row is None:
        return Entry(text=text, element_id=card.id, line=None)
    return Entry(text=text, element_id=row.id or card.id, line=_line(row.span))


def _categories(card: ProfessionCard) -> tuple[Category, ...]:
    directory = card.directory_requirements
    if directory is None:
        return ()
    return tuple(
        Category(
            element_id=c.id or directory.id or card.id,
            category=_clean(c.category),
            education=_clean(c.education),
            min_experience_years=c.min_experience_years,
            experience_in=_clean(c.experience_in),
            line=_line(c.span),
        )
        for c in directory.categories
    )


def _with_card_conditions(
    completed: JobFields, given: JobFields | None, card: ProfessionCard, *, same_language: bool
) -> JobFields:
    """The card's working-conditions row, when it has one in ``lang``, over the template's."""
    chosen = given is not None and given.working_conditions is not None
    if chosen or not card.working_conditions or not same_language:
        return completed
    return completed.model_copy(update={"working_conditions": _clean(card.working_conditions)})
