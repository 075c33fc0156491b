"""Factories that build small, valid :mod:`kasip.model` objects.

For tests here and downstream. Every factory has defaults taken from the
standard "Психологиялық және әлеуметтік жұмыс" (order No 292 of 30 May 2019),
and gives element IDs in the project's convention, 1-based::

    card      "{code}@{level}"            e.g. 2635-3-001@6
    function  "{card_id}/f{n}"            task       "{function_id}/t{n}"
    skill     "{task_id}/s{n}"            knowledge  "{task_id}/k{n}"
    other name "{card_id}/o{n}"; term "terms/{n}", abbreviation
    "abbreviations/{n}", occupation "occupations/{n}", amendment "amendments/{n}"

Children may be given as plain text or as built objects; a parent re-numbers
the IDs of what it is given, so factories compose without ID bookkeeping:

    >>> card = make_card("3412-008", 4, functions=[make_function(tasks=["Міндет"])])
    >>> card.functions[0].tasks[0].id
    '3412-008@4/f1/t1'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kasip.model import (
    Abbreviation,
    Amendment,
    Diagnostic,
    Document,
    FunctionKind,
    Item,
    LabourFunction,
    Language,
    Occupation,
    Order,
    OtherName,
    ProfessionCard,
    Severity,
    SourceInfo,
    SourceSpan,
    Standard,
    Term,
    Unit,
)
from kasip.store.codec import sha256_hex, storage_json

DEFAULT_CODE = "2635-3-001"
DEFAULT_LEVEL = 6
DEFAULT_TITLE = "Психологиялық және әлеуметтік жұмыс"
DEFAULT_NAME = "Әлеуметтік жұмыс жөніндегі маман"
DEFAULT_FUNCTION = "Мұқтаж адамға арнаулы әлеуметтік қызметтер көрсету"
DEFAULT_TASK = "Арнаулы әлеуметтік қызметтерді сапалы көрсету бойынша бақылау"
DEFAULT_SKILLS = ("Көрсетілетін қызметтердің сапасы мен түрлерін талдау",)
DEFAULT_KNOWLEDGE = ("Қазақстан Республикасының Конституциясы",)
DEFAULT_SOURCE_NAME = "psychological-and-social-work.kk.txt"


def make_span(
    start: int = 0, end: int | None = None, *, line_start: int = 1, line_end: int | None = None
) -> SourceSpan:
    """Build a :class:`SourceSpan`; ``end`` defaults to ``start``, ``line_end`` to ``line_start``.

    Example:
        >>> make_span(5, 9, line_start=2)
        SourceSpan(start=5, end=9, line_start=2, line_end=2)
    """
    return SourceSpan(
        start=start,
        end=start if end is None else end,
        line_start=line_start,
        line_end=line_start if line_end is None else line_end,
    )


def make_item(
    text: str = DEFAULT_SKILLS[0],
    *,
    item_id: str = f"{DEFAULT_CODE}@{DEFAULT_LEVEL}/f1/t1/s1",
    number: str | None = None,
    span: SourceSpan | None = None,
) -> Item:
    """Build a skill or knowledge :class:`Item` (its parent task re-numbers ``item_id``)."""
    return Item(id=item_id, number=number, text=text, span=span or make_span())


def make_task(
    title: str = DEFAULT_TASK,
    *,
    task_id: str = f"{DEFAULT_CODE}@{DEFAULT_LEVEL}/f1/t1",
    skills: Sequence[str | Item] = DEFAULT_SKILLS,
    knowledge: Sequence[str | Item] = DEFAULT_KNOWLEDGE,
    span: SourceSpan | None = None,
) -> Unit:
    """Build a task (:class:`Unit`) whose items are numbered ``/s{n}`` and ``/k{n}``.

    Example:
        >>> [i.id for i in make_task(task_id="x/f1/t2", knowledge=["a", "b"]).knowledge]
        ['x/f1/t2/k1', 'x/f1/t2/k2']
    """
    unit = Unit(
        id=task_id,
        title=title,
        skills=tuple(_as_item(s) for s in skills),
        knowledge=tuple(_as_item(k) for k in knowledge),
        span=span or make_span(),
    )
    return _renumber_task(unit, task_id)


def make_function(
    title: str = DEFAULT_FUNCTION,
    *,
    function_id: str = f"{DEFAULT_CODE}@{DEFAULT_LEVEL}/f1",
    kind: FunctionKind = "mandatory",
    tasks: Sequence[str | Unit] = (DEFAULT_TASK,),
    span: SourceSpan | None = None,
) -> LabourFunction:
    """Build a :class:`LabourFunction` whose tasks are numbered ``/t{n}``."""
    function = LabourFunction(
        id=function_id,
        kind=kind,
        title=title,
        tasks=tuple(make_task(t) if isinstance(t, str) else t for t in tasks),
        span=span or make_span(),
    )
    return _renumber_function(function, function_id)


def make_card(  # noqa: PLR0913 - a factory takes one keyword per field it lets callers vary
    code: str = DEFAULT_CODE,
    level: int = DEFAULT_LEVEL,
    *,
    name: str = DEFAULT_NAME,
    title: str | None = None,
    code_as_written: str | None = None,
    functions: Sequence[str | LabourFunction] = (DEFAULT_FUNCTION,),
    other_names: Sequence[str] = (),
    span: SourceSpan | None = None,
) -> ProfessionCard:
    """Build a :class:`ProfessionCard` with id ``"{code}@{level}"``.

    Example:
        >>> card = make_card("3412-008", 4, functions=["Бірінші", "Екінші"])
        >>> (card.id, [f.id for f in card.functions])
        ('3412-008@4', ['3412-008@4/f1', '3412-008@4/f2'])
    """
    card_id = f"{code}@{level}"
    built = (make_function(f) if isinstance(f, str) else f for f in functions)
    return ProfessionCard(
        id=card_id,
        code=code,
        code_as_written=code if code_as_written is None else code_as_written,
        title=f"Кәсіп карточкасы: «{name}»" if title is None else title,
        name=name,
        other_names=tuple(
            OtherName(id=f"{card_id}/o{n}", name=other, span=make_span())
            for n, other in enumerate(other_names, start=1)
        ),
        level=level,
        level_as_written=str(level),
        functions=tuple(
            _renumber_function(f, f"{card_id}/f{n}") for n, f in enumerate(built, start=1)
        ),
        source=span or make_span(),
    )


def make_document(  # noqa: PLR0913 - a factory takes one keyword per field it lets callers vary
    *,
    title: str = DEFAULT_TITLE,
    language: Language = "kk",
    order_number: str | None = "292",
    order_date: str | None = "2019-05-30",
    cards: Sequence[ProfessionCard] | None = None,
    source_sha: str | None = None,
    source_name: str = DEFAULT_SOURCE_NAME,
    terms: Sequence[tuple[str, str]] = (),
    abbreviations: Sequence[tuple[str, str]] = (),
    occupations: Sequence[str] = (),
    amendments: Sequence[str] = (),
    diagnostics: Sequence[Diagnostic] = (),
) -> Document:
    """Build a :class:`Document` (one default card unless ``cards`` is given).

    ``source_sha=None`` derives a stable sha256 from the content, so different
    documents have different source hashes; pass ``""`` for "no source hash".

    Example:
        >>> doc = make_document(terms=[("кәсіп", "еңбек қызметінің түрі")])
        >>> (doc.standard.terms[0].id, doc.cards[0].id, len(doc.source.sha256))
        ('terms/1', '2635-3-001@6', 64)
    """
    standard = Standard(
        title=title,
        language=language,
        order=Order(number=order_number, date=order_date),
        **_standard_elements(terms, abbreviations, occupations, amendments),
    )
    doc = Document(
        standard=standard,
        cards=tuple(cards) if cards is not None else (make_card(),),
        diagnostics=tuple(diagnostics),
        source=SourceInfo(name=source_name),
    )
    sha = sha256_hex(storage_json(doc)) if source_sha is None else source_sha
    return doc.model_copy(update={"source": SourceInfo(name=source_name, sha256=sha)})


def _standard_elements(
    terms: Sequence[tuple[str, str]],
    abbreviations: Sequence[tuple[str, str]],
    occupations: Sequence[str],
    amendments: Sequence[str],
) -> dict[str, Any]:
    """The standard-level elements of :func:`make_document`, numbered from 1."""
    return {
        "terms": tuple(
            Term(id=f"terms/{n}", number=n, term=t, definition=d, span=make_span())
            for n, (t, d) in enumerate(terms, start=1)
        ),
        "abbreviations": tuple(
            Abbreviation(id=f"abbreviations/{n}", abbreviation=a, expansion=e, span=make_span())
            for n, (a, e) in enumerate(abbreviations, start=1)
        ),
        "occupations": tuple(
            Occupation(id=f"occupations/{n}", number=n, name=o, span=make_span())
            for n, o in enumerate(occupations, start=1)
        ),
        "amendments": tuple(
            Amendment(id=f"amendments/{n}", raw=a, span=make_span())
            for n, a in enumerate(amendments, start=1)
        ),
    }


def make_diagnostic(
    message: str = "кәсіп коды оқылмады", *, severity: Severity = "error", line: int = 1
) -> Diagnostic:
    """Build a :class:`Diagnostic` (an error by default)."""
    return Diagnostic(severity=severity, code="test", message=message, line=line, column=1)


def _position(element_id: str) -> int | None:
    """The trailing number of an ID such as ``.../f2`` or ``.../t3``."""
    digits = element_id.rsplit("/", 1)[-1].lstrip("ftsko")
    return int(digits) if digits.isdigit() else None


def _as_item(item: str | Item) -> Item:
    return make_item(item) if isinstance(item, str) else item


def _renumber_task(task: Unit, task_id: str) -> Unit:
    def items(kind: str, given: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(
            i.model_copy(update={"id": f"{task_id}/{kind}{n}"}) for n, i in enumerate(given, 1)
        )

    return task.model_copy(
        update={
            "id": task_id,
            "number": _position(task_id),
            "skills": items("s", task.skills),
            "knowledge": items("k", task.knowledge),
        }
    )


def _renumber_function(function: LabourFunction, function_id: str) -> LabourFunction:
    tasks = tuple(
        _renumber_task(t, f"{function_id}/t{n}") for n, t in enumerate(function.tasks, start=1)
    )
    return function.model_copy(
        update={"id": function_id, "number": _position(function_id), "tasks": tasks}
    )
