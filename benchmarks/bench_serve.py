"""Benchmark: requests/s and p95/p99 latency of the web service under 50 clients.

Run: ``python benchmarks/bench_serve.py [--standards 100] [--seconds 10] [--workers N]``.

A registry of N standards (varied copies of the seed, as in
``bench_parse_import.py``) is served by ``kasip serve`` in its own process on
loopback; ``wrk`` (Debian package) drives 50 concurrent connections against a
card's JSON twin, its HTML page and its API resource, the search page and API
search, the match page and ``POST /api/v1/match``, and, as the baseline
measured in the same run, a static file served by the same server. The
"varied" targets send a different request every time (the words of the
registry in turn, and a request number in a parameter the app ignores), so
that a response cache answers none of them: they measure a search made anew.
Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from bench_parse_import import seed_text, varied_copy

from kasip.parse import parse_standard
from kasip.registry import open_registry

# wrk's summary does not print p95 or p99; this hook prints them with the rate.
_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %d %d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""

SEARCH_QUERY = "әлеуметтік жұмыс"
MATCH_TEXT = "Әлеуметтік қызметкер қарттарға үйде күтім көрсетеді, құжаттарды жүргізеді."
VARIED_QUERIES = 500
WARM_UP_REQUESTS = 8


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


def varied_words(count: int) -> list[str]:
    """``count`` distinct words of the seed (5 letters or more), in a fixed order."""
    words = sorted(set(re.findall(r"[^\W\d_]{5,}", seed_text().lower())))
    step = max(1, len(words) // count)
    return words[::step][:count]


def wrk_script(work: Path, name: str, paths: list[str] | None, post: str | None) -> Path:
    """A wrk Lua script: the done hook, and the paths to cycle through or the body to POST."""
    lua = _DONE
    if post is not None:
        lua += (
            f'wrk.method = "POST"\nwrk.body = {json.dumps(post, ensure_ascii=False)}\n'
            'wrk.headers["Content-Type"] = "text/plain; charset=utf-8"\n'
        )
    if paths:
        # Each thread numbers its requests (id-i) in a parameter the app ignores, so that
        # no request repeats an earlier one, however many are sent: none is a cache hit.
        lua += (
            "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
            "local threads = 0\n"
            "function setup(thread)\n"
            "  threads = threads + 1\n"
            '  thread:set("id", threads)\n'
            "end\n"
            "local i = 0\n"
            "request = function()\n"
            "  i = i + 1\n"
            '  local path = paths[i % #paths + 1] .. "&n=" .. id .. "-" .. i\n'
            '  return wrk.format("GET", path)\n'
            "end\n"
        )
    script = work / f"{name}.lua"
    script.write_text(lua, encoding="utf-8")
    return script


def wait_for(
    url: str, timeout: float = 60.0, *, text: str | None = None, every: float = 0.2
) -> None:
    """Ask ``url`` (POST ``text`` when given) every ``every`` seconds until it answers."""
    data = text.encode() if text is not None else None
    headers = {"Content-Type": "text/plain; charset=utf-8"} if text is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=60 if text is not None else 2):
                return
        except OSError:
            time.sleep(every)
    raise RuntimeError(f"server did not answer at {url}")


def run_wrk(url: str, seconds: int, script: Path) -> tuple[float, float, float, int, int]:
    done = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"wrk failed on {url}: {done.stdout}{done.stderr}")
    rate, p95_ms, p99_ms, total, errors = line.split()[1:]
    return float(rate), float(p95_ms), float(p99_ms), int(total), int(errors)


Target = tuple[str, str, list[str] | None, str | None]


def targets_for(card_id: str) -> list[Target]:
    """Each target's name, path, paths to cycle through instead, and body to POST."""
    q = quote(SEARCH_QUERY)
    words = varied_words(VARIED_QUERIES)
    return [
        ("static", "/static/style.css", None, None),
        ("card-json", f"/cards/{card_id}.json", None, None),
        ("card-html", f"/cards/{card_id}", None, None),
        ("api-card", f"/api/v1/cards/{card_id}", None, None),
        ("search-html", f"/search?q={q}", None, None),
        ("api-search", f"/api/v1/search?q={q}", None, None),
        ("match-html", f"/match?text={quote(MATCH_TEXT)}", None, None),
        ("api-match-post", "/api/v1/match", None, MATCH_TEXT),
        ("api-search-varied", "/", [f"/api/v1/search?q={quote(w)}" for w in words], None),
        ("search-html-varied", "/", [f"/search?q={quote(w)}" for w in words], None),
    ]


def warm_up(url: str, post: str | None) -> None:
    """A few requests at once before measuring, so that every worker has loaded its caches.

    The first search after opening a registry reads the index statistics (a
    worker loads the match index before it accepts requests, and again after
    each import), which is not what this benchmark measures.
    """
    data = post.encode() if post is not None else None
    headers = {"Content-Type": "text/plain; charset=utf-8"} if post else {}

    def one(_: int) -> None:
        request = urllib.request.Request(url, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=120):
            pass

    with ThreadPoolExecutor(WARM_UP_REQUESTS) as pool:
        list(pool.map(one, range(WARM_UP_REQUESTS)))


def measure(
    args: argparse.Namespace, work: Path
) -> list[tuple[str, float, float, float, int, int]]:
    url = f"sqlite:///{work}/registry.db"
    card_id = build_registry(url, args.standards)
    port = free_port()
    kasip = Path(sys.executable).with_name("kasip")
    command = [str(kasip), "serve", "--db", url, "--port", str(port)]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    base = f"http://127.0.0.1:{port}"
    chosen = set(filter(None, args.only.split(",")))
    targets = [t for t in targets_for(card_id) if t[0] in chosen | {"static"} or not chosen]
    results = []
    with serving(command, work / "server.log"):
        wait_for(f"{base}/static/style.css")
        for name, path, paths, post in targets:
            warm_up(base + (paths or [path])[0], post)
            script = wrk_script(work, name, paths, post)
            results.append((name, *run_wrk(base + path, args.seconds, script)))
    return results


@contextmanager
def serving(command: list[str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run the server ``command`` (its output to ``log_path``) until the block ends.

    When the block fails, the end of the server's log goes to stderr.
    """
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield server
        except Exception:
            sys.stderr.write(log_path.read_text(encoding="utf-8")[-3000:])
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--workers", type=int, default=None, help="kasip serve --workers (default: its own)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated target names to run (the baseline always runs)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args, Path(tmp))
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print(  # noqa: T201
        f"registry: {args.standards} standards; 50 connections, {args.seconds} s each; "
        f"workers: {args.workers or 'default'}"
    )
    header = f"{'target':20} {'req/s':>8} {'% static':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(f"{header} {'requests':>9} {'errors':>7}")  # noqa: T201
    static_rate = results[0][1]
    for name, rate, p95, p99, total, errors in results:
        share = 100 * rate / static_rate
        print(  # noqa: T201
            f"{name:20} {rate:8.1f} {share:8.1f} {p95:8.1f} {p99:8.1f} {total:9d} {errors:7d}"
        )


if __name__ == "__main__":
    main()
