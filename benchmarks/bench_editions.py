"""Benchmark: search and matching over both language editions of one order (issue 15, item 6).

Run: ``python benchmarks/bench_editions.py [--repeat 3]``.

Three registries (in-memory SQLite), the same but for one text:

- ``one edition``: the bundled standard (order No 292, Kazakh) and the 13 other
  held-out texts of ``tests/fixtures/heldout`` (other standards, kk and ru);
- ``+ru, other order``: the same plus ``psysocial.ru``, the Russian text of
  order No 292 kept among the held-out fixtures, with its order number changed
  so that it is *not* an edition of the bundled standard (same entries, no
  merging: the cost of the extra text alone);
- ``+ru, same order``: the same plus ``psysocial.ru`` as it is: the bundled
  standard's two editions, merged by search and matching.

For each, after one warm-up pass, the latency of every labelled search query
and match text of ``eval/`` (dev, test, holdout; and
``../shared/eval/match-real-dev.jsonl`` when present), ``--repeat`` times, as
p50 / p95 / mean in ms, and the quality figures of ``kasip eval`` on all of
them together (search R@1, R@5, MRR; match top-1 and top-3 by code).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from kasip.evaluation import (
    evaluate_match,
    evaluate_search,
    load_match_cases,
    load_search_cases,
    run_match,
    run_search,
)
from kasip.model import Document
from kasip.parse import parse_standard
from kasip.registry import Registry, open_registry

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
SHARED_REAL = ROOT.parent / "shared" / "eval" / "match-real-dev.jsonl"
PAIR = "psysocial.ru.txt"


def _parse(path: Path) -> Document:
    return parse_standard(path.read_text(encoding="utf-8"), source_name=path.name)


def _other_order(doc: Document) -> Document:
    order = doc.standard.order.model_copy(update={"number": "99292"})
    return doc.model_copy(update={"standard": doc.standard.model_copy(update={"order": order})})


def registries() -> dict[str, list[Document]]:
    seed = resources.files("kasip") / "data" / "psychological-and-social-work.kk.txt"
    base = [parse_standard(seed.read_text(encoding="utf-8"), source_name=seed.name)]
    base += [_parse(p) for p in sorted(HELDOUT.glob("*.txt")) if p.name != PAIR]
    russian = _parse(HELDOUT / PAIR)
    return {
        "one edition": base,
        "+ru, other order": [*base, _other_order(russian)],
        "+ru, same order": [*base, russian],
    }


def _summary(times: list[float]) -> str:
    ranked = sorted(times)
    p95 = ranked[min(len(ranked) - 1, round(0.95 * (len(ranked) - 1)))]
    return f"{statistics.median(ranked):.1f} / {p95:.1f} / {statistics.fmean(ranked):.1f}"


def _cases() -> tuple[list[str], list[str], list[Any], list[Any]]:
    searches = [
        c
        for s in ("dev", "test", "holdout")
        for c in load_search_cases(ROOT / f"eval/search-{s}.jsonl")
    ]
    files = [ROOT / f"eval/match-{s}.jsonl" for s in ("dev", "test", "holdout")]
    files += [SHARED_REAL] if SHARED_REAL.exists() else []
    matches = [c for f in files for c in load_match_cases(f)]
    return [c.query for c in searches], [c.text for c in matches], searches, matches


def quality(registry: Registry, searches: list[Any], matches: list[Any]) -> dict[str, str]:
    found = evaluate_search(searches, run_search(registry, searches)).overall
    fitted = evaluate_match(matches, run_match(registry, matches)).overall
    return {
        "search R@1/R@5/MRR": (
            f"{found.recall_at_1:.3f} / {found.recall_at_5:.3f} / {found.mrr:.3f}"
        ),
        "match top-1/top-3": f"{fitted.top1_code:.3f} / {fitted.top3_code:.3f}",
    }


def _time_all(fn: Callable[[str], object], inputs: Sequence[str], into: list[float]) -> None:
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        into.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    queries, texts, searches, matches = _cases()
    opened = {name: open_registry("sqlite://") for name in registries()}
    rows: dict[str, dict[str, str]] = {}
    timings: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in opened}
    try:
        for name, docs in registries().items():
            opened[name].import_documents(docs)
            rows[name] = quality(opened[name], searches, matches)  # also the warm-up
        # Rounds in turn, so that a busy moment of the machine hits every registry alike.
        for _ in range(args.repeat):
            for name, registry in opened.items():
                _time_all(lambda q, r=registry: r.search(q, limit=20), queries, timings[name][0])
                _time_all(lambda t, r=registry: r.match(t, limit=5), texts, timings[name][1])
    finally:
        for registry in opened.values():
            registry.close()
    for name, (search_ms, match_ms) in timings.items():
        rows[name] = {
            "search ms p50/p95/mean": _summary(search_ms),
            "match ms p50/p95/mean": _summary(match_ms),
            **rows[name],
        }
    columns = list(next(iter(rows.values())))
    lines = [
        f"{len(queries)} queries, {len(texts)} texts, {args.repeat} rounds",
        "| registry | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
        *(f"| {name} | " + " | ".join(r[c] for c in columns) + " |" for name, r in rows.items()),
    ]
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    main()
