"""Who runs the centre's side of an assessment, for every use case that asks.

Methodologists and admins assign assessors, decide appeals, read the
statistics and revoke certificates; the question banks are read by the
centre's staff (assessors too, :data:`kasip.pages.questions.STAFF`).
"""

from __future__ import annotations

from kasip.model.vocabulary import Role

__all__ = ["CENTRE"]

CENTRE: tuple[Role, ...] = ("methodologist", "admin")
