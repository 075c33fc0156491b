"""Shared reads of the registry's generation for web requests (kasip.http.generation).

Each request must get the value of a read that began after it arrived, so that
an import committed before the request is seen; the requests that arrive
while a read runs share the next one. The reads here block on events the
tests set, so what overlaps is decided by the test, not by timing.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from kasip.http.generation import GenerationReads

pytestmark = pytest.mark.anyio

# The most a test waits for a read's thread to report that it began: far more than
# any machine needs; it bounds a hang, never a measurement.
HANG_GUARD_S = 60


class GatedReads:
    """A read that reports when it begins and waits for the test to release it;
    each read returns one more than the last."""

    def __init__(self) -> None:
        self.begun = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.count = 0
        self.fail: Exception | None = None

    def __call__(self) -> int:
        self.count += 1
        self.begun.release()
        assert self.release.acquire(timeout=HANG_GUARD_S)
        if self.fail is not None:
            raise self.fail
        return self.count

    async def wait_begun(self) -> None:
        assert await asyncio.to_thread(self.begun.acquire, True, HANG_GUARD_S)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_request_arriving_during_a_read_gets_the_next_read() -> None:
    gate = GatedReads()
    reads = GenerationReads(gate, in_thread=True)
    first = asyncio.create_task(reads.get())
    await gate.wait_begun()
    # Arrives while the first read runs: an import may have committed after that
    # read began, so the first read's value is not good enough for it.
    second = asyncio.create_task(reads.get())
    await asyncio.sleep(0)
    gate.release.release()
    assert await first == 1
    await gate.wait_begun()
    gate.release.release()
    assert await second == 2
    assert gate.count == 2


async def test_requests_arriving_during_a_read_share_one() -> None:
    gate = GatedReads()
    reads = GenerationReads(gate, in_thread=True)
    first = asyncio.create_task(reads.get())
    await gate.wait_begun()
    waiting = [asyncio.create_task(reads.get()) for _ in range(20)]
    await asyncio.sleep(0)
    gate.release.release()
    await gate.wait_begun()
    gate.release.release()
    assert await first == 1
    assert await asyncio.gather(*waiting) == [2] * 20
    assert gate.count == 2


async def test_a_failed_read_fails_its_requests_and_the_next_request_reads_again() -> None:
    gate = GatedReads()
    reads = GenerationReads(gate, in_thread=True)
    gate.fail = RuntimeError("the registry query failed")
    failing = [asyncio.create_task(reads.get()) for _ in range(3)]
    await gate.wait_begun()
    gate.release.release()
    await gate.wait_begun()  # the two that arrived during the first read share a second
    gate.release.release()
    for task in failing:
        with pytest.raises(RuntimeError, match="registry query failed"):
            await task
    gate.fail = None
    later = asyncio.create_task(reads.get())
    await gate.wait_begun()
    gate.release.release()
    assert await later == 3


async def test_a_request_that_goes_away_does_not_cancel_the_shared_read() -> None:
    gate = GatedReads()
    reads = GenerationReads(gate, in_thread=True)
    first = asyncio.create_task(reads.get())
    await gate.wait_begun()
    leaving, staying = asyncio.create_task(reads.get()), asyncio.create_task(reads.get())
    await asyncio.sleep(0)
    leaving.cancel()
    gate.release.release()
    await gate.wait_begun()
    gate.release.release()
    assert (await first, await staying) == (1, 2)
    assert leaving.cancelled()


async def test_a_local_read_is_made_for_each_request_where_it_is_asked() -> None:
    counted: list[int] = []
    threads: set[int] = set()

    def read() -> int:
        threads.add(threading.get_ident())
        counted.append(1)
        return len(counted)

    reads = GenerationReads(read, in_thread=False)
    assert await asyncio.gather(*(reads.get() for _ in range(5))) == [1, 2, 3, 4, 5]
    assert threads == {threading.get_ident()}


def test_each_event_loop_starts_afresh() -> None:
    """A test client runs each app call on a loop of its own: nothing of an ended
    loop's reads may be awaited on the next one."""
    counted: list[int] = []

    def read() -> int:
        counted.append(1)
        return len(counted)

    reads = GenerationReads(read, in_thread=True)
    assert asyncio.run(reads.get()) == 1
    assert asyncio.run(reads.get()) == 2
