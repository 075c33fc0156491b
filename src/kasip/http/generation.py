"""The registry's generation, read for the web requests that need it, without blocking them.

The response cache (:mod:`kasip.http.cache`) asks every request which state
the registry is in (:meth:`kasip.registry.Registry.generation`). On a SQLite
file that read takes about 10 µs and is made where it is asked. On PostgreSQL
it is a query. Made through the engine on the event loop, it held up every
other request of the worker: a worker with 50 clients answered a cached card
4 times slower than on SQLite. Run in a thread, it waited for the interpreter
lock behind the loop's own work (p99 146 ms against 13). So there it is read
on the loop itself (:meth:`kasip.registry.Registry.generation_on_loop`), and
requests share reads: each request gets the value of a read that *began
after it arrived* (an import that committed before the request is seen, as
when each request read on its own), and while one read runs, the requests
that arrive wait for the next one, which then serves them all. At most one
read runs and one waits, however many requests come (BENCHMARKS.md,
"PostgreSQL over HTTP").
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

__all__ = ["GenerationReads"]


class GenerationReads:
    """Shared reads of a value an awaitable gives (see the module doc).

    Example: the first of three requests starts a read; the two that arrive
    while it runs share the next one.

        >>> reads = []
        >>> async def read():
        ...     reads.append(1)
        ...     await asyncio.sleep(0)
        ...     return len(reads)
        >>> source = GenerationReads(read)
        >>> async def three():
        ...     return await asyncio.gather(source.get(), source.get(), source.get())
        >>> asyncio.run(three()), len(reads)
        ([1, 2, 2], 2)
    """

    def __init__(self, read: Callable[[], Awaitable[int]]) -> None:
        """``read`` gives the value now (a query: one read serves the requests that wait)."""
        self._read = read
        self._loop: asyncio.AbstractEventLoop | None = None
        self._running = False
        self._next: asyncio.Future[int] | None = None  # the read the arrivals wait for

    async def get(self) -> int:
        """The value, read after this call began.

        Raises:
            Exception: Whatever ``read`` raised, for every request that shared it.
        """
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new loop (a test client's): nothing of the old one holds
            self._loop, self._running, self._next = loop, False, None
        waiting = self._next
        if waiting is None:
            waiting = self._next = loop.create_future()
            if not self._running:
                self._start(loop)
        # Shielded: one request going away must not cancel the read the others wait for.
        return await asyncio.shield(waiting)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        waiting, self._next = self._next, None
        assert waiting is not None
        self._running = True
        loop.create_task(self._run(loop, waiting))

    async def _run(self, loop: asyncio.AbstractEventLoop, waiting: asyncio.Future[int]) -> None:
        try:
            value = await self._read()
        except Exception as exc:  # handed to every request that waits
            waiting.set_exception(exc)
            # Retrieved, so that a read no request waits for any more logs nothing.
            waiting.exception()
        else:
            waiting.set_result(value)
        finally:
            self._running = False
            if self._next is not None and loop is self._loop:
                self._start(loop)
