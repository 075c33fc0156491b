"""Qualification assessment against the registry's cards (issue 12): programmes first.

A methodologist drafts a programme from a card (:func:`draft_programme`): a
theory blueprint from its knowledge elements and practical tasks with rubric
criteria from its skills, under the centre's rules (:class:`ProgrammeRules`,
whose defaults are kasip's, never law). The programme records the standard
version and element IDs it was built from and says when a newer version
changes them (:func:`check_currency`). Who may do what is
:mod:`kasip.accounts`'s.
"""

from kasip.assessment.currency import Currency, check_currency
from kasip.assessment.drafting import draft_programme
from kasip.assessment.models import (
    BlueprintRow,
    Criterion,
    ElementRef,
    PracticalTask,
    Programme,
    ProgrammeRules,
    StoredProgramme,
)
from kasip.assessment.programmes import get_programme, list_programmes, save_programme

__all__ = [
    "BlueprintRow",
    "Criterion",
    "Currency",
    "ElementRef",
    "PracticalTask",
    "Programme",
    "ProgrammeRules",
    "StoredProgramme",
    "check_currency",
    "draft_programme",
    "get_programme",
    "list_programmes",
    "save_programme",
]
