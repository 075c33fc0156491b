"""Fit the match confidence model (kasip.match.engine.COEFFICIENTS) on a labelled set.

Usage: python scripts/calibrate_match.py eval/match-dev.jsonl [--check eval/match-test.jsonl]

For each text, the top card's features (score, lead, coverage) and whether its
code is right (the expected one or an acceptable one; a negative is never
right) are collected on a registry holding the bundled standard; a logistic
regression with a small L2 penalty is fitted by Newton's method. Paste the
printed coefficients into the engine.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

from kasip.match.engine import rank_cards
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

SEED = Path(__file__).resolve().parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
L2 = 0.5


def _samples(registry_index: object, path: Path) -> tuple[list[list[float]], list[int]]:
    from kasip.match.index import MatchIndex

    assert isinstance(registry_index, MatchIndex)
    rows, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        ranking = rank_cards(item["text"], registry_index)
        if not ranking.order:
            continue  # no card at all: "no confident match" whatever the model says
        rows.append(list(ranking.features(0, registry_index).vector()[1:]))
        expected = item["expected"]
        codes = (
            set()
            if expected is None
            else {expected["code"]} | {a["code"] for a in item.get("acceptable", [])}
        )
        labels.append(int(registry_index.cards[ranking.order[0]].code in codes))
    return rows, labels


def fit(rows: list[list[float]], labels: list[int]) -> list[float]:
    x = np.hstack([np.ones((len(rows), 1)), np.array(rows)])
    y = np.array(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.diag([0.0] + [L2] * (x.shape[1] - 1))
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return [round(float(v), 3) for v in w]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open_registry(f"sqlite:///{tmp}/r.db") as registry:
        registry.import_documents([parse_standard(read_source(SEED), source_name=SEED.name)])
        registry.match("warm-up")
        index = registry._match_indexes.get(registry.engine.connect())
        rows, labels = _samples(index, args.train)
        coefficients = fit(rows, labels)
        sys.stdout.write(f"COEFFICIENTS = {tuple(coefficients)}\n")
        for name, path in [("train", args.train), ("check", args.check)]:
            if path is None:
                continue
            rows, labels = _samples(index, path)
            probs = [
                1
                / (1 + math.exp(-sum(b * x for b, x in zip(coefficients, [1.0, *r], strict=True))))
                for r in rows
            ]
            right = sum((p >= 0.5) == bool(y) for p, y in zip(probs, labels, strict=True))
            pairs = list(zip(probs, labels, strict=True))
            sure_right = sum(p >= 0.5 and y for p, y in pairs)
            sure_wrong = sum(p >= 0.5 and not y for p, y in pairs)
            sys.stdout.write(
                f"{name}: {right}/{len(rows)} decided right at 0.5; "
                f"confident-and-right {sure_right}, confident-and-wrong {sure_wrong}\n"
            )


if __name__ == "__main__":
    main()
