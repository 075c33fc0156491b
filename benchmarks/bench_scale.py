"""Benchmark: a registry at national scale (issue 11), 1×, 100× and 700× the bundled standard.

Run: ``python benchmarks/bench_scale.py [--sizes 1,100,700] [--workdir DIR]
[--write BENCHMARKS.md]``.

The registry of N× holds the bundled standard and N-1 varied copies of it
(another order number and title, other occupation codes, 15 % of the words
swapped for other words of the standard, knowledge lists shuffled; see
``bench_search.varied_copy``), so 700× is about 430,000 searchable entries.
The texts are made once and kept in ``--workdir``.

Measured for each size, each step in a process of its own (so that its peak
memory is its own):

- **parse**: the texts to documents (seconds);
- **import**: ``Registry.import_documents`` of the parsed documents into a
  new SQLite file (seconds, and the process's peak RSS, parsing included);
  baseline: the same rows of ``elements`` and ``search_entries`` written by
  plain ``sqlite3`` inserts into tables without indexes;
- **match file**: after the import, the joined match index written as the
  file every later process maps, as ``kasip import`` does (seconds);
- **one more**: one new standard imported into the N× registry (then its
  match file), and the same text again (a no-op);
- **cold start**: a new process opens the registry and matches a text, then
  searches (seconds to the first answer, RSS after);
- **latency** in that process: search (the queries of eval/search-dev.jsonl),
  match (the texts of ../shared/eval/match-real-dev.jsonl) and a card's JSON
  (``build_card`` over 100 cards), p50 and p95 in milliseconds; baseline: a
  raw FTS5 query for the same queries' words.

The tables go to stdout as Markdown, with the machine and date; ``--write
BENCHMARKS.md`` also puts them there, between the ``bench_scale`` markers.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_search import _VARIATIONS, SEED, _same_shape, _vocabulary, seed_text, varied_copy  # noqa: E402
from bench_serve import (  # noqa: E402
    MATCH_TEXT,
    Target,
    free_port,
    run_wrk,
    serving,
    varied_words,
    wait_for,
    warm_up,
    wrk_script,
)
from record import replace_block  # noqa: E402

from kasip.parse import parse_standard  # noqa: E402

REAL_MATCH = ROOT.parent / "shared" / "eval" / "match-real-dev.jsonl"
SEARCH_DEV = ROOT / "eval" / "search-dev.jsonl"
CARDS_MEASURED = 100
VARIED = 500  # distinct requests a varied HTTP target cycles through
# The extra standard's copy number: past the registries' (at most 700 texts),
# within what the copies' codes have room for (benchmarks/copies.py).
EXTRA_COPY = 750


def make_texts(size: int, workdir: Path) -> list[Path]:
    """The bundled standard and size-1 varied copies, as files (made once)."""
    folder = workdir / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    text = seed_text()
    seed = parse_standard(text, source_name=SEED)
    vocabulary = sorted(_vocabulary({}, text, "kk"))
    paths = [folder / f"{i:04d}.txt" for i in range(size)]
    if not paths[0].exists():
        paths[0].write_text(text, encoding="utf-8")
    for i, path in enumerate(paths[1:], start=1):
        if path.exists():
            continue
        for share, reorder in _VARIATIONS:
            copy = varied_copy(seed, text, vocabulary, i, share=share, reorder=reorder)
            if _same_shape(seed, parse_standard(copy, source_name=path.name)):
                break
        path.write_text(copy, encoding="utf-8")
    return paths


def extra_text(workdir: Path) -> Path:
    """A standard that none of the registries holds: copy number EXTRA_COPY."""
    path = workdir / "extra.txt"
    if not path.exists():
        text = seed_text()
        seed = parse_standard(text, source_name=SEED)
        vocabulary = sorted(_vocabulary({}, text, "kk"))
        path.write_text(varied_copy(seed, text, vocabulary, EXTRA_COPY, share=0.0, reorder=False))
    return path


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM: ``ru_maxrss`` keeps the parent's across exec)."""
    return _status_mib("VmHWM:")


def percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    return {"p50": at(0.5), "p95": at(0.95), "n": len(ordered)}


def timed_each(fn: Callable[[Any], Any], inputs: Sequence[Any]) -> list[float]:
    times = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - start)
    return times


# ----------------------------------------------------------------------------- child steps


def step_import(db: str, files: list[str]) -> dict[str, Any]:
    from kasip.parse import read_source
    from kasip.registry import open_registry
    from kasip.store import prepare_document

    # As `kasip import` does: each text parsed, then held prepared (compressed JSON).
    start = time.perf_counter()
    docs = [
        prepare_document(parse_standard(read_source(Path(f)), source_name=Path(f).name), keep=False)
        for f in files
    ]
    parsed = time.perf_counter() - start
    with open_registry(f"sqlite:///{db}") as registry:
        start = time.perf_counter()
        registry.import_documents(docs)
        imported = time.perf_counter() - start
        # As `kasip import` does next: the prepared texts let go, and the joined
        # match index written for the processes that open the registry after
        # it (kasip.match.mapped).
        docs.clear()
        start = time.perf_counter()
        registry.warm_up()
        match_file = time.perf_counter() - start
    return {
        "parse_s": parsed,
        "import_s": imported,
        "match_file_s": match_file,
        "peak_mib": peak_rss_mib(),
    }


def step_one_more(db: str, files: list[str]) -> dict[str, Any]:
    from kasip.parse import read_source
    from kasip.registry import open_registry

    [path] = [Path(f) for f in files]
    doc = parse_standard(read_source(path), source_name=path.name)
    with open_registry(f"sqlite:///{db}") as registry:
        start = time.perf_counter()
        [first] = registry.import_documents([doc])
        one_more = time.perf_counter() - start
        start = time.perf_counter()
        registry.warm_up()
        one_more_file = time.perf_counter() - start
        start = time.perf_counter()
        [again] = registry.import_documents([doc])
        unchanged = time.perf_counter() - start
    assert first.status == "created" and again.status == "unchanged", (first, again)
    return {"one_more_s": one_more, "one_more_file_s": one_more_file, "unchanged_s": unchanged}


def step_serve(db: str, _: list[str]) -> dict[str, Any]:
    from kasip.pages.card import build_card
    from kasip.registry import open_registry

    texts = [json.loads(line)["text"] for line in REAL_MATCH.read_text().splitlines()]
    queries = [json.loads(line)["query"] for line in SEARCH_DEV.read_text().splitlines()]
    start = time.perf_counter()
    with open_registry(f"sqlite:///{db}") as registry:
        registry.match(texts[0])
        first_match = time.perf_counter() - start
        start = time.perf_counter()
        registry.search(queries[0])
        first_search = time.perf_counter() - start
        rss_after_first = current_rss_mib()
        # The same number of cards at every size, drawn from the whole registry.
        chosen = random.Random(0).choices(registry.list_cards(), k=CARDS_MEASURED)
        cards = [(card.standard, card.card_id) for card in chosen]
        result = {
            "first_match_s": first_match,
            "first_search_s": first_search,
            "rss_mib": rss_after_first,
            "search": percentiles(timed_each(registry.search, queries)),
            "match": percentiles(timed_each(registry.match, texts)),
            "card_json": percentiles(
                timed_each(
                    lambda c: build_card(registry, c[1], standard=c[0]).model_dump_json(), cards
                )
            ),
        }
    result["rows_by_id"] = percentiles(timed_each(rows_by_id(db), queries))
    result["peak_mib"] = peak_rss_mib()
    return result


def current_rss_mib() -> float:
    return _status_mib("VmRSS:")


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def rows_by_id(db: str) -> Callable[[str], Any]:
    """Baseline: what every search reads at least, 20 entries by id (raw sqlite3).

    Drawn per query from the whole table: search ranks over arrays and then
    reads its best rows this way (kasip.search.ranking).
    """
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    top = conn.execute("SELECT max(id) FROM search_entries").fetchone()[0] or 1
    draw = random.Random(0)

    def query(_: str) -> Any:
        ids = [draw.randint(1, top) for _ in range(20)]
        marks = ", ".join("?" * len(ids))
        return conn.execute(f"SELECT * FROM search_entries WHERE id IN ({marks})", ids).fetchall()

    return query


def step_plain_inserts(db: str, _: list[str]) -> dict[str, Any]:
    """Baseline: the registry's element and search rows written by plain inserts."""
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    target_path = Path(db).with_suffix(".plain.db")
    target_path.unlink(missing_ok=True)
    target = sqlite3.connect(target_path)
    tables = ("standard_versions", "elements", "search_entries")
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    start = time.perf_counter()
    for table, found in rows.items():
        width = len(found[0]) if found else 1
        target.execute(f"CREATE TABLE {table} ({', '.join(f'c{i}' for i in range(width))})")
        marks = ", ".join("?" * width)
        target.executemany(f"INSERT INTO {table} VALUES ({marks})", found)
    target.commit()
    seconds = time.perf_counter() - start
    target.close()
    target_path.unlink()
    return {"plain_inserts_s": seconds, "rows": sum(len(r) for r in rows.values())}


# ----------------------------------------------------------------------------- HTTP

HTTP_TARGETS = ("static", "card-json", "card-json-varied", "api-search-varied", "api-match-post")


def http_targets(url: str) -> list[Target]:
    """What wrk asks for: varied targets send a new request each time (no cache hit)."""
    from sqlalchemy import text

    from kasip.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = [
                (key, card)
                for key, card in conn.execute(
                    text(
                        "SELECT s.key, c.card_id FROM cards c"
                        " JOIN standard_versions v ON v.id = c.version_id"
                        " JOIN standards s ON s.id = v.standard_id ORDER BY c.id"
                    )
                )
            ]
    finally:
        engine.dispose()
    cards = random.Random(1).choices(rows, k=VARIED)
    key, card = rows[0]
    return [
        ("static", "/static/style.css", None, None),
        ("card-json", f"/cards/{quote(card)}.json?standard={key}", None, None),
        (
            "card-json-varied",
            "/",
            [f"/cards/{quote(c)}.json?standard={k}" for k, c in cards],
            None,
        ),
        (
            "api-search-varied",
            "/",
            [f"/api/v1/search?q={quote(w)}" for w in varied_words(VARIED)],
            None,
        ),
        ("api-match-post", "/api/v1/match", None, MATCH_TEXT),
    ]


def serve_and_measure(url: str, workers: int, seconds: int, workdir: Path) -> dict[str, Any]:
    """``kasip serve`` on the registry at ``url``, wrk with 50 connections against each target."""
    port = free_port()
    kasip = Path(sys.executable).with_name("kasip")
    command = [str(kasip), "serve", "--db", url, "--port", str(port)]
    command += ["--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    start = time.perf_counter()
    with serving(command, workdir / "server.log") as server:
        # A worker takes requests once it has loaded what matching needs.
        # Polled every 20 ms: the time to it is measured.
        wait_for(f"{base}/api/v1/match", timeout=600, text=MATCH_TEXT, every=0.02)
        results["first_match_http_s"] = time.perf_counter() - start
        wait_for(f"{base}/static/style.css", timeout=600)
        warm_up(f"{base}/api/v1/match", MATCH_TEXT)
        for name, path, paths, post in http_targets(url):
            warm_up(base + (paths or [path])[0], post)
            script = wrk_script(workdir, name, paths, post)
            rate, p95, p99, _, errors = run_wrk(base + path, seconds, script)
            results[name] = {"rate": rate, "p95": p95, "p99": p99, "errors": errors}
        results["server_rss_mib"] = tree_rss_mib(server.pid)
        results["server_pss_mib"] = tree_rss_mib(server.pid, field="Pss:")
    return results


def tree_rss_mib(pid: int, field: str = "Rss:") -> list[float]:
    """The RSS of a process and of each of its children (the workers), in MiB.

    ``field="Pss:"``: each one's proportional share instead, pages shared by
    several processes (the mapped match index) divided among them.
    """
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for one in [pid, *map(int, children)]:
        for line in Path(f"/proc/{one}/smaps_rollup").read_text().splitlines():
            if line.startswith(field):
                found.append(int(line.split()[1]) / 1024)
    return found


STEPS = {
    "import": step_import,
    "one_more": step_one_more,
    "serve": step_serve,
    "plain": step_plain_inserts,
}


def child(step: str, db: Path, files: Sequence[Path]) -> dict[str, Any]:
    """Run one step in a new process; its JSON result."""
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, "--db", str(db), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# ----------------------------------------------------------------------------- report


def run_size(size: int, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    files = make_texts(size, workdir)
    db = workdir / f"registry-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{db}.match", ignore_errors=True)
    result = child("import", db, files)
    result["entries"] = entries_of(db)
    result |= child("plain", db, [])
    result |= child("serve", db, [])
    if args.http_seconds:
        for workers in map(int, args.workers.split(",")):
            result[f"http{workers}"] = serve_and_measure(
                f"sqlite:///{db}", workers, args.http_seconds, workdir
            )
    result |= child("one_more", db, [extra_text(workdir)])
    return result


def entries_of(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM search_entries").fetchone()[0])


def report(results: dict[int, dict[str, Any]]) -> str:
    rows = [
        ("searchable entries", lambda r: f"{r['entries']:,}"),
        ("parse, each text then held prepared (s)", lambda r: f"{r['parse_s']:.1f}"),
        ("import of the prepared texts (s)", lambda r: f"{r['import_s']:.1f}"),
        ("baseline: plain inserts of the same rows (s)", lambda r: f"{r['plain_inserts_s']:.1f}"),
        ("then its match index file written (s)", lambda r: f"{r['match_file_s']:.1f}"),
        ("peak RSS of parse and import (MiB)", lambda r: f"{r['peak_mib']:.0f}"),
        ("one more standard into it (s)", lambda r: f"{r['one_more_s']:.2f}"),
        ("then its match index file (s)", lambda r: f"{r['one_more_file_s']:.2f}"),
        ("the same text again (s)", lambda r: f"{r['unchanged_s']:.2f}"),
        ("first match after opening (s)", lambda r: f"{r['first_match_s']:.2f}"),
        ("first search after it (s)", lambda r: f"{r['first_search_s']:.2f}"),
        ("RSS after the first match and search (MiB)", lambda r: f"{r['rss_mib']:.0f}"),
        ("search p50 / p95 (ms)", lambda r: _pair(r["search"])),
        ("baseline: 20 search rows read by id, p50 / p95 (ms)", lambda r: _pair(r["rows_by_id"])),
        ("match p50 / p95 (ms)", lambda r: _pair(r["match"])),
        ("card JSON p50 / p95 (ms)", lambda r: _pair(r["card_json"])),
    ]
    sizes = sorted(results)
    lines = [
        f"Machine: {platform.machine()}, {_cpus()} CPUs, Python {platform.python_version()}; "
        f"{datetime.now(UTC):%Y-%m-%d}; SQLite {sqlite3.sqlite_version}.",
        "",
        "| | " + " | ".join(f"{s}×" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(results[s]) for s in sizes) + " |")
    return "\n".join(lines)


def http_report(results: dict[int, dict[str, Any]]) -> str:
    """Requests/s (and % of the static file's rate), p95 and p99 per target, size and workers."""
    lines = [
        "| registry | workers | target | req/s | % static | p95 ms | p99 ms | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size, result in sorted(results.items()):
        for key in sorted(k for k in result if k.startswith("http")):
            http = result[key]
            static = http["static"]["rate"]
            for name in HTTP_TARGETS:
                r = http[name]
                lines.append(
                    f"| {size}× | {key[4:]} | {name} | {r['rate']:.0f} | "
                    f"{100 * r['rate'] / static:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
                    f"{r['errors']} |"
                )
            rss = " + ".join(f"{m:.0f}" for m in http["server_rss_mib"])
            pss = " + ".join(f"{m:.0f}" for m in http.get("server_pss_mib", []))
            lines.append(
                f"| {size}× | {key[4:]} | first match answered {http['first_match_http_s']:.2f} s "
                f"after `kasip serve`; server RSS {rss} MiB, PSS {pss} MiB | | | | | |"
            )
    return "\n".join(lines)


def _pair(r: dict[str, float]) -> str:
    return f"{r['p50']:.1f} / {r['p95']:.1f}"


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,700")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kasip-bench-scale"))
    parser.add_argument("--http-seconds", type=int, default=10, help="0: no HTTP measures")
    parser.add_argument("--workers", default="1,2", help="kasip serve --workers, each in turn")
    parser.add_argument(
        "--write",
        type=Path,
        metavar="FILE",
        help="also put the tables into FILE (BENCHMARKS.md), between its bench_scale markers",
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](args.db, args.files)))  # noqa: T201
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results[size] = run_size(size, args.workdir, args)
        print(f"{size}×: {json.dumps(results[size])}", file=sys.stderr)  # noqa: T201
    tables = f"{report(results)}\n\n{http_report(results)}"
    print(tables)  # noqa: T201
    if args.write:
        replace_block(args.write, "bench_scale", tables)


if __name__ == "__main__":
    main()
