"""Choose kasip.match.distinctive.WEIGHT on labelled texts, and cross-validate the choice.

Usage:
    python scripts/tune_distinctive.py ../shared/eval/match-real-dev.jsonl \
        [--check eval/match-dev.jsonl eval/match-test.jsonl eval/match-holdout.jsonl] \
        [--folds 5] [--repeats 5]

On a registry holding the bundled standard, every text of the first file
(the one tuned on) and of the --check files is ranked with each weight of
the grid; top-1 and top-3 by code are printed per weight and file (top-3
over the first three cards of the answer, as ``kasip eval match`` counts).
Then the choice
itself is cross-validated on the first file: it is cut into --folds folds
(--repeats times, each with another shuffle), the weight of best top-1 on
the other folds (the smaller of equals) is chosen and scored on the fold
left out. The mean of those top-1 figures is what the weight is worth on
texts it was not chosen on.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kasip.evaluation.folds import held_out
from kasip.match import engine
from kasip.match.index import MatchIndex
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

SEED = Path(__file__).resolve().parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
GRID = (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)

# Per text: (top-1 right, top-3 right) for each weight of GRID.
Hits = list[tuple[bool, bool]]


def hits(index: MatchIndex, path: Path) -> list[Hits]:
    """Each positive text's hits under every weight of the grid."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item["expected"] is None:
            continue
        codes = {item["expected"]["code"]} | {a["code"] for a in item.get("acceptable", [])}
        per_weight: Hits = []
        for weight in GRID:
            engine.DISTINCTIVE_WEIGHT = weight
            top = [m.code for m in engine.match_text(item["text"], index, limit=3).matches]
            per_weight.append((top[:1] != [] and top[0] in codes, bool(set(top) & codes)))
        found.append(per_weight)
    return found


def top1(rows: Sequence[Hits], weight: int) -> float:
    return sum(row[weight][0] for row in rows) / max(len(rows), 1)


def cross_validate(rows: Sequence[Hits], *, folds: int, repeats: int) -> list[float]:
    """Per shuffle, top-1 on each fold of the weight chosen on the other folds."""
    runs = []
    for seed in range(repeats):
        right = 0
        for test in held_out(len(rows), folds=folds, seed=seed):
            train = [r for i, r in enumerate(rows) if i not in test]
            chosen = max(range(len(GRID)), key=lambda w: (top1(train, w), -w))
            right += sum(rows[i][chosen][0] for i in test)
        runs.append(right / len(rows))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuned", type=Path)
    parser.add_argument("--check", type=Path, nargs="*", default=[])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    shipped = engine.DISTINCTIVE_WEIGHT
    with tempfile.TemporaryDirectory() as tmp, open_registry(f"sqlite:///{tmp}/r.db") as registry:
        registry.import_documents([parse_standard(read_source(SEED), source_name=SEED.name)])
        index = registry.match_index()
        by_file = {path: hits(index, path) for path in [args.tuned, *args.check]}
    engine.DISTINCTIVE_WEIGHT = shipped
    sys.stdout.write("weight  " + "  ".join(f"{p.stem:>22}" for p in by_file) + "\n")
    for w, weight in enumerate(GRID):
        cells = []
        for rows in by_file.values():
            t3 = sum(row[w][1] for row in rows) / max(len(rows), 1)
            cells.append(f"top-1 {top1(rows, w):.3f} top-3 {t3:.3f}")
        mark = "  (shipped)" if weight == shipped else ""
        sys.stdout.write(f"{weight:<6}  " + "  ".join(f"{c:>22}" for c in cells) + mark + "\n")
    runs = cross_validate(by_file[args.tuned], folds=args.folds, repeats=args.repeats)
    sys.stdout.write(
        f"{args.folds}-fold cv of the choice on {args.tuned.name}, top-1 per shuffle: "
        f"{', '.join(f'{r:.3f}' for r in runs)}; mean {float(np.mean(runs)):.3f}\n"
    )


if __name__ == "__main__":
    main()
