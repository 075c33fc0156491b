"""CASE 1.1 export: one CFPackage per standard (issue 15, item 1).

A package holds the standard's CFDocument, a CFItem per card, labour function,
task, skill and knowledge item (``humanCodingScheme`` = the kasip ID), the
``isChildOf`` tree with ``sequenceNumber``, ``precedes`` between the levels of
one occupation, ``isTranslationOf`` between the editions of one order (also to
an edition the file does not hold, given as ``ExportOptions.editions``), and the
item types as CFDefinitions. One standard gives one package (a JSON object),
several a JSON array of packages.

**Identifiers** are UUIDs (version 5) in kasip's namespace. A card's is made
from the standard's key and the card ID (its occupation code and level); a
function's, task's, skill's or knowledge item's from the key, its card's ID, its
type and its text (whitespace collapsed, NFC), with an occurrence number only
for a second equal statement of one card. Element IDs are positions
(``.../t1/s3``), so a UUID made from them would move to another statement when a
skill is inserted; made from the text, an unchanged statement keeps its UUID
across exports and versions, a changed one gets a new UUID, and no UUID names
two statements. ``humanCodingScheme`` stays the kasip ID. An association's UUID
is made from its origin's UUID, its type and its destination's UUID (not from
permalinks: it does not depend on the public URL). See
``docs/exchange-format.md``, CASE 1.1.

Example:
    >>> import json
    >>> from kasip.export.formats import ExportOptions
    >>> from kasip.testing import make_document
    >>> package = json.loads(write_case([make_document()], ExportOptions()))
    >>> package["CFDocument"]["caseVersion"], package["CFItems"][0]["humanCodingScheme"]
    ('1.1', '2635-3-001@6')
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from kasip.export.case_links import precedes, translations
from kasip.export.case_read import package_digest
from kasip.export.case_vocabulary import (
    ITEM_TYPES,
    NAMESPACE,
    document_version,
    item_type_of,
    item_type_uuid,
    last_change,
)
from kasip.export.formats import ExportOptions
from kasip.model import Document
from kasip.model.elements import ElementRef, walk
from kasip.store.keys import standard_key
from kasip.store.outline import statement_digest

__all__ = [
    "EXPORTED_TYPES",
    "association_uuid",
    "card_of",
    "card_uuid",
    "case_document",
    "document_uri",
    "document_uuid",
    "element_uri",
    "element_uuids",
    "statement_uuid",
    "write_case",
]

Json = dict[str, Any]
EXPORTED_TYPES = frozenset({"card", "function", "task", "skill", "knowledge"})
# Path characters kept in permalinks, as kasip.pages.links writes them.
_PATH_SAFE = "@~/"


def card_uuid(key: str, card_id: str) -> str:
    """The UUID of the card ``card_id`` of the standard ``key``: a card's ID is its
    occupation code and level, not a position, so it names the card across versions.

    Example:
        >>> card_uuid("292-2019-05-30-kk", "2635-3-001@6") == card_uuid(
        ...     "292-2019-05-30-kk", "2635-3-001@6")
        True
    """
    return str(uuid.uuid5(NAMESPACE, f"{key}/{card_id}"))


def statement_uuid(key: str, card_id: str, element_type: str, digest: str, occurrence: int) -> str:
    """The UUID of a function, task, skill or knowledge item: made from its card, its
    type and its text's digest (:func:`~kasip.store.outline.statement_digest`), never
    from its positional ID (``.../t1/s3`` moves when a skill is inserted before it).
    ``occurrence`` counts the same text of the same type earlier in the card (1 for the
    first), so that two equal statements of one card get two UUIDs.
    """
    again = f"/{occurrence}" if occurrence > 1 else ""
    return str(uuid.uuid5(NAMESPACE, f"{key}/{card_id}/{element_type}/{digest}{again}"))


class _Node(Protocol):
    """What :func:`element_uuids` reads of an element: an ``ElementRef`` or an outline row."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def card_id(self) -> str | None: ...


def card_of(node: _Node) -> str:
    """The ID of the card ``node`` belongs to (its ID's first part when not known)."""
    return node.card_id or node.id.split("/", 1)[0]


def element_uuids(key: str, nodes: Iterable[tuple[_Node, str]]) -> dict[str, str]:
    """The UUID of each element of the standard ``key``, by element ID.

    Args:
        key: The standard's key.
        nodes: Each element with its text's digest, in document order (the order
            decides which of two equal statements of a card is the first).

    Example:
        >>> from kasip.store.outline import OutlineRow as Row, statement_digest as digest
        >>> card = Row("k", 1, "2635-3-001@6", None, "card")
        >>> one = Row("k", 1, "2635-3-001@6/f1/t1/s1", "2635-3-001@6/f1/t1", "skill")
        >>> moved = Row("k", 2, "2635-3-001@6/f1/t1/s2", "2635-3-001@6/f1/t1", "skill")
        >>> old = element_uuids("k", [(card, ""), (one, digest("Есеп жүргізу"))])
        >>> new = element_uuids("k", [(card, ""), (moved, digest("Есеп  жүргізу"))])
        >>> old[one.id] == new[moved.id], old[card.id] == card_uuid("k", card.id)
        (True, True)
    """
    found: dict[str, str] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    for node, digest in nodes:
        card_id = card_of(node)
        if node.type == "card":
            found[node.id] = card_uuid(key, node.id)
            continue
        seen[card_id, node.type, digest] += 1
        occurrence = seen[card_id, node.type, digest]
        found[node.id] = statement_uuid(key, card_id, node.type, digest, occurrence)
    return found


def document_uuid(key: str) -> str:
    """The UUID of the CFDocument of the standard ``key``."""
    return str(uuid.uuid5(NAMESPACE, key))


def association_uuid(origin: str, kind: str, destination: str) -> str:
    """The UUID of the association ``kind`` from the node with the UUID ``origin`` to the
    node with the UUID ``destination``: independent of the public URL.

    Example:
        >>> association_uuid("a", "isChildOf", "b") != association_uuid("b", "isChildOf", "a")
        True
    """
    return str(uuid.uuid5(NAMESPACE, f"{origin}|{kind}|{destination}"))


def element_uri(base: str, key: str, element_type: str, element_id: str) -> str:
    """kasip's permalink of an element (a card's page, or an element's) under ``base``.

    Example:
        >>> element_uri("https://x.kz", "k", "skill", "2635-3-001@6/f1/t1/s1")
        'https://x.kz/elements/2635-3-001@6/f1/t1/s1?standard=k'
    """
    path = "cards" if element_type == "card" else "elements"
    return f"{base}/{path}/{quote(element_id, safe=_PATH_SAFE)}?standard={key}"


def document_uri(base: str, key: str) -> str:
    """kasip's permalink of the standard ``key`` (its page) under ``base``."""
    return f"{base}/standards/{key}"


class _Package:
    """What one standard's package needs while it is written."""

    def __init__(self, doc: Document, options: ExportOptions) -> None:
        self.doc = doc
        self.options = options
        self.key = standard_key(doc)
        self.base = options.public_url.rstrip("/")
        # Each item's lastChangeDateTime is the document's: telling which item a new
        # version changed would need the previous version (not at hand here).
        self.changed = last_change(doc.standard, options.effective_date(self.key))
        self.elements = [e for e in walk(doc) if e.type in EXPORTED_TYPES]
        self.uuids = element_uuids(
            self.key,
            ((e, "" if e.type == "card" else statement_digest(e.text)) for e in self.elements),
        )

    def uri(self, ref: ElementRef) -> str:
        return element_uri(self.base, self.key, ref.type, ref.id)

    def link(self, ref: ElementRef) -> Json:
        title = ref.text[:200]
        return {"identifier": self.uuids[ref.id], "title": title, "uri": self.uri(ref)}

    def document_link(self) -> Json:
        uri = document_uri(self.base, self.key)
        return {"identifier": document_uuid(self.key), "title": self.doc.standard.title, "uri": uri}


def write_case(docs: Sequence[Document], options: ExportOptions) -> str:
    """Write documents as CASE packages: one object for one standard, else an array.

    Args:
        docs: The standards.
        options: ``public_url`` (the base of every ``uri``),
            ``case_version`` (``1.0`` leaves out what OpenSALT's importer refuses:
            ``caseVersion``, every ``extensions`` and ``isTranslationOf``) and
            ``editions`` (the Kazakh edition of an exported Russian text that the
            file does not hold: its items are the ``isTranslationOf`` destinations,
            the same associations as when both are exported together).

    Returns:
        The JSON text, ending with a newline (keys sorted: byte-identical for
        the same documents).

    Example:
        >>> from kasip.testing import make_document
        >>> kk, ru = make_document(), make_document(language="ru")
        >>> lone = json.loads(write_case([ru], ExportOptions(editions=(kk,))))
        >>> both = json.loads(write_case([kk, ru], ExportOptions()))
        >>> kinds = [a["associationType"] for a in lone["CFAssociations"]]
        >>> "isTranslationOf" in kinds, lone == both[1]
        (True, True)
    """
    packages = [_Package(doc, options) for doc in docs]
    keys = {package.key for package in packages}
    # Editions the caller holds but does not export: linked to, never written.
    linked = [_Package(doc, options) for doc in options.editions if standard_key(doc) not in keys]
    written = []
    for package in packages:
        others = [p for p in packages if p is not package] + linked
        written.append(_package_json(package, others))
    data: Any = written[0] if len(written) == 1 else written
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def case_document(doc: Document, options: ExportOptions) -> Json:
    """The CFDocument of ``doc`` as its package holds it (without writing the package)."""
    return _document(_Package(doc, options), is_11=options.case_version == "1.1")


def _package_json(package: _Package, others: Sequence[_Package]) -> Json:
    is_11 = package.options.case_version == "1.1"
    associations = list(_tree(package))
    associations += [_association(package, "precedes", a, b) for a, b in precedes(package.elements)]
    if is_11:
        associations += list(_translations(package, others))
    result: Json = {
        "CFDocument": _document(package, is_11=is_11),
        "CFItems": [_item(package, ref, is_11=is_11) for ref in package.elements],
        "CFAssociations": associations,
        "CFDefinitions": {"CFItemTypes": [_item_type(package, name) for name in ITEM_TYPES]},
    }
    if is_11:
        source = package.doc.source
        result["extensions"] = {
            "kasipStandardKey": package.key,
            # The source text's identity, read back so that a package of a held text
            # imports as "unchanged"; ``content`` tells an edited package from it.
            "kasipSource": {
                "name": source.name,
                "sha256": source.sha256,
                "content": package_digest(result),
            },
        }
    return result


def _document(package: _Package, *, is_11: bool) -> Json:
    std = package.doc.standard
    link = package.document_link()
    document: Json = {
        "identifier": link["identifier"],
        "uri": link["uri"],
        "creator": std.order.issuer or "—",
        "title": std.title,
        "lastChangeDateTime": package.changed,
        "language": std.language,
        "version": document_version(std, package.options.version(package.key)),
    }
    if std.order.raw:  # the approval as printed: the official source kasip knows
        document["notes"] = std.order.raw
    if std.order.issuer:
        document["publisher"] = std.order.issuer
    if std.passport.purpose:
        document["description"] = std.passport.purpose
    # CASE: "the date the document became official"; only a confirmed date
    # (entered by a person), not one proposed from the order's date.
    started = package.options.effective_date(package.key)
    if started is not None:
        document["statusStartDate"] = started
    # Only a recorded official source is written as one (issue 15, item 6).
    official = package.options.official_url(package.key)
    if official is not None:
        document["officialSourceURL"] = official
    if is_11:
        document["caseVersion"] = "1.1"
    return document


def _item(package: _Package, ref: ElementRef, *, is_11: bool) -> Json:
    type_name = item_type_of(ref.type, ref.element)
    span = ref.span
    item: Json = {
        "identifier": package.uuids[ref.id],
        "fullStatement": ref.text,
        "humanCodingScheme": ref.id,
        "CFItemType": type_name,
        "CFItemTypeURI": _item_type_link(package, type_name),
        "language": package.doc.standard.language,
        "uri": package.uri(ref),
        "lastChangeDateTime": package.changed,
        # Provenance: the lines of the source text the element was read from.
        "notes": f"lines {span.line_start}-{span.line_end}",
    }
    number = _list_enumeration(ref)
    if number:
        item["listEnumeration"] = number
    if is_11 and ref.type == "card":
        card = ref.element
        item["extensions"] = {"kasipCard": card.model_dump(mode="json", include=_CARD_FIELDS)}
    return item


_CARD_FIELDS = {"title", "code_as_written", "level_as_written", "sublevels", "education"}


def _list_enumeration(ref: ElementRef) -> str:
    number = getattr(ref.element, "number", None)
    return "" if number is None else str(number)


def _item_type_link(package: _Package, name: str) -> Json:
    identifier = item_type_uuid(name)
    return {"identifier": identifier, "title": name, "uri": f"urn:uuid:{identifier}"}


def _item_type(package: _Package, name: str) -> Json:
    identifier = item_type_uuid(name)
    return {
        "identifier": identifier,
        "uri": f"urn:uuid:{identifier}",
        "title": name,
        "description": ITEM_TYPES[name],
        "hierarchyCode": name,
        "lastChangeDateTime": package.changed,
    }


def _tree(package: _Package) -> Iterator[Json]:
    """``isChildOf`` from each element to its parent (a card's is the document)."""
    by_id = {ref.id: ref for ref in package.elements}
    counts: dict[str | None, int] = {}
    for ref in package.elements:
        parent = by_id.get(ref.parent_id) if ref.parent_id else None
        destination = package.link(parent) if parent else package.document_link()
        # Numbered among all the parent's children in the card's order (a task's
        # skills, then its knowledge), so that no two siblings share a number.
        counts[ref.parent_id] = sequence = counts.get(ref.parent_id, 0) + 1
        yield _association(package, "isChildOf", ref, destination, sequence=sequence)


def _association(
    package: _Package,
    kind: str,
    origin: ElementRef,
    destination: ElementRef | Json,
    *,
    sequence: int | None = None,
) -> Json:
    target = destination if isinstance(destination, dict) else package.link(destination)
    source = package.link(origin)
    identifier = association_uuid(source["identifier"], kind, target["identifier"])
    result: Json = {
        "identifier": identifier,
        "associationType": kind,
        "uri": f"urn:uuid:{identifier}",
        "originNodeURI": source,
        "destinationNodeURI": target,
        "lastChangeDateTime": package.changed,
    }
    if sequence is not None:
        result["sequenceNumber"] = sequence
    return result


def _translations(package: _Package, others: Sequence[_Package]) -> Iterator[Json]:
    """``isTranslationOf`` from this edition's elements to those of the other language."""
    for other in others:
        # Every element both editions hold, even when one has only some of the cards.
        if translations(package.doc, other.doc):
            theirs = {ref.id: ref for ref in other.elements}
            for ref in package.elements:
                # Within the cards both hold, the elements both hold.
                if ref.id in theirs and ref.card_id in theirs:
                    yield _association(package, "isTranslationOf", ref, other.link(theirs[ref.id]))
