"""A header timeout for uvicorn's HTTP protocols, and the server's limits from settings.

uvicorn (0.54) times out only an idle keep-alive connection, after a response:
a connection that never sends a request, or sends half of its headers, is
kept open for ever (issue 8), and enough of them exhaust the server's file
descriptors. :func:`protocol_class` returns uvicorn's HTTP protocol (httptools
when installed, else h11, as uvicorn chooses) with a timer armed whenever
the server waits for a request's headers: from the connection's start, and
from the first byte of each next request. It is disarmed when the headers are
complete; when it fires first, the connection is closed. The request body has
its own timeout, in :class:`kasip.http.limits.BodyLimitMiddleware`.

Example:
    >>> from uvicorn.protocols.http.h11_impl import H11Protocol
    >>> protocol = protocol_class(2.5, base=H11Protocol)
    >>> issubclass(protocol, H11Protocol), protocol.header_timeout
    (True, 2.5)
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from kasip.config import Settings

if TYPE_CHECKING:
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Protocol
else:
    _Protocol = object

__all__ = ["WORKER_PROTOCOL", "HeaderTimeout", "protocol_class", "server_options"]

# The protocol of ``kasip serve --workers N``, as an import string: uvicorn
# spawns each worker afresh and pickles its Config, which a class made by
# protocol_class cannot be; the worker builds it from its own settings (the
# same KASIP_ environment) through the module's __getattr__ below.
WORKER_PROTOCOL = f"{__name__}:WorkerProtocol"


class HeaderTimeout(_Protocol):
    """Close a connection whose request headers are not complete in ``header_timeout`` s.

    A mixin for uvicorn's ``H11Protocol`` and ``HttpToolsProtocol``: both make
    a new ``cycle`` when a request's headers are complete, and that is all it
    relies on. The timer is not restarted by each byte, so a client sending
    one byte at a time gains nothing (the "slowloris" attack).
    """

    header_timeout: ClassVar[float] = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start waiting for the first request's headers."""
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        """Feed the parser; wait for headers while a request has not got them all."""
        super().data_received(data)
        if self._awaiting_headers():
            self._arm_header_timer()
        else:
            self._disarm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the timer with the connection."""
        self._disarm_header_timer()
        super().connection_lost(exc)

    def _awaiting_headers(self) -> bool:
        # No request yet, or the last one answered: bytes now are a new request's.
        return self.cycle is None or self.cycle.response_complete

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(
                self.header_timeout, self._header_timer_fired, self.cycle
            )

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timer_fired(self, cycle: Any) -> None:
        self._header_timer = None
        # A new cycle means the headers came (the timer was not disarmed when
        # a pipelined request completed them outside data_received).
        if self.cycle is cycle and self._awaiting_headers() and not self.transport.is_closing():
            self.transport.close()


def protocol_class(header_timeout: float, *, base: type[asyncio.Protocol] | None = None) -> type:
    """uvicorn's HTTP protocol with a header timeout, for ``uvicorn.Config(http=...)``.

    Args:
        header_timeout: Seconds a client has to send a request's headers.
        base: The protocol to extend; uvicorn's own choice when ``None``.
    """
    if base is None:
        from uvicorn.protocols.http.auto import AutoHTTPProtocol

        base = AutoHTTPProtocol
    name = f"HeaderTimeout{base.__name__}"
    return type(name, (HeaderTimeout, base), {"header_timeout": header_timeout})


def __getattr__(name: str) -> Any:
    if name == "WorkerProtocol":
        return protocol_class(Settings().header_timeout)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def server_options(settings: Settings, *, workers: int = 1) -> dict[str, Any]:
    """The ``uvicorn.Config`` options for the timeouts of ``settings``."""
    return {
        "http": WORKER_PROTOCOL if workers > 1 else protocol_class(settings.header_timeout),
        "timeout_keep_alive": settings.keep_alive_timeout,
    }
