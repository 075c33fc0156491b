"""Turn the drafts of a labour-function block into frozen model objects.

IDs are positional (``/f{n}``, ``/t{n}``, ``/s{n}``, ``/k{n}``), so they do not
depend on the printed numbers, which have gaps and duplicates in real texts.
"""

from __future__ import annotations

import re

from kasip import model as m
from kasip.model import ids
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.functions import BlockDraft, FunctionDraft, TaskDraft
from kasip.parse.items import RawItem
from kasip.parse.source import Source
from kasip.text.clean import glued_word_offsets

_WORD_RE = re.compile(r"\w+")


def build_functions(
    source: Source, block: BlockDraft, card_id: str, diags: Diagnostics
) -> tuple[m.LabourFunction, ...]:
    """Model objects for the functions of one card, additional ones last."""
    drafts = list(block.functions)
    additional, named_additional = _additional_only(source, block, drafts)
    unit_ids = {
        id(task): ids.part_id(ids.part_id(card_id, ids.FUNCTION, fn), ids.TASK, tn)
        for fn, draft in enumerate(drafts, start=1)
        for tn, task in enumerate(draft.tasks, start=1)
    }
    functions = []
    for position, draft in enumerate(drafts, start=1):
        function_id = ids.part_id(card_id, ids.FUNCTION, position)
        named = id(draft) in named_additional
        functions.append(_function(source, draft, function_id, unit_ids, additional=named))
    offset = len(drafts)
    for position, item in enumerate(additional, start=offset + 1):
        functions.append(
            m.LabourFunction(
                id=ids.part_id(card_id, ids.FUNCTION, position),
                kind="additional",
                title=source.text[item.start : item.end],
                span=source.span(item.start, item.end),
                title_span=source.span(item.start, item.end),
                repairs=_repairs(source.text[item.start : item.end]),
            )
        )
    _check_summary(source, block, functions, diags)
    return tuple(functions)


def _additional_only(
    source: Source, block: BlockDraft, drafts: list[FunctionDraft]
) -> tuple[list[RawItem], set[int]]:
    """Additional functions the summary names: those with no detailed rows, and the
    ``id()`` of the drafts it names (they are additional too)."""
    by_key: dict[str, FunctionDraft] = {}
    for draft in drafts:
        by_key.setdefault(_key(source.text[slice(*draft.title)]), draft)
    missing = []
    named: set[int] = set()
    for item in block.additional:
        match = by_key.get(_key(source.text[item.start : item.end]))
        if match is None:
            missing.append(item)
        else:
            named.add(id(match))
    return missing, named


def _key(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def _check_summary(
    source: Source, block: BlockDraft, functions: list[m.LabourFunction], diags: Diagnostics
) -> None:
    titles = {_key(f.title) for f in functions}
    for item in block.summary:
        if _key(source.text[item.start : item.end]) not in titles:
            diags.add(
                "info",
                "summary-function-unmatched",
                "a mandatory function named in the summary row has no detailed row of that title",
                offset=item.start,
                found=source.text[item.start : item.end],
            )


def _function(
    source: Source,
    draft: FunctionDraft,
    function_id: str,
    unit_ids: dict[int, str],
    *,
    additional: bool,
) -> m.LabourFunction:
    # ``unit_ids`` covers the whole card: a pack leader may sit in another function
    # when two functions share one cell.
    tasks = [
        _unit(source, task, ids.part_id(function_id, ids.TASK, position), unit_ids)
        for position, task in enumerate(draft.tasks, start=1)
    ]
    return m.LabourFunction(
        id=function_id,
        number=draft.number,
        kind="additional" if additional or draft.kind == "additional" else "mandatory",
        label=draft.label,
        title=source.text[slice(*draft.title)],
        tasks=tuple(tasks),
        span=source.span(draft.start, max(draft.end, draft.title[1])),
        title_span=source.span(*draft.title),
        repairs=_repairs(source.text[slice(*draft.title)]),
    )


def _unit(source: Source, task: TaskDraft, unit_id: str, unit_ids: dict[int, str]) -> m.Unit:
    shares = unit_ids.get(id(task.leader)) if task.leader is not None else None
    return m.Unit(
        id=unit_id,
        kind="skill" if task.kind == "skill" else "task",
        number=task.number,
        label=task.label,
        title=source.text[slice(*task.title)],
        skills=_items(source, task.skills, unit_id, ids.SKILL),
        knowledge=_items(source, task.knowledge, unit_id, ids.KNOWLEDGE),
        shares_items_with=shares,
        span=source.span(task.start, max(task.end, task.title[1])),
        title_span=source.span(*task.title),
        repairs=_repairs(source.text[slice(*task.title)]),
    )


def _items(source: Source, raw: list[RawItem], unit_id: str, prefix: str) -> tuple[m.Item, ...]:
    return tuple(
        m.Item(
            id=ids.part_id(unit_id, prefix, position),
            number=item.number,
            text=source.text[item.start : item.end],
            header=item.header,
            repairs=_repairs(source.text[item.start : item.end]),
            span=source.span(item.start, item.end),
        )
        for position, item in enumerate(raw, start=1)
    )


def _repairs(text: str) -> tuple[m.Repair, ...]:
    """Spaces lost where link text was glued to its neighbour.

    Read on the source, not the matching view: the view folds Latin letters
    next to Cyrillic ones (``IoTи``), which would make Latin words look glued.
    """
    return tuple(
        m.Repair(
            kind="glued-words",
            offset=offset,
            original="",
            replacement=" ",
            note="space restored between words glued in the flattened page",
        )
        for offset in glued_word_offsets(text)
    )
