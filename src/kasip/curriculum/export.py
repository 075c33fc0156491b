"""The alignment report as the JSON of ``kasip align --json`` (issue 14's contract).

The issue fixes the shape::

    {"cards": [{"card": ID, "coverage": {"skills": x, "knowledge": y},
                "elements": [{"id", "type", "covered_by": [{"outcome", "score"}]}],
                "uncovered": [ID, ...]}],
     "unmapped": [outcome, ...]}

Keys are only added beside those (docs/curriculum.md lists them): per card its
standard, name and labour functions; per element its function, text and
source line; per covering outcome its number, module and the link's status;
and at the top the source file, the link rule and the matrix.
"""

from __future__ import annotations

from typing import Any

from kasip.curriculum.models import AlignmentReport, CardCoverage, ElementCoverage

__all__ = ["report_json"]


def _element(element: ElementCoverage) -> dict[str, Any]:
    return {
        "id": element.id,
        "type": element.type,
        "covered_by": [
            {
                "outcome": c.outcome,
                "score": c.score,
                "number": c.number,
                "module": c.module,
                "status": c.status,
            }
            for c in element.covered_by
        ],
        "function": element.function,
        "text": element.text,
        "line": element.line,
    }


def _card(card: CardCoverage) -> dict[str, Any]:
    return {
        "card": card.card,
        "coverage": card.coverage.model_dump(),
        "elements": [_element(e) for e in card.elements],
        "uncovered": list(card.uncovered),
        "standard": card.standard,
        "name": card.name,
        "functions": [f.model_dump(mode="json") for f in card.functions],
    }


def report_json(report: AlignmentReport) -> dict[str, Any]:
    """The report as the issue's JSON (see module doc), ready for ``json.dumps``."""
    return {
        "cards": [_card(c) for c in report.cards],
        "unmapped": list(report.unmapped),
        "source": report.source,
        "rule": report.rule.model_dump(),
        "matrix": [row.model_dump() for row in report.matrix],
    }
