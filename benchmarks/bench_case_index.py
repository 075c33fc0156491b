"""Benchmark: the CASE service's UUID index (issue 15, item 2), 1 and 50 standards.

Run: ``python benchmarks/bench_case_index.py [--copies 1,50] [--write BENCHMARKS.md]``.

The registry of N standards holds the bundled standard under N keys (the
approving order's number changed: every UUID differs), in a SQLite file.
Measured for each N, in this process, best of 5 builds:

- **outline**: :func:`kasip.store.outline.read_outline` (the rows the index is
  made of: keys, element IDs, parents, types);
- **index**: :func:`kasip.export.case_index.build_case_index` over them (every
  UUID computed); the identifiers it holds and the memory it keeps
  (``tracemalloc``: what is still allocated once the rows are dropped);
- **first list**: the first ``getAllCFDocuments`` of a state (every latest
  version's frame, the document without its cards, read and parsed for its
  CFDocument: the document cache is cleared first);
- **package**: one standard's package written (``getCFPackage`` on a miss).

The table goes to stdout as Markdown, with the machine and date; ``--write
BENCHMARKS.md`` also puts it there, between the ``bench_case_index`` markers.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from record import replace_block  # noqa: E402

from kasip import parse_standard  # noqa: E402
from kasip.export.case import EXPORTED_TYPES  # noqa: E402
from kasip.export.case_index import build_case_index  # noqa: E402
from kasip.model import Document  # noqa: E402
from kasip.pages import cache as document_cache  # noqa: E402
from kasip.pages.case_service import case_documents, case_package  # noqa: E402
from kasip.parse import read_source  # noqa: E402
from kasip.registry import Registry, open_registry  # noqa: E402
from kasip.store.outline import read_outline  # noqa: E402

BASE = "https://kasip.example"
SEED = ROOT / "src" / "kasip" / "data" / "psychological-and-social-work.kk.txt"


def copies(doc: Document, n: int) -> list[Document]:
    """``doc`` under ``n`` keys: the first as it is, then with order numbers 9001, 9002, ..."""
    found = [doc]
    for number in range(1, n):
        order = doc.standard.order.model_copy(update={"number": str(9000 + number)})
        standard = doc.standard.model_copy(update={"order": order})
        found.append(doc.model_copy(update={"standard": standard}))
    return found


def best(action: Callable[[], Any], times: int = 5) -> tuple[float, Any]:
    """The fastest of ``times`` runs (seconds) and the last result."""
    seconds, result = [], None
    for _ in range(times):
        start = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - start)
    return min(seconds), result


def measure(registry: Registry) -> dict[str, Any]:
    """The figures of one registry."""

    def outline() -> Any:
        with registry.engine.connect() as conn:
            return read_outline(conn, types=EXPORTED_TYPES)

    outline_s, rows = best(outline)
    index_s, index = best(lambda: build_case_index(rows, base=BASE))
    del index
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = build_case_index(outline(), base=BASE)
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    document_cache._CACHES.clear()
    start = time.perf_counter()
    listing = case_documents(registry, public_url=BASE)
    first_list = time.perf_counter() - start
    identifier = listing.documents[-1]["identifier"]
    start = time.perf_counter()
    case_package(registry, identifier, public_url=BASE)
    package_s = time.perf_counter() - start
    return {"standards": listing.total, "rows": len(rows), "ids": len(index),
            "outline": outline_s, "index": index_s, "mb": kept / 2**20,
            "first_list": first_list, "package": package_s}  # fmt: skip


def table(results: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table, with the machine and the date."""
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.machine()}, Python "
        f"{platform.python_version()}, SQLite file registry "
        f"(`python benchmarks/bench_case_index.py --copies 1,50`):",
        "",
        "| standards | outline rows | UUIDs | outline (ms) | index build (ms) | index memory (MB) "
        "| first CFDocuments (ms) | one package (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['standards']} | {r['rows']} | {r['ids']} | {1000 * r['outline']:.1f} "
            f"| {1000 * r['index']:.1f} | {r['mb']:.1f} | {1000 * r['first_list']:.0f} "
            f"| {1000 * r['package']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Build the registries, measure, print (and write) the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", default="1,50")
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    seed = parse_standard(read_source(SEED), source_name=SEED.name)
    results = []
    with tempfile.TemporaryDirectory() as work:
        for n in (int(part) for part in args.copies.split(",")):
            with open_registry(f"sqlite:///{Path(work) / f'r{n}.db'}") as registry:
                registry.import_documents(copies(seed, n))
                results.append(measure(registry))
    text = table(results)
    print(text)  # noqa: T201 - a script's output
    if args.write is not None:
        replace_block(args.write, "bench_case_index", text)


if __name__ == "__main__":
    main()
