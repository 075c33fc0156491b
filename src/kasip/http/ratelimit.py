"""Rate limits for the public endpoints anyone may call without an account (verification).

A fixed window per minute and per client address: the ``limit``-th request of
a minute passes, the next ones get ``429 Too Many Requests`` with
``Retry-After`` until the minute ends. Counts are kept in the worker's memory
(each ``kasip serve`` worker counts its own requests; behind a proxy, the
proxy's own limit is the one to set, docs/deployment.md). The clock is
injectable, so tests never wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from fastapi import Request

from kasip.http.errors import ApiError

__all__ = ["RateLimiter", "limit_verification"]

WINDOW_SECONDS = 60


class RateLimiter:
    """At most ``limit`` requests per client address and minute."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._window = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Count a request of ``client``.

        Raises:
            ApiError: 429 once the client has made ``limit`` requests this minute.
        """
        now = self.clock()
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            if window != self._window:  # a new minute: forget the last one's counts
                self._window, self._counts = window, {}
            count = self._counts.get(client, 0) + 1
            self._counts[client] = count
        if count > self.limit:
            wait = max(1, int((window + 1) * WINDOW_SECONDS - now))
            raise ApiError(
                429,
                f"at most {self.limit} verifications a minute: try again in {wait} s",
                code="rate-limited",
                headers={"Retry-After": str(wait)},
            )


def limit_verification(request: Request) -> None:
    """The verification endpoints' dependency: count the request (``KASIP_VERIFY_PER_MINUTE``)."""
    state = request.app.state
    if getattr(state, "verify_limiter", None) is None:
        state.verify_limiter = RateLimiter(state.settings.verify_per_minute)
    limiter: RateLimiter = state.verify_limiter
    limiter.check(request.client.host if request.client else "unknown")
