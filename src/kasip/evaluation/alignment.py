"""Curriculum alignment measured on a labelled set of learning outcomes (issue 14).

The set (``eval/align-dev.jsonl``) holds one learning outcome per line::

    {"id": "a001", "lang": "kk", "programme": "social-work-kk", "module": "...",
     "outcome": "...", "cards": ["3412-0-008@4", ...], "expected": [ELEMENT_ID, ...],
     "source": "URL" | "written here", "note": "..."}

``expected`` lists the skill and knowledge elements of ``cards`` the outcome
covers, labelled by reading the cards; empty for an outcome that covers none
(outcomes of unrelated programmes). A proposed link is right when its element
is expected. Precision is right links over proposed links, recall right links
over expected ones, both summed over the outcomes (micro averages).

The link rule is chosen from :data:`GRID` by F1; its figure is k-fold
cross-validated (:func:`cross_validate`): each fold's outcomes are linked by
the rule chosen on the other folds, so no outcome measures a rule it chose.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import product
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from kasip.curriculum.mapping import choose_links
from kasip.curriculum.models import LinkRule
from kasip.evaluation.datasets import DatasetError
from kasip.match.elements import Candidate, scope_of, score_texts
from kasip.match.index import MatchIndex
from kasip.model import FrozenModel

__all__ = [
    "GRID",
    "AlignCase",
    "Counts",
    "CrossValidation",
    "best_rule",
    "count_links",
    "cross_validate",
    "load_align_cases",
    "score_cases",
]

GRID = tuple(
    LinkRule(threshold=t / 100, relative=r / 10, top_k=k)
    for t, r, k in product(range(10, 65, 5), range(5, 11), (1, 2, 3, 5))
)


class AlignCase(FrozenModel):
    """One labelled learning outcome."""

    id: str
    lang: Literal["kk", "ru"]
    programme: str
    module: str
    outcome: str
    cards: tuple[str, ...]
    expected: tuple[str, ...]
    source: str
    note: str = ""


def load_align_cases(path: Path) -> list[AlignCase]:
    """The cases of a JSON Lines file.

    Raises:
        DatasetError: A line is not JSON or not a case (named by file, line and field).
    """
    cases: list[AlignCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(AlignCase.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise DatasetError(str(path), number, "(line)", f"not JSON: {exc.msg}") from exc
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or "(line)"
            raise DatasetError(str(path), number, field, error["msg"]) from exc
    return cases


def score_cases(
    cases: Sequence[AlignCase], index: MatchIndex, *, standard: str, split: bool = False
) -> list[list[Candidate]]:
    """Each case's scored elements of its cards (of ``standard``), best first
    (``split``: see :func:`kasip.match.elements.score_texts`)."""
    scored: list[list[Candidate]] = []
    for case in cases:
        scope = scope_of(index, [(standard, card) for card in case.cards])
        scored += score_texts([case.outcome], index, scope, split=split)
    return scored


class Counts(FrozenModel):
    """Links proposed, right and expected, summed over outcomes; negatives left unlinked."""

    proposed: int = 0
    right: int = 0
    expected: int = 0
    negatives: int = 0
    negatives_unlinked: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            proposed=self.proposed + other.proposed,
            right=self.right + other.right,
            expected=self.expected + other.expected,
            negatives=self.negatives + other.negatives,
            negatives_unlinked=self.negatives_unlinked + other.negatives_unlinked,
        )


def count_links(
    cases: Sequence[AlignCase], scored: Sequence[Sequence[Candidate]], rule: LinkRule
) -> Counts:
    """What ``rule`` links for ``cases``, counted against their labels."""
    total = Counts()
    for case, candidates in zip(cases, scored, strict=True):
        linked = {c.element for c in choose_links(candidates, rule)}
        negative = not case.expected
        total += Counts(
            proposed=len(linked),
            right=len(linked & set(case.expected)),
            expected=len(case.expected),
            negatives=int(negative),
            negatives_unlinked=int(negative and not linked),
        )
    return total


def best_rule(
    cases: Sequence[AlignCase], scored: Sequence[Sequence[Candidate]]
) -> tuple[LinkRule, Counts]:
    """The rule of :data:`GRID` with the highest F1 on ``cases`` (the first of equals)."""
    measured = [(rule, count_links(cases, scored, rule)) for rule in GRID]
    return max(measured, key=lambda pair: pair[1].f1)


class CrossValidation(FrozenModel):
    """The k-fold figure, and the rule each fold's training part chose."""

    folds: int
    counts: Counts
    rules: tuple[LinkRule, ...]


def cross_validate(
    cases: Sequence[AlignCase], scored: Sequence[Sequence[Candidate]], *, folds: int = 5
) -> CrossValidation:
    """Choose the rule on k-1 folds, count the held-out fold with it; sum the folds.

    Case n is in fold n mod ``folds`` (the file's order mixes programmes and
    languages, so every fold holds some of each).
    """
    total = Counts()
    rules: list[LinkRule] = []
    for fold in range(folds):
        train = [n for n in range(len(cases)) if n % folds != fold]
        test = [n for n in range(len(cases)) if n % folds == fold]
        rule, _ = best_rule([cases[n] for n in train], [scored[n] for n in train])
        rules.append(rule)
        total += count_links([cases[n] for n in test], [scored[n] for n in test], rule)
    return CrossValidation(folds=folds, counts=total, rules=tuple(rules))
