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

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import REAL_MATCH, SEARCH_DEV, make_texts, percentiles, timed_each

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
    args = parser.parse_args()
    paths = make_texts(args.texts, args.workdir)
    sqlite_db = args.workdir / f"backends-{args.texts}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{sqlite_db}.match", ignore_errors=True)
    urls = {"PostgreSQL": args.postgres_url, "SQLite": f"sqlite:///{sqlite_db}"}
    names = sorted(urls, reverse=args.order == "sqlite")
    results = {name: measured_apart(urls[name], paths) for name in names}
    print(f"| {args.texts}× | PostgreSQL | SQLite |\n|---|---:|---:|")  # noqa: T201
    for row in results["SQLite"]:
        print(f"| {row} | {results['PostgreSQL'][row]} | {results['SQLite'][row]} |")  # noqa: T201


if __name__ == "__main__":
    main()
