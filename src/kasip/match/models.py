"""What matching a free text (vacancy, CV, job description) to cards returns."""

from __future__ import annotations

from kasip.model import FrozenModel
from kasip.search.models import HitElement

__all__ = ["Evidence", "Match", "MatchResult"]


class Evidence(FrozenModel):
    """A sentence of the text and the card element it matched."""

    sentence: str
    sentence_index: int  # 0-based, in the order of the text
    element: HitElement
    score: float


class Match(FrozenModel):
    """A card the text fits, with a calibrated confidence in [0, 1]."""

    code: str | None
    level: int | None
    name: str
    card_id: str
    standard: str
    confidence: float
    evidence: tuple[Evidence, ...]


class MatchResult(FrozenModel):
    """Ranked cards, best first; ``confident`` is False for "no confident match"."""

    confident: bool
    language: str
    sentences: int
    threshold: float
    matches: tuple[Match, ...] = ()
