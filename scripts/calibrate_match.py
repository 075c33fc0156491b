"""Fit the match confidence model (kasip.match.engine.COEFFICIENTS) and cross-validate it.

Usage:
    python scripts/calibrate_match.py eval/match-dev.jsonl ../shared/eval/match-real-dev.jsonl \
        [--cv ../shared/eval/match-real-dev.jsonl] [--folds 5] [--repeats 5] \
        [--check eval/match-test.jsonl eval/match-holdout.jsonl]

For each text, the top card's features (Features.vector) and whether its code
is right (the expected one or an acceptable one; a negative is never right)
are collected on a registry holding the bundled standard; a logistic
regression with a small L2 penalty is fitted by Newton's method on all the
training files and printed, to be pasted into the engine.

--cv FILE (one of the training files) estimates how the model does on texts
it was not fitted on: FILE is cut into --folds folds (--repeats times, each
with another shuffle); each fold is scored by a model fitted on the other
files and the other folds. Printed: how many texts were answered confidently
(P >= CONFIDENT), the share of those that were right, the negatives rejected,
the Brier score and the calibration error. --check files are scored by the
model fitted on everything, as texts it never saw.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kasip.evaluation.folds import held_out
from kasip.match.ceiling import ceiling
from kasip.match.engine import CONFIDENT, rank_cards
from kasip.match.index import MatchIndex
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

SEED = Path(__file__).resolve().parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
L2 = 0.5
BINS = 10


@dataclass(frozen=True)
class Sample:
    """One text: the top card's features, whether its code is right, the grounds."""

    case_id: str
    features: tuple[float, ...]  # without the intercept
    right: bool
    negative: bool
    ceiling: float  # the most the engine lets the top card claim (engine.ceiling)


def samples(index: MatchIndex, path: Path) -> list[Sample]:
    """The samples of a labelled file; a text with no card at all is left out."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        ranking = rank_cards(item["text"], index)
        if not ranking.order:
            continue  # no card at all: "no confident match" whatever the model says
        expected = item["expected"]
        codes = (
            set()
            if expected is None
            else {expected["code"]} | {a["code"] for a in item.get("acceptable", [])}
        )
        found.append(
            Sample(
                case_id=item["id"],
                features=ranking.features(0, index).vector()[1:],
                right=index.cards[ranking.order[0]].code in codes,
                negative=expected is None,
                ceiling=ceiling(ranking, index).value,
            )
        )
    return found


def fit(rows: Sequence[Sample]) -> list[float]:
    """Logistic regression by Newton's method; the intercept is not penalised."""
    x = np.hstack([np.ones((len(rows), 1)), np.array([r.features for r in rows])])
    y = np.array([r.right for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.diag([0.0] + [L2] * (x.shape[1] - 1))
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return [round(float(v), 3) for v in w]


def probability(w: Sequence[float], sample: Sample) -> float:
    """What the engine would answer: the model's P, under the engine's ceiling."""
    z = float(np.dot(w, (1.0, *sample.features)))
    p = 1 / (1 + np.exp(-min(max(z, -50.0), 50.0)))
    return min(float(p), sample.ceiling)


def scores(pairs: Sequence[tuple[float, Sample]]) -> dict[str, float]:
    """Confident answers and their precision, negatives rejected, Brier, calibration error."""
    sure = [s for p, s in pairs if p >= CONFIDENT]
    negatives = [(p, s) for p, s in pairs if s.negative]
    gap = 0.0
    for low in range(BINS):
        members = [(p, s) for p, s in pairs if min(int(p * BINS), BINS - 1) == low]
        if members:
            mean = sum(p for p, _ in members) / len(members)
            right = sum(s.right for _, s in members) / len(members)
            gap += len(members) * abs(mean - right)
    return {
        "texts": len(pairs),
        "confident": len(sure),
        "confident_right": sum(s.right for s in sure) / len(sure) if sure else 0.0,
        "negatives_rejected": sum(p < CONFIDENT for p, _ in negatives),
        "negatives": len(negatives),
        "brier": sum((p - s.right) ** 2 for p, s in pairs) / len(pairs),
        "calibration_error": gap / len(pairs),
    }


def cross_validate(
    others: Sequence[Sample], held: Sequence[Sample], *, folds: int, repeats: int
) -> list[dict[str, float]]:
    """k-fold estimates on ``held``, each fold scored by a model fitted without it."""
    runs = []
    for seed in range(repeats):
        pairs: list[tuple[float, Sample]] = []
        for test in held_out(len(held), folds=folds, seed=seed):
            train = [*others, *(s for i, s in enumerate(held) if i not in test)]
            w = fit(train)
            pairs.extend((probability(w, held[i]), held[i]) for i in sorted(test))
        runs.append(scores(pairs))
    return runs


def _line(name: str, result: dict[str, float]) -> str:
    return (
        f"{name}: {result['texts']} texts, confident {result['confident']} "
        f"(right {result['confident_right']:.3f}), negatives rejected "
        f"{result['negatives_rejected']}/{result['negatives']}, brier {result['brier']:.3f}, "
        f"calibration error {result['calibration_error']:.3f}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, nargs="+")
    parser.add_argument("--cv", type=Path, help="a training file to cross-validate on")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--check", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open_registry(f"sqlite:///{tmp}/r.db") as registry:
        registry.import_documents([parse_standard(read_source(SEED), source_name=SEED.name)])
        registry.match("warm-up")
        index = registry._match_indexes.get(registry.engine.connect())
        by_file = {path: samples(index, path) for path in {*args.train, *args.check}}
        everything = [s for path in args.train for s in by_file[path]]
        coefficients = fit(everything)
        sys.stdout.write(f"COEFFICIENTS = {tuple(coefficients)}\n")
        for path in args.train:
            found = [(probability(coefficients, s), s) for s in by_file[path]]
            sys.stdout.write(_line(f"fitted on, {path.name}", scores(found)))
        if args.cv is not None:
            held = by_file[args.cv]
            others = [s for path in args.train if path != args.cv for s in by_file[path]]
            runs = cross_validate(others, held, folds=args.folds, repeats=args.repeats)
            for number, run in enumerate(runs, start=1):
                sys.stdout.write(_line(f"{args.folds}-fold cv {number}, {args.cv.name}", run))
            mean = {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}
            sys.stdout.write(_line(f"{args.folds}-fold cv mean, {args.cv.name}", mean))
        for path in args.check:
            found = [(probability(coefficients, s), s) for s in by_file[path]]
            sys.stdout.write(_line(f"check, {path.name}", scores(found)))


if __name__ == "__main__":
    main()
