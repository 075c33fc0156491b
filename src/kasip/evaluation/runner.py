"""Ask a registry the labelled queries and texts; the outcomes feed the metrics."""

from __future__ import annotations

from collections.abc import Sequence

from kasip.evaluation.datasets import MatchCase, SearchCase
from kasip.evaluation.models import MatchOutcome, Prediction, SearchOutcome
from kasip.match.models import MatchResult
from kasip.registry import Registry
from kasip.search.models import SearchResult

__all__ = ["match_outcome", "run_match", "run_search", "search_outcome"]


def search_outcome(case_id: str, result: SearchResult) -> SearchOutcome:
    """The element IDs and scores of a search result, best first."""
    return SearchOutcome(
        case_id=case_id,
        hit_ids=tuple(hit.element.id for hit in result.hits),
        scores=tuple(hit.score for hit in result.hits),
    )


def run_search(
    registry: Registry, cases: Sequence[SearchCase], *, limit: int = 20
) -> dict[str, SearchOutcome]:
    """Search the registry for every query.

    Args:
        registry: The registry to ask.
        cases: The labelled queries.
        limit: The most hits per query (at least 5 for Recall@5 to mean it).

    Returns:
        The outcome of each case, by case ID.
    """
    return {
        case.id: search_outcome(case.id, registry.search(case.query, limit=limit)) for case in cases
    }


def match_outcome(case_id: str, result: MatchResult) -> MatchOutcome:
    """The ranked cards of a match result, best first."""
    return MatchOutcome(
        case_id=case_id,
        confident=result.confident,
        predictions=tuple(
            Prediction(code=m.code, level=m.level, confidence=m.confidence) for m in result.matches
        ),
    )


def run_match(registry: Registry, cases: Sequence[MatchCase]) -> dict[str, MatchOutcome]:
    """Match every text against the registry's cards (top 5 each).

    Returns:
        The outcome of each case, by case ID.
    """
    return {case.id: match_outcome(case.id, registry.match(case.text, limit=5)) for case in cases}
