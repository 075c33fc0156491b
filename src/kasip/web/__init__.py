"""The web pages: templates, static files and the routes of :mod:`kasip.web.routes`."""

from kasip.web import account, assessment, attempts, questions, statistics
from kasip.web.routes import router

# The account and assessment pages come first: /login, /register, /account,
# /logout, /programmes, /applications, /attempts and /questions are theirs.
router.include_router(account.router)
router.include_router(assessment.router)
router.include_router(attempts.router)
router.include_router(questions.router)
router.include_router(statistics.router)

__all__ = ["router"]
