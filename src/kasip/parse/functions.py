"""Stage 4b: read labour functions, their units and items from segments.

Rules of the layout that the reader follows (annex of the standard):
- a function label opens a function; two functions may share one cell;
- a summary row (``Міндетті еңбек функциялары``) lists the mandatory functions:
  its content is a list of names, never skills, whatever its cell is labelled;
- ``Қосымша еңбек функциясы`` names additional functions;
- a task label opens a unit; several units may be packed in one cell, and the
  skills/knowledge that follow belong to the pack (kept on its first unit);
- an unlabelled cell right after a function title is the unit's title, and one
  right after a unit title is its skills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kasip.parse import patterns as p
from kasip.parse import segments as sg
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.items import RawItem, split_items
from kasip.parse.segments import Segment
from kasip.parse.source import Source


@dataclass
class TaskDraft:
    start: int
    end: int
    title: tuple[int, int]
    number: int | None
    label: str
    row: int
    skills: list[RawItem] = field(default_factory=list)
    knowledge: list[RawItem] = field(default_factory=list)
    leader: TaskDraft | None = None
    kind: str = "task"


@dataclass
class FunctionDraft:
    start: int
    end: int
    title: tuple[int, int]
    number: int | None
    label: str
    row: int
    kind: str = "mandatory"
    tasks: list[TaskDraft] = field(default_factory=list)


@dataclass
class BlockDraft:
    functions: list[FunctionDraft] = field(default_factory=list)
    summary: list[RawItem] = field(default_factory=list)
    additional: list[RawItem] = field(default_factory=list)


class _Reader:
    def __init__(self, source: Source, diags: Diagnostics) -> None:
        self.source = source
        self.diags = diags
        self.block = BlockDraft()
        self.mode = "normal"
        self.function_pack: list[FunctionDraft] = []
        self.task_pack: list[TaskDraft] = []
        self.pack_closed = True
        self.previous: Segment | None = None
        # Where the names of the last additional-function label start, in case
        # a task follows and makes it a detailed additional function.
        self.additional_label: Segment | None = None
        self.additional_mark = 0
        # Whether the block has a label of one function (``Трудовая функция 1``).
        self.detailed = False
        # The skills or knowledge list read last, while nothing else came after it.
        self.open_list: Segment | None = None

    @property
    def function(self) -> FunctionDraft | None:
        return self.block.functions[-1] if self.block.functions else None

    def read(self, segments: list[Segment]) -> BlockDraft:
        segments = _titles_from_next_cell(_without_column_headers(segments))
        segments = _titles_from_next_row(self.source, segments)
        self.detailed = any(s.kind == sg.FUNCTION and not _is_plural(s.label) for s in segments)
        for index, segment in enumerate(segments):
            following = segments[index + 1] if index + 1 < len(segments) else None
            self._dispatch(segment, following)
            self.previous = segment
        return self.block

    def _dispatch(self, seg: Segment, following: Segment | None) -> None:
        if seg.kind == sg.SUMMARY:
            self.mode = "summary"
            self._collect_names(seg, self.block.summary)
        elif seg.kind == sg.ADDITIONAL:
            self.mode = "additional"
            self.additional_label, self.additional_mark = seg, len(self.block.additional)
            self._collect_names(seg, self.block.additional)
        elif seg.kind in (sg.TASK, sg.SKILL_UNIT) and self.mode == "additional":
            self._detailed_additional()
            self._on_task(seg)
        elif seg.kind == sg.FUNCTION:
            self._on_function(seg, following)
        elif self.mode != "normal":
            target = self.block.summary if self.mode == "summary" else self.block.additional
            self._collect_names(seg, target)
        elif seg.kind in (sg.TASK, sg.SKILL_UNIT):
            self._on_task(seg)
        elif seg.kind in (sg.SKILLS, sg.KNOWLEDGE):
            self._on_items(seg)
        else:
            self._on_text(seg)

    def _detailed_additional(self) -> None:
        """An additional-function label followed by tasks is a detailed function."""
        label = self.additional_label
        assert label is not None
        names = self.block.additional[self.additional_mark :]
        del self.block.additional[self.additional_mark :]
        title = (names[0].start, names[-1].end) if names else (label.start, label.start)
        draft = FunctionDraft(
            label.label_start, title[1], title, label.number, label.label, label.row, "additional"
        )
        self.block.functions.append(draft)
        self.function_pack = [draft]
        self.task_pack, self.pack_closed = [], True
        self.mode = "normal"

    def _collect_names(self, seg: Segment, target: list[RawItem]) -> None:
        items = split_items(self.source, seg.start, seg.end, self.diags)
        # "-" (or "нет", "жоқ") in the summary or additional row says there is
        # none (the NPP layouts write it so): it names no function (issue 9).
        target.extend(i for i in items if not _NONE_RE.fullmatch(self.source.view, i.start, i.end))

    def _on_function(self, seg: Segment, following: Segment | None) -> None:
        empty = seg.start >= seg.end
        if empty and following is not None and following.kind in (sg.SUMMARY, sg.ADDITIONAL):
            return  # the header cell of the summary row
        if not empty and _is_plural(seg.label) and self.detailed:
            # ``Трудовые функции | 1) … 2) …`` before ``Трудовая функция 1 …`` rows:
            # the plural label lists the functions detailed below (the NPP "default"
            # layout of 2022 and the 2017 layout), it is not one (issue 9).
            self.mode = "summary"
            self._collect_names(seg, self.block.summary)
            return
        self.mode = "normal"
        title = _strip_title(self.source, seg.start, seg.end)
        repeated = self._same_function(seg.number, title)
        if repeated is not None:
            # A merged function cell flattened by repetition on every task row.
            self.function_pack = [repeated]
            self.task_pack, self.pack_closed = [], True
            return
        draft = FunctionDraft(seg.label_start, seg.end, title, seg.number, seg.label, seg.row)
        if title[0] >= title[1]:
            self.diags.add(
                "warning",
                "function-without-title",
                "labour function has no title",
                offset=seg.label_start,
                expected="function title after the label",
                found=seg.label,
            )
        shares_cell = (
            self.previous is not None
            and self.previous.kind == sg.FUNCTION
            and self.previous.row == seg.row
            and self.previous.cell == seg.cell
        )
        self.function_pack = [*self.function_pack, draft] if shares_cell else [draft]
        self.block.functions.append(draft)
        self.task_pack, self.pack_closed = [], True

    def _same_function(self, number: int | None, title: tuple[int, int]) -> FunctionDraft | None:
        """The last function when this label repeats it (same number and title)."""
        last = self.function
        if last is None or title[0] >= title[1] or last.number != number:
            return None
        same = _title_key(self.source, last.title) == _title_key(self.source, title)
        return last if same else None

    def _ensure_function(self, seg: Segment) -> FunctionDraft:
        if self.function is None:
            self.diags.add(
                "warning",
                "unit-without-function",
                "a unit or items appear before any labour function",
                offset=seg.label_start,
                expected="a labour function label",
                found=self.source.text[seg.label_start : seg.end],
            )
            draft = FunctionDraft(
                seg.label_start, seg.end, (seg.start, seg.start), None, "", seg.row
            )
            self.block.functions.append(draft)
            self.function_pack = [draft]
        assert self.function is not None
        return self.function

    def _on_task(self, seg: Segment) -> None:
        function = self._ensure_function(seg)
        titles = _sub_titles(self.source, seg, self.diags)
        owners = self.function_pack if len(self.function_pack) == len(titles) > 1 else None
        joins_pack = (
            not self.pack_closed
            and self.previous is not None
            and self.previous.kind == seg.kind
            and self.previous.cell == seg.cell
            and self.previous.row == seg.row
        )
        if not joins_pack:
            self.task_pack = []
        for position, (title, number) in enumerate(titles):
            owner = owners[position] if owners else function
            task = TaskDraft(
                seg.label_start, seg.end, title, number or seg.number, seg.label, seg.row
            )
            task.leader = self.task_pack[0] if self.task_pack else None
            task.kind = "skill" if seg.kind == sg.SKILL_UNIT else "task"
            self.task_pack.append(task)
            owner.tasks.append(task)
            owner.end = max(owner.end, seg.end)
        self.pack_closed = False

    def _item_target(self, seg: Segment) -> TaskDraft:
        if self.task_pack:
            return self.task_pack[0]
        function = self._ensure_function(seg)
        self.diags.add(
            "warning",
            "items-without-unit",
            "skills or knowledge appear before any unit of the function",
            offset=seg.label_start,
            expected="a task label (Міндет / Задача)",
            found=seg.label,
        )
        task = TaskDraft(
            seg.label_start, seg.label_start, (seg.label_start,) * 2, None, "", seg.row
        )
        function.tasks.append(task)
        self.task_pack = [task]
        return task

    def _on_items(self, seg: Segment) -> None:
        self.open_list = seg
        target = self._item_target(seg)
        items = split_items(self.source, seg.start, seg.end, self.diags)
        (target.skills if seg.kind == sg.SKILLS else target.knowledge).extend(items)
        self._extend_to(target, seg.end)
        self.pack_closed = True

    def _extend_to(self, task: TaskDraft, end: int) -> None:
        task.end = max(task.end, end)
        # The task leads the open pack, so it is among the last tasks of its
        # function; compare identity there rather than every task by value.
        window = max(1, len(self.task_pack))
        for function in self.function_pack:
            if any(t is task for t in function.tasks[-window:]):
                function.end = max(function.end, end)

    def _on_text(self, seg: Segment) -> None:
        previous = self.previous
        if self._continues_list(seg):
            # A list cell split by a page break: the row goes on in a new table row
            # whose first cell is empty (``\t|\t6. …`` under ``…\t|\tУмения: 1. … 5. …``).
            assert self.open_list is not None
            kind, label = self.open_list.kind, self.open_list.label
            self._on_items(
                Segment(kind, seg.start, seg.start, seg.end, None, label, seg.row, seg.cell)
            )
            return
        if (
            previous is not None
            and previous.kind in (sg.SKILLS, sg.KNOWLEDGE)
            and previous.start >= previous.end
            and seg.row != previous.row
        ):
            # A row holding only the label (Умения: / Знания:) and the next row
            # its list, under merged function and task cells: the NPP layouts'
            # tables, as Word documents and their text (issue 9).
            kind, label = previous.kind, previous.label
            self._on_items(
                Segment(kind, seg.start, seg.start, seg.end, None, label, seg.row, seg.cell)
            )
            return
        function = self.function
        first_of_row = seg.row != function.row if function is not None else False
        if (
            function is not None
            and not self._row_has_task(seg.row)
            and (seg.row == function.row or (first_of_row and seg.cell == 1))
        ):
            # Unlabelled unit title: the cell after the function title, or the
            # second cell of a row under a merged function cell.
            self._on_task(seg)
            return
        if self.task_pack and seg.row == self.task_pack[0].row and not self.task_pack[0].skills:
            self._on_items(
                Segment(sg.SKILLS, seg.start, seg.start, seg.end, None, "", seg.row, seg.cell)
            )
            return
        self.diags.add(
            "warning",
            "unexpected-text",
            "text in the labour-function block that belongs to no label",
            offset=seg.start,
            expected="a function, task, skills or knowledge label",
            found=self.source.text[seg.start : seg.end],
        )

    def _continues_list(self, seg: Segment) -> bool:
        """A numbered (or lower-case) text in the cell of the list just read, on a later row."""
        listed = self.open_list
        previous = self.previous
        return (
            listed is not None
            and previous is not None
            and previous.start <= listed.start <= previous.end  # nothing came in between
            and seg.row != listed.row
            and (
                seg.cell == listed.cell
                # The next page's table may lack an empty column of this one: the row's
                # first text then stands a cell to the left (the cells before it are
                # empty, or they would have come in between).
                or (previous.row != seg.row and 0 < seg.cell < listed.cell)
            )
            and (
                _LIST_START_RE.match(self.source.view, seg.start, seg.end) is not None
                or self.source.view[seg.start].islower()  # an entry cut by the page break
            )
        )

    def _row_has_task(self, row: int) -> bool:
        function = self.function
        # Tasks are appended in row order: the last one tells.
        return function is not None and bool(function.tasks) and function.tasks[-1].row == row


# A list entry's number at the start of a cell (``6.``, ``6)``), not ``6.1`` or a year.
_LIST_START_RE = re.compile(r"\d{1,2}\s*[.)](?!\d)")
# The plural of the function label names the functions, the singular one function.
_PLURAL_RE = re.compile(r"функции(?!\w)|функциялары|қызметтері", re.IGNORECASE)


def _is_plural(label: str) -> bool:
    return bool(_PLURAL_RE.search(label))


_NONE_RE = re.compile(
    r"[\s\-‐-―−.]*(?:нет|жоқ|отсутствуют|не\s+предусмотрен\w*)?[\s\-‐-―−.]*", re.I
)


def read_block(source: Source, segments: list[Segment], diags: Diagnostics) -> BlockDraft:
    """Read the labour functions of one card from its segments."""
    return _Reader(source, diags).read(segments)


def _without_column_headers(segments: list[Segment]) -> list[Segment]:
    """Drop repeated table headers (``Трудовые функции | Задачи | Умения | Знания``).

    Such a row is made only of labels with no content.
    """
    by_row: dict[int, list[Segment]] = {}
    for seg in segments:
        by_row.setdefault(seg.row, []).append(seg)
    headers = {row for row, segs in by_row.items() if _is_column_header(segs)}
    return [seg for seg in segments if seg.row not in headers]


_COLUMN_WORD_MAX = 40


def _is_column_header(segs: list[Segment]) -> bool:
    """A row of labels without content, perhaps with a short bare column name."""
    if len(segs) < 3 or segs[0].kind != sg.FUNCTION or segs[0].start < segs[0].end:
        return False
    if any(s.kind in (sg.SUMMARY, sg.ADDITIONAL) for s in segs):
        return False  # ``Трудовые функции: | Обязательные …: | 1. …``: the summary row
    labels = sum(1 for s in segs if s.kind != sg.TEXT and s.start >= s.end)
    short_words = all(
        s.kind == sg.TEXT and s.end - s.start <= _COLUMN_WORD_MAX
        for s in segs
        if not (s.kind != sg.TEXT and s.start >= s.end)
    )
    return labels >= 2 and short_words


def _titles_from_next_cell(segments: list[Segment]) -> list[Segment]:
    """A label alone in its cell takes its title from the next cell of the row.

    (``Трудовая функция 1: | Оказание помощи`` as opposed to the glued
    ``1-еңбек функциясы:Персоналды басқару``.)
    """
    merged: list[Segment] = []
    skip = False
    for index, seg in enumerate(segments):
        following = segments[index + 1] if index + 1 < len(segments) else None
        if skip:
            skip = False
            continue
        titled = seg.kind in (sg.FUNCTION, sg.TASK, sg.SKILL_UNIT)
        if (
            titled
            and seg.start >= seg.end
            and following is not None
            and following.kind == sg.TEXT
            and following.row == seg.row
        ):
            seg = Segment(
                seg.kind, seg.label_start, following.start, following.end,
                seg.number, seg.label, seg.row, following.cell,
            )  # fmt: skip
            skip = True
        merged.append(seg)
    return merged


def _titles_from_next_row(source: Source, segments: list[Segment]) -> list[Segment]:
    """An empty function label takes its title from the row below it.

    The NPP 2022 "default" layout splits a function's label cell over two table
    rows: ``Трудовая функция 1 | Умения и навыки:`` then ``Установка и настройка
    ПО | 1. …``. Read as text, the second row continues the first: its first cell
    runs on in the skills label's cell, its list follows in the next cell. That
    first line after the label is the function's title, and the list is the
    label's (issue 9).
    """
    result = list(segments)
    for index, seg in enumerate(segments[:-2]):
        label, listed = segments[index + 1], segments[index + 2]
        if (
            seg.kind != sg.FUNCTION
            or seg.start < seg.end
            or label.kind not in (sg.SKILLS, sg.KNOWLEDGE)
            or label.start >= label.end
            or listed.kind != sg.TEXT
            or listed.cell <= label.cell
            or "\n" not in source.view[label_end(label) : label.start]
            or "\n" in source.view[label.start : label.end]
        ):
            continue
        result[result.index(seg)] = Segment(
            seg.kind, seg.label_start, label.start, label.end,
            seg.number, seg.label, seg.row, seg.cell,
        )  # fmt: skip
        result[result.index(label)] = Segment(
            label.kind, label.label_start, label.start, label.start,
            label.number, label.label, label.row, label.cell,
        )  # fmt: skip
    return result


def label_end(seg: Segment) -> int:
    """Where a segment's label ends (its content starts after white space)."""
    return seg.label_start + len(seg.label)


def _title_key(source: Source, span: tuple[int, int]) -> str:
    """A title compared without case, spacing and punctuation."""
    return " ".join(re.findall(r"\w+", source.view[span[0] : span[1]].lower()))


def _strip_title(source: Source, start: int, end: int) -> tuple[int, int]:
    start, end = source.trim(start, end)
    while bullet := p.LEADING_BULLET_RE.match(source.view, start, end):
        start = source.trim(bullet.end(), end)[0]  # ``- Аналитика …``: a bullet, not the title
    while end > start and source.view[end - 1] in ";:, ":
        end -= 1
    return start, end


def _sub_titles(
    source: Source, seg: Segment, diags: Diagnostics
) -> list[tuple[tuple[int, int], int | None]]:
    """Titles of the units in a task cell: ``Міндет:1.X:2. Y`` holds two."""
    items = split_items(source, seg.start, seg.end, diags)
    numbered = [item for item in items if item.number is not None]
    if len(numbered) >= 2 and len(numbered) == len(items):
        return [(_strip_title(source, i.start, i.end), int(i.number or 0)) for i in numbered]
    return [(_strip_title(source, seg.start, seg.end), None)]
