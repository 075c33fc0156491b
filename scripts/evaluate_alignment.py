"""Precision and recall of curriculum alignment's proposed links, cross-validated.

Usage: python scripts/evaluate_alignment.py [eval/align-dev.jsonl] [--folds 5]
       [--holdout eval/align-holdout.jsonl]

Opens an in-memory registry holding the bundled standard (the cards the set
is labelled against) and prints, as JSON:

- ``cross_validated``: the link rule chosen by F1 with k-fold cross-validation
  (each fold linked by the rule chosen on the others), for outcomes read whole
  (what kasip does) and read clause by clause as well (the variant left off);
- ``baseline_top1``: every outcome linked to its best element, whatever its score;
- ``chosen_rule``: the rule chosen on the whole set, with its (optimistic)
  figures, overall and per language;
- ``own_skills``: per seed card, the share of its skills covered by a programme
  whose outcomes are the card's own skills (the lowest, and how many cards);
- ``unrelated``: the highest coverage of a social-work card by the set's
  software-engineering outcomes;
- ``holdout`` (with ``--holdout FILE``): a set kept out of all tuning, linked
  by kasip's :data:`~kasip.curriculum.mapping.DEFAULT_RULE`, overall and per language.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kasip.cli.options import read_bundled
from kasip.curriculum import DEFAULT_RULE, align_programme
from kasip.curriculum.coverage import card_targets
from kasip.curriculum.models import EducationalProgramme, LinkRule, Outcome
from kasip.evaluation.alignment import (
    AlignCase,
    Counts,
    best_rule,
    count_links,
    cross_validate,
    load_align_cases,
    score_cases,
)
from kasip.match.elements import Candidate
from kasip.match.index import MatchIndex
from kasip.registry import Registry, open_registry

DEFAULT_SET = Path(__file__).resolve().parents[1] / "eval/align-dev.jsonl"
SOCIAL_WORK = ("2635-3-001@4", "2635-3-001@5", "2635-3-001@6", "3412-0-008@4", "3412-0-008@5")
TOP1 = LinkRule(threshold=0.0, relative=0.0, top_k=1)


def figures(counts: Counts) -> dict[str, Any]:
    """The counts with precision, recall and F1."""
    return {
        **counts.model_dump(),
        "precision": round(counts.precision, 3),
        "recall": round(counts.recall, 3),
        "f1": round(counts.f1, 3),
    }


def programme(texts: list[str]) -> EducationalProgramme:
    outcomes = (Outcome(number=n, module="M", text=t, place="-") for n, t in enumerate(texts, 1))
    return EducationalProgramme(source="-", outcomes=tuple(outcomes))


def own_skills(registry: Registry, index: MatchIndex, key: str) -> dict[str, Any]:
    shares = {}
    for ref in index.cards:
        card = registry.get_card(ref.card_id, standard=key)
        skills = [t.text for t in card_targets(card) if t.type == "skill"]
        report = align_programme(programme(skills), [(key, card)], index)
        shares[card.id] = report.cards[0].coverage.skills
    return {"cards": len(shares), "lowest": min(shares.values()), "shares": shares}


def unrelated(
    registry: Registry, index: MatchIndex, key: str, cases: list[AlignCase]
) -> dict[str, Any]:
    texts = [c.outcome for c in cases if c.programme.startswith("software-engineering")]
    cards = [(key, registry.get_card(card, standard=key)) for card in SOCIAL_WORK]
    report = align_programme(programme(texts), cards, index)
    return {
        "outcomes": len(texts),
        "cards": list(SOCIAL_WORK),
        "highest_skills": max(c.coverage.skills for c in report.cards),
        "highest_knowledge": max(c.coverage.knowledge for c in report.cards),
        "unmapped": len(report.unmapped),
    }


def by_language(
    cases: list[AlignCase], scored: list[list[Candidate]], rule: LinkRule
) -> dict[str, Any]:
    """The figures of ``rule`` on all cases and on each language's."""
    found: dict[str, Any] = {"all": figures(count_links(cases, scored, rule))}
    for lang in ("kk", "ru"):
        picked = [n for n, c in enumerate(cases) if c.lang == lang]
        counts = count_links([cases[n] for n in picked], [scored[n] for n in picked], rule)
        found[lang] = figures(counts)
    return found


def holdout(cases: list[AlignCase], index: MatchIndex, key: str) -> dict[str, Any]:
    """The held-out set linked by the default rule (nothing chosen on it)."""
    return {
        "cases": len(cases),
        **by_language(cases, score_cases(cases, index, standard=key), DEFAULT_RULE),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--holdout", type=Path, default=None)
    args = parser.parse_args()
    cases = load_align_cases(args.path)
    report: dict[str, Any] = {"cases": len(cases), "default_rule": DEFAULT_RULE.model_dump()}
    with open_registry("sqlite://") as registry:
        [imported] = registry.import_documents([read_bundled()])
        index, key = registry.match_index(), imported.key
        scored = score_cases(cases, index, standard=key)
        split = score_cases(cases, index, standard=key, split=True)
        report["own_skills"] = own_skills(registry, index, key)
        report["unrelated"] = unrelated(registry, index, key, cases)
        if args.holdout is not None:
            report["holdout"] = holdout(load_align_cases(args.holdout), index, key)
    report["cross_validated"] = {}
    for name, scores in (("whole", scored), ("clauses", split)):
        crossed = cross_validate(cases, scores, folds=args.folds)
        report["cross_validated"][name] = {
            **figures(crossed.counts),
            "fold_rules": [r.model_dump() for r in crossed.rules],
        }
    report["baseline_top1"] = figures(count_links(cases, scored, TOP1))
    rule, _ = best_rule(cases, scored)
    report["chosen_rule"] = {"rule": rule.model_dump(), **by_language(cases, scored, rule)}
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
