"""Checks of the input as a whole: damaged text, and a text that stops too early.

These run around the reading stages and only add diagnostics; none of them
changes what was read. :func:`replace_control_characters` is the one
exception to "the text is never rewritten": control characters (NUL and the
other C0 codes but tab, line feed, carriage return and form feed) are not
text, and databases differ on them (PostgreSQL refuses NUL, SQLite stores it),
so they become spaces before reading, keeping every offset, and a diagnostic
names where they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kasip import model as m
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.source import Source
from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER

__all__ = [
    "check_cards",
    "check_damage",
    "replace_control_characters",
    "report_control_characters",
]

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# ``?`` where a letter was lost: a file saved in an encoding without the Kazakh
# letters (Windows-1251 has і but not ә ғ қ ң ө ұ ү һ) gets ``?`` for each
# (``?аза?стан``). A question mark that ends a word (``керек?``) or opens a
# sentence glued to it (``керек?Ол``) is punctuation, and is not counted.
_LOST_LETTER_RE = re.compile(
    rf"\?+(?=[{CYRILLIC_LOWER}])"
    rf"|(?<=[{CYRILLIC_UPPER}])\?+(?=[{CYRILLIC_UPPER}])"
    rf"|(?<![\w?])\?+(?=[{CYRILLIC_UPPER}]{{2}})"
)
# From this many places on, lost letters are an encoding loss of the whole
# text (an error); fewer are read with doubt (a warning).
_LOST_LETTERS_ERROR = 3
_LINES_NAMED = 10


def replace_control_characters(text: str) -> tuple[str, list[int]]:
    """``text`` with control characters replaced by spaces, and their offsets.

    Example:
        >>> replace_control_characters("a\\x00b\\tc")
        ('a b\\tc', [1])
    """
    offsets = [match.start() for match in _CONTROL_RE.finditer(text)]
    if not offsets:
        return text, []
    return _CONTROL_RE.sub(" ", text), offsets


def report_control_characters(
    source: Source, original: str, offsets: Sequence[int], diags: Diagnostics
) -> None:
    """One diagnostic for the control characters ``replace_control_characters`` found."""
    if not offsets:
        return
    codes = sorted({f"U+{ord(original[o]):04X}" for o in offsets})
    diags.add(
        "warning",
        "control-characters",
        f"{len(offsets)} control character(s) ({', '.join(codes[:5])}) were read as spaces, "
        f"on {_lines(source, offsets)}",
        offset=offsets[0],
        expected="text without control characters",
        found=", ".join(codes[:5]),
    )


def check_damage(source: Source, diags: Diagnostics) -> None:
    """Report letters replaced by ``?`` (a text saved in a narrower encoding)."""
    if "?" not in source.text:  # the expression tries every position; most texts have no "?"
        return
    offsets = [match.start() for match in _LOST_LETTER_RE.finditer(source.text)]
    if not offsets:
        return
    first = offsets[0]
    line = source.lines[source.line_of(first) - 1]
    diags.add(
        "error" if len(offsets) >= _LOST_LETTERS_ERROR else "warning",
        "lost-letters",
        f"{len(offsets)} letter(s) replaced by '?' on {_lines(source, offsets)}: the text was "
        "probably saved in an encoding without Kazakh letters (Windows-1251); "
        "save it as UTF-8 from the original",
        offset=first,
        expected="letters (ә ғ қ ң ө ұ ү һ і)",
        found=source.text[max(line.start, first - 30) : min(line.end, first + 30)],
    )


def _lines(source: Source, offsets: Sequence[int]) -> str:
    numbers = sorted({source.line_of(o) for o in offsets})
    shown = ", ".join(str(n) for n in numbers[:_LINES_NAMED])
    more = f" and {len(numbers) - _LINES_NAMED} more" if len(numbers) > _LINES_NAMED else ""
    return f"line {shown}{more}" if len(numbers) == 1 else f"lines {shown}{more}"


# The rows that close a card after its labour functions, in the order of the layout.
CLOSING_ROWS = ("competencies", "related", "directory_relation", "conditions")
# A closing label is looked for at the start of every line, more loosely
# than the parser reads row labels (any white space, tabs included, between
# the words): the parser may have missed it as a row, but the text did not
# stop before it.
_LINE_OPENING = r"[\s\d.)]*"
_CLOSING_LABELS = {
    kind: re.compile(_LINE_OPENING + pattern, re.IGNORECASE)
    for kind, pattern in (
        (
            "competencies",
            r"(?:жеке\s+(?:бас\s+)?құзырет|требовани\w*\s+к\s+личностн|личностн\w*\s+компетенц)",
        ),
        (
            "related",
            r"(?:(?:сбш|орк)\s+шеңбер\w*\s+басқа|басқа\s+(?:кәсіп|мамандық)\w*\s+(?:байланыс|қатыс)"
            r"|связь\s+с\s+другими)",
        ),
        (
            "directory_relation",
            r"(?:(?:ба|ка|бтба)\s*-?\s*мен\s+байланыс|связь\s+с\s+(?:кс|еткс|етквс|квалификац))",
        ),
        ("conditions", r"(?:еңбек\s+жағдай|условия\s+труда)"),
    )
}


def check_cards(source: Source, cards: Sequence[m.ProfessionCard], diags: Diagnostics) -> None:
    """Cards without labour functions, and a text that ends inside its last card."""
    for card in cards:
        if not card.functions:
            diags.add(
                "warning",
                "card-without-functions",
                f"card {card.id} has no labour functions",
                offset=card.source.start,
                expected="a 'Еңбек функциясы' / 'Трудовая функция' row",
                found=card.name or card.title or card.code_as_written,
                element_id=card.id,
            )
    if cards:
        _check_truncated(source, cards, diags)


def _check_truncated(source: Source, cards: Sequence[m.ProfessionCard], diags: Diagnostics) -> None:
    """The last card lacks closing rows, and its text has no label of them
    either: the text stops inside that card.

    The rows it should have are those every other card has; a card with no
    closing row at all (a single card, or a layout whose labels the parser
    did not read) should have at least one of them. The labels are looked for
    in the text, not only in the rows read, so that a label worded otherwise
    never makes a complete text look cut.
    """
    last, others = cards[-1], cards[:-1]
    if last.code is None and not any(field.key == "card" for field in last.fields):
        # Neither a card row nor a code: not a card cut short but rows after
        # the cards read as one (an education row naming a "код по МСКО").
        return
    present = _closing_kinds(last)
    if not present:
        expected = set(CLOSING_ROWS)
    elif others:
        expected = set.intersection(*(_closing_kinds(card) for card in others))
    else:
        return
    missing = [kind for kind in CLOSING_ROWS if kind in expected and kind not in present]
    if not missing or _labels_in_text(source, last.source.start, missing):
        return
    end = len(source.text.rstrip())
    diags.add(
        "error",
        "text-truncated",
        f"the text ends inside card {last.id}: it has no "
        f"{', '.join(_ROW_NAMES[kind] for kind in missing)} row"
        + (", which every other card has" if present and others else "")
        + "; the file is probably cut off",
        offset=end,
        expected="the rest of the card: " + ", ".join(_ROW_NAMES[kind] for kind in missing),
        found=source.text[max(last.source.start, end - 80) : end],
        element_id=last.id,
    )


_ROW_NAMES = {
    "competencies": "personal competencies",
    "related": "related occupations",
    "directory_relation": "qualification directory relation",
    "conditions": "working conditions",
}


def _closing_kinds(card: m.ProfessionCard) -> set[str]:
    return {field.key for field in card.fields if field.key in CLOSING_ROWS}


def _labels_in_text(source: Source, start: int, kinds: Sequence[str]) -> bool:
    """Whether a line from ``start`` on opens with a label of one of ``kinds``."""
    patterns = [_CLOSING_LABELS[kind] for kind in kinds]
    return any(
        pattern.match(source.view, line.start, line.end)
        for line in source.lines[source.line_of(start) - 1 :]
        for pattern in patterns
    )
