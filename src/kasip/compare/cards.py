"""Compare two profession cards: what the second adds, removes and changes.

The usual case is one occupation at two levels (``2635-3-001@4`` and ``@5``):
what a worker must learn to move up. Cards are compared part by part:

- header fields (code, name, level, sublevels, education, working conditions)
  as texts, with a word diff when they differ;
- lists (other names, qualification categories, personal competencies,
  related occupations) and the skills and knowledge of each task, element by
  element with :func:`kasip.compare.diff.diff_texts`;
- labour functions and their tasks, paired by position and by their whole
  text (title plus everything under it), so that a function whose title was
  reworded but whose skills stayed is still one *changed* function.

Pure functions over model objects: :func:`kasip.pages.compare.build_compare`
reads the cards from the registry for the ``/compare`` page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from kasip.compare.diff import (
    ChangeStatus,
    TextChange,
    Thresholds,
    change_text,
    diff_texts,
    match_items,
    position_key,
)
from kasip.model import FrozenModel as _Frozen
from kasip.model import LabourFunction, ProfessionCard, Unit

__all__ = [
    "CardComparison",
    "FieldChange",
    "FunctionChange",
    "Tally",
    "TaskChange",
    "compare_cards",
]

FieldName = Literal["code", "name", "level", "sublevels", "education", "working_conditions"]
FIELD_NAMES: tuple[FieldName, ...] = (
    "code",
    "name",
    "level",
    "sublevels",
    "education",
    "working_conditions",
)
ListName = Literal["other_names", "qualification", "competencies", "related"]
_C = TypeVar("_C", LabourFunction, Unit)
# Functions and tasks are containers: their text for matching is the title and
# everything under it. Same-position containers pair from 0.3 like items do;
# elsewhere a container must agree at least half (weighted, see diff.py).
CONTAINER_THRESHOLDS = Thresholds(same_key=0.3, changed=0.5)


class FieldChange(_Frozen):
    """One header field of the two cards."""

    field: FieldName
    change: TextChange


class TaskChange(_Frozen):
    """A task (міндет) of either card, with its skills and knowledge diffs."""

    status: ChangeStatus
    old_id: str | None = None
    new_id: str | None = None
    title: TextChange
    skills: tuple[TextChange, ...] = ()
    knowledge: tuple[TextChange, ...] = ()


class FunctionChange(_Frozen):
    """A labour function of either card, with its tasks."""

    status: ChangeStatus
    old_id: str | None = None
    new_id: str | None = None
    title: TextChange
    kind: TextChange
    tasks: tuple[TaskChange, ...] = ()


class Tally(_Frozen):
    """How many elements of one kind were added, removed, changed, kept."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0

    @classmethod
    def of(cls, statuses: Sequence[ChangeStatus]) -> Tally:
        """Count the statuses of a list of changes.

        >>> Tally.of(["added", "unchanged", "added"])
        Tally(added=2, removed=0, changed=0, unchanged=1)
        """
        return cls(
            added=statuses.count("added"),
            removed=statuses.count("removed"),
            changed=statuses.count("changed"),
            unchanged=statuses.count("unchanged"),
        )

    @classmethod
    def total(cls, tallies: Sequence[Tally]) -> Tally:
        """The sum of several tallies."""
        return cls(
            added=sum(t.added for t in tallies),
            removed=sum(t.removed for t in tallies),
            changed=sum(t.changed for t in tallies),
            unchanged=sum(t.unchanged for t in tallies),
        )


class CardComparison(_Frozen):
    """What card ``b`` (new) adds, removes and changes relative to card ``a`` (old).

    ``tally`` counts per part: ``fields``, the list names, ``functions``,
    ``tasks``, ``skills`` and ``knowledge``.
    """

    a: str
    b: str
    fields: tuple[FieldChange, ...]
    lists: dict[ListName, tuple[TextChange, ...]]
    functions: tuple[FunctionChange, ...]
    tally: dict[str, Tally]

    @property
    def has_changes(self) -> bool:
        """True when anything differs."""
        return any(t.added or t.removed or t.changed for t in self.tally.values())


def compare_cards(a: ProfessionCard, b: ProfessionCard) -> CardComparison:
    """Compare two profession cards.

    Args:
        a: The "from" card (e.g. the lower level, or the older version).
        b: The "to" card.

    Returns:
        The comparison; ``has_changes`` is false for equal cards.

    Example:
        >>> from kasip.testing import make_card, make_function, make_task
        >>> def card(level, skill):
        ...     task = make_task(skills=[skill])
        ...     return make_card(level=level, functions=[make_function(tasks=[task])])
        >>> low, high = card(5, "талдау жүргізу"), card(6, "терең талдау жүргізу")
        >>> cmp = compare_cards(low, high)
        >>> [f.field for f in cmp.fields if f.change.status == "changed"]
        ['level']
        >>> cmp.tally["skills"]
        Tally(added=0, removed=0, changed=1, unchanged=0)
    """
    fields = tuple(
        FieldChange(field=name, change=change_text(_field(a, name), _field(b, name)))
        for name in FIELD_NAMES
    )
    lists: dict[ListName, tuple[TextChange, ...]] = {
        "other_names": diff_texts(_other_names(a), _other_names(b)),
        "qualification": diff_texts(_qualification(a), _qualification(b)),
        "competencies": diff_texts(_competencies(a), _competencies(b)),
        "related": diff_texts(_related(a), _related(b)),
    }
    functions = _diff_functions(a.functions, b.functions)
    return CardComparison(
        a=a.id,
        b=b.id,
        fields=fields,
        lists=lists,
        functions=functions,
        tally=_tally(fields, lists, functions),
    )


def _field(card: ProfessionCard, name: FieldName) -> str:
    if name == "code":
        return card.occupation_code
    if name == "level":
        return "" if card.level is None else str(card.level)
    if name == "sublevels":
        return ", ".join(card.sublevels)
    value: str = getattr(card, name)
    return value


def _other_names(card: ProfessionCard) -> list[tuple[str, str]]:
    return [(o.id, f"{o.name} ({o.code})" if o.code else o.name) for o in card.other_names]


def _qualification(card: ProfessionCard) -> list[tuple[str, str]]:
    """The qualification-directory categories as one line each (or the raw text)."""
    req = card.directory_requirements
    if req is None:
        return []
    if not req.categories:
        return [(req.id or "dir", req.raw)]
    return [
        (c.id or f"c{n}", _category_line(c.category, c.education, c.min_experience_years))
        for n, c in enumerate(req.categories, start=1)
    ]


def _category_line(category: str, education: str, years: float | None) -> str:
    parts = [category, education]
    if years is not None:
        parts.append(f"{years:g}")
    return " — ".join(p for p in parts if p)


def _competencies(card: ProfessionCard) -> list[tuple[str, str]]:
    # Competencies have no IDs; their position stands in for one.
    return [(f"c{n}", text) for n, text in enumerate(card.personal_competencies, start=1)]


def _related(card: ProfessionCard) -> list[tuple[str, str]]:
    return [
        (r.id or f"r{n}", f"{r.level_as_written or r.level or ''}: {'; '.join(r.names)}")
        for n, r in enumerate(card.related, start=1)
    ]


def _task_text(task: Unit) -> str:
    return "\n".join(
        [task.title, *(i.text for i in task.skills), *(i.text for i in task.knowledge)]
    )


def _function_text(function: LabourFunction) -> str:
    return "\n".join([function.title, *(_task_text(t) for t in function.tasks)])


def _pairs(
    old: Sequence[_C], new: Sequence[_C], text: Callable[[_C], str]
) -> list[tuple[_C | None, _C | None]]:
    """Pair containers by position key and whole text; see CONTAINER_THRESHOLDS."""
    keys = ([position_key(c.id) for c in old], [position_key(c.id) for c in new])
    texts = [text(c) for c in old], [text(c) for c in new]
    matches = match_items(*texts, keys=keys, thresholds=CONTAINER_THRESHOLDS)
    return [
        (old[m.old] if m.old is not None else None, new[m.new] if m.new is not None else None)
        for m in matches
    ]


def _diff_functions(
    old: Sequence[LabourFunction], new: Sequence[LabourFunction]
) -> tuple[FunctionChange, ...]:
    pairs = _pairs(old, new, _function_text)
    return tuple(_function_change(o, n) for o, n in pairs)


def _function_change(old: LabourFunction | None, new: LabourFunction | None) -> FunctionChange:
    title = _title_change(old, new)
    kind = change_text(old.kind if old else None, new.kind if new else None)
    pairs = _pairs(old.tasks if old else (), new.tasks if new else (), _task_text)
    tasks = tuple(_task_change(o, n) for o, n in pairs)
    status = _container_status(title, [kind, *(t.title for t in tasks)], tasks)
    return FunctionChange(
        status=status,
        old_id=title.old_id,
        new_id=title.new_id,
        title=title,
        kind=kind,
        tasks=tasks,
    )


def _title_change(
    old: LabourFunction | Unit | None, new: LabourFunction | Unit | None
) -> TextChange:
    return change_text(
        old.title if old else None,
        new.title if new else None,
        ids=(old.id if old else None, new.id if new else None),
    )


def _task_change(old: Unit | None, new: Unit | None) -> TaskChange:
    title = _title_change(old, new)
    skills = diff_texts(_items(old, "skills"), _items(new, "skills"))
    knowledge = diff_texts(_items(old, "knowledge"), _items(new, "knowledge"))
    status = _container_status(title, [*skills, *knowledge], ())
    return TaskChange(
        status=status,
        old_id=title.old_id,
        new_id=title.new_id,
        title=title,
        skills=skills,
        knowledge=knowledge,
    )


def _items(task: Unit | None, part: Literal["skills", "knowledge"]) -> list[tuple[str, str]]:
    if task is None:
        return []
    return [(i.id, i.text) for i in getattr(task, part)]


def _container_status(
    title: TextChange, parts: Sequence[TextChange], children: Sequence[TaskChange]
) -> ChangeStatus:
    """Added/removed as its title; else changed when anything under it changed."""
    if title.status in ("added", "removed"):
        return title.status
    if any(p.status != "unchanged" for p in [title, *parts]):
        return "changed"
    return "changed" if any(c.status != "unchanged" for c in children) else "unchanged"


def _count(changes: Sequence[TextChange | TaskChange | FunctionChange]) -> Tally:
    return Tally.of([c.status for c in changes])


def _tally(
    fields: Sequence[FieldChange],
    lists: dict[ListName, tuple[TextChange, ...]],
    functions: Sequence[FunctionChange],
) -> dict[str, Tally]:
    tasks = [t for f in functions for t in f.tasks]
    tally = {"fields": _count([f.change for f in fields])}
    tally.update({name: _count(changes) for name, changes in lists.items()})
    tally["functions"] = _count(functions)
    tally["tasks"] = _count(tasks)
    tally["skills"] = _count([s for t in tasks for s in t.skills])
    tally["knowledge"] = _count([k for t in tasks for k in t.knowledge])
    return tally
