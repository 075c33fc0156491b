"""Benchmark: an import of many texts with and without worker processes reading them.

Run: ``python benchmarks/bench_import_workers.py [--texts 300] [--workdir DIR]``.

The first N texts of ``bench_scale.py``'s registry (the bundled standard and
varied copies, made once in ``--workdir``) are parsed and held prepared, then
imported into a new SQLite registry twice in this run: with the workers
``Registry.import_documents`` starts for many new texts, and with every text
read in place (the baseline).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import make_texts

from kasip.match import reading
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry
from kasip.store import prepare_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kasip-bench-scale"))
    args = parser.parse_args()
    files = make_texts(args.texts, args.workdir)
    texts = [
        prepare_document(parse_standard(read_source(f), source_name=f.name), keep=False)
        for f in files
    ]
    threshold = reading.PARALLEL_FROM
    for name, parallel_from in (("with workers", threshold), ("in place", len(texts) + 1)):
        reading.PARALLEL_FROM = parallel_from
        db = args.workdir / f"workers-{args.texts}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with open_registry(f"sqlite:///{db}") as registry:
            start = time.perf_counter()
            registry.import_documents(texts)
            seconds = time.perf_counter() - start
        print(f"{args.texts} texts, {name}: {seconds:.1f} s")  # noqa: T201


if __name__ == "__main__":
    main()
