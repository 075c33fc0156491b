"""CASE packages read back into documents (issue 15, item 5).

A package kasip wrote comes back as the same cards, labour functions, tasks,
skills and knowledge: every CFItem is placed by its ``humanCodingScheme`` (the
kasip ID, whose path names its card, function and task), its text is its
``fullStatement``, its number its ``listEnumeration``, its source lines its
``notes``. A foreign package is read as far as it can be: what kasip cannot use
(an item without a kasip ID, a card without a level, an item whose parent is
missing) becomes a warning of the document naming the CFItem's identifier; a
package with no usable card is refused.

Example:
    >>> from kasip.export.case import write_case
    >>> from kasip.export.formats import ExportOptions
    >>> from kasip.testing import make_document
    >>> import json
    >>> doc = make_document()
    >>> [back] = read_case(json.loads(write_case([doc], ExportOptions())), source_name="a.json")
    >>> [c.id for c in back.cards] == [c.id for c in doc.cards]
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from kasip.errors import ImportRejected, InvalidInput
from kasip.export.case_vocabulary import (
    TYPE_OF_ITEM_TYPE,
    content_digest,
    parse_document_version,
)
from kasip.model import (
    Amendment,
    Diagnostic,
    Document,
    Item,
    LabourFunction,
    ProfessionCard,
    SourceInfo,
    SourceSpan,
    Standard,
    Unit,
)
from kasip.model.ids import NO_CODE, parse_card_id, parse_element_id
from kasip.model.vocabulary import ElementType, Language

__all__ = ["CaseImportCode", "is_case_package", "package_digest", "read_case"]

# The warnings a CASE import gives (Diagnostic.code), each naming the CFItem.
CaseImportCode = Literal[
    "case-no-coding-scheme", "case-not-kasip-id", "case-not-imported", "case-no-parent",
    "case-no-statement", "case-level-missing", "case-language", "case-source-edited",
    "case-status-start-date", "case-official-source",
]  # fmt: skip
Json = Mapping[str, Any]
MAX_REPORTED = 3
_LINES_RE = re.compile(r"^lines (\d+)-(\d+)$")
_DEPTH: Mapping[ElementType, int] = {
    "card": 0,
    "function": 1,
    "task": 2,
    "skill": 3,
    "knowledge": 3,
}


def is_case_package(data: object) -> bool:
    """True for a CASE package (an object with ``CFDocument``) or a list of them.

    Example:
        >>> is_case_package({"CFDocument": {}}), is_case_package([{"format": "x"}])
        (True, False)
    """
    if isinstance(data, list):
        return bool(data) and all(isinstance(p, dict) and "CFDocument" in p for p in data)
    return isinstance(data, dict) and "CFDocument" in data


@dataclass
class _Node:
    """A placed CFItem and its children by ID."""

    id: str
    kind: ElementType
    item: Json
    children: dict[str, _Node] = field(default_factory=dict)


@dataclass
class _Reading:
    """One package being read: its placed cards and what it lacks."""

    path: str
    cards: dict[str, _Node] = field(default_factory=dict)
    nodes: dict[str, _Node] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def warn(self, code: CaseImportCode, where: str, message: str) -> None:
        text = f"{self.path}: {where}: {message}"
        self.warnings.append(
            Diagnostic(severity="warning", code=code, message=text, line=0, column=0)
        )


def read_case(data: object, *, source_name: str) -> list[Document]:
    """Read CASE packages (one object or a list) into documents.

    Args:
        data: The parsed JSON (see :func:`is_case_package`).
        source_name: The file name, used in messages.

    Returns:
        One document per package; what a package lacks is in its warnings.

    Raises:
        ImportRejected: A package has no CFDocument title, or no card kasip can
            use; the message names the file, the package and the first problems.
    """
    packages = data if isinstance(data, list) else [data]
    return [
        _read_package(pkg, f"$[{i}]" if isinstance(data, list) else "$", source_name)
        for i, pkg in enumerate(packages)
    ]


def _read_package(pkg: Json, path: str, source_name: str) -> Document:
    reading = _Reading(path)
    doc = _reconstruct(pkg, reading, source_name)
    if not doc.cards:
        problems = [w.message for w in reading.warnings] or [f"{path}.CFItems: no profession card"]
        raise _rejected(source_name, [f"nothing kasip can import: {problems[0]}", *problems[1:]])
    _report_recorded(reading, pkg["CFDocument"])
    source = _source(reading, pkg, doc)
    return doc.model_copy(update={"diagnostics": tuple(reading.warnings), "source": source})


def package_digest(pkg: Json) -> str:
    """The :func:`~kasip.export.case_vocabulary.content_digest` of what :func:`read_case`
    reads back of a package: the writer stores it, the reader recomputes it the same
    way, so an edit to anything read back (an item, a card's title, the document's
    title) is told from what kasip wrote, by construction.

    Raises:
        ImportRejected: The package has no CFDocument title or no CFItems array.
    """
    return content_digest(_reconstruct(pkg, _Reading("$"), ""))


def _reconstruct(pkg: Json, reading: _Reading, source_name: str) -> Document:
    """The document a package holds, as far as kasip can place its items (maybe no card)."""
    path = reading.path
    header = pkg.get("CFDocument")
    if not isinstance(header, dict) or not isinstance(header.get("title"), str):
        raise _rejected(source_name, [f"{path}.CFDocument.title: missing"])
    items = pkg.get("CFItems") or []
    if not isinstance(items, list):
        raise _rejected(source_name, [f"{path}.CFItems: expected an array"])
    placed = [p for p in (_place(reading, item) for item in items) if p is not None]
    for node in sorted(placed, key=lambda n: _DEPTH[n.kind]):
        _attach(reading, node)
    # Cards in the package's order: their IDs are not positions (2635-3-001@4 before @6).
    cards = tuple(_card(node) for node in reading.cards.values())
    order, amended, _ = parse_document_version(
        str(header.get("version", "")), raw=str(header.get("notes", ""))
    )
    standard = Standard(
        title=header["title"],
        language=_language(reading, header),
        order=order,
        amendments=_amendments(amended),
    )
    return Document(standard=standard, cards=cards, source=SourceInfo(name=source_name))


def _amendments(amended: tuple[str, str] | None) -> tuple[Amendment, ...]:
    """The latest amending order the CFDocument ``version`` names: a text kasip does not
    hold is then dated by it (:func:`kasip.store.effective.proposed_date`), not by the
    approving order."""
    if amended is None:
        return ()
    number, day = amended
    span = SourceSpan(start=0, end=0, line_start=1, line_end=1)
    raw = f"amended by {number} of {day}"
    return (Amendment(id="amendments/1", order_number=number, order_date=day, raw=raw, span=span),)


def _source(reading: _Reading, pkg: Json, doc: Document) -> SourceInfo:
    """The source text's identity kasip wrote (``extensions.kasipSource``), when the package
    still holds what kasip wrote: a package of a held text then imports as "unchanged"."""
    extensions = pkg.get("extensions")
    written = extensions.get("kasipSource") if isinstance(extensions, dict) else None
    if not isinstance(written, dict) or not written.get("sha256"):
        return doc.source
    name, sha256 = str(written.get("name") or doc.source.name), str(written["sha256"])
    if written.get("content") != content_digest(doc):
        reading.warn(
            "case-source-edited",
            "extensions.kasipSource",
            f"the items differ from what kasip wrote for {name[:80]!r}: read as a new text",
        )
        return doc.source
    return SourceInfo(name=name, sha256=sha256)


def _report_recorded(reading: _Reading, header: Json) -> None:
    """What the package records of the version that an import of documents cannot carry:
    a confirmed effective date and an official source, reported to be entered again."""
    started = header.get("statusStartDate")
    if isinstance(started, str) and started:
        reading.warn(
            "case-status-start-date",
            "CFDocument.statusStartDate",
            f"{started[:40]}: a confirmed effective date, not imported (enter it again)",
        )
    official = header.get("officialSourceURL")
    if isinstance(official, str) and official:
        reading.warn(
            "case-official-source",
            "CFDocument.officialSourceURL",
            f"{official[:200]}: the official source, not imported (record it again)",
        )


def _language(reading: _Reading, header: Json) -> Language:
    value = str(header.get("language", "")).lower()[:2]
    if value in ("kk", "ru"):
        return value  # type: ignore[return-value]
    reading.warn("case-language", "CFDocument.language", f"{value or 'none'}: neither kk nor ru")
    return "unknown"


def _place(reading: _Reading, item: object) -> _Node | None:
    """The node of a CFItem, or ``None`` (with a warning) when kasip cannot place it."""
    if not isinstance(item, dict):
        reading.warn("case-not-imported", "CFItems", "an entry that is not an object")
        return None
    where = f"CFItem {item.get('identifier', '?')}"
    code = item.get("humanCodingScheme")
    if not isinstance(code, str) or not code:
        reading.warn(
            "case-no-coding-scheme", where, "no humanCodingScheme (a kasip ID) to place it by"
        )
        return None
    kind = _kind_of(code)
    if kind is None:
        reading.warn(
            "case-not-kasip-id",
            where,
            f"humanCodingScheme {code!r} is not the kasip ID of a card, function, task,"
            " skill or knowledge",
        )
        return None
    if not isinstance(item.get("fullStatement"), str) or not item["fullStatement"].strip():
        reading.warn("case-no-statement", where, "no fullStatement")
        return None
    if kind == "card" and _card_level(code) is None:
        reading.warn("case-level-missing", where, f"card {code!r} has no qualification level")
    return _Node(code, kind, item)


def _kind_of(code: str) -> ElementType | None:
    try:
        parsed = parse_element_id(code)
    except InvalidInput:
        return None
    if parsed.card is None or parse_card_id(parsed.card) is None:
        return None
    prefixes = "".join(part.rstrip("0123456789") + "/" for part in parsed.parts)
    kinds: Mapping[str, ElementType] = {
        "": "card", "f/": "function", "f/t/": "task", "f/t/s/": "skill", "f/t/k/": "knowledge",
    }  # fmt: skip
    return kinds.get(prefixes)


def _card_level(code: str) -> int | None:
    parsed = parse_card_id(code)
    return None if parsed is None else parsed.level


def _attach(reading: _Reading, node: _Node) -> None:
    if node.id in reading.nodes:
        where = f"CFItem {node.item.get('identifier', '?')}"
        reading.warn("case-not-imported", where, f"a second item with the ID {node.id!r}")
        return
    if node.kind == "card":
        reading.cards[node.id] = reading.nodes[node.id] = node
        return
    parent_id = node.id.rsplit("/", 1)[0]
    parent = reading.nodes.get(parent_id)
    if parent is None:
        where = f"CFItem {node.item.get('identifier', '?')}"
        reading.warn(
            "case-no-parent", where, f"{node.id!r}: its parent {parent_id!r} is not in the package"
        )
        return
    parent.children[node.id] = reading.nodes[node.id] = node


def _ordered(nodes: Mapping[str, _Node], kind: ElementType | None = None) -> list[_Node]:
    """Nodes in their document order: by the number of the ID's last part (f2 before f10)."""
    chosen = [n for n in nodes.values() if kind is None or n.kind == kind]
    return sorted(chosen, key=lambda n: _position(n.id))


def _position(element_id: str) -> tuple[int, str]:
    last = element_id.rsplit("/", 1)[-1]
    digits = last.lstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(digits) if digits.isdigit() else 0, element_id)


def _span(item: Json) -> SourceSpan:
    """The source lines the export noted (``lines A-B``), else line 1."""
    found = _LINES_RE.match(str(item.get("notes", "")))
    first, last = (int(found[1]), int(found[2])) if found else (1, 1)
    return SourceSpan(start=0, end=0, line_start=max(first, 1), line_end=max(last, first, 1))


def _number(item: Json) -> int | None:
    value = str(item.get("listEnumeration", ""))
    return int(value) if value.isdigit() else None


def _card(node: _Node) -> ProfessionCard:
    parsed = parse_card_id(node.id)
    assert parsed is not None  # _kind_of placed it as a card
    extra = (
        node.item.get("extensions", {}).get("kasipCard", {})
        if isinstance(node.item.get("extensions"), dict)
        else {}
    )
    code = None if parsed.code == NO_CODE else parsed.code
    name = node.item["fullStatement"]
    return ProfessionCard(
        id=node.id,
        code=code,
        code_as_written=str(extra.get("code_as_written", code or "")),
        title=str(extra.get("title", name)),
        name=name,
        level=parsed.level,
        level_as_written=str(extra.get("level_as_written", parsed.level or "")),
        sublevels=tuple(str(s) for s in extra.get("sublevels", ())),
        education=str(extra.get("education", "")),
        functions=tuple(_function(f) for f in _ordered(node.children, "function")),
        source=_span(node.item),
    )


def _function(node: _Node) -> LabourFunction:
    kind = TYPE_OF_ITEM_TYPE.get(str(node.item.get("CFItemType", "")))
    additional = kind == "function" and node.item.get("CFItemType") == "Additional labour function"
    return LabourFunction(
        id=node.id,
        number=_number(node.item),
        kind="additional" if additional else "mandatory",
        title=node.item["fullStatement"],
        tasks=tuple(_task(t) for t in _ordered(node.children, "task")),
        span=_span(node.item),
    )


def _task(node: _Node) -> Unit:
    return Unit(
        id=node.id,
        number=_number(node.item),
        title=node.item["fullStatement"],
        skills=tuple(_item(n) for n in _ordered(node.children, "skill")),
        knowledge=tuple(_item(n) for n in _ordered(node.children, "knowledge")),
        span=_span(node.item),
    )


def _item(node: _Node) -> Item:
    number = node.item.get("listEnumeration")
    return Item(
        id=node.id,
        number=number if isinstance(number, str) and number else None,
        text=node.item["fullStatement"],
        span=_span(node.item),
    )


def _rejected(source_name: str, problems: list[str]) -> ImportRejected:
    shown = problems[:MAX_REPORTED]
    more = len(problems) - len(shown)
    suffix = f" (and {more} more)" if more > 0 else ""
    return ImportRejected(
        f"{source_name}: {'; '.join(shown)}{suffix}", source_name=source_name, problems=shown
    )
