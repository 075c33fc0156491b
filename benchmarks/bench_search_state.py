"""Benchmark: what a search costs made anew, and what a new registry state costs it.

Run: ``python benchmarks/bench_search_state.py [--standards 20,100] [--passes 3]``.

For each size, a SQLite registry of N varied copies of the seed (as in
``bench_serve.py``) is built, then, in one process:

- **statistics**: loading the search statistics once the registry changed
  (:func:`kasip.search.snapshot.load_snapshot`, one row per token of
  ``search_tokens``) and, as the baseline in the same run, reading every
  search entry to count them (what the load did before ``search_tokens``);
  best of five each.
- **search**: ``Registry.search`` for 500 words of the registry, each once
  per pass (so no answer comes from a cache), and the same through the
  page builder with its JSON (``kasip.pages.build_search``, what
  ``/api/v1/search`` does besides HTTP); mean milliseconds per query, best
  pass of ``--passes``.

To compare with an earlier commit, run the same script with ``PYTHONPATH``
set to that commit's ``src`` (the statistics line then shows its own load).
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import tempfile
from pathlib import Path

from bench_serve import build_registry, varied_words
from timing import best_ms

from kasip.pages.search import build_search
from kasip.registry import open_registry
from kasip.search.snapshot import load_snapshot


def count_every_entry(path: Path) -> None:
    """The baseline: read every entry and count its tokens (the load before search_tokens)."""
    counts: dict[str, int] = {}
    with sqlite3.connect(path) as db:
        for keys, xkeys in db.execute("SELECT keys, xkeys FROM search_entries"):
            for token in set(keys.split()) | set(xkeys.split()):
                counts[token] = counts.get(token, 0) + 1


def measure(size: int, passes: int, work: Path) -> dict[str, float]:
    path = work / f"registry-{size}.db"
    build_registry(f"sqlite:///{path}", size)
    words = varied_words(500)
    with open_registry(f"sqlite:///{path}") as registry:
        registry.search(words[0])  # opening and the first load are not measured

        def load() -> None:
            with registry.engine.connect() as conn:
                load_snapshot(conn)

        def search_all() -> None:
            for word in words:
                registry.search(word)

        def pages_all() -> None:
            for word in words:
                build_search(registry, q=word).model_dump_json()

        return {
            "statistics_ms": best_ms(5, load),
            "scan_ms": best_ms(5, lambda: count_every_entry(path)),
            "search_ms": best_ms(passes, search_all) / len(words),
            "page_ms": best_ms(passes, pages_all) / len(words),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", default="20,100")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.standards.split(",")]
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print("standards  statistics ms  scan every entry ms  search ms/query  page+JSON ms/query")  # noqa: T201
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = measure(size, args.passes, Path(tmp))
            print(  # noqa: T201
                f"{size:9d}  {r['statistics_ms']:13.1f}  {r['scan_ms']:19.1f}"
                f"  {r['search_ms']:15.2f}  {r['page_ms']:18.2f}"
            )


if __name__ == "__main__":
    main()
