"""Shared reads of the registry's generation for web requests (kasip.http.generation).

Each request must get the value of a read that began after it arrived, so that
an import committed before the request is seen; the requests that arrive
while a read runs share the next one. The reads here wait for the tests to
release them, so what overlaps is decided by the test, not by timing.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest_store import POSTGRES_URL, reset_postgres
from kasip.errors import RegistryError
from kasip.http.generation import GenerationReads
from kasip.registry import Registry, open_registry
from kasip.testing import make_document

pytestmark = pytest.mark.anyio

# The most a test waits for a read to report that it began: far more than any
# machine needs; it bounds a hang, never a measurement.
HANG_GUARD_S = 60


class GatedReads:
    """A read that reports when it begins and waits for the test to release it;
    each read returns one more than the last."""

    def __init__(self) -> None:
        self.begun = asyncio.Semaphore(0)
        self.release = asyncio.Semaphore(0)
        self.count = 0
        self.fail: Exception | None = None

    async def __call__(self) -> int:
        self.count += 1
        self.begun.release()
        await self.release.acquire()
        if self.fail is not None:
            raise self.fail
        return self.count

    async def wait_begun(self) -> None:
        await asyncio.wait_for(self.begun.acquire(), HANG_GUARD_S)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_request_arriving_during_a_read_gets_the_next_read() -> None:
    gate = GatedReads()
    reads = GenerationReads(gate)
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
    reads = GenerationReads(gate)
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
    reads = GenerationReads(gate)
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
    reads = GenerationReads(gate)
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


def test_each_event_loop_starts_afresh() -> None:
    """A test client runs each app call on a loop of its own: nothing of an ended
    loop's reads may be awaited on the next one."""
    counted: list[int] = []

    async def read() -> int:
        counted.append(1)
        return len(counted)

    reads = GenerationReads(read)
    assert asyncio.run(reads.get()) == 1
    assert asyncio.run(reads.get()) == 2


def terminate_other_connections(registry: Registry) -> None:
    """End every other connection to the registry's database, as a server restart
    would, and wait until the server has let them go."""
    others = (
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with registry.engine.connect() as conn:
        pids = list(conn.execute(text(others)).scalars())
        assert pids  # the loop's connection is one of them
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM (" + others + ") AS o"))
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        with registry.engine.connect() as conn:
            alive = set(conn.execute(text(others)).scalars()) & set(pids)
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"connections {sorted(alive)} outlived pg_terminate_backend")


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL")
async def test_on_postgresql_the_loop_read_survives_a_lost_connection() -> None:
    """The loop's own connection dropped by the server: that read fails as a
    RegistryError (the request is then answered by the app itself), the next
    one connects again; an import is seen by the next read."""
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    with open_registry(POSTGRES_URL) as registry, open_registry(POSTGRES_URL) as importer:
        assert not registry.generation_is_local
        first = await registry.generation_on_loop()
        assert first == registry.generation()
        importer.import_documents([make_document()])
        assert await registry.generation_on_loop() > first
        terminate_other_connections(registry)
        outcomes: list[int | None] = []
        for _ in range(2):
            try:
                outcomes.append(await registry.generation_on_loop())
            except RegistryError:
                outcomes.append(None)
        await registry.close_loop_reads()
        assert outcomes == [None, registry.generation()]


async def test_on_sqlite_the_loop_read_is_the_plain_read(tmp_path: Path) -> None:
    with open_registry(f"sqlite:///{tmp_path / 'registry.db'}") as registry:
        registry.import_documents([make_document()])
        assert registry.generation_is_local
        assert await registry.generation_on_loop() == registry.generation()
        await registry.close_loop_reads()  # nothing to close
