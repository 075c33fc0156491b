"""Benchmark: parse time of the pathological inputs at 1x, 4x and 16x, against the seed.

Run: ``python benchmarks/bench_parse_pathological.py [--repeat 5] [--only WORD]``.

The inputs are those of ``tests/test_parse_pathological.py`` (imported from there, so the
benchmark times exactly what the test checks; the test extras must be installed). The test
checks growth only (trace-event counts or CPU-time ratios, see its docstring); this prints
the times themselves:

- per case, the best of ``--repeat`` CPU times (``time.process_time``, garbage collector off)
  at each size, the 16x/1x ratio (linear: at most 16; quadratic: up to 256) and the 16x time
  over the seed's;
- the note naming many orders, with its ``tracemalloc`` peak at each size;
- baseline in the same run: the bundled seed standard (188 KB), parsed the same way.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import sys
import time
import tracemalloc
from importlib import resources
from pathlib import Path
from types import ModuleType

from kasip.parse import parse_standard, read_source

TESTS = Path(__file__).resolve().parent.parent / "tests"


def seed_text() -> str:
    path = resources.files("kasip") / "data" / "psychological-and-social-work.kk.txt"
    with resources.as_file(path) as real:
        return read_source(real)


def load_cases() -> ModuleType:
    """The test module that builds the inputs (it imports the test helpers next to it)."""
    sys.path.insert(0, str(TESTS))
    return importlib.import_module("test_parse_pathological")


def best_seconds(text: str, repeat: int) -> float:
    """Best CPU time of ``repeat`` parses of ``text``, the garbage collector off."""
    parse_standard(text)  # warm up: caches filled on first use
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        try:
            start = time.process_time()
            parse_standard(text)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def peak_bytes(text: str) -> int:
    tracemalloc.start()
    try:
        parse_standard(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="only the cases whose name has this word")
    args = parser.parse_args()
    cases = load_cases()
    seed = best_seconds(seed_text(), args.repeat)
    rows = []
    for name, case in cases.CASES.items():
        if args.only not in name:
            continue
        texts = [case.build(k) for k in cases.SCALES]
        times = [best_seconds(text, args.repeat) for text in texts]
        size = len(texts[-1].encode("utf-8", "surrogatepass"))
        rows.append((name, case.measure, size, times))
    notes = [cases.note_naming_orders(150 * k) for k in cases.SCALES]
    note_times = [best_seconds(text, args.repeat) for text in notes]
    note_peaks = [peak_bytes(text) for text in notes]

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    print(f"machine: {machine}, load average {load}")  # noqa: T201
    print(f"time: best of {args.repeat} CPU times (time.process_time)")  # noqa: T201
    print(f"baseline: seed standard (188 KB) {seed * 1000:.1f} ms")  # noqa: T201
    header = f"{'case':48} {'test':5} {'16x KB':>6} {'1x ms':>7} {'4x ms':>7} {'16x ms':>7}"
    print(f"{header} {'16x/1x':>6} {'16x/seed':>8}")  # noqa: T201
    for name, measure, size, (t1, t4, t16) in rows:
        print(  # noqa: T201
            f"{name:48} {measure:5} {size / 1000:6.0f} {t1 * 1000:7.1f} {t4 * 1000:7.1f} "
            f"{t16 * 1000:7.1f} {t16 / t1:6.1f} {t16 / seed:8.2f}"
        )
    t1, t4, t16 = note_times
    size = len(notes[-1].encode("utf-8"))
    print(  # noqa: T201
        f"{'note naming 150/600/2400 orders':48} {'peak':5} {size / 1000:6.0f} {t1 * 1000:7.1f} "
        f"{t4 * 1000:7.1f} {t16 * 1000:7.1f} {t16 / t1:6.1f} {t16 / seed:8.2f}"
    )
    peaks = ", ".join(f"{p / 2**20:.2f}" for p in note_peaks)
    print(f"note peak MiB at 1x/4x/16x: {peaks}")  # noqa: T201


if __name__ == "__main__":
    main()
