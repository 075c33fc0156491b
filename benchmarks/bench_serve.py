"""Benchmark: requests/s and p95 latency of the web service under 50 clients.

Run: ``python benchmarks/bench_serve.py [--standards 100] [--seconds 10]``.

A registry of N standards (varied copies of the seed, as in
``bench_parse_import.py``) is served by ``kasip serve`` in its own process on
loopback; ``wrk`` (Debian package) drives 50 concurrent connections against a
card's JSON twin, the card's HTML page, and, as the baseline measured in the
same run, a static file served by the same server. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_parse_import import seed_text, varied_copy

from kasip.parse import parse_standard
from kasip.registry import open_registry

# wrk's summary does not print p95; this script prints it with the rate.
_WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %d %d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_registry(url: str, standards: int) -> str:
    """Import N varied copies of the seed; return a card ID of the last copy."""
    seed = seed_text()
    docs = [parse_standard(varied_copy(seed, i)) for i in range(standards)]
    with open_registry(url) as registry:
        registry.import_documents(docs)
    return docs[-1].cards[1].id


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def run_wrk(url: str, seconds: int, script: Path) -> tuple[float, float, int, int]:
    out = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rate, p95_ms, total, errors = line.split()[1:]
    return float(rate), float(p95_ms), int(total), int(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work}/registry.db"
        card_id = build_registry(url, args.standards)
        script = work / "p95.lua"
        script.write_text(_WRK_SCRIPT, encoding="utf-8")
        port = free_port()
        kasip = Path(sys.executable).with_name("kasip")
        server = subprocess.Popen(
            [str(kasip), "serve", "--db", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/static/style.css")
            targets = (
                ("static file (baseline)", f"{base}/static/style.css"),
                ("card JSON twin", f"{base}/cards/{card_id}.json"),
                ("card HTML page", f"{base}/cards/{card_id}"),
                ("API card", f"{base}/api/v1/cards/{card_id}"),
            )
            results = [(name, *run_wrk(target, args.seconds, script)) for name, target in targets]
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print(f"registry: {args.standards} standards; 50 connections, {args.seconds} s each")  # noqa: T201
    print(f"{'target':26} {'req/s':>9} {'p95 ms':>9} {'requests':>9} {'errors':>7}")  # noqa: T201
    for name, rate, p95, total, errors in results:
        print(f"{name:26} {rate:9.1f} {p95:9.1f} {total:9d} {errors:7d}")  # noqa: T201


if __name__ == "__main__":
    main()
