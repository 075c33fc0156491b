"""Documents as flat tables: one per entity and one per relation, for XLSX and CSV exports.

The entities are the standards, cards, labour functions, tasks, skills and
knowledge; every row carries its standard's key and its element ID (unique
within the standard), its parents' IDs and the line of the source text it was
read from, so a reader can trace each row to the published text. Two relation
tables join them, as ESCO's bulk files do: ``broader_relations`` (each element
and the element or standard it is part of) and ``occupation_relations`` (a
card and the card of the same standard that its row "related occupations"
names, by name and level).

The ``standards`` table says which version of each standard the file holds
(so a workbook written ``--as-of`` a day names its version): the stored
version number, the day it took effect and how that day is known
(``entered``: confirmed; ``order``: proposed from the order, not confirmed;
``unknown``), and the official text's URL when recorded. The documents do
not carry these (the registry does): the caller hands them on as
:class:`VersionFacts`; without them the cells are empty.

Example:
    >>> from kasip.testing import make_document
    >>> tables = export_tables([make_document()])
    >>> list(tables)[:3]
    ['standards', 'cards', 'labour_functions']
    >>> tables["skills"].columns[:3]
    ('standard', 'id', 'task_id')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from kasip.model import Document, Item, ProfessionCard
from kasip.model.elements import display_text
from kasip.store.keys import standard_key

__all__ = [
    "ENTITY_TABLES",
    "RELATION_TABLES",
    "Table",
    "VersionFacts",
    "export_tables",
    "related_cards",
]

Cell = str | int | None

ENTITY_TABLES = ("standards", "cards", "labour_functions", "tasks", "skills", "knowledge")
RELATION_TABLES = ("broader_relations", "occupation_relations")

_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "standards": ("standard", "title", "language", "order_number", "order_date", "order_annex",
                  "source_name", "source_sha256", "cards", "version", "effective_from",
                  "effective_basis", "official_url"),
    "cards": ("standard", "id", "code", "code_as_written", "name", "level", "sublevels",
              "education", "line"),
    "labour_functions": ("standard", "id", "card_id", "number", "kind", "title", "line"),
    "tasks": ("standard", "id", "function_id", "card_id", "number", "title", "line"),
    "skills": ("standard", "id", "task_id", "function_id", "card_id", "number", "text", "line"),
    "knowledge": ("standard", "id", "task_id", "function_id", "card_id", "number", "text", "line"),
    "broader_relations": ("standard", "id", "type", "broader_id", "broader_type"),
    "occupation_relations": ("standard", "card_id", "related_card_id", "level", "via"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """What the registry knows of the exported version of the standard ``key``.

    Attributes:
        key: The standard's key.
        version: The stored version number (from 1).
        effective_from: The day it took effect (``YYYY-MM-DD``), if known.
        effective_basis: How that day is known: ``entered`` (confirmed),
            ``order`` (proposed from the order's date) or ``unknown``.
        official_url: Where its official text is published, when recorded.
    """

    key: str
    version: int
    effective_from: str | None = None
    effective_basis: str = "unknown"
    official_url: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table's column names and its rows (one cell per column)."""

    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


def export_tables(
    docs: Sequence[Document], versions: Sequence[VersionFacts] = ()
) -> dict[str, Table]:
    """Every entity and relation table of ``docs``, in :data:`ENTITY_TABLES` then
    :data:`RELATION_TABLES` order; the rows in the documents' order.

    Args:
        docs: The documents (one standard each).
        versions: What the registry knows of each document's version, by key
            (the ``standards`` table's version columns; empty when not given).

    Returns:
        The tables by name.
    """
    tables = {name: Table(_COLUMNS[name]) for name in (*ENTITY_TABLES, *RELATION_TABLES)}
    facts = {fact.key: fact for fact in versions}
    for doc in docs:
        key = standard_key(doc)
        tables["standards"].rows.append(_standard_row(key, doc, facts.get(key)))
        for card in doc.cards:
            _add_card(tables, key, card)
        for card_id, related_id, level, via in related_cards(doc):
            tables["occupation_relations"].rows.append((key, card_id, related_id, level, via))
    return tables


def _standard_row(key: str, doc: Document, fact: VersionFacts | None) -> tuple[Cell, ...]:
    std = doc.standard
    order = std.order
    version: tuple[Cell, ...] = (
        (fact.version, fact.effective_from, fact.effective_basis, fact.official_url)
        if fact is not None
        else (None, None, None, None)
    )
    return (key, std.title, std.language, order.number, order.date, order.annex,
            doc.source.name, doc.source.sha256, len(doc.cards), *version)  # fmt: skip


def _add_card(tables: dict[str, Table], key: str, card: ProfessionCard) -> None:
    tables["cards"].rows.append((key, card.id, card.code, card.code_as_written, card.name,
                                 card.level, ", ".join(card.sublevels), card.education,
                                 card.source.line_start))  # fmt: skip
    broader = tables["broader_relations"].rows
    broader.append((key, card.id, "card", key, "standard"))
    for function in card.functions:
        tables["labour_functions"].rows.append((key, function.id, card.id, function.number,
                                                function.kind, display_text(function),
                                                function.span.line_start))  # fmt: skip
        broader.append((key, function.id, "function", card.id, "card"))
        for task in function.tasks:
            tables["tasks"].rows.append((key, task.id, function.id, card.id, task.number,
                                         display_text(task), task.span.line_start))  # fmt: skip
            broader.append((key, task.id, "task", function.id, "function"))
            for kind, items in (("skill", task.skills), ("knowledge", task.knowledge)):
                table = tables["skills" if kind == "skill" else "knowledge"].rows
                for item in items:
                    table.append(_item_row(key, item, task.id, function.id, card.id))
                    broader.append((key, item.id, kind, task.id, "task"))


def _item_row(
    key: str, item: Item, task_id: str, function_id: str, card_id: str
) -> tuple[Cell, ...]:
    return (key, item.id, task_id, function_id, card_id, item.number, display_text(item),
            item.span.line_start)  # fmt: skip


def related_cards(doc: Document) -> Iterator[tuple[str, str, int | None, str]]:
    """Each card's related occupations that name a card of the same standard.

    A row "related occupations" of the official form gives a level and one or
    more names; the card meant is the one of that level whose name is one of
    them (compared without case and extra spaces). A name no card of the
    standard has (an occupation of another standard) is left out.

    Yields:
        ``(card ID, related card ID, level, ID of the related-occupation element)``.
    """
    by_name = {(_name_key(card.name), card.level): card.id for card in doc.cards}
    for card in doc.cards:
        for related in card.related:
            for name in related.names:
                found = by_name.get((_name_key(name), related.level))
                if found is not None and found != card.id:
                    yield card.id, found, related.level, related.id
                    break


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())
