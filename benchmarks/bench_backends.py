"""Benchmark: the same registry on PostgreSQL and on SQLite, in one run.

Run: ``python benchmarks/bench_backends.py POSTGRES_URL [--texts 100] [--workdir DIR]``
(an empty database: kasip's tables are created there; ``bash -c 'source
scripts/postgres.sh; kasip_pg_start; python benchmarks/bench_backends.py
"$TEST_DATABASE_URL"'`` starts a throwaway server).

The first N texts of ``bench_scale.py``'s registry, prepared, are imported into
each back end, then measured in process: the first match after opening, search
(``eval/search-dev.jsonl``), match (``../shared/eval/match-real-dev.jsonl``)
and 100 card pages drawn from the registry.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import REAL_MATCH, SEARCH_DEV, make_texts, percentiles, timed_each

from kasip.pages.card import build_card
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry
from kasip.store import CardSummary, PreparedDocument, prepare_document


def measure(url: str, texts: list[PreparedDocument]) -> dict[str, object]:
    import json

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


def _pair(times: list[float]) -> str:
    found = percentiles(times)
    return f"{found['p50']:.1f} / {found['p95']:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("postgres_url")
    parser.add_argument("--texts", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kasip-bench-scale"))
    args = parser.parse_args()
    texts = [
        prepare_document(parse_standard(read_source(f), source_name=f.name), keep=False)
        for f in make_texts(args.texts, args.workdir)
    ]
    sqlite_db = args.workdir / f"backends-{args.texts}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_db}{suffix}").unlink(missing_ok=True)
    results = {
        "PostgreSQL": measure(args.postgres_url, texts),
        "SQLite": measure(f"sqlite:///{sqlite_db}", texts),
    }
    print(f"| {args.texts}× | PostgreSQL | SQLite |\n|---|---:|---:|")  # noqa: T201
    for row in results["SQLite"]:
        print(f"| {row} | {results['PostgreSQL'][row]} | {results['SQLite'][row]} |")  # noqa: T201


if __name__ == "__main__":
    main()
