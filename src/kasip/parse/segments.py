"""Stage 4a: cut the labour-function block of a card into labelled segments.

On the flattened pages a label may start a cell (``Міндет:``), follow a stray
list number (``1. Білуге тиіс:``) or be glued to the text before it
(``...қолдауБілуге тиіс:``, ``...әзірлеу2-міндет:``). A segment is a label and
the text up to the next label; text before the first label of a cell is an
unlabelled segment whose meaning comes from its position in the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kasip.parse import patterns as p
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.source import Cell, Source

# Kinds, in the order that wins when two labels start at the same place.
SUMMARY, ADDITIONAL, FUNCTION, TASK, SKILL_UNIT, SKILLS, KNOWLEDGE, TEXT = (
    "summary",
    "additional",
    "function",
    "task",
    "skill-unit",
    "skills",
    "knowledge",
    "text",
)
# Each label that may stand inside a cell, with words (in lower case) one of
# which any text it matches holds: a cell holding none of them is not scanned
# for it. Scanning every cell with every pattern was a fifth of parsing
# (BENCHMARKS.md, issue 11); tests/test_parse_properties.py holds every match
# in the corpus and in the patterns' own forms to its words.
_MID: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (SUMMARY, p.SUMMARY_RE, ("міндетті", "обязательн")),
    (ADDITIONAL, p.ADDITIONAL_RE, ("қосымша", "дополнительн")),
    (FUNCTION, p.FUNCTION_MID_RE, ("еңбек", "трудовая")),
    (TASK, p.TASK_MID_RE, ("міндет", "тапсырма", "задач")),
    (SKILL_UNIT, p.SKILL_UNIT_RE, ("дағды", "навык")),
    (SKILLS, p.SKILLS_MID_RE, ("дағдылар", "икемділіктер", "умения", "навыки")),
    (KNOWLEDGE, p.KNOWLEDGE_MID_RE, ("білуге", "білім", "знания", "должен")),
)
_START: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SUMMARY, p.SUMMARY_RE),
    (ADDITIONAL, p.ADDITIONAL_RE),
    (FUNCTION, p.FUNCTION_START_RE),
    (TASK, p.TASK_START_RE),
    (SKILL_UNIT, p.SKILL_UNIT_RE),
    (SKILLS, p.SKILLS_START_RE),
    (KNOWLEDGE, p.KNOWLEDGE_START_RE),
)
_PRIORITY = {kind: rank for rank, (kind, _) in enumerate(_START)}


@dataclass(frozen=True)
class Segment:
    kind: str
    label_start: int
    start: int  # content start (after the label)
    end: int  # content end
    number: int | None
    label: str
    row: int
    cell: int


@dataclass(frozen=True)
class _Label:
    kind: str
    start: int
    end: int
    number: int | None


def label_at_start(source: Source, start: int, end: int) -> str | None:
    """The kind of block label that opens ``[start, end)``, if any."""
    found = _start_label(source, start, end)
    return found.kind if found else None


def segment_cells(
    source: Source, rows: Sequence[Sequence[Cell]], diags: Diagnostics
) -> list[Segment]:
    """Cut the cells of the block's rows into segments, in reading order."""
    segments: list[Segment] = []
    for row_index, cells in enumerate(rows):
        for cell in cells:
            segments.extend(_segment_cell(source, cell, row_index, diags))
    return segments


def _segment_cell(source: Source, cell: Cell, row: int, diags: Diagnostics) -> list[Segment]:
    labels = _labels_in(source, cell.start, cell.end)
    segments: list[Segment] = []
    bounds = [label.start for label in labels] + [cell.end]
    lead_end = _drop_stray_number(source, cell.start, bounds[0], bool(labels), diags)
    lead_start, lead_end = source.trim(cell.start, lead_end)
    if p.BULLET_ONLY_RE.fullmatch(source.view, lead_start, lead_end):
        lead_end = lead_start  # a bullet before a label (``- Задача 3:``) is no text
    if lead_start < lead_end:
        segments.append(Segment(TEXT, lead_start, lead_start, lead_end, None, "", row, cell.index))
    for index, (label, stop) in enumerate(zip(labels, bounds[1:], strict=True)):
        before_label = index + 1 < len(labels)
        stop = _drop_stray_number(source, label.end, stop, before_label, diags)
        start, end = source.trim(label.end, stop)
        text = source.text[label.start : label.end].strip()
        segments.append(
            Segment(label.kind, label.start, start, end, label.number, text, row, cell.index)
        )
    return segments


def _labels_in(source: Source, start: int, end: int) -> list[_Label]:
    found: list[_Label] = []
    first = _start_label(source, start, end)
    if first is not None:
        found.append(first)
    lower = source.view[start:end].lower()
    for kind, pattern, needed in _MID:
        if not any(word in lower for word in needed):
            continue
        for match in pattern.finditer(source.view, start, end):
            if match.end() > match.start():
                found.append(_Label(kind, match.start(), match.end(), _number(match)))
    found.sort(key=lambda lab: (lab.start, _PRIORITY[lab.kind], -lab.end))
    kept: list[_Label] = []
    for label in found:
        if not kept or label.start >= kept[-1].end:
            kept.append(label)
    return kept


def _start_label(source: Source, start: int, end: int) -> _Label | None:
    lead = p.LEADING_NUMBER_RE.match(source.view, start, end)
    at = lead.end() if lead else start
    if lead is None and (bullet := p.LEADING_BULLET_RE.match(source.view, start, end)):
        at = source.trim(bullet.end(), end)[0]  # ``- Знания``: a bullet before the label
    for kind, pattern in _START:
        match = pattern.match(source.view, at, end)
        if not match or match.end() == match.start():
            continue
        # After a list number only a label with its colon counts: ``1. Задачи и
        # этапы ...`` is an item that starts with a unit word.
        if lead and not match.group(0).rstrip().endswith((":", "：")):
            return None
        return _Label(kind, match.start(), match.end(), _number(match))
    return None


def _number(match: re.Match[str]) -> int | None:
    for group in ("num", "num2", "num3"):
        if group in match.re.groupindex and match[group]:
            return int(match[group])
    return None


def _drop_stray_number(
    source: Source, start: int, end: int, before_label: bool, diags: Diagnostics
) -> int:
    """End a segment before a list number left in front of the next label."""
    if not before_label:
        return end
    stray = p.STRAY_NUMBER_RE.search(source.view, start, end)
    if stray is None or (stray.start() > start and source.view[stray.start() - 1].isdigit()):
        return end
    diags.add(
        "info",
        "stray-numbering",
        "list number before a label ignored",
        offset=stray.start(),
        found=source.text[stray.start() : stray.end()],
    )
    return stray.start()
