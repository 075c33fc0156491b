"""The web pages: templates, static files and the routes of :mod:`kasip.web.routes`."""

from kasip.web.routes import router

__all__ = ["router"]
