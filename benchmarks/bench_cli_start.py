"""Benchmark: how long ``kasip --version`` and ``kasip --help`` take to start and exit.

Run: ``python benchmarks/bench_cli_start.py [--runs 20]``.

Each command runs ``--runs`` times in a fresh process (the installed ``kasip``
script beside this Python); the best and the median wall times are printed,
beside the same for ``python -c pass`` (the interpreter's own start, the floor
of any command) measured in the same run, interleaved with them so that a busy
machine weighs on all alike. The best time is the one to compare: the others
add whatever else the machine was doing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    kasip = str(Path(sys.executable).with_name("kasip"))
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "kasip --version": [kasip, "--version"],
        "kasip --help": [kasip, "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print(f"{'command':28} {'best s':>8} {'median s':>9}   ({args.runs} runs)")  # noqa: T201
    for name, runs in times.items():
        print(f"{name:28} {min(runs):8.3f} {statistics.median(runs):9.3f}")  # noqa: T201


if __name__ == "__main__":
    main()
