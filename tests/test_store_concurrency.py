"""Imports running at the same time in separate processes, on SQLite and PostgreSQL.

Eight processes each parse their text, wait at one barrier and then open the
registry and import at once (issue 8): none may fail with "database is
locked" or a unique-constraint error, the same text raced must be stored once,
and a failing import must leave nothing behind. The outcome is the same
whatever the order the processes run in, so the assertions do not depend on
timing; the barrier only makes the imports overlap.
"""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import multiprocessing.queues
    import multiprocessing.synchronize

pytest_plugins = ["conftest_store"]

from store_support import assert_token_statistics  # noqa: E402

PROCESSES = 8
# Only a guard against a hung test: the imports take a few seconds together.
WAIT_SECONDS = 300
BAD_LEVEL = 2**70  # beyond a 64-bit integer: both databases refuse the row

_CODE_RE = re.compile(r"(\d{4})-(?:(\d)-)?(\d{3})(?!\d)")
_ORDER_RE = re.compile(r"№ 292")


def varied_text(text: str, index: int) -> str:
    """The seed as another standard: its order number and every occupation code changed.

    The same change as benchmarks/bench_parse_import.py makes, so that the
    copies share no keys or card IDs.
    """
    text = _ORDER_RE.sub(f"№ {1000 + index}", text)

    def shift(match: re.Match[str]) -> str:
        middle = f"{match[2]}-" if match[2] else ""
        return f"{match[1]}-{middle}{(int(match[3]) + index) % 1000:03d}"

    return _CODE_RE.sub(shift, text)


@dataclass(frozen=True)
class Outcome:
    """What one process's import gave: (key, status) per document, or the error text."""

    index: int
    results: tuple[tuple[str, str], ...] = ()
    error: str | None = None


def _import_in_child(
    url: str,
    index: int,
    texts: list[str],
    break_last: bool,
    barrier: multiprocessing.synchronize.Barrier,
    outcomes: multiprocessing.queues.Queue[Outcome],
) -> None:
    from kasip.errors import KasipError
    from kasip.parse import parse_standard
    from kasip.registry import open_registry

    docs = [parse_standard(text, source_name=f"p{index}-{n}.txt") for n, text in enumerate(texts)]
    if break_last:
        card = docs[-1].cards[0].model_copy(update={"level": BAD_LEVEL})
        docs[-1] = docs[-1].model_copy(update={"cards": [card, *docs[-1].cards[1:]]})
    barrier.wait(WAIT_SECONDS)
    try:
        with open_registry(url) as registry:
            results = registry.import_documents(docs)
    except KasipError as exc:
        outcomes.put(Outcome(index, error=str(exc)))
        return
    outcomes.put(Outcome(index, results=tuple((r.key, r.status) for r in results)))


def run_in_parallel(
    url: str, texts_per_process: list[list[str]], *, broken: int | None = None
) -> list[Outcome]:
    """Import each list of texts in its own process, all started together.

    Args:
        url: The registry.
        texts_per_process: The texts each process parses and imports (one transaction).
        broken: The process whose last document the database refuses.

    Returns:
        The outcomes, by process.
    """
    # forkserver: children forked from a clean, single-threaded process with
    # kasip already imported (quick to start, unlike spawn; safe, unlike fork
    # from pytest's threads).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kasip.registry", "kasip.parse"])
    barrier = context.Barrier(len(texts_per_process))
    outcomes: multiprocessing.queues.Queue[Outcome] = context.Queue()
    processes = [
        context.Process(
            target=_import_in_child,
            args=(url, index, texts, index == broken, barrier, outcomes),
        )
        for index, texts in enumerate(texts_per_process)
    ]
    for process in processes:
        process.start()
    try:
        collected = [outcomes.get(timeout=WAIT_SECONDS) for _ in processes]
    finally:
        for process in processes:
            process.join(WAIT_SECONDS)
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return sorted(collected, key=lambda outcome: outcome.index)


def standards_in(url: str) -> dict[str, list[int]]:
    """The registry's standards and their version numbers."""
    from kasip.registry import open_registry

    with open_registry(url) as registry:
        return {
            summary.key: [v.version for v in registry.versions(summary.key)]
            for summary in registry.list_standards()
        }


@pytest.mark.slow
def test_parallel_imports_of_different_standards_all_succeed(
    registry_url: str, seed_text: str
) -> None:
    # The registry exists already (the other tests race creating it too).
    assert standards_in(registry_url) == {}

    outcomes = run_in_parallel(
        registry_url, [[varied_text(seed_text, n)] for n in range(1, PROCESSES + 1)]
    )

    assert [outcome.error for outcome in outcomes] == [None] * PROCESSES
    statuses = [status for outcome in outcomes for _, status in outcome.results]
    assert statuses == ["created"] * PROCESSES
    keys = {key for outcome in outcomes for key, _ in outcome.results}
    assert standards_in(registry_url) == {key: [1] for key in keys}
    assert len(keys) == PROCESSES
    _assert_searchable(registry_url, keys)


@pytest.mark.slow
def test_the_same_text_raced_is_imported_once(registry_url: str, seed_text: str) -> None:
    text = varied_text(seed_text, 1)

    outcomes = run_in_parallel(registry_url, [[text]] * PROCESSES)

    assert [outcome.error for outcome in outcomes] == [None] * PROCESSES
    statuses = Counter(status for outcome in outcomes for _, status in outcome.results)
    assert statuses == {"created": 1, "unchanged": PROCESSES - 1}
    keys = {key for outcome in outcomes for key, _ in outcome.results}
    assert standards_in(registry_url) == {key: [1] for key in keys}
    _assert_searchable(registry_url, keys)


@pytest.mark.slow
def test_a_failing_import_among_parallel_ones_stores_nothing(
    registry_url: str, seed_text: str
) -> None:
    # Process 0 imports a new standard, then one the database refuses: both
    # must be gone, whatever the others did meanwhile.
    texts = [[varied_text(seed_text, n)] for n in range(1, PROCESSES)]
    broken_texts = [varied_text(seed_text, 100), varied_text(seed_text, 101)]

    outcomes = run_in_parallel(registry_url, [broken_texts, *texts], broken=0)

    failed, *succeeded = outcomes
    assert failed.error is not None
    assert "p0-1.txt" in failed.error
    assert "nothing was stored" in failed.error
    assert [outcome.error for outcome in succeeded] == [None] * (PROCESSES - 1)
    keys = {key for outcome in succeeded for key, _ in outcome.results}
    assert standards_in(registry_url) == {key: [1] for key in keys}
    assert not any(key.startswith(("1100-", "1101-")) for key in standards_in(registry_url))
    _assert_searchable(registry_url, keys)


def _assert_searchable(url: str, keys: set[str]) -> None:
    """Every standard is in the search index once (no lost or doubled entries)."""
    from kasip.registry import open_registry

    with open_registry(url) as registry:
        hits = registry.search("психолог", types=["card"], limit=1000).hits
        found = Counter(hit.card.standard for hit in hits)
        assert_token_statistics(registry.engine)  # no import's counts lost or doubled
    assert set(found) == keys
    assert len(set(found.values())) == 1


@pytest.mark.slow
def test_parallel_cli_imports_of_one_text_print_created_once(
    tmp_path: Path, seed_text: str
) -> None:
    source = tmp_path / "standard.txt"
    source.write_text(varied_text(seed_text, 1), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    command = [sys.executable, "-m", "kasip", "--db", url, "import", str(source)]

    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    finished = [run.communicate(timeout=WAIT_SECONDS) for run in runs]

    failed = [err for run, (_, err) in zip(runs, finished, strict=True) if run.returncode]
    # The whole of each failing process's stderr: an assertion's repr would cut it.
    assert not failed, "\n---\n".join(failed)
    statuses = Counter(
        word for out, _ in finished for word in out.split() if word in ("created", "unchanged")
    )
    assert statuses == {"created": 1, "unchanged": PROCESSES - 1}
