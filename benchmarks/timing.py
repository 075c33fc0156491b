"""Timing helpers the benchmarks share: best of N wall times, and a tracemalloc peak."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable


def best_ms(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of ``runs`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def peak_mib(fn: Callable[[], object]) -> float:
    """The ``tracemalloc`` peak of one call of ``fn``, in MiB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
