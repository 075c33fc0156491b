"""Benchmark: search latency while ``kasip import`` runs into the served registry.

Run: ``python benchmarks/bench_import_while_serving.py [--standards 20] [--clients 4]
[--seconds 20] [--importers 2]``.

A SQLite registry of N standards (varied copies of the seed, as in
``bench_parse_import.py``) is served by ``kasip serve`` in its own process on
loopback; ``wrk`` (Debian package) sends ``/api/v1/search?q=...`` over C
connections, twice: first alone (the baseline, measured in the same run),
then while ``--importers`` ``kasip import`` processes at a time import new
standards into the same file, one round after another, until the load ends.
It prints rate, p50 and p99 latency and errors of both, and how many imports
ran and failed. Only 127.0.0.1 is used.

wrk's percentiles are corrected for coordinated omission: when a response is
late, wrk adds the samples a client sending at the average rate would have
had, as if every request behind it had queued. The server does not queue
them (other connections are answered while one request waits), so the same
load is also sent by C client processes (keep-alive ``http.client``, one
request after another each) that record every request's own latency: the
exact percentiles of what clients saw. ``--varied`` makes every request a
new search (the seed's words in turn, numbered in a parameter the app
ignores), so that none is answered from the response cache.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_parse_import import seed_text, varied_copy
from bench_serve import free_port, varied_words, wait_for

from kasip.parse import parse_standard
from kasip.registry import open_registry

_WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %f %d %d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""
QUERY = "әлеуметтік қызметкер"


@dataclass
class Load:
    rate: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int


@dataclass
class Imports:
    started: int = 0
    failed: int = 0
    rounds: list[float] = field(default_factory=list)  # seconds each round took


def run_wrk(url: str, *, clients: int, seconds: int, script: Path) -> Load:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, clients)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rate, p50, p99, top, total, errors = line.split()[1:]
    return Load(float(rate), float(p50), float(p99), float(top), int(total), int(errors))


def _client(port: int, paths: list[str], offset: int, seconds: float, out: Any) -> None:
    """Send requests one after another for ``seconds``; put every latency (s) on ``out``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        path = paths[(offset + i) % len(paths)]
        if len(paths) > 1:
            path += f"&n={offset}-{i}"  # never the same request twice: no cache hit
        i += 1
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        errors += response.status != 200
    out.put((latencies, errors))


def run_clients(port: int, paths: list[str], *, clients: int, seconds: int) -> Load:
    """The load of ``run_wrk`` from ``clients`` processes, with exact percentiles."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    procs = [
        context.Process(target=_client, args=(port, paths, n * 1000, seconds, out))
        for n in range(clients)
    ]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000  # noqa: E731
    return Load(
        len(latencies) / seconds,
        pick(0.5),
        pick(0.99),
        latencies[-1] * 1000,
        len(latencies),
        errors,
    )


def import_rounds(
    kasip: list[str], url: str, files: list[Path], importers: int, stop: threading.Event
) -> Imports:
    """Run ``importers`` imports at a time, round after round, until ``stop`` is set."""
    counts = Imports()
    pending = list(files)
    while not stop.is_set() and len(pending) >= importers:
        batch, pending = pending[:importers], pending[importers:]
        runs = [
            subprocess.Popen(
                [*kasip, "--db", url, "import", str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for path in batch
        ]
        counts.started += len(runs)
        began = time.perf_counter()
        counts.failed += sum(run.wait() != 0 for run in runs)
        counts.rounds.append(time.perf_counter() - began)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--importers", type=int, default=2)
    parser.add_argument(
        "--varied", action="store_true", help="a new search every request (no cache hit)"
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="client processes recording each request instead of wrk (see module doc)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    seed = seed_text()
    kasip = [sys.executable, "-m", "kasip"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work}/registry.db"
        with open_registry(url) as registry:
            registry.import_documents(
                [parse_standard(varied_copy(seed, i)) for i in range(args.standards)]
            )
        # More texts than the importers can get through in the time given.
        files = []
        for i in range(args.standards, args.standards + 200):
            path = work / f"standard-{i}.txt"
            path.write_text(varied_copy(seed, i), encoding="utf-8")
            files.append(path)
        script = work / "latency.lua"
        script.write_text(_WRK_SCRIPT, encoding="utf-8")
        port = free_port()
        server = subprocess.Popen(
            [*kasip, "--db", url, "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        target = f"http://127.0.0.1:{port}/api/v1/search?q={urllib.parse.quote(QUERY)}"
        queries = varied_words(500) if args.varied else [QUERY]
        paths = [f"/api/v1/search?q={urllib.parse.quote(q)}" for q in queries]

        def load() -> Load:
            if args.exact or args.varied:
                return run_clients(port, paths, clients=args.clients, seconds=args.seconds)
            return run_wrk(target, clients=args.clients, seconds=args.seconds, script=script)

        try:
            wait_for(target)
            alone = load()
            stop = threading.Event()
            counts: list[Imports] = []
            driver = threading.Thread(
                target=lambda: counts.append(import_rounds(kasip, url, files, args.importers, stop))
            )
            driver.start()
            try:
                during = load()
            finally:
                stop.set()
                driver.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(args, alone, during, counts[0])


def report(args: argparse.Namespace, alone: Load, during: Load, imports: Imports) -> None:
    """Print the machine, the set-up and the two loads."""
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    searched = "500 words in turn, each request new" if args.varied else QUERY
    client = "client processes, exact" if args.exact or args.varied else "wrk, CO-corrected"
    print(  # noqa: T201
        f"registry: {args.standards} standards; GET /api/v1/search?q= {searched}; "
        f"{args.clients} connections ({client}), {args.seconds} s each"
    )
    header = f"{'load':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}"
    print(header)  # noqa: T201
    for name, load in (
        ("search alone (baseline)", alone),
        (f"search during imports ({args.importers} at a time)", during),
    ):
        print(  # noqa: T201
            f"{name:34} {load.rate:8.1f} {load.p50_ms:8.1f} {load.p99_ms:8.1f} "
            f"{load.max_ms:8.1f} {load.errors:7d}"
        )
    rounds = ", ".join(f"{r:.1f}" for r in imports.rounds)
    print(  # noqa: T201
        f"imports run during the load: {imports.started}, failed: {imports.failed};"
        f" seconds per round of {args.importers}: {rounds}"
    )


if __name__ == "__main__":
    main()
