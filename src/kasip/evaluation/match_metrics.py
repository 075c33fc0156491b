"""Match metrics: top-k accuracy, calibration by confidence band, rejection."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from kasip.evaluation.datasets import MatchCase
from kasip.evaluation.models import (
    BandMetrics,
    MatchAccuracy,
    MatchFailure,
    MatchOutcome,
    MatchReport,
    Prediction,
    ReliabilityBin,
)

__all__ = ["BANDS", "RELIABILITY_BINS", "evaluate_match", "is_correct"]

# Confidence bands of the top-1 prediction; the last one includes 1.0.
BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0))
RELIABILITY_BINS = 10  # of the reliability diagram, each 0.1 wide


def is_correct(prediction: Prediction, case: MatchCase, *, by_level: bool = False) -> bool:
    """Whether a predicted card is the expected one or an acceptable one.

    Args:
        prediction: The predicted card.
        case: The labelled text; a negative (``expected`` is None) is never matched.
        by_level: Compare code and level, not the code alone.

    Example:
        >>> from kasip.evaluation.datasets import CardRef
        >>> case = MatchCase(id="m", lang="kk", kind="cv", text="...",
        ...                  expected=CardRef(code="2635-3-001", level=5))
        >>> guess = Prediction(code="2635-3-001", level=6, confidence=0.9)
        >>> is_correct(guess, case), is_correct(guess, case, by_level=True)
        (True, False)
    """
    if case.expected is None:
        return False
    targets = (case.expected, *case.acceptable)
    if by_level:
        return any((t.code, t.level) == (prediction.code, prediction.level) for t in targets)
    return any(t.code == prediction.code for t in targets)


def evaluate_match(cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]) -> MatchReport:
    """Score the outcomes of a matcher against labelled texts.

    Args:
        cases: The labelled texts.
        outcomes: The matcher's answer for each case, by case ID.

    Returns:
        The report (see :class:`~kasip.evaluation.models.MatchReport` for the
        definitions of the rates).

    Raises:
        KeyError: A case has no outcome.
    """
    positives = [c for c in cases if c.expected is not None]
    negatives = [c for c in cases if c.expected is None]
    right_top1 = [c for c in positives if _top1_correct(c, outcomes[c.id])]
    reliability = _reliability(cases, outcomes)
    return MatchReport(
        texts=len(cases),
        positives=len(positives),
        negatives=len(negatives),
        overall=_accuracy(positives, outcomes),
        by_lang=_grouped(positives, outcomes, lambda case: case.lang),
        by_kind=_grouped(positives, outcomes, lambda case: case.kind),
        bands=_bands(cases, outcomes),
        reliability=reliability,
        calibration_error=_calibration_error(reliability),
        negative_rejection_rate=_share(
            sum(not outcomes[c.id].confident for c in negatives), len(negatives)
        ),
        false_rejection_rate=_share(
            sum(not outcomes[c.id].confident for c in right_top1), len(right_top1)
        ),
        failures=tuple(_failures(cases, outcomes)),
        confusion=_confusion(cases, outcomes),
    )


def _grouped(
    cases: Sequence[MatchCase],
    outcomes: Mapping[str, MatchOutcome],
    key: Callable[[MatchCase], str],
) -> dict[str, MatchAccuracy]:
    groups: defaultdict[str, list[MatchCase]] = defaultdict(list)
    for case in cases:
        groups[key(case)].append(case)
    return {name: _accuracy(group, outcomes) for name, group in sorted(groups.items())}


def _confusion(
    cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]
) -> dict[str, dict[str, int]]:
    """Expected code → top-1 code → texts; a right answer counts under its own code.

    A negative counts as answered ("-" → code) only when the answer is confident.
    """
    table: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        outcome = outcomes[case.id]
        expected = case.expected.code if case.expected else "-"
        rejected = case.expected is None and not outcome.confident
        top = outcome.predictions[0] if outcome.predictions and not rejected else None
        got = "-" if top is None else expected if is_correct(top, case) else (top.code or "-")
        table[expected][got] += 1
    return {code: dict(sorted(row.items())) for code, row in sorted(table.items())}


def _top1_correct(case: MatchCase, outcome: MatchOutcome, *, by_level: bool = False) -> bool:
    return bool(outcome.predictions) and is_correct(outcome.predictions[0], case, by_level=by_level)


def _in_top(case: MatchCase, outcome: MatchOutcome, k: int, *, by_level: bool) -> bool:
    return any(is_correct(p, case, by_level=by_level) for p in outcome.predictions[:k])


def _accuracy(cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]) -> MatchAccuracy:
    leveled = [c for c in cases if _level_known(c)]

    def share(group: Sequence[MatchCase], k: int, by_level: bool) -> float:
        hits = sum(_in_top(c, outcomes[c.id], k, by_level=by_level) for c in group)
        return _share(hits, len(group))

    return MatchAccuracy(
        texts=len(cases),
        top1_code=share(cases, 1, False),
        top3_code=share(cases, 3, False),
        texts_with_level=len(leveled),
        top1_code_level=share(leveled, 1, True),
        top3_code_level=share(leveled, 3, True),
    )


def _level_known(case: MatchCase) -> bool:
    return case.expected is not None and case.expected.level is not None


def _band_index(confidence: float) -> int:
    for index, (_, high) in enumerate(BANDS[:-1]):
        if confidence < high:
            return index
    return len(BANDS) - 1


def _bands(
    cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]
) -> tuple[BandMetrics, ...]:
    counts = [0] * len(BANDS)
    correct = [0] * len(BANDS)
    for case in cases:
        outcome = outcomes[case.id]
        if not outcome.predictions:
            continue
        index = _band_index(outcome.predictions[0].confidence)
        counts[index] += 1
        correct[index] += _top1_correct(case, outcome)
    return tuple(
        BandMetrics(low=low, high=high, count=n, share_correct=_share(ok, n))
        for (low, high), n, ok in zip(BANDS, counts, correct, strict=True)
    )


def _reliability(
    cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]
) -> tuple[ReliabilityBin, ...]:
    """Top-1 confidence against being right, in :data:`RELIABILITY_BINS` equal bins.

    A negative's top answer is never right: a matcher that is sure of a card
    for a text no card fits is overconfident, whatever it says.
    """
    confidences: list[list[float]] = [[] for _ in range(RELIABILITY_BINS)]
    correct = [0] * RELIABILITY_BINS
    for case in cases:
        outcome = outcomes[case.id]
        if not outcome.predictions:
            continue
        value = outcome.predictions[0].confidence
        index = min(int(value * RELIABILITY_BINS), RELIABILITY_BINS - 1)
        confidences[index].append(value)
        correct[index] += _top1_correct(case, outcome)
    return tuple(
        ReliabilityBin(
            low=index / RELIABILITY_BINS,
            high=(index + 1) / RELIABILITY_BINS,
            count=len(values),
            mean_confidence=sum(values) / len(values) if values else 0.0,
            share_correct=_share(right, len(values)),
        )
        for index, (values, right) in enumerate(zip(confidences, correct, strict=True))
    )


def _calibration_error(bins: Sequence[ReliabilityBin]) -> float:
    """The expected calibration error: |confidence - accuracy| per bin, weighted by texts.

    >>> b = [ReliabilityBin(low=0.9, high=1.0, count=4, mean_confidence=0.95, share_correct=0.5)]
    >>> round(_calibration_error(b), 2)
    0.45
    """
    total = sum(b.count for b in bins)
    gap = sum(b.count * abs(b.mean_confidence - b.share_correct) for b in bins)
    return gap / total if total else 0.0


def _failures(
    cases: Sequence[MatchCase], outcomes: Mapping[str, MatchOutcome]
) -> list[MatchFailure]:
    failures = []
    for case in cases:
        outcome = outcomes[case.id]
        if case.expected is None:
            failed = outcome.confident
        else:
            failed = not _top1_correct(case, outcome, by_level=_level_known(case))
        if failed:
            got = outcome.predictions[0] if outcome.predictions else None
            failures.append(
                MatchFailure(
                    id=case.id, expected=case.expected, got=got, confident=outcome.confident
                )
            )
    return failures


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0
