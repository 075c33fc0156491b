"""Rich renderables and plain-text lines for the command line.

Pure functions from model objects to :mod:`rich` objects or strings: nothing
here prints, reads files or touches the database (``kasip.cli`` does that).
Data text is wrapped in :class:`rich.text.Text`, never interpolated into
markup, so brackets in a legal text are shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kasip.formats import Flattened, Place
from kasip.model import (
    Diagnostic,
    Document,
    Item,
    LabourFunction,
    ProfessionCard,
    QualificationCategory,
    Unit,
)
from kasip.model.elements import ElementRef, count_elements, display_text
from kasip.store import CardSummary, StandardSummary
from kasip.store.effective import day_before


def summary_line(name: str, doc: Document) -> str:
    """Return the one-line summary of ``kasip check`` for a document.

    Example:
        >>> from kasip.model import Document, Standard
        >>> summary_line("a.txt", Document(standard=Standard(title="T", language="kk")))
        'a.txt: 0 cards, 0 functions, 0 tasks, 0 items, 0 errors, 0 warnings'
    """
    counts = count_elements(doc)
    return f"{name}: " + ", ".join(f"{value} {key}" for key, value in counts.items())


def diagnostic_line(name: str, diagnostic: Diagnostic, place: Place | None = None) -> str:
    """Format a diagnostic as ``FILE:LINE:COL: severity: code: message (...) [place]``.

    The parenthesis lists ``expected`` and ``found`` when the parser set them.
    LINE and COL are those of the text the parser read; for a Word document,
    ``place`` says where that line is in the document (table, row, cell,
    paragraph), in brackets at the end.

    Example:
        >>> d = Diagnostic(severity="error", code="E1", message="no code", line=3, column=1,
        ...                expected="NNNN-N-NNN", found="x")
        >>> diagnostic_line("a.txt", d)
        'a.txt:3:1: error: E1: no code (expected NNNN-N-NNN, found x)'
    """
    details = [f"{key} {value}" for key, value in _details(diagnostic) if value]
    suffix = f" ({', '.join(details)})" if details else ""
    where = f" [{place.describe()}]" if place is not None else ""
    return (
        f"{name}:{diagnostic.line}:{diagnostic.column}: {diagnostic.severity}: "
        f"{diagnostic.code}: {diagnostic.message}{suffix}{where}"
    )


def _details(diagnostic: Diagnostic) -> list[tuple[str, str]]:
    return [("expected", diagnostic.expected), ("found", diagnostic.found)]


def fails(doc: Document, *, strict: bool = False) -> bool:
    """Tell whether ``kasip check`` fails on a document (errors; warnings too if strict)."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(d.severity in failing for d in doc.diagnostics)


def check_json(name: str, doc: Document, source: Flattened | None = None) -> dict[str, Any]:
    """Build the ``kasip check --json`` entry of one file: summary and diagnostics.

    A diagnostic of a Word document also has its ``place`` in the document
    (``{"table", "row", "cell", "paragraph"}``, or only ``paragraph`` in the body).
    """

    def entry(diagnostic: Diagnostic) -> dict[str, Any]:
        found = diagnostic.model_dump(mode="json")
        place = source.place_of(diagnostic.line) if source is not None else None
        if place is not None:
            found["place"] = {k: v for k, v in asdict(place).items() if v is not None}
        return found

    return {
        "file": name,
        "summary": count_elements(doc),
        "diagnostics": [entry(d) for d in doc.diagnostics],
    }


def document_summary(doc: Document) -> Table:
    """Summarise a parsed document: title, language, order and element counts."""
    order = doc.standard.order
    rows: list[tuple[str, Any]] = [
        ("title", doc.standard.title),
        ("language", doc.standard.language),
        ("order", _order(order.number, order.date)),
        ("amendments", len(doc.standard.amendments)),
        ("occupations", len(doc.standard.occupations)),
        *count_elements(doc).items(),
        ("source", doc.source.name),
        ("lines", doc.source.lines),
        ("sha256", doc.source.sha256),
    ]
    return table(None, ["", ""], rows, show_header=False)


def _order(number: object, date: object) -> str:
    parts = [f"No {number}" if number else "", f"of {date}" if date else ""]
    return " ".join(part for part in parts if part)


def standards_json(
    standards: Sequence[StandardSummary], cards: Sequence[CardSummary]
) -> list[dict[str, Any]]:
    """Build the data of ``kasip list``: each standard with its list of cards.

    The same data is printed by ``kasip list --json`` and rendered by
    :func:`listing`. A card's ``id`` is its ID in the exchange format.
    """
    return [
        {
            **{k: v for k, v in asdict(s).items() if k != "cards"},
            "cards": [
                {
                    "id": c.card_id,
                    "code": c.code,
                    "level": c.level,
                    "name": c.name,
                    "title": c.title,
                }
                for c in cards
                if c.standard == s.key
            ],
        }
        for s in standards
    ]


def listing(standards: Sequence[dict[str, Any]]) -> list[RenderableType]:
    """Render ``kasip list``: per standard, a heading line and a table of its cards.

    The heading gives the key, title, language, approving order, versions and
    card count.
    """
    rendered: list[RenderableType] = []
    for s in standards:
        versions = f"{s['versions']} version" + ("" if s["versions"] == 1 else "s")
        heading = Text.assemble(
            (s["key"], "bold"),
            f"  {s['title']} ({s['language']}), "
            f"order {_order(s['order_number'], s['order_date'])}, {versions}, "
            f"{len(s['cards'])} cards",
        )
        cards = [(c["code"], c["level"], c["name"], c["id"]) for c in s["cards"]]
        rendered += [heading, table(None, ["Code", "Level", "Name", "ID"], cards)]
    return rendered


# What each effective_basis means (kasip.store.effective), for people.
_BASES = {
    "entered": "entered",
    "order": "the order's date: proposed, not confirmed",
    "unknown": "no date known",
}


def versions_text(key: str, versions: Sequence[dict[str, Any]]) -> str:
    """Render ``kasip versions``: a few lines per imported version of a standard.

    The period in force runs from the version's effective date to the next
    version's ("never" when another took effect the same day); the basis says
    whether a person entered the date or it is only proposed from the order.
    "Official text" is where it is published, or "not recorded". A record per
    version rather than a table: eight fields do not fit 80 columns.

    Example:
        >>> print(versions_text("k", [{"version": 1, "effective_from": "2023-01-13",
        ...     "in_force_until": None, "superseded_at_once": False, "effective_basis": "order",
        ...     "imported_at": "2026-12-07T09:06:28+00:00", "source_name": "a.txt",
        ...     "source_sha256": "ab" * 32, "cards": 14, "official_url": None}]))
        Versions of k
        Version 1: in force from 2023-01-13 (the order's date: proposed, not confirmed)
          imported 2026-12-07 from a.txt (sha256 abababababab), 14 cards
          official text: not recorded
    """
    lines = [f"Versions of {key}"]
    for v in versions:
        lines += [
            version_line(v),
            f"  imported {str(v['imported_at'])[:10]} from {v['source_name']} "
            f"(sha256 {str(v['source_sha256'])[:12]}), {v['cards']} cards",
            f"  official text: {v['official_url'] or 'not recorded'}",
        ]
    return "\n".join(lines)


def version_line(version: dict[str, Any]) -> str:
    """``Version N: in force PERIOD (BASIS[: NOTE])``, as ``kasip versions`` and ``show`` say it.

    Example:
        >>> version_line({"version": 2, "effective_from": "2024-03-01", "in_force_until": None,
        ...     "superseded_at_once": False, "effective_basis": "entered",
        ...     "effective_note": "adilet"})
        'Version 2: in force from 2024-03-01 (entered: adilet)'
    """
    basis = _BASES.get(version["effective_basis"], version["effective_basis"])
    note = version.get("effective_note")
    return (
        f"Version {version['version']}: in force {_in_force(version)} "
        f"({basis}{': ' + note if note else ''})"
    )


def chosen_version_line(fields: dict[str, Any]) -> str:
    """The header of ``kasip show --as-of`` / ``--version``: the version shown and its basis.

    Example:
        >>> chosen_version_line({"standard": "k", "version": 1, "in_force_on": "2024-01-01",
        ...     "effective_from": "2023-01-13", "in_force_until": "2024-03-01",
        ...     "superseded_at_once": False, "effective_basis": "order"})
        ... # doctest: +NORMALIZE_WHITESPACE
        "k: version 1, in force on 2024-01-01. Version 1: in force 2023-01-13 to 2024-02-29
        (replaced on 2024-03-01) (the order's date: proposed, not confirmed)"
    """
    day = fields.get("in_force_on")
    asked = f", in force on {day}" if day else ""
    return f"{fields['standard']}: version {fields['version']}{asked}. {version_line(fields)}"


def _in_force(version: dict[str, Any]) -> str:
    """A version's period in force: ``FROM to LAST (replaced on UNTIL)``, ``from FROM``, or never.

    The next version is in force on its own first day, so a period's last day
    is the day before (:func:`kasip.store.effective.day_before`).

    Example:
        >>> _in_force({"effective_from": "2023-01-30", "in_force_until": "2024-03-01",
        ...            "superseded_at_once": False})
        '2023-01-30 to 2024-02-29 (replaced on 2024-03-01)'
        >>> _in_force({"effective_from": "2024-03-01", "in_force_until": None,
        ...            "superseded_at_once": False})
        'from 2024-03-01'
        >>> _in_force({"effective_from": None, "in_force_until": None, "superseded_at_once": False})
        '?'
    """
    if version["superseded_at_once"]:
        return "never"
    start, until = version["effective_from"], version["in_force_until"]
    if start is None:
        return "?"
    if until is None:
        return f"from {start}"
    return f"{start} to {day_before(until)} (replaced on {until})"


def not_found_message(code: str, level: int | None, others: Sequence[ProfessionCard]) -> str:
    """Explain that no card matched, naming the levels that exist for the code.

    Example:
        >>> not_found_message("9999-9-999", None, [])
        'no profession card with code 9999-9-999; see kasip list'
    """
    if level is None or not others:
        return f"no profession card with code {code}; see kasip list"
    levels = ", ".join(sorted({str(card.level) for card in others}))
    return f"no card {code} at level {level}; levels with this code: {levels}"


def several_message(code: str, cards: Sequence[ProfessionCard]) -> str:
    """Say which cards share a code, and how to pick one with ``--level``.

    Example:
        >>> from kasip.model import SourceSpan
        >>> span = SourceSpan(start=0, end=1, line_start=1, line_end=1)
        >>> cards = [ProfessionCard(id=f"1-1@{n}", code="1-1", code_as_written="1-1",
        ...     title="T", name="N", level=n, source=span) for n in (4, 5)]
        >>> several_message("1-1", cards)
        '2 cards have code 1-1: 1-1@4, 1-1@5; pick one with --level.'
    """
    ids = ", ".join(card.id for card in cards)
    hint = "; pick one with --level." if len({card.level for card in cards}) > 1 else "."
    return f"{len(cards)} cards have code {code}: {ids}{hint}"


_WRAPPING_COLUMNS = frozenset({"", "Title", "Name", "File", "Source", "Order"})


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    show_header: bool = True,
) -> Table:
    """Build a rich table whose cells are shown as plain text (no markup).

    ``None`` cells are shown as an empty string.
    """
    result = Table(
        title=title,
        title_justify="left",
        show_header=show_header,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for column in columns:
        # Codes, keys and numbers stay on one line; names and titles wrap.
        result.add_column(column, no_wrap=column not in _WRAPPING_COLUMNS, overflow="fold")
    for row in rows:
        result.add_row(*(Text("" if cell is None else str(cell)) for cell in row))
    return result


def card_tree(card: ProfessionCard) -> Tree:
    """Render a profession card as a tree: header, functions, tasks, items.

    Example:
        >>> from kasip.model import SourceSpan
        >>> span = SourceSpan(start=0, end=1, line_start=1, line_end=1)
        >>> card = ProfessionCard(id="2635-3-001@5", code="2635-3-001",
        ...     code_as_written="2635-3-001", title="T", name="Маман", level=5, source=span)
        >>> card_tree(card).label.plain
        '2635-3-001 — Маман (level 5)'
    """
    tree = Tree(Text(f"{card.occupation_code} — {card.name}{_level(card)}"))
    tree.add(Text(f"id: {card.id}", style="dim"))
    if card.code_as_written and card.code_as_written != card.code:
        tree.add(Text(f"code as written: {card.code_as_written}"))
    if card.title and card.title.strip('"«»') != card.name:
        tree.add(Text(f"card title: {card.title}"))
    _add_other_names(tree, card)
    _add_text(tree, "education", card.education)
    _add_requirements(tree, card)
    _add_functions(tree, card.functions)
    _add_list(tree, "personal competencies", card.personal_competencies)
    _add_related(tree, card)
    _add_text(tree, "working conditions", card.working_conditions)
    return tree


def element_tree(found: ElementRef) -> Tree:
    """Render one element: a function or task with what is under it, or its text.

    Example:
        >>> from kasip.model.elements import walk
        >>> from kasip.testing import make_document
        >>> task = next(e for e in walk(make_document()) if e.type == "task")
        >>> element_tree(task).label.plain
        'task 2635-3-001@6/f1/t1 (card 2635-3-001@6)'
    """
    where = f" (card {found.card_id})" if found.card_id and found.card_id != found.id else ""
    tree = Tree(Text(f"{found.type} {found.id}{where}"))
    element = found.element
    if isinstance(element, ProfessionCard):
        tree.add(card_tree(element))
    elif isinstance(element, LabourFunction):
        _add_functions(tree, [element])
    elif isinstance(element, Unit):
        _add_unit(tree, element, found.position)
    else:
        tree.add(Text(found.text))
    return tree


def _level(card: ProfessionCard) -> str:
    if card.level is None:
        return f" (level as written: {card.level_as_written})" if card.level_as_written else ""
    sublevels = f": {', '.join(card.sublevels)}" if card.sublevels else ""
    return f" (level {card.level}{sublevels})"


def _add_text(tree: Tree, label: str, value: str) -> None:
    if value:
        tree.add(Text(label, style="bold")).add(Text(value))


def _add_list(tree: Tree, label: str, values: Sequence[str]) -> None:
    if values:
        branch = tree.add(Text(label, style="bold"))
        for value in values:
            branch.add(Text(value))


def _add_other_names(tree: Tree, card: ProfessionCard) -> None:
    names = [f"{o.code_as_written or o.code or ''} {o.name}".strip() for o in card.other_names]
    _add_list(tree, "other names", names)


def _add_requirements(tree: Tree, card: ProfessionCard) -> None:
    """The qualification directory's requirements: per category, or as written."""
    requirements = card.directory_requirements
    if requirements is None:
        return
    lines = [requirement_line(c) for c in requirements.categories] or [requirements.raw]
    _add_list(tree, "qualification requirements (directory)", [line for line in lines if line])


def requirement_line(category: QualificationCategory) -> str:
    """One category's requirements: education, then the least experience and in what.

    Example:
        >>> from kasip.model import SourceSpan
        >>> span = SourceSpan(start=0, end=1, line_start=1, line_end=1)
        >>> requirement_line(QualificationCategory(category="жоғары санат",
        ...     education="жоғары білім", min_experience_years=3.0,
        ...     experience_in="бірінші санатта", raw="...", span=span))
        'жоғары санат: жоғары білім; experience: at least 3 years (бірінші санатта)'
    """
    line = f"{category.category}: {category.education}".rstrip(": ")
    if category.min_experience_years is not None:
        years = category.min_experience_years
        line += f"; experience: at least {years:g} year{'' if years == 1 else 's'}"
        if category.experience_in:
            line += f" ({category.experience_in})"
    return line


def _add_related(tree: Tree, card: ProfessionCard) -> None:
    lines = []
    for related in card.related:
        level = related.level if related.level is not None else related.level_as_written
        lines.append(f"level {level}: {'; '.join(related.names)}")
    _add_list(tree, "related occupations", lines)


def _add_functions(tree: Tree, functions: Sequence[LabourFunction]) -> None:
    if not functions:
        return
    branch = tree.add(Text("labour functions", style="bold"))
    for position, function in enumerate(functions, start=1):
        number = function.number if function.number is not None else position
        node = branch.add(
            Text(f"{number}. [{function.kind}] {display_text(function)}", style="cyan")
        )
        for task_position, task in enumerate(function.tasks, start=1):
            _add_unit(node, task, task_position)


def _add_unit(tree: Tree, unit: Unit, position: int) -> None:
    number = unit.number if unit.number is not None else position
    node = tree.add(Text(f"{unit.kind} {number}: {display_text(unit)}", style="green"))
    if unit.shares_items_with:
        node.add(Text(f"skills and knowledge as in {unit.shares_items_with}", style="dim"))
    _add_items(node, "skills", unit.skills)
    _add_items(node, "knowledge", unit.knowledge)


def _add_items(tree: Tree, label: str, items: Sequence[Item]) -> None:
    if not items:
        return
    branch = tree.add(Text(label, style="bold"))
    parent, header = branch, None
    for position, item in enumerate(items, start=1):
        if item.header and item.header != header:
            parent, header = branch.add(Text(item.header, style="italic")), item.header
        elif not item.header:
            parent, header = branch, None
        parent.add(Text(f"{position}. {display_text(item)}"))
