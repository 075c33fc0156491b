"""Benchmark: time and peak memory to parse and to import the seed, x1 and x100.

Run: ``python benchmarks/bench_parse_import.py [--copies 100] [--repeat 5]``.

Baselines measured in the same run, so that numbers read against this machine:
- parse baseline: decoding-free line and cell split of the same text (the floor
  any parser pays to look at every character);
- import baseline: inserting each document's canonical JSON as one row with the
  standard library's ``sqlite3`` (the floor of storing the same bytes).

The 100 copies vary the approving order number (so each is its own standard)
and every occupation code, so that no two copies share keys or IDs.
"""

from __future__ import annotations

import argparse
import gc
import platform
import re
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from kasip.export.json import dump_document
from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry

T = TypeVar("T")
# Full (``NNNN-N-NNN``) and short (``NNNN-NNN``) codes, shifted alike so that a
# short code still finds its full form in the same copy.
_CODE_RE = re.compile(r"(\d{4})-(?:(\d)-)?(\d{3})(?!\d)")
_ORDER_RE = re.compile(r"№ 292")


def seed_text() -> str:
    path = resources.files("kasip") / "data" / "psychological-and-social-work.kk.txt"
    with resources.as_file(path) as real:
        return read_source(real)


def varied_copy(text: str, index: int) -> str:
    """The seed with its order number and every occupation code changed."""
    text = _ORDER_RE.sub(f"№ {1000 + index}", text)

    def shift(match: re.Match[str]) -> str:
        middle = f"{match[2]}-" if match[2] else ""
        return f"{match[1]}-{middle}{(int(match[3]) + index) % 1000:03d}"

    return _CODE_RE.sub(shift, text)


def measure(fn: Callable[[], T], repeat: int) -> tuple[float, float, T]:
    """Median wall seconds over ``repeat`` runs and peak traced MiB of one run."""
    times = []
    result: T | None = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result is not None
    return statistics.median(times), peak / 2**20, result


def baseline_scan(texts: list[str]) -> int:
    cells = 0
    for text in texts:
        for line in text.splitlines():
            cells += len(line.split("\t|\t"))
    return cells


def baseline_store(docs: list[Document], workdir: Path) -> int:
    path = workdir / f"baseline-{time.perf_counter_ns()}.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT)")
    with con:
        con.executemany("INSERT INTO doc (body) VALUES (?)", [(dump_document(d),) for d in docs])
    con.close()
    return len(docs)


def kasip_import(docs: list[Document], workdir: Path) -> int:
    url = f"sqlite:///{workdir}/kasip-{time.perf_counter_ns()}.db"
    with open_registry(url) as registry:
        return len(registry.import_documents(docs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seed = seed_text()
    copies = [varied_copy(seed, i) for i in range(args.copies)]
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, texts, repeat in (("x1", [seed], args.repeat), (f"x{args.copies}", copies, 1)):
            t, mem, _ = measure(lambda texts=texts: baseline_scan(texts), repeat)
            rows.append((f"baseline scan {label}", t, mem))
            t, mem, docs = measure(lambda texts=texts: [parse_standard(x) for x in texts], repeat)
            rows.append((f"parse {label}", t, mem))
            t, mem, _ = measure(lambda docs=docs: baseline_store(docs, work), repeat)
            rows.append((f"baseline sqlite3 JSON insert {label}", t, mem))
            t, mem, _ = measure(lambda docs=docs: kasip_import(docs, work), repeat)
            rows.append((f"kasip import {label} (fresh SQLite file)", t, mem))
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print(f"{'step':45} {'seconds':>9} {'peak MiB':>9}")  # noqa: T201
    for name, seconds, mib in rows:
        print(f"{name:45} {seconds:9.3f} {mib:9.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
