"""Qualification assessment against the registry's cards (issue 12): programmes first.

A methodologist drafts a programme from a card (:func:`draft_programme`): a
theory blueprint from its knowledge elements and practical tasks with rubric
criteria from its skills, under the centre's rules (:class:`ProgrammeRules`,
whose defaults are kasip's, never law). The programme records the standard
version and element IDs it was built from and says when a newer version
changes them (:func:`check_currency`). Questions, tied to the elements they
check, are written one by one or as a spreadsheet (:mod:`~kasip.assessment.files`),
and :func:`coverage` shows the programme's elements no question checks yet.
Candidates apply for programmes (:func:`apply`): their declared education and
experience are checked against the card (:func:`check_eligibility`), and an
assessor may record an exception (:func:`record_exception`). A theory test is
drawn by the blueprint (:func:`draw_test`) and scored per labour function with
the practical part's rubric points, to the verdict (:func:`score`). An admitted
candidate sits it as an attempt (:func:`start_attempt`, timed by the server's
clock, each answer kept as it is given); the assigned assessor scores the
practical part (:func:`score_practice`); appeals and re-assessment are kept
with every verdict (:mod:`~kasip.assessment.verdicts`).
Who may do what is :mod:`kasip.accounts`'s.
"""

from kasip.assessment.applications import (
    Application,
    Declaration,
    apply,
    get_application,
    list_applications,
    record_exception,
)
from kasip.assessment.attempts import (
    clock,
    get_attempt,
    list_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
    theory_sheet,
)
from kasip.assessment.bank import (
    card_elements,
    check_elements,
    get_question,
    list_questions,
    save_question,
    save_questions,
)
from kasip.assessment.coverage import Coverage, CoveredElement, coverage
from kasip.assessment.currency import Currency, check_currency
from kasip.assessment.drafting import draft_programme
from kasip.assessment.eligibility import (
    EDUCATION_LEVELS,
    EducationLevel,
    Eligibility,
    check_eligibility,
    education_level,
)
from kasip.assessment.files import questions_csv, questions_xlsx, read_questions
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
from kasip.assessment.questions import (
    Option,
    Question,
    QuestionBody,
    QuestionKind,
    RubricCriterion,
)
from kasip.assessment.scoring import (
    Answer,
    Draw,
    DrawnQuestion,
    FunctionScore,
    Result,
    draw_test,
    score,
)
from kasip.assessment.sheets import (
    ATTEMPT_STATES,
    Appeal,
    Attempt,
    AttemptState,
    GivenAnswer,
    RubricScore,
    SavedAnswer,
    SheetOption,
    SheetQuestion,
    TestSheet,
    Verdict,
)
from kasip.assessment.statistics import (
    ItemStatistics,
    ProgrammeStatistics,
    programme_statistics,
    statistics_csv,
    statistics_xlsx,
)
from kasip.assessment.verdicts import appeal, assign_assessor, decide_appeal, score_practice

__all__ = [
    "ATTEMPT_STATES",
    "EDUCATION_LEVELS",
    "Answer",
    "Appeal",
    "Application",
    "Attempt",
    "AttemptState",
    "BlueprintRow",
    "Coverage",
    "CoveredElement",
    "Criterion",
    "Currency",
    "Declaration",
    "Draw",
    "DrawnQuestion",
    "EducationLevel",
    "ElementRef",
    "Eligibility",
    "FunctionScore",
    "GivenAnswer",
    "ItemStatistics",
    "Option",
    "PracticalTask",
    "Programme",
    "ProgrammeRules",
    "ProgrammeStatistics",
    "Question",
    "QuestionBody",
    "QuestionKind",
    "Result",
    "RubricCriterion",
    "RubricScore",
    "SavedAnswer",
    "SheetOption",
    "SheetQuestion",
    "StoredProgramme",
    "TestSheet",
    "Verdict",
    "appeal",
    "apply",
    "assign_assessor",
    "card_elements",
    "check_currency",
    "check_elements",
    "check_eligibility",
    "clock",
    "coverage",
    "decide_appeal",
    "draft_programme",
    "draw_test",
    "education_level",
    "get_application",
    "get_attempt",
    "get_programme",
    "get_question",
    "list_applications",
    "list_attempts",
    "list_programmes",
    "list_questions",
    "programme_statistics",
    "questions_csv",
    "questions_xlsx",
    "read_questions",
    "record_exception",
    "save_answer",
    "save_programme",
    "save_question",
    "save_questions",
    "score",
    "score_practice",
    "start_attempt",
    "statistics_csv",
    "statistics_xlsx",
    "submit_attempt",
    "theory_sheet",
]
