"""The gap analysis and the development plan as files: an XLSX workbook, the ratings CSV.

The workbook has three sheets: the labour functions with their tallies, every
element rated (gaps and strengths), and the plan; its headers are in the
reader's language (:mod:`kasip.i18n`), the card's texts as published. The
ratings CSV (:func:`ratings_csv`) is the file a worker fills in and gives back
to ``kasip gap --ratings`` (docs/gaps.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.formats.tables import table_csv, table_xlsx
from kasip.gaps.models import ElementRating, GapAnalysis, RatedElement, Rating
from kasip.gaps.plan import DevelopmentPlan
from kasip.gaps.ratings import ratings_template
from kasip.i18n import translations
from kasip.model import ProfessionCard

__all__ = ["gaps_xlsx", "rating_label", "ratings_csv"]


def ratings_csv(card: ProfessionCard, given: Sequence[ElementRating] = ()) -> bytes:
    """The ratings file to fill in for ``card`` (UTF-8 CSV; given ratings filled in)."""
    return table_csv(
        ("element", "type", "text", "rating", "evidence"), ratings_template(card, given)
    )


def rating_label(rating: Rating | None, lang: str) -> str:
    """A rating in the reader's words."""
    gettext = translations(lang).gettext
    labels = {
        "fully": gettext("fully"),
        "partly": gettext("partly"),
        "not-yet": gettext("not yet"),
        None: gettext("not rated"),
    }
    return labels[rating]


def gaps_xlsx(analysis: GapAnalysis, plan: DevelopmentPlan, *, lang: str) -> bytes:
    """The analysis and the plan as an XLSX workbook (sheets: functions, elements, plan)."""
    gettext = translations(lang).gettext
    functions = [
        (
            f.id,
            f.title,
            f.skills.total,
            f.skills.fully,
            f.skills.partly,
            f.knowledge.total,
            f.knowledge.fully,
            f.knowledge.partly,
            round(100 * f.score),
        )
        for f in analysis.functions
    ]
    elements = [_element_row(e, lang) for f in analysis.functions for e in _rated(analysis, f.id)]
    items = [
        (
            i.number,
            i.function_title,
            i.element_id,
            i.text,
            rating_label(i.rating, lang),
            i.action,
            i.evidence,
            i.target.isoformat(),
        )
        for i in plan.items
    ]
    return table_xlsx(
        {
            gettext("Labour functions"): (
                (
                    "ID",
                    gettext("Labour function"),
                    gettext("Skills"),
                    gettext("fully"),
                    gettext("partly"),
                    gettext("Knowledge"),
                    gettext("fully"),
                    gettext("partly"),
                    gettext("Mastered, %"),
                ),
                functions,
            ),
            gettext("Elements"): (
                ("ID", gettext("Type"), gettext("Element"), gettext("Rating"), gettext("Evidence")),
                elements,
            ),
            gettext("Development plan"): (
                (
                    "№",
                    gettext("Labour function"),
                    "ID",
                    gettext("Element"),
                    gettext("Now"),
                    gettext("Action"),
                    gettext("Evidence that it is closed"),
                    gettext("Target date"),
                ),
                items,
            ),
        }
    )


def _rated(analysis: GapAnalysis, function_id: str) -> list[RatedElement]:
    return [e for e in analysis.elements if e.function_id == function_id]


def _element_row(element: RatedElement, lang: str) -> tuple[str, ...]:
    gettext = translations(lang).gettext
    kind = gettext("skill") if element.type == "skill" else gettext("knowledge")
    return (element.id, kind, element.text, rating_label(element.rating, lang), element.evidence)
