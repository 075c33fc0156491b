"""The per-registry caches of index statistics while imports change the registry.

A server reloads once per new state, in one thread. The others wait for that
load (the search statistics: quick to load, and answers must not mix states),
or, for a slow load (the match index), keep using the value held meanwhile
and are told so, instead of queueing or loading it again (issue 8: searches
stalled while an import ran). The threads are synchronised with events, never
with sleeps.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from kasip.search import snapshot
from kasip.search.snapshot import GenerationCache, watch_stale_reads

WAIT_SECONDS = 60  # a guard against a hung test only
# What holds whether other threads get the held value during a reload or wait for it.
EITHER_WAY = pytest.mark.parametrize("stale_ok", [True, False])


class FakeRegistry:
    """A generation number and a loader that counts its calls and can be held."""

    def __init__(self) -> None:
        self.generation = 1
        self.loads: list[int] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.fail = False

    def load(self, _conn: Any) -> str:
        state = self.generation
        self.loads.append(state)
        self.entered.set()
        assert self.release.wait(WAIT_SECONDS)
        if self.fail:
            raise RuntimeError("the load failed")
        return f"value of {state}"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> FakeRegistry:
    fake = FakeRegistry()
    monkeypatch.setattr(snapshot, "generation", lambda _conn: fake.generation)
    return fake


@EITHER_WAY
def test_a_caller_alone_always_gets_the_value_of_the_state_it_reads(
    registry: FakeRegistry, stale_ok: bool
) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=stale_ok)

    first = cache.get(None)  # type: ignore[arg-type]
    again = cache.get(None)  # type: ignore[arg-type]
    registry.generation = 2
    after_import = cache.get(None)  # type: ignore[arg-type]

    assert (first, again, after_import) == ("value of 1", "value of 1", "value of 2")
    assert registry.loads == [1, 2]


def start_reload(
    cache: GenerationCache[str], registry: FakeRegistry
) -> tuple[threading.Thread, list[str]]:
    """Load state 1, move to state 2 and start a thread whose reload is held until released.

    Returns the thread and the list it appends its value to.
    """
    assert cache.get(None) == "value of 1"  # type: ignore[arg-type]
    registry.generation = 2
    registry.entered.clear()
    registry.release.clear()
    got: list[str] = []
    loader = threading.Thread(target=lambda: got.append(cache.get(None)))  # type: ignore[arg-type]
    loader.start()
    assert registry.entered.wait(WAIT_SECONDS)
    return loader, got


def test_while_one_thread_reloads_the_others_get_the_value_held(registry: FakeRegistry) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=True)
    loader, reloaded = start_reload(cache, registry)

    with watch_stale_reads() as stale:
        during = [cache.get(None) for _ in range(5)]  # type: ignore[arg-type]
        assert stale()
    registry.release.set()
    loader.join(WAIT_SECONDS)

    assert during == ["value of 1"] * 5
    assert reloaded == ["value of 2"]
    assert registry.loads == [1, 2]
    assert cache.get(None) == "value of 2"  # type: ignore[arg-type]


@EITHER_WAY
def test_the_first_load_is_waited_for_and_done_once(registry: FakeRegistry, stale_ok: bool) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=stale_ok)
    registry.release.clear()
    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.get(None)))  # type: ignore[arg-type]
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    assert registry.entered.wait(WAIT_SECONDS)

    registry.release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)

    assert got == ["value of 1"] * 4
    assert registry.loads == [1]


@EITHER_WAY
def test_an_older_state_never_replaces_a_newer_value(
    registry: FakeRegistry, stale_ok: bool
) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=stale_ok)
    registry.generation = 3
    assert cache.get(None) == "value of 3"  # type: ignore[arg-type]

    # A reader whose transaction began before the last import committed.
    registry.generation = 2
    assert cache.get(None) == "value of 3"  # type: ignore[arg-type]
    assert registry.loads == [3]


@EITHER_WAY
def test_a_failed_load_is_tried_again_by_the_next_caller(
    registry: FakeRegistry, stale_ok: bool
) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=stale_ok)
    registry.fail = True
    with pytest.raises(RuntimeError, match="the load failed"):
        cache.get(None)  # type: ignore[arg-type]

    registry.fail = False
    assert cache.get(None) == "value of 1"  # type: ignore[arg-type]
    assert registry.loads == [1, 1]


def test_without_stale_values_the_others_wait_for_the_reload(registry: FakeRegistry) -> None:
    cache = GenerationCache(registry.load, stale_while_loading=False)
    loader, got = start_reload(cache, registry)
    others = [
        threading.Thread(target=lambda: got.append(cache.get(None)))  # type: ignore[arg-type]
        for _ in range(3)
    ]
    for thread in others:
        thread.start()

    registry.release.set()
    for thread in (loader, *others):
        thread.join(WAIT_SECONDS)

    assert got == ["value of 2"] * 4  # none got the earlier state's value
    assert registry.loads == [1, 2]
