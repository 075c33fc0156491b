"""Shared helpers for the parser tests: fixture loading, span and ID checks.

Fixtures live in ``tests/fixtures/<lang>/``. Most of them are card fragments
(``<name>.<lang>.txt``) that :func:`load_card_fixture` wraps in the minimal
standard head ``_head.<lang>.txt``; a few are whole documents
(``standard_small.ru.txt``, ``news.<lang>.txt``) read with :func:`read_fixture`.

Lines end at ``"\\r\\n"``, ``"\\n"`` or a lone ``"\\r"`` (the parser's convention,
docs/parsing-notes.md); see :class:`LineIndex`.

This module must stay importable without :mod:`kasip.parse` (pytest collects it
for doctests), so the parser is imported lazily in :func:`parse`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kasip.model import (
    Abbreviation,
    Amendment,
    CardField,
    DirectoryRelation,
    DirectoryRequirements,
    Document,
    Item,
    LabourFunction,
    Occupation,
    OtherName,
    ProfessionCard,
    QualificationCategory,
    RelatedOccupation,
    SourceSpan,
    Term,
    Unit,
)
from kasip.parse.checks import replace_control_characters

FIXTURES = Path(__file__).parent / "fixtures"
LANGS = ("kk", "ru")
SEED_NAME = "psychological-and-social-work.kk.txt"
CELL = "\t|\t"
NBSP = "\xa0"

CARD_ID_RE = re.compile(r"\d{4}-(?:\d-)?\d{3}@\d(?:~\d+)?")


# --- fixtures -----------------------------------------------------------------


def fixture_path(lang: str, name: str) -> Path:
    """Path of ``tests/fixtures/<lang>/<name>.<lang>.txt``."""
    return FIXTURES / lang / f"{name}.{lang}.txt"


def read_fixture(lang: str, name: str) -> str:
    """Return a fixture file's text exactly as stored (CRLF and NBSP kept)."""
    return fixture_path(lang, name).read_bytes().decode("utf-8")


def wrap_cards(fragment: str, lang: str) -> str:
    """Prefix card rows with the minimal standard head of ``lang``.

    The head takes the fragment's line ends, so a CRLF fragment gives a CRLF
    document.

    >>> text = wrap_cards("X\\r\\n", "kk")
    >>> text.endswith("X\\r\\n") and "\\n" not in text.replace("\\r\\n", "")
    True
    """
    head = read_fixture(lang, "_head")
    if "\r\n" in fragment:
        head = head.replace("\n", "\r\n")
    return head + fragment


def load_card_fixture(lang: str, name: str) -> str:
    """Return the card fragment fixture ``name`` wrapped in the minimal head."""
    return wrap_cards(read_fixture(lang, name), lang)


def card_fixture_names(lang: str) -> list[str]:
    """Names of all card fragment fixtures of ``lang`` (not heads, news, whole docs)."""
    whole = {"_head", "news", "standard_small"}
    names = [p.name.removesuffix(f".{lang}.txt") for p in (FIXTURES / lang).glob(f"*.{lang}.txt")]
    return sorted(n for n in names if n not in whole)


def read_seed() -> str:
    """The seed standard shipped as package data (the Kazakh edition, order No 292)."""
    return (resources.files("kasip") / "data" / SEED_NAME).read_bytes().decode("utf-8")


def parse(text: str, *, source_name: str = "<string>") -> Document:
    """Call :func:`kasip.parse.parse_standard` (imported lazily)."""
    from kasip.parse import parse_standard

    return parse_standard(text, source_name=source_name)


# --- positions ----------------------------------------------------------------


_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")


class LineIndex:
    """Line numbers of offsets in a text; lines end at CRLF, LF or a lone CR.

    >>> index = LineIndex("ab\\r\\ncd\\ref")
    >>> [index.line(i) for i in (0, 2, 3, 4, 6, 7)], index.lines
    ([1, 1, 1, 2, 2, 3], 3)
    """

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]
        self.lines = len(self.starts)

    def line(self, offset: int) -> int:
        """1-based line of the character at ``offset`` (a break belongs to its line)."""
        return bisect.bisect_right(self.starts, offset)


def line_number(text: str, offset: int) -> int:
    """1-based line of the character at ``offset``.

    >>> line_number("ab\\r\\ncd", 4), line_number("ab\\rcd", 4), line_number("ab\\r\\ncd", 3)
    (2, 2, 1)
    """
    return LineIndex(text).line(offset)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` occurrence of ``needle`` in ``text``.

    >>> line_of("a\\nb c\\nc", "c", 2)
    3
    """
    pos = -1
    for _ in range(nth):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise AssertionError(f"{needle!r} not found {nth} time(s) in the text")
    return line_number(text, pos)


def fold(s: str) -> str:
    """Comparison key that ignores NBSP, CR, Latin ``i`` for ``і`` and spacing.

    >>> fold("Бiлуге\\xa0 тиiс;\\r")
    'білуге тиіс;'
    """
    s = s.replace(NBSP, " ").replace("\r", "").replace("i", "і").replace("I", "І")
    return " ".join(s.split()).lower()


def norm_title(s: str) -> str:
    """Titles compared without surrounding quotes, spaces and end punctuation.

    >>> norm_title(' "Әлеуметтік психолог". ')
    'Әлеуметтік психолог'
    """
    return s.strip().strip('"«»“”').strip().rstrip(".;:").strip().strip('"«»“”').strip()


def card_shape(doc: Document) -> list[Any]:
    """What a reader gets from the cards, texts folded (NBSP, CR, Latin ``i``, spacing).

    Two parses of the same content written with different layout noise have the
    same shape.
    """

    def items(xs: tuple[Item, ...]) -> tuple[Any, ...]:
        return tuple((i.number, fold(i.text), i.header and fold(i.header)) for i in xs)

    def units(function: LabourFunction) -> tuple[Any, ...]:
        return tuple(
            (
                u.id,
                u.number,
                fold(norm_title(u.title)),
                u.shares_items_with,
                items(u.skills),
                items(u.knowledge),
            )
            for u in function.tasks
        )

    return [
        (
            c.id,
            c.code,
            c.level,
            c.sublevels,
            fold(c.name),
            tuple((o.code, fold(o.name)) for o in c.other_names),
            tuple(
                (f.id, f.kind, f.number, fold(norm_title(f.title)), units(f)) for f in c.functions
            ),
        )
        for c in doc.cards
    ]


# --- walking the document -----------------------------------------------------


def iter_spans(doc: Document) -> Iterator[tuple[str, BaseModel, SourceSpan]]:
    """Yield ``(where, element, span)`` for every element of ``doc`` that has a span."""
    std = doc.standard
    for i, amendment in enumerate(std.amendments):
        yield f"amendment[{i}]", amendment, amendment.span
    for i, term in enumerate(std.terms):
        yield f"term[{i}]", term, term.span
    for i, abbr in enumerate(std.abbreviations):
        yield f"abbreviation[{i}]", abbr, abbr.span
    for i, occ in enumerate(std.occupations):
        yield f"occupation[{i}]", occ, occ.span
    for card in doc.cards:
        yield from _iter_card_spans(card)


def _iter_card_spans(card: ProfessionCard) -> Iterator[tuple[str, BaseModel, SourceSpan]]:
    where = f"card {card.id}"
    yield where, card, card.source
    for i, other in enumerate(card.other_names):
        yield f"{where} other_name[{i}]", other, other.span
    if card.directory_requirements is not None:
        req = card.directory_requirements
        yield f"{where} directory_requirements", req, req.span
        for i, cat in enumerate(req.categories):
            yield f"{where} category[{i}]", cat, cat.span
    for i, rel in enumerate(card.related):
        yield f"{where} related[{i}]", rel, rel.span
    if card.directory_relation is not None:
        yield f"{where} directory_relation", card.directory_relation, card.directory_relation.span
    for i, field in enumerate(card.fields):
        yield f"{where} field[{i}]", field, field.span
    for function in card.functions:
        yield function.id, function, function.span
        for unit in function.tasks:
            yield unit.id, unit, unit.span
            for item in (*unit.skills, *unit.knowledge):
                yield item.id, item, item.span


def iter_units(doc: Document) -> Iterator[Unit]:
    """Every unit (task) of every function of every card."""
    for card in doc.cards:
        for function in card.functions:
            yield from function.tasks


def iter_items(doc: Document) -> Iterator[Item]:
    """Every skill and knowledge item of the document."""
    for unit in iter_units(doc):
        yield from unit.skills
        yield from unit.knowledge


def all_ids(doc: Document) -> list[str]:
    """Every element ID of the document, in document order."""
    std = doc.standard
    ids = [a.id for a in std.amendments] + [t.id for t in std.terms]
    ids += [a.id for a in std.abbreviations] + [o.id for o in std.occupations]
    for card in doc.cards:
        ids.append(card.id)
        ids.extend(o.id for o in card.other_names)
        for function in card.functions:
            ids.append(function.id)
            for unit in function.tasks:
                ids.append(unit.id)
                ids.extend(i.id for i in (*unit.skills, *unit.knowledge))
    return ids


def card_by_id(doc: Document, card_id: str) -> ProfessionCard:
    """The card with ``card_id``; fails the test with the IDs present if missing."""
    for card in doc.cards:
        if card.id == card_id:
            return card
    raise AssertionError(f"no card {card_id!r}; cards: {[c.id for c in doc.cards]}")


def diagnostic_codes(doc: Document, *severities: str) -> list[str]:
    """Codes of the diagnostics (optionally only those of the given severities)."""
    return [d.code for d in doc.diagnostics if not severities or d.severity in severities]


# --- assertions ---------------------------------------------------------------


def assert_spans(doc: Document, text: str) -> None:
    """Every span lies in ``text``, has the right lines and maps back to its raw text.

    Also checks that a card covers its parts, a function its tasks and a task its
    items (decision 1: the span of a unit or function covers the whole element).
    """
    index = LineIndex(text)
    for where, element, span in iter_spans(doc):
        _assert_span_bounds(where, span, text, index)
        _assert_raw_text(where, element, text[span.start : span.end], text)
        element_id = getattr(element, "id", None)
        assert element_id is None or element_id, f"{where}: element without an id"
    _assert_nesting(doc)


def _assert_span_bounds(where: str, span: SourceSpan, text: str, index: LineIndex) -> None:
    assert 0 <= span.start <= span.end <= len(text), f"{where}: {span} outside 0..{len(text)}"
    assert span.line_start <= span.line_end, f"{where}: {span} lines reversed"
    first = index.line(span.start)
    assert span.line_start == first, f"{where}: line_start {span.line_start} != {first}"
    last = index.line(span.end - 1 if span.end > span.start else span.start)
    assert span.line_end == last, f"{where}: line_end {span.line_end} != {last}"


def _contains(where: str, raw: str, *parts: str | None) -> None:
    for part in parts:
        if part:
            assert part in raw, f"{where}: {part!r} not in its source slice {raw!r}"


def _assert_title_span(where: str, element: Unit | LabourFunction, text: str) -> None:
    """The title stands exactly at ``title_span`` (issue 2: the slice is the raw text)."""
    span = element.title_span
    assert span is not None, f"{where}: no title_span"
    title = text[span.start : span.end]
    assert title == element.title, f"{where}: title slice {title!r} != {element.title!r}"


def _assert_raw_text(where: str, element: BaseModel, raw: str, text: str) -> None:  # noqa: C901
    # One branch per element type: the checks differ by type, not by logic.
    if isinstance(element, Item):
        assert raw == element.text, f"{where}: slice {raw!r} != text {element.text!r}"
        assert element.text == element.text.strip(), f"{where}: untrimmed {element.text!r}"
        assert not element.text.endswith(";"), f"{where}: list separator kept {element.text!r}"
        for repair in element.repairs:
            assert 0 <= repair.offset <= len(element.text), f"{where}: {repair} out of the text"
    elif isinstance(element, (Unit, LabourFunction)):
        _contains(where, raw, element.title)
        _assert_title_span(where, element, text)
    elif isinstance(element, ProfessionCard):
        _contains(where, raw, element.code_as_written, element.name)
    elif isinstance(element, OtherName):
        _contains(where, raw, element.name, element.code_as_written)
    elif isinstance(element, Term):
        _contains(where, raw, element.term, element.definition)
    elif isinstance(element, Abbreviation):
        _contains(where, raw, element.abbreviation, element.expansion)
    elif isinstance(element, Occupation):
        _contains(where, raw, element.name, element.levels_as_written)
    elif isinstance(element, (Amendment, QualificationCategory)):
        assert raw == element.raw, f"{where}: slice {raw!r} != raw {element.raw!r}"
    elif isinstance(element, DirectoryRequirements):
        _contains(where, raw, element.raw)
    elif isinstance(element, RelatedOccupation):
        _contains(where, raw, element.level_as_written, *element.names)
    elif isinstance(element, DirectoryRelation):
        _contains(where, raw, element.positions, element.directory)
    elif isinstance(element, CardField):
        assert raw == element.value, f"{where}: slice {raw!r} != value {element.value!r}"


def _inside(outer: SourceSpan, inner: SourceSpan) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _assert_nesting(doc: Document) -> None:
    for card in doc.cards:
        for function in card.functions:
            assert _inside(card.source, function.span), f"{function.id} outside {card.id}"
            for unit in function.tasks:
                assert _inside(function.span, unit.span), f"{unit.id} outside {function.id}"
                for item in (*unit.skills, *unit.knowledge):
                    assert _inside(unit.span, item.span), f"{item.id} outside {unit.id}"
        for other in card.other_names:
            assert _inside(card.source, other.span), f"{card.id}: other name outside the card"


def assert_ids(doc: Document) -> None:
    """IDs are positional (decision 2) and unique in the document."""
    for card in doc.cards:
        if card.code is not None and card.level is not None:
            assert CARD_ID_RE.fullmatch(card.id), f"bad card id {card.id!r}"
            assert card.id.split("~")[0] == f"{card.code}@{card.level}", card.id
        unit_ids = {u.id for f in card.functions for u in f.tasks}
        for n, function in enumerate(card.functions, 1):
            assert function.id == f"{card.id}/f{n}", function.id
            for m, unit in enumerate(function.tasks, 1):
                assert unit.id == f"{function.id}/t{m}", unit.id
                for k, item in enumerate(unit.skills, 1):
                    assert item.id == f"{unit.id}/s{k}", item.id
                for k, item in enumerate(unit.knowledge, 1):
                    assert item.id == f"{unit.id}/k{k}", item.id
                if unit.shares_items_with is not None:
                    assert unit.shares_items_with in unit_ids, unit.shares_items_with
                    assert unit.shares_items_with != unit.id, unit.id
    ids = all_ids(doc)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"


def assert_diagnostics_in_bounds(doc: Document, text: str) -> None:
    """Diagnostics point at a line of the text (0 = the whole document)."""
    last_line = LineIndex(text).lines
    for d in doc.diagnostics:
        assert 0 <= d.line <= last_line, f"{d.code}: line {d.line} beyond {last_line}"
        assert d.code, f"diagnostic without a code: {d}"
        assert d.message, f"diagnostic without a message: {d}"


def assert_well_formed(doc: Document, text: str) -> None:
    """Spans, IDs and diagnostics are all consistent with ``text``.

    Control characters are read as spaces (same length), so spans map back to
    the text with them replaced.
    """
    assert_spans(doc, replace_control_characters(text)[0])
    assert_ids(doc)
    assert_diagnostics_in_bounds(doc, text)
