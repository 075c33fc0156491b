"""What the harness measures: outcomes per case, and the metric reports."""

from __future__ import annotations

from kasip.evaluation.datasets import CardRef
from kasip.model import FrozenModel

__all__ = [
    "BandMetrics",
    "MatchAccuracy",
    "MatchFailure",
    "MatchOutcome",
    "MatchReport",
    "NegativeMetrics",
    "Prediction",
    "ReliabilityBin",
    "SearchFailure",
    "SearchMetrics",
    "SearchOutcome",
    "SearchReport",
]


class SearchOutcome(FrozenModel):
    """The ranked hits one engine gave for one query: element IDs and scores, best first."""

    case_id: str
    hit_ids: tuple[str, ...]
    scores: tuple[float, ...]


class Prediction(FrozenModel):
    """One ranked card of a match."""

    code: str | None
    level: int | None
    confidence: float


class MatchOutcome(FrozenModel):
    """What an engine answered for one text: cards best first, and its own verdict."""

    case_id: str
    confident: bool
    predictions: tuple[Prediction, ...]


class SearchMetrics(FrozenModel):
    """Recall@k and MRR over the queries that have relevant IDs.

    ``recall_at_k`` is the share of those queries with at least one relevant
    hit among the first k (a "success at k"), not the share of relevant IDs
    found: a query lists every element that answers it, and one is enough.
    ``mrr`` is the mean of 1/rank of the first relevant hit (0 when none).
    """

    queries: int
    recall_at_1: float
    recall_at_5: float
    mrr: float


class NegativeMetrics(FrozenModel):
    """Queries the registry does not cover: how often nothing came back."""

    queries: int
    share_without_hits: float
    mean_top_score: float


class SearchFailure(FrozenModel):
    """A query with no relevant hit in the top 5, or a negative with hits."""

    id: str
    query: str
    relevant: tuple[str, ...]
    got: tuple[str, ...]


class SearchReport(FrozenModel):
    """Search quality: overall, per language and per kind of query."""

    queries: int
    overall: SearchMetrics
    by_lang: dict[str, SearchMetrics]
    by_kind: dict[str, SearchMetrics]
    negatives: NegativeMetrics
    failures: tuple[SearchFailure, ...]


class MatchAccuracy(FrozenModel):
    """Top-k accuracy over texts that a card covers, by code and by code and level.

    The code+level shares count only the ``texts_with_level`` texts whose
    expected level is known: a text labelled ``level: null`` counts for the code.
    """

    texts: int
    top1_code: float
    top3_code: float
    texts_with_level: int
    top1_code_level: float
    top3_code_level: float


class BandMetrics(FrozenModel):
    """Texts whose top-1 confidence falls in ``[low, high)`` (the last band includes 1.0)."""

    low: float
    high: float
    count: int
    share_correct: float


class ReliabilityBin(FrozenModel):
    """Texts whose top-1 confidence falls in ``[low, high)`` (the last bin includes 1.0):
    how confident the matcher was on average, and how often it was right."""

    low: float
    high: float
    count: int
    mean_confidence: float
    share_correct: float


class MatchFailure(FrozenModel):
    """A text whose top-1 card is wrong, or a negative that was matched confidently."""

    id: str
    expected: CardRef | None
    got: Prediction | None
    confident: bool


class MatchReport(FrozenModel):
    """Matching quality, calibration and rejection.

    ``negative_rejection_rate``: share of negatives answered with
    ``confident == False``. ``false_rejection_rate``: among positives whose
    top-1 code is right, the share answered with ``confident == False``.
    A negative's top-1 prediction is never correct in ``bands``.
    """

    texts: int
    positives: int
    negatives: int
    overall: MatchAccuracy
    by_lang: dict[str, MatchAccuracy]
    by_kind: dict[str, MatchAccuracy]
    bands: tuple[BandMetrics, ...]
    # Ten bins of the reliability diagram, and the expected calibration error:
    # the texts' mean gap between confidence and being right, bin by bin.
    reliability: tuple[ReliabilityBin, ...]
    calibration_error: float
    negative_rejection_rate: float
    false_rejection_rate: float
    failures: tuple[MatchFailure, ...]
    # Expected code ("-" for a negative) → top-1 code ("-" for no answer) → texts.
    confusion: dict[str, dict[str, int]]
