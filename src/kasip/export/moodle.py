"""The ``moodle`` export: competency frameworks for Moodle's "Import competency framework".

Moodle's admin tool (``tool_lpimportcsv``) reads one framework per CSV file:
a header, then one row per framework or competency in 14 columns, which it
takes by position. One row is the framework (``Is framework`` 1), with the
scale and its configuration, and the taxonomy term of each level of the tree;
every other row is a competency whose ``Parent ID number`` is its parent's
``ID number`` (empty at the top). Moodle cuts ID numbers and short names to
100 characters, so both are kept within that: a statement longer than a
short name goes whole to the description.

kasip writes one framework per standard (cards, then labour functions, tasks,
and skills and knowledge) or per card (labour functions, tasks, items). Moodle
refuses a framework whose ID number another framework of the site has, so a
framework's ID number is the standard's key with its version number
(``292-2019-05-30-kk-v2``; a card's framework adds ``/`` and the card's ID):
version 2 imports beside version 1. Each competency's ID number is its element
ID (unique within its framework, as Moodle requires), and its description
names it and the standard's key, version and source line
(``292-2019-05-30-kk-v2:163``), so that a learner's record in Moodle traces
to the card. Moodle lets siblings share a short name, but then its tree shows
two entries one cannot tell apart (two cards of one occupation at levels 5
and 6): a short name that a sibling has too ends with its ID's last part,
``(2635-3-001@5)`` or ``(t2)``, within the 100 characters. The
scale is Moodle's default competence scale, "Not yet competent,Competent"
(Moodle matches a scale by its values, so no new scale is made where that one
exists): not yet competent by default, competent is proficient. A card's
related occupation of the same standard is a cross-reference.

One framework is one CSV file (UTF-8, comma-separated, no byte order mark);
several (every card, or several standards) are a ZIP archive of them.

Example:
    >>> from kasip.testing import make_document
    >>> text = write_moodle([make_document()], per="standard").decode("utf-8")
    >>> text.splitlines()[0].split(",")[:3]
    ['Parent ID number', 'ID number', 'Short name']
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from kasip.export.bundle import zip_files
from kasip.export.tables import related_cards
from kasip.formats.tables import FORMULA_STARTS
from kasip.model import Document, Item, LabourFunction, ProfessionCard, SourceSpan, Unit
from kasip.model.elements import display_text
from kasip.store.keys import standard_key
from kasip.text.slug import slugify

__all__ = [
    "MOODLE_COLUMNS",
    "MOODLE_SCALE",
    "MOODLE_SCALE_CONFIGURATION",
    "MoodleFramework",
    "moodle_frameworks",
    "write_moodle",
]

# Moodle's own column titles, as its exporter writes them; its importer takes
# the columns by position.
MOODLE_COLUMNS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
MOODLE_SCALE = "Not yet competent,Competent"
# The first entry names the scale (Moodle's importer puts its own scale's id
# there); then each value by its position: the default, and the proficient one.
MOODLE_SCALE_CONFIGURATION = json.dumps(
    [
        {"scaleid": "1"},
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 1},
    ],
    separators=(",", ":"),
)
MAX_SHORT_NAME = 100  # Moodle cuts ID numbers and short names at 100 characters
_FORMAT_HTML = "1"
# A spreadsheet's formula starts, and spaces: "- =X" is still a formula once "-" is gone.
_FORMULA_MARKS = "".join(sorted(FORMULA_STARTS)) + " "
# The taxonomy term of each level of the tree, from Moodle's list of terms.
_TAXONOMY = {
    "standard": ("domain", "competency", "outcome", "indicator"),
    "card": ("competency", "outcome", "indicator"),
}

Per = Literal["standard", "card"]
Node = ProfessionCard | LabourFunction | Unit | Item


@dataclass(frozen=True, slots=True)
class MoodleFramework:
    """One framework: its ID number, a file name for it and its rows (header first)."""

    idnumber: str
    file_name: str
    rows: tuple[tuple[str, ...], ...]

    def csv(self) -> bytes:
        """The framework as Moodle's importer reads it: UTF-8, comma-separated."""
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(self.rows)
        return out.getvalue().encode("utf-8")


def write_moodle(
    docs: Sequence[Document], *, per: Per = "standard", versions: Mapping[str, int] | None = None
) -> bytes:
    """The frameworks of ``docs``: one CSV file, or a ZIP archive of several.

    Args:
        docs: The documents.
        per: One framework per ``standard`` or per ``card``.
        versions: Each standard's stored version number, by key (the
            frameworks' ID numbers carry it; without it, the key alone).

    Returns:
        The CSV file of the one framework, else a ZIP archive of one CSV per framework.
    """
    frameworks = moodle_frameworks(docs, per=per, versions=versions)
    if len(frameworks) == 1:
        return frameworks[0].csv()
    return zip_files({f.file_name: f.csv() for f in frameworks})


def moodle_frameworks(
    docs: Sequence[Document], *, per: Per = "standard", versions: Mapping[str, int] | None = None
) -> list[MoodleFramework]:
    """One framework per standard (its cards as the top level) or per card.

    Args:
        docs: The documents.
        per: ``standard`` or ``card``.
        versions: Each standard's stored version number, by key.

    Returns:
        The frameworks, in the documents' (and cards') order.

    Example:
        >>> from kasip.testing import make_document
        >>> [f.idnumber for f in moodle_frameworks([make_document()],
        ...                                        versions={"292-2019-05-30-kk": 2})]
        ['292-2019-05-30-kk-v2']
    """
    frameworks = []
    for doc in docs:
        key = standard_key(doc)
        number = (versions or {}).get(key)
        key = key if number is None else f"{key}-v{number}"
        if per == "standard":
            frameworks.append(_standard_framework(key, doc))
        else:
            frameworks.extend(_card_framework(key, doc, card) for card in doc.cards)
    return frameworks


def _standard_framework(key: str, doc: Document) -> MoodleFramework:
    std = doc.standard
    head = _framework_row(key, std.title, _standard_description(key, doc), _TAXONOMY["standard"])
    related: dict[str, list[str]] = {}
    for card_id, other, _, _ in related_cards(doc):
        related.setdefault(card_id, []).append(other)
    rows = [head]
    for card in doc.cards:
        rows.extend(_card_rows(key, card, parent="", related=related.get(card.id, [])))
    return _framework(key, rows)


def _card_framework(key: str, doc: Document, card: ProfessionCard) -> MoodleFramework:
    idnumber = _idnumber(f"{key}/{card.id}")
    description = _card_description(doc, card)
    title = f"{card.name} ({card.id})"
    head = _framework_row(idnumber, title, description, _TAXONOMY["card"])
    rows = [head, *_function_rows(key, card)]
    return _framework(idnumber, rows)


def _framework(idnumber: str, rows: list[tuple[str, ...]]) -> MoodleFramework:
    # One taxonomy term per level the tree has (a card without labour functions has none).
    terms = rows[0][13].split(",")[: _depth(rows[1:])]
    head = (*rows[0][:13], ",".join(terms))
    competencies = _distinct_siblings(rows[1:])
    numbered = [head, *((*row[:11], str(n), *row[12:]) for n, row in enumerate(competencies, 1))]
    name = slugify(idnumber.replace("@", "-at-").replace("/", "-")) or "framework"
    return MoodleFramework(idnumber, f"moodle-{name}.csv", (MOODLE_COLUMNS, *numbered))


def _framework_row(
    idnumber: str, title: str, description: str, taxonomy: Sequence[str]
) -> tuple[str, ...]:
    return ("", _idnumber(idnumber), short_name(title), description, _FORMAT_HTML, MOODLE_SCALE,
            MOODLE_SCALE_CONFIGURATION, "", "", "", "", "", "1", ",".join(taxonomy))  # fmt: skip


def _competency_row(
    cite: str, node: Node, parent: str, related: Sequence[str] = ()
) -> tuple[str, ...]:
    text = node.name if isinstance(node, ProfessionCard) else display_text(node)
    span = node.source if isinstance(node, ProfessionCard) else node.span
    parent_id = _idnumber(parent) if parent else ""
    others = ",".join(_idnumber(other) for other in related)
    return (parent_id, _idnumber(node.id), short_name(text or node.id),
            _description(cite, node.id, text, span), _FORMAT_HTML, "", "", "", "0", "", others,
            "", "0", "")  # fmt: skip


def _card_rows(
    cite: str, card: ProfessionCard, *, parent: str, related: Sequence[str]
) -> Iterator[tuple[str, ...]]:
    yield _competency_row(cite, card, parent, related)
    yield from _function_rows(cite, card, parent=card.id)


def _function_rows(
    cite: str, card: ProfessionCard, *, parent: str = ""
) -> Iterator[tuple[str, ...]]:
    for function in card.functions:
        yield _competency_row(cite, function, parent)
        for task in function.tasks:
            yield _competency_row(cite, task, function.id)
            for item in (*task.skills, *task.knowledge):
                yield _competency_row(cite, item, task.id)


def _distinct_siblings(rows: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The competency rows, each short name that a sibling has too ended with its ID's tail.

    Moodle does not refuse siblings of one name (only ID numbers must be
    unique), but its tree would show them alike: this is kasip's choice.
    """
    seen = Counter((row[0], row[2]) for row in rows)
    return [
        (*row[:2], _with_suffix(row[2], row[1].rsplit("/", 1)[-1]), *row[3:])
        if seen[row[0], row[2]] > 1
        else row
        for row in rows
    ]


def _with_suffix(name: str, suffix: str) -> str:
    """``name (suffix)`` within 100 characters, the name cut with "…" where needed.

    Example:
        >>> _with_suffix("Маман", "2635-3-001@5")
        'Маман (2635-3-001@5)'
        >>> len(_with_suffix("сөз " * 30, "t2"))
        100
    """
    tail = f" ({suffix})"
    room = MAX_SHORT_NAME - len(tail)
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return name + tail


def _depth(rows: Sequence[tuple[str, ...]]) -> int:
    """The number of levels of the competencies' tree (rows come parents first)."""
    level: dict[str, int] = {}
    for row in rows:
        level[row[1]] = level.get(row[0], 0) + 1
    return max(level.values(), default=0)


def short_name(text: str) -> str:
    """A statement as a short name: whole when it fits in 100 characters, else cut at a
    word and ended with "…"; one line, never empty. Characters a spreadsheet would take
    for the start of a formula (``=``, ``+``, ``-``, ``@``: a list item's dash) are left
    off its beginning; the description keeps the statement whole.

    Example:
        >>> short_name("Әлеуметтік жұмыс")
        'Әлеуметтік жұмыс'
        >>> name = short_name("сөз " * 40)
        >>> len(name) <= 100, name[-4:]
        (True, 'сөз…')
        >>> short_name("- =HYPERLINK(x)")
        'HYPERLINK(x)'
    """
    flat = " ".join(text.split()).replace('\\"', '"')  # PHP's CSV reader escapes with "\"
    # Moodle keeps a cell as it is (a quote would show in the framework), so the name
    # loses its formula start instead: docs/exchange-format.md, "Formulas in tables".
    flat = flat.lstrip(_FORMULA_MARKS)
    if len(flat) <= MAX_SHORT_NAME:
        return flat or "—"
    cut = flat[: MAX_SHORT_NAME - 1]
    space = cut.rfind(" ")
    if space > MAX_SHORT_NAME // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _idnumber(text: str) -> str:
    """An ID number within Moodle's 100 characters (a standard key is at most a long slug)."""
    return text if len(text) <= MAX_SHORT_NAME else text[: MAX_SHORT_NAME - 9] + "~" + _digest(text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _description(cite: str, element_id: str, text: str, span: SourceSpan) -> str:
    """The whole statement, then where it comes from: element ID, the standard's key
    and version (the framework's ID number) and the source line, as ``key-v2:163``
    (what a Moodle admin can look up in kasip, unlike the import file's name)."""
    source = f"{cite}:{span.line_start}"
    return f"<p>{_html(text)}</p><p>{_html(element_id)} · {_html(source)}</p>"


def _standard_description(key: str, doc: Document) -> str:
    std = doc.standard
    order = " ".join(
        p for p in (std.order.number and f"No {std.order.number}", std.order.date) if p
    )
    return f"<p>{_html(std.title)}</p><p>{_html(order)} · {_html(key)}</p>"


def _card_description(doc: Document, card: ProfessionCard) -> str:
    return f"<p>{_html(card.name)}</p><p>{_html(card.id)} · {_html(doc.standard.title)}</p>"


def _html(text: str) -> str:
    """Text for an HTML description on one line (Moodle's CSV reader trims each field)."""
    return html.escape(" ".join(text.split())).replace("\\", "&#92;")
