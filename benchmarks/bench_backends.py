"""Benchmark: the same registry on PostgreSQL and on SQLite, in one run.

Run: ``python benchmarks/bench_backends.py POSTGRES_URL [--texts 100] [--workdir DIR]``
(an empty database: kasip's tables are created there; ``bash -c 'source
scripts/postgres.sh; kasip_pg_start; python benchmarks/bench_backends.py
"$TEST_DATABASE_URL"'`` starts a throwaway server).

The first N texts of ``bench_scale.py``'s registry, prepared, are imported into
each back end, then measured in process: the first match after opening, search
(``eval/search-dev.jsonl``), match (``../shared/eval/match-real-dev.jsonl``)
and 100 card pages drawn from the registry.

Each back end is measured in a process of its own (``--order`` says which
first). Measured one after the other in one process, the second inherited
what the first had warmed (the words' analyses and translations, compiled
statements): PostgreSQL, always first, was charged for them, and its search
at 700× read twice as slow as SQLite's where the same searches, warm, differ
by about 2 ms.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import (
    REAL_MATCH,
    SEARCH_DEV,
    make_texts,
    percentiles,
    serve_and_measure,
    timed_each,
)

from kasip.pages.card import build_card
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry
from kasip.store import CardSummary, PreparedDocument, prepare_document


def measure(url: str, paths: list[Path]) -> dict[str, object]:
    """Import the texts into ``url`` (parsing them is not timed), then measure."""
    import json

    texts = [prepare(path) for path in paths]
    with open_registry(url) as registry:
        start = time.perf_counter()
        registry.import_documents(texts)
        imported = time.perf_counter() - start
    matched = [json.loads(line)["text"] for line in REAL_MATCH.read_text().splitlines()]
    queries = [json.loads(line)["query"] for line in SEARCH_DEV.read_text().splitlines()]
    with open_registry(url) as registry:
        start = time.perf_counter()
        registry.match(matched[0])
        first = time.perf_counter() - start
        registry.search(queries[0])
        cards = random.Random(0).choices(registry.list_cards(), k=100)

        def card_json(card: CardSummary) -> str:
            return build_card(registry, card.card_id, standard=card.standard).model_dump_json()

        return {
            "import (s)": f"{imported:.1f}",
            "first match after opening (s)": f"{first:.2f}",
            "search p50 / p95 (ms)": _pair(timed_each(registry.search, queries)),
            "match p50 / p95 (ms)": _pair(timed_each(registry.match, matched)),
            "card JSON p50 / p95 (ms)": _pair(
                timed_each(
                    lambda c: build_card(
                        registry, c.card_id, standard=c.standard
                    ).model_dump_json(),
                    cards,
                )
            ),
        }


def prepare(path: Path) -> PreparedDocument:
    return prepare_document(parse_standard(read_source(path), source_name=path.name), keep=False)


def measured_apart(url: str, paths: list[Path]) -> dict[str, object]:
    """:func:`measure` in a new process: nothing warmed by another back end's run."""
    # Not a multiprocessing.Pool: its processes are daemons, and an import starts workers.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        found: dict[str, object] = pool.submit(measure, url, paths).result()
    return found


def _pair(times: list[float]) -> str:
    found = percentiles(times)
    return f"{found['p50']:.1f} / {found['p95']:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("postgres_url")
    parser.add_argument("--texts", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kasip-bench-scale"))
    parser.add_argument("--order", choices=("postgresql", "sqlite"), default="sqlite")
    parser.add_argument(
        "--http-seconds",
        type=int,
        default=0,
        help="then serve each registry (one worker) and measure it with wrk, this long a target",
    )
    args = parser.parse_args()
    paths = make_texts(args.texts, args.workdir)
    sqlite_db = args.workdir / f"backends-{args.texts}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{sqlite_db}.match", ignore_errors=True)
    urls = {"PostgreSQL": args.postgres_url, "SQLite": f"sqlite:///{sqlite_db}"}
    names = sorted(urls, reverse=args.order == "sqlite")
    results = {name: measured_apart(urls[name], paths) for name in names}
    if args.http_seconds:
        for name in names:
            served = serve_and_measure(urls[name], 1, args.http_seconds, args.workdir)
            results[name] |= _http_rows(served)
    print(f"| {args.texts}× | PostgreSQL | SQLite | ratio |\n|---|---:|---:|---:|")  # noqa: T201
    for row in results["SQLite"]:
        pg, lite = results["PostgreSQL"][row], results["SQLite"][row]
        print(f"| {row} | {pg} | {lite} | {_ratio(row, str(pg), str(lite))} |")  # noqa: T201


def _http_rows(served: dict[str, Any]) -> dict[str, object]:
    """Over HTTP, one worker, 50 clients: each target's rate and p99."""
    rows: dict[str, object] = {
        "HTTP first match after start (s)": f"{served['first_match_http_s']:.2f}"
    }
    for name, found in served.items():
        if isinstance(found, dict):
            rows[f"HTTP {name} req/s (p99 ms)"] = f"{found['rate']:.0f} ({found['p99']:.0f})"
    return rows


def _ratio(row: str, pg: str, lite: str) -> str:
    """How many times slower PostgreSQL is, figure by figure: time over time, and
    for a rate (``req/s``, its p99 in brackets beside it) SQLite's over PostgreSQL's."""

    def numbers(cell: str) -> list[float]:
        return [
            float(x) for x in cell.replace("(", " ").replace(")", " ").replace("/", " ").split()
        ]

    found = []
    for n, (a, b) in enumerate(zip(numbers(pg), numbers(lite), strict=False)):
        if not (a and b):  # a rate of 0 (every request failed) has no ratio
            found.append("-")
            continue
        found.append(f"{b / a if 'req/s' in row and n == 0 else a / b:.2f}")
    return " / ".join(found)


if __name__ == "__main__":
    main()
