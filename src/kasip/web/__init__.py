"""The web pages: templates, static files and the routes of :mod:`kasip.web.routes`."""

from kasip.web import (
    account,
    alignments,
    assessment,
    attempts,
    certificates,
    gaps,
    jobs,
    questions,
    statistics,
    stored_alignments,
)
from kasip.web.routes import router

# The account and assessment pages come first: /login, /register, /account,
# /logout, /programmes, /applications, /attempts, /questions, /certificates and
# /verify are theirs. Kept alignments (/alignments/saved, /alignments/{id}) come
# before the alignment form's own routes.
router.include_router(account.router)
router.include_router(assessment.router)
router.include_router(attempts.router)
router.include_router(questions.router)
router.include_router(statistics.router)
router.include_router(certificates.router)
router.include_router(gaps.router)
router.include_router(jobs.router)
router.include_router(stored_alignments.router)
router.include_router(alignments.router)

__all__ = ["router"]
