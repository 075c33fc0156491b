"""The alignment report as an XLSX workbook, and the colour scale of its heat map.

Five sheets (docs/curriculum.md, "Files"): coverage per card and labour
function; every element with the outcomes covering it and their scores; the
uncovered elements; the outcomes that cover nothing; and the modules × labour
functions matrix, each cell's share written as a number and its fill taken
from :data:`HEAT_SCALE`, the scale the SVG heat map uses too. Headers are in
the reader's language (:mod:`kasip.i18n`); the card's and the programme's
texts as written, every element with its ID and source line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kasip.curriculum.models import AlignmentReport, LinkStatus
from kasip.formats.tables import add_sheet
from kasip.i18n import translations

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["HEAT_SCALE", "alignment_xlsx", "heat_colour", "status_label"]

# (lowest share, fill, text colour): a cell takes the last step its share reaches.
# Five steps, light to dark; the text on the darkest is white to keep its contrast.
HEAT_SCALE: tuple[tuple[float, str, str], ...] = (
    (0.0, "#f3f4f6", "#111111"),
    (0.0001, "#d1fae5", "#111111"),
    (0.25, "#6ee7b7", "#111111"),
    (0.5, "#34d399", "#111111"),
    (0.75, "#047857", "#ffffff"),
)

Rows = list[tuple[object, ...]]


def heat_colour(share: float) -> tuple[str, str]:
    """The fill and text colour of a matrix cell whose share is ``share`` (in [0, 1]).

    >>> heat_colour(0.0), heat_colour(0.8)
    (('#f3f4f6', '#111111'), ('#047857', '#ffffff'))
    """
    fill, text = HEAT_SCALE[0][1:]
    for lowest, step_fill, step_text in HEAT_SCALE:
        if share >= lowest:
            fill, text = step_fill, step_text
    return fill, text


def status_label(status: LinkStatus, lang: str) -> str:
    """A link's status in the reader's words."""
    pgettext = translations(lang).pgettext
    labels = {
        "proposed": pgettext("link", "proposed"),
        "confirmed": pgettext("link", "confirmed"),
        "rejected": pgettext("link", "rejected"),
        "added": pgettext("link", "added"),
    }
    return str(labels[status])


def _percent(share: float) -> int:
    return round(100 * share)


def _coverage_rows(report: AlignmentReport) -> Rows:
    rows: Rows = []
    for card in report.cards:
        skills = sum(f.skills for f in card.functions)
        knowledge = sum(f.knowledge for f in card.functions)
        c = card.coverage
        rows.append(
            (
                card.card,
                card.name,
                skills,
                _percent(c.skills),
                knowledge,
                _percent(c.knowledge),
                len(card.uncovered),
            )
        )
        for f in card.functions:
            rows.append(
                (
                    f.id,
                    f.title,
                    f.skills,
                    _percent(f.coverage.skills),
                    f.knowledge,
                    _percent(f.coverage.knowledge),
                    len(f.uncovered),
                )
            )
    return rows


def _element_rows(report: AlignmentReport, lang: str, kind: Callable[[str], str]) -> Rows:
    rows: Rows = []
    for card in report.cards:
        for e in card.elements:
            by = e.covered_by or (None,)
            for c in by:
                covering = (
                    (c.number, c.module, c.outcome, c.score, status_label(c.status, lang))
                    if c is not None
                    else ("", "", "", "", "")
                )
                rows.append((e.id, kind(e.type), e.text, e.line, *covering))
    return rows


def _uncovered_rows(report: AlignmentReport, kind: Callable[[str], str]) -> Rows:
    return [
        (e.id, kind(e.type), e.function, e.text, e.line)
        for card in report.cards
        for e in card.elements
        if not e.covered
    ]


def alignment_xlsx(report: AlignmentReport, *, lang: str) -> bytes:
    """The report as an XLSX workbook (see the module doc), labels in ``lang``."""
    from openpyxl import Workbook

    t = translations(lang)
    _ = t.gettext
    kinds = {"skill": _("skill"), "knowledge": _("knowledge")}

    def kind(value: str) -> str:
        return kinds[value]

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    share_skills = _("Skills covered") + ", %"
    share_knowledge = _("Knowledge covered") + ", %"
    sheets: list[tuple[str, Sequence[str], Rows]] = [
        (
            _("Coverage"),
            (
                "ID",
                _("Labour function"),
                _("Skills"),
                share_skills,
                _("Knowledge"),
                share_knowledge,
                _("Uncovered elements"),
            ),
            _coverage_rows(report),
        ),
        (
            _("Elements"),
            (
                "ID",
                _("Type"),
                _("Element"),
                _("Line"),
                "№",
                _("Module"),
                _("Learning outcome"),
                _("Score"),
                _("Link status"),
            ),
            _element_rows(report, lang, kind),
        ),
        (
            _("Uncovered elements"),
            ("ID", _("Type"), _("Labour function"), _("Element"), _("Line")),
            _uncovered_rows(report, kind),
        ),
        (_("Unmapped outcomes"), (_("Learning outcome"),), [(u,) for u in report.unmapped]),
    ]
    for title, columns, rows in sheets:
        add_sheet(book, title, columns, rows)
    _matrix_sheet(book, report, _("Matrix"), _("Module"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _matrix_sheet(book: Workbook, report: AlignmentReport, title: str, module: str) -> None:
    """Modules down, labour functions (by ID) across; each share a percentage in a coloured cell."""
    from openpyxl.styles import Font, PatternFill

    ids = [f.id for card in report.cards for f in card.functions]
    rows: Rows = [(row.module, *(_percent(row.cells[i]) for i in ids)) for row in report.matrix]
    sheet = add_sheet(book, title, (module, *ids), rows)
    for line, row in enumerate(report.matrix, start=2):
        for column, function in enumerate(ids, start=2):
            fill, text = heat_colour(row.cells[function])
            cell = sheet.cell(row=line, column=column)
            cell.fill = PatternFill(fill_type="solid", fgColor=fill.lstrip("#").upper())
            cell.font = Font(color=text.lstrip("#").upper())
