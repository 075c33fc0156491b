"""Word's automatic numbering: the number a paragraph shows, though its text lacks it.

A numbered paragraph names a list (``w:numId``) and a level (``w:ilvl``),
directly or through its style; the list's abstract definition gives each
level a format (``decimal``, ``lowerLetter``, ``bullet``...), a pattern
(``%1.``, ``%1.%2)``) and a start. Word counts per list and level, through
the whole document, and starts a level again when a higher one moves on
(ECMA-376 Part 1, 17.9). Standards number their skills and knowledge this
way, so the parser must see the numbers Word shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element

__all__ = ["Numbering", "xml_value"]

_LEVEL_REF_RE = re.compile(r"%([1-9])")
# What a bullet shows in the text: its symbol-font glyph would be noise.
BULLET = "-"


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int


def xml_value(element: _Element | None, name: str) -> str | None:
    """The ``w:val`` of ``element``'s child ``name`` (``w:numFmt``...), or None."""
    if element is None:
        return None
    found = element.find(qn(name))
    return None if found is None else found.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(abstract: _Element) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        ilvl = _int(lvl.get(qn("w:ilvl")), 0)
        levels[ilvl] = _Level(
            fmt=xml_value(lvl, "w:numFmt") or "decimal",
            text=xml_value(lvl, "w:lvlText") or f"%{ilvl + 1}.",
            start=_int(xml_value(lvl, "w:start"), 1),
        )
    return levels


def _roman(number: int) -> str:
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    out = []
    for value, numeral in numerals:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word repeats the letter past z: a … z, aa … zz.
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format(number: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return str(number)


@dataclass
class Numbering:
    """The lists of one document and their counters (see module doc).

    Example:
        >>> numbering = Numbering(levels={"1": {0: _Level("decimal", "%1.", 1)}})
        >>> [numbering.label("1", 0) for _ in range(3)]
        ['1.', '2.', '3.']
    """

    levels: dict[str, dict[int, _Level]]
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, numbering_xml: _Element | None) -> Numbering:
        """Read ``word/numbering.xml`` (None when the document has no lists)."""
        if numbering_xml is None:
            return cls({})
        abstracts = {
            a.get(qn("w:abstractNumId")): _levels(a)
            for a in numbering_xml.findall(qn("w:abstractNum"))
        }
        lists: dict[str, dict[int, _Level]] = {}
        for num in numbering_xml.findall(qn("w:num")):
            levels = dict(abstracts.get(xml_value(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = xml_value(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(old.fmt, old.text, _int(start, old.start))
            lists[num.get(qn("w:numId")) or ""] = levels
        return cls(lists)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word shows on the next paragraph of list ``num_id`` at level ``ilvl``."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return BULLET
        if level.fmt == "none":
            return ""

        def shown(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            at = levels.get(k)
            value = counters.get(k, at.start if at else 1)
            return _format(value, at.fmt if at else "decimal")

        return _LEVEL_REF_RE.sub(shown, level.text)
