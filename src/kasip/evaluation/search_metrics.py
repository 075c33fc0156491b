"""Search metrics: Recall@1, Recall@5 and MRR, overall, per language and per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from kasip.evaluation.datasets import SearchCase
from kasip.evaluation.models import (
    NegativeMetrics,
    SearchFailure,
    SearchMetrics,
    SearchOutcome,
    SearchReport,
)
from kasip.model.ids import is_within

__all__ = ["evaluate_search", "first_relevant_rank", "is_relevant"]

_SHOWN_HITS = 3


def is_relevant(hit_id: str, relevant: Iterable[str]) -> bool:
    """Whether a hit's element ID is, or lies inside, one of the relevant IDs.

    A relevant card ID covers the card's elements; a bare code covers every
    level's card.

    Example:
        >>> is_relevant("2635-3-001@5/f1/t2", ["2635-3-001@5"])
        True
        >>> is_relevant("2635-3-001@5", ["2635-3-001"])
        True
        >>> is_relevant("2635-3-0015", ["2635-3-001"])
        False
    """
    return any(is_within(hit_id, r) for r in relevant)


def first_relevant_rank(hit_ids: Sequence[str], relevant: Sequence[str]) -> int | None:
    """The 1-based rank of the first relevant hit, or None.

    Example:
        >>> first_relevant_rank(["occ2", "term1", "occ1"], ["occ1", "term1"])
        2
    """
    for rank, hit_id in enumerate(hit_ids, start=1):
        if is_relevant(hit_id, relevant):
            return rank
    return None


def evaluate_search(
    cases: Sequence[SearchCase], outcomes: Mapping[str, SearchOutcome]
) -> SearchReport:
    """Score the outcomes of a search engine against labelled queries.

    Args:
        cases: The labelled queries.
        outcomes: The engine's hits for each case, by case ID.

    Returns:
        The report; queries without relevant IDs (negatives) only count in
        ``negatives``.

    Raises:
        KeyError: A case has no outcome.

    Example:
        >>> case = SearchCase(id="q", query="x", lang="kk", kind="term", relevant=("occ1",))
        >>> hits = SearchOutcome(case_id="q", hit_ids=("occ2", "occ1"), scores=(2.0, 1.0))
        >>> report = evaluate_search([case], {"q": hits})
        >>> (report.overall.recall_at_1, report.overall.recall_at_5, report.overall.mrr)
        (0.0, 1.0, 0.5)
    """
    ranks: dict[str, int | None] = {}
    failures: list[SearchFailure] = []
    for case in cases:
        outcome = outcomes[case.id]
        if case.is_negative:
            failed = bool(outcome.hit_ids)
        else:
            rank = ranks[case.id] = first_relevant_rank(outcome.hit_ids, case.relevant)
            failed = rank is None or rank > 5
        if failed:
            failures.append(_failure(case, outcome))
    positives = [c for c in cases if not c.is_negative]
    return SearchReport(
        queries=len(cases),
        overall=_metrics([ranks[c.id] for c in positives]),
        by_lang=_grouped(positives, ranks, key="lang"),
        by_kind=_grouped(positives, ranks, key="kind"),
        negatives=_negatives([outcomes[c.id] for c in cases if c.is_negative]),
        failures=tuple(failures),
    )


def _metrics(ranks: Sequence[int | None]) -> SearchMetrics:
    found = [r for r in ranks if r is not None]
    n = len(ranks)
    return SearchMetrics(
        queries=n,
        recall_at_1=_share(sum(r <= 1 for r in found), n),
        recall_at_5=_share(sum(r <= 5 for r in found), n),
        mrr=sum(1 / r for r in found) / n if n else 0.0,
    )


def _grouped(
    cases: Sequence[SearchCase], ranks: Mapping[str, int | None], *, key: str
) -> dict[str, SearchMetrics]:
    groups: defaultdict[str, list[int | None]] = defaultdict(list)
    for case in cases:
        groups[str(getattr(case, key))].append(ranks[case.id])
    return {name: _metrics(group) for name, group in sorted(groups.items())}


def _negatives(outcomes: Sequence[SearchOutcome]) -> NegativeMetrics:
    n = len(outcomes)
    tops = [o.scores[0] if o.scores else 0.0 for o in outcomes]
    return NegativeMetrics(
        queries=n,
        share_without_hits=_share(sum(not o.hit_ids for o in outcomes), n),
        mean_top_score=sum(tops) / n if n else 0.0,
    )


def _failure(case: SearchCase, outcome: SearchOutcome) -> SearchFailure:
    return SearchFailure(
        id=case.id, query=case.query, relevant=case.relevant, got=outcome.hit_ids[:_SHOWN_HITS]
    )


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0
