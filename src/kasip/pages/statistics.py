"""A programme's statistics for the API and the web page: the centre's own figures.

Methodologists and admins read them (:func:`kasip.assessment.programme_statistics`):
pass rate, each question's difficulty and discrimination; and take them away
as CSV or XLSX. Assessors and candidates do not: the figures show which
questions are drawn and how often they are answered right.
"""

from __future__ import annotations

from typing import Literal

from kasip import accounts, assessment
from kasip.assessment import ProgrammeStatistics
from kasip.pages.roles import CENTRE
from kasip.registry import Registry

__all__ = ["build_statistics", "export_statistics"]


def build_statistics(
    registry: Registry, actor: accounts.User, programme_id: int
) -> ProgrammeStatistics:
    """The programme's statistics (methodologists and admins).

    Raises:
        Forbidden: Another role.
        NotFound: No such programme.
    """
    accounts.require_role(actor, *CENTRE)
    assessment.get_programme(registry.engine, programme_id)
    return assessment.programme_statistics(registry.engine, programme_id)


def export_statistics(
    registry: Registry, actor: accounts.User, programme_id: int, file_format: Literal["csv", "xlsx"]
) -> bytes:
    """The programme's statistics as a file: CSV (the questions) or XLSX (summary and questions)."""
    found = build_statistics(registry, actor, programme_id)
    if file_format == "csv":
        return assessment.statistics_csv(found)
    return assessment.statistics_xlsx(found)
