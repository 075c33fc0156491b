"""The checker for authors: a draft standard against the layout rules of the official form.

The parser reports what it cannot read (``Document.diagnostics``); this
package reports what a standard's developer must still fix before the draft
goes to approval although it reads well: a required section or card row
missing, a code not of the classifier's form or not of the passport's group,
a level outside 1-8 or a sublevel of another level, a labour function without
skills or without knowledge, numbering with gaps or repeats, an item copied
into two functions of one card. Each finding has its place (line and column
of the text read, which a Word document's places turn into table, row and
cell). Rules are listed in :data:`kasip.model.vocabulary.LAYOUT_RULES` and
explained in ``docs/checker.md``.

Example:
    >>> from kasip.parse import parse_standard
    >>> text = "Кәсіп карточкасы\\nКәсіп коды\\t|\\t2512-1-001\\n"
    >>> [f.rule for f in lint_document(parse_standard(text), text)][:2]
    ['layout-section-missing', 'layout-section-missing']
"""

from __future__ import annotations

from kasip import model as m
from kasip.lint.cards import check_card_rows, check_code, check_levels, passport_group_codes
from kasip.lint.findings import N_, ROW_NAMES, SECTION_NAMES, Finding, Translate, english
from kasip.lint.lists import check_function_lists, check_numbering, check_repeats
from kasip.lint.place import Locator
from kasip.lint.standard import check_occupation_list, check_sections

__all__ = [
    "N_",
    "ROW_NAMES",
    "SECTION_NAMES",
    "Finding",
    "Translate",
    "english",
    "lint_document",
]

# A layout rule the parser already reports at the same line, under its own code:
# the author sees the problem once.
_SAME_AS_PARSER = {
    "layout-code-format": {"code-missing", "code-short-form"},
    "layout-level": {"level-missing", "level-range"},
    "layout-numbering-gap": {"numbering-gap"},
    "layout-numbering-duplicate": {"numbering-repeat"},
}


def lint_document(doc: m.Document, text: str | None) -> tuple[Finding, ...]:
    """Every layout finding of ``doc``, parsed from ``text``, in the order of the text.

    ``text`` is None for a document loaded from exchange JSON: findings then
    stand at their element's first line.
    """
    at = Locator(text)
    check_sections(doc, at)
    check_occupation_list(doc, at)
    groups = passport_group_codes(doc.standard.passport)
    for card in doc.cards:
        check_card_rows(card, at)
        check_code(card, groups, at)
        check_levels(card, at)
        check_function_lists(card, at)
        check_numbering(card, at)
        check_repeats(card, at)
    reported = {(place, d.code) for d in doc.diagnostics for place in (d.line, d.element_id)}
    kept = [f for f in at.findings if not _reported(f, reported)]
    return tuple(sorted(kept, key=lambda f: (f.line, f.column)))


def _reported(finding: Finding, reported: set[tuple[int | str | None, str]]) -> bool:
    """Whether the parser reported the finding's problem already, at its line or element."""
    same = _SAME_AS_PARSER.get(finding.rule, set())
    if finding.rule.startswith("layout-numbering") and finding.values.get("what") != N_(
        "list items"
    ):
        # The parser numbers list items only: a function's or task's numbering is the
        # rule's alone, even on a line where the parser reports an item gap.
        return False
    if finding.rule == "layout-row-missing":
        # Only the rows the parser names itself (functions, code, level).
        row = str(finding.values.get("row", ""))
        same = {code for code, named in _PARSER_ROWS.items() if named == row}
    places = (finding.line, finding.element_id)
    return any((place, code) in reported for code in same for place in places if place)


# The card row each parser diagnostic of a missing row is about.
_PARSER_ROWS = {
    "card-without-functions": ROW_NAMES["functions"],
    "code-missing": ROW_NAMES["code"],
    "level-missing": ROW_NAMES["level"],
}
