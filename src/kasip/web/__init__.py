"""The web pages: templates, static files and the routes of :mod:`kasip.web.routes`."""

from kasip.web import account
from kasip.web.routes import router

# The account pages come first: /login, /register, /account and /logout are theirs.
router.include_router(account.router)

__all__ = ["router"]
