"""Question banks for the API: written by methodologists, read by the centre's staff.

Candidates never read the bank (it holds the answers): every builder here
asks for a methodologist (to write) or a member of staff (to read). A
question is checked against its card as the registry holds it now: its
elements must be the card's.
"""

from __future__ import annotations

from typing import Literal

from kasip import accounts, assessment
from kasip.assessment import Coverage, Programme, Question, QuestionBody
from kasip.model.vocabulary import Role
from kasip.pages.lookup import find_card
from kasip.pages.models import PageModel
from kasip.registry import Registry

__all__ = [
    "STAFF",
    "CoveragePage",
    "ImportedQuestions",
    "QuestionsPage",
    "add_question",
    "build_coverage",
    "build_question",
    "build_questions",
    "change_question",
    "export_questions",
    "import_questions",
]

STAFF: tuple[Role, ...] = ("methodologist", "assessor", "admin")
FileFormat = Literal["csv", "xlsx"]


class QuestionsPage(PageModel):
    """A page of a card's questions: ``{"data": [...], "count", "page", "per_page"}``."""

    data: tuple[Question, ...]
    count: int
    page: int
    per_page: int


class ImportedQuestions(PageModel):
    """What a file did to the bank: questions added and changed, in the file's order."""

    created: int
    updated: int
    data: tuple[Question, ...]


class CoveragePage(PageModel):
    """A programme's elements and their questions; ``missing``: how many have none."""

    programme_id: int
    programme: Programme
    coverage: Coverage
    missing: int


def add_question(registry: Registry, actor: accounts.User, body: QuestionBody) -> Question:
    """Add a question to its card's bank (methodologists only).

    Raises:
        Forbidden: Not a methodologist.
        InvalidInput: An element its card does not have.
        NotFound: No such card.
    """
    accounts.require_role(actor, "methodologist")
    card = find_card(registry, body.card_id).card
    return assessment.save_question(registry.engine, card, body, actor=actor.login)


def change_question(
    registry: Registry, actor: accounts.User, question_id: int, body: QuestionBody
) -> Question:
    """Change a question (methodologists only); its card stays the same."""
    accounts.require_role(actor, "methodologist")
    card = find_card(registry, body.card_id).card
    return assessment.save_question(
        registry.engine, card, body, actor=actor.login, question_id=question_id
    )


def build_question(registry: Registry, actor: accounts.User, question_id: int) -> Question:
    """A question of the bank (staff only)."""
    accounts.require_role(actor, *STAFF)
    return assessment.get_question(registry.engine, question_id)


def build_questions(
    registry: Registry, actor: accounts.User, card_id: str, *, page: int = 1, per_page: int = 50
) -> QuestionsPage:
    """A card's questions, oldest first (staff only)."""
    accounts.require_role(actor, *STAFF)
    found = assessment.list_questions(registry.engine, card_id)
    chosen = tuple(found[(page - 1) * per_page : page * per_page])
    return QuestionsPage(data=chosen, count=len(found), page=page, per_page=per_page)


def import_questions(
    registry: Registry, actor: accounts.User, card_id: str, data: bytes, *, name: str
) -> ImportedQuestions:
    """Add and change a card's questions from a CSV or XLSX file, all or none (methodologists).

    Raises:
        ImportRejected: A problem in the file, named by row and column.
        InvalidInput, NotFound: As :func:`add_question`; nothing is kept.
    """
    accounts.require_role(actor, "methodologist")
    card = find_card(registry, card_id).card
    changes = assessment.read_questions(data, name=name, card_id=card.id)
    saved = assessment.save_questions(registry.engine, card, changes, actor=actor.login)
    updated = sum(1 for question_id, _ in changes if question_id is not None)
    return ImportedQuestions(created=len(saved) - updated, updated=updated, data=tuple(saved))


def export_questions(
    registry: Registry, actor: accounts.User, card_id: str, file_format: FileFormat
) -> bytes:
    """A card's questions as a CSV or XLSX file that :func:`import_questions` reads back (staff)."""
    accounts.require_role(actor, *STAFF)
    bank = assessment.list_questions(registry.engine, card_id)
    return (
        assessment.questions_csv(bank) if file_format == "csv" else assessment.questions_xlsx(bank)
    )


def build_coverage(registry: Registry, actor: accounts.User, programme_id: int) -> CoveragePage:
    """Which of a programme's elements have questions, and which none yet (staff only)."""
    accounts.require_role(actor, *STAFF)
    stored = assessment.get_programme(registry.engine, programme_id)
    bank = assessment.list_questions(registry.engine, stored.programme.card_id)
    found = assessment.coverage(stored.programme, bank)
    return CoveragePage(
        programme_id=stored.id,
        programme=stored.programme,
        coverage=found,
        missing=len(found.missing),
    )
