"""What matching a free text (vacancy, CV, job description) to cards returns."""

from __future__ import annotations

from kasip.match.level import LevelReason
from kasip.model import FrozenModel
from kasip.search.models import HitElement

__all__ = ["Evidence", "Match", "MatchResult"]


class Evidence(FrozenModel):
    """A sentence of the text and the card element it matched.

    ``matched`` is the part of the element the sentence matched: the element
    itself, or one clause of an element that lists several duties.
    """

    sentence: str
    sentence_index: int  # 0-based, in the order of the text
    element: HitElement
    matched: str
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
    """Ranked cards, best first; ``confident`` is False for "no confident match".

    ``level_reason`` says why the top card's level was chosen (None when no
    card matched); ``also_consider`` names the other cards (by card ID, among
    ``matches``) whose evidence comes close to the top card's.
    """

    confident: bool
    language: str
    sentences: int
    threshold: float
    matches: tuple[Match, ...] = ()
    level_reason: LevelReason | None = None
    also_consider: tuple[str, ...] = ()
