"""Rich renderables and plain-text lines for the command line.

Pure functions from model objects to :mod:`rich` objects or strings: nothing
here prints, reads files or touches the database (``kasip.cli`` does that).
Data text is wrapped in :class:`rich.text.Text`, never interpolated into
markup, so brackets in a legal text are shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kasip.model import Diagnostic, Document, Item, LabourFunction, ProfessionCard, Unit


def count_elements(doc: Document) -> dict[str, int]:
    """Count the cards, functions, tasks, items and diagnostics of a document.

    Args:
        doc: a parsed document.

    Returns:
        A dict with the keys ``cards``, ``functions``, ``tasks``, ``items``,
        ``errors`` and ``warnings``.

    Example:
        >>> from kasip.model import Document, Standard
        >>> count_elements(Document(standard=Standard(title="T", language="kk")))["cards"]
        0
    """
    functions = [f for card in doc.cards for f in card.functions]
    tasks = [t for f in functions for t in f.tasks]
    return {
        "cards": len(doc.cards),
        "functions": len(functions),
        "tasks": len(tasks),
        "items": sum(len(t.skills) + len(t.knowledge) for t in tasks),
        "errors": sum(d.severity == "error" for d in doc.diagnostics),
        "warnings": sum(d.severity == "warning" for d in doc.diagnostics),
    }


def summary_line(name: str, doc: Document) -> str:
    """Return the one-line summary of ``kasip check`` for a document.

    Example:
        >>> from kasip.model import Document, Standard
        >>> summary_line("a.txt", Document(standard=Standard(title="T", language="kk")))
        'a.txt: 0 cards, 0 functions, 0 tasks, 0 items, 0 errors, 0 warnings'
    """
    counts = count_elements(doc)
    return f"{name}: " + ", ".join(f"{value} {key}" for key, value in counts.items())


def diagnostic_line(name: str, diagnostic: Diagnostic) -> str:
    """Format a diagnostic as ``FILE:LINE:COL: severity: code: message (...)``.

    The parenthesis lists ``expected`` and ``found`` when the parser set them.

    Example:
        >>> d = Diagnostic(severity="error", code="E1", message="no code", line=3, column=1,
        ...                expected="NNNN-N-NNN", found="x")
        >>> diagnostic_line("a.txt", d)
        'a.txt:3:1: error: E1: no code (expected NNNN-N-NNN, found x)'
    """
    details = [f"{key} {value}" for key, value in _details(diagnostic) if value]
    suffix = f" ({', '.join(details)})" if details else ""
    return (
        f"{name}:{diagnostic.line}:{diagnostic.column}: {diagnostic.severity}: "
        f"{diagnostic.code}: {diagnostic.message}{suffix}"
    )


def _details(diagnostic: Diagnostic) -> list[tuple[str, str]]:
    return [("expected", diagnostic.expected), ("found", diagnostic.found)]


def fails(doc: Document, *, strict: bool = False) -> bool:
    """Tell whether ``kasip check`` fails on a document (errors; warnings too if strict)."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(d.severity in failing for d in doc.diagnostics)


def check_json(name: str, doc: Document) -> dict[str, Any]:
    """Build the ``kasip check --json`` entry of one file: summary and diagnostics."""
    return {
        "file": name,
        "summary": count_elements(doc),
        "diagnostics": [d.model_dump(mode="json") for d in doc.diagnostics],
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
        ("source", f"{doc.source.name} ({doc.source.lines} lines, sha256 {doc.source.sha256})"),
    ]
    return table(None, ["", ""], rows)


def _order(number: object, date: object) -> str:
    parts = [f"No {number}" if number else "", f"of {date}" if date else ""]
    return " ".join(part for part in parts if part)


def listing(standards: Sequence[dict[str, Any]]) -> list[Table]:
    """Render ``kasip list``: a table of standards, then one table of cards per standard."""
    columns = ["Key", "Title", "Language", "Order", "Versions", "Cards"]
    rows = [
        (
            s["key"],
            s["title"],
            s["language"],
            _order(s["order_number"], s["order_date"]),
            s["versions"],
            len(s["cards"]),
        )
        for s in standards
    ]
    tables = [table("Standards", columns, rows)]
    for s in standards:
        cards = [(c["code"], c["level"], c["name"], c["id"]) for c in s["cards"]]
        tables.append(table(f"Cards of {s['key']}", ["Code", "Level", "Name", "ID"], cards))
    return tables


def versions_table(key: str, versions: Sequence[dict[str, Any]]) -> Table:
    """Render ``kasip versions``: one row per imported version of a standard."""
    rows = [
        (v["version"], v["imported_at"], v["source_name"], str(v["source_sha256"])[:12], v["cards"])
        for v in versions
    ]
    return table(f"Versions of {key}", ["Version", "Imported", "Source", "SHA-256", "Cards"], rows)


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
    """Say that several cards share a code, and how to pick one with ``--level``."""
    levels = ", ".join(str(card.level) for card in cards)
    return f"{len(cards)} cards have code {code} (levels {levels}); pick one with --level."


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """Build a rich table whose cells are shown as plain text (no markup).

    ``None`` cells are shown as an empty string.
    """
    result = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        result.add_column(column, overflow="fold")
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
    tree = Tree(Text(f"{card.code or card.code_as_written} — {card.name}{_level(card)}"))
    tree.add(Text(f"id: {card.id}", style="dim"))
    if card.code_as_written and card.code_as_written != card.code:
        tree.add(Text(f"code as written: {card.code_as_written}"))
    if card.title and card.title.strip('"«»') != card.name:
        tree.add(Text(f"card title: {card.title}"))
    _add_other_names(tree, card)
    _add_text(tree, "education", card.education)
    _add_functions(tree, card.functions)
    _add_list(tree, "personal competencies", card.personal_competencies)
    _add_related(tree, card)
    _add_text(tree, "working conditions", card.working_conditions)
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
        node = branch.add(Text(f"{number}. [{function.kind}] {function.title}", style="cyan"))
        for task_position, task in enumerate(function.tasks, start=1):
            _add_unit(node, task, task_position)


def _add_unit(tree: Tree, unit: Unit, position: int) -> None:
    number = unit.number if unit.number is not None else position
    node = tree.add(Text(f"{unit.kind} {number}: {unit.title}", style="green"))
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
        parent.add(Text(f"{position}. {item.text}"))
