"""Precision and recall of curriculum alignment's proposed links, cross-validated.

Usage: python scripts/evaluate_alignment.py [eval/align-dev.jsonl] [--folds 5]

Opens an in-memory registry holding the bundled standard (the cards the set
is labelled against), scores every labelled outcome once, chooses the link
rule by F1 with k-fold cross-validation and prints, as JSON: the
cross-validated counts and figures, the rule each fold chose, and the rule
chosen on the whole set with its (optimistic) figures, per language as well.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kasip.cli.options import read_bundled
from kasip.evaluation.alignment import (
    Counts,
    best_rule,
    count_links,
    cross_validate,
    load_align_cases,
    score_cases,
)
from kasip.registry import open_registry

DEFAULT_SET = Path(__file__).resolve().parents[1] / "eval/align-dev.jsonl"


def figures(counts: Counts) -> dict[str, object]:
    """The counts with precision, recall and F1."""
    return {
        **counts.model_dump(),
        "precision": round(counts.precision, 3),
        "recall": round(counts.recall, 3),
        "f1": round(counts.f1, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    cases = load_align_cases(args.path)
    with open_registry("sqlite://") as registry:
        [imported] = registry.import_documents([read_bundled()])
        scored = score_cases(cases, registry.match_index(), standard=imported.key)
    crossed = cross_validate(cases, scored, folds=args.folds)
    rule, whole = best_rule(cases, scored)
    by_lang = {
        lang: figures(
            count_links(
                [c for c in cases if c.lang == lang],
                [s for c, s in zip(cases, scored, strict=True) if c.lang == lang],
                rule,
            )
        )
        for lang in ("kk", "ru")
    }
    report = {
        "cases": len(cases),
        "cross_validated": figures(crossed.counts),
        "fold_rules": [r.model_dump() for r in crossed.rules],
        "chosen_rule": rule.model_dump(),
        "chosen_rule_on_all": figures(whole),
        "chosen_rule_by_language": by_lang,
    }
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
