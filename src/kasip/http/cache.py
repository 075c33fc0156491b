"""A response cache in front of the routes: pages and JSON kept until the registry changes.

Every page and resource is a function of the request's path, its query, its
interface language (:func:`kasip.http.language.choose_language`) and the
registry's content (and, for the answers that write the base URL when
``KASIP_PUBLIC_URL`` is unset, the ``Host`` header); the content only
changes on import, and each import bumps
:meth:`kasip.registry.Registry.generation`, which this cache reads for each
request (about 10 µs on a SQLite file; on PostgreSQL a query, made on the
event loop and shared by the requests that arrive while it runs, each request
served by a read that began after it arrived: :mod:`kasip.http.generation`),
so an import by another process is seen by the next request.
A hit costs no routing, no database query and no rendering (figures in
BENCHMARKS.md, "Throughput and start-up").

What is kept: the answer to a ``GET`` with status 200 and a JSON or HTML
body, its headers and body as the app sent them (so a hit is byte for byte
the answer the app would give), unless it sets a cookie or says ``Cache-Control:
no-store`` or ``private``. A request with an ``Authorization`` header (an API
token: :mod:`kasip.http.auth`) is never answered from the cache. Errors, redirects,
PDFs (they carry the date they were made) and static files are never kept.
A hit answers ``If-None-Match`` with the 304 the app would send.
Middlewares added after this one (outer) run on hits too: HEAD handling,
security headers, body limits.

The cache holds at most ``max_bytes`` of bodies and headers, the least
recently used going first; one answer over a quarter of that is not kept.
Each worker process has its own.

After an import, the first request for an answer makes it anew (so a caller
alone, a test or a script, always reads the state it asked after); the
requests for the same answer that arrive while it is being made get the
answer of the state before, if it was kept, rather than queueing behind it:
a busy server keeps answering at once while imports run (issue 8). An
answer made from a value of the state before (the match index is reloaded in
one thread while the others use the one held, see
:class:`kasip.search.snapshot.GenerationCache`) is sent but never kept.
Those answers of the previous state are dropped as their new ones are made
and at the next change, so at most ``max_bytes`` of them are held besides.
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kasip.errors import KasipError
from kasip.http.case import is_case_path, route_path
from kasip.http.generation import GenerationReads
from kasip.http.language import choose_language
from kasip.http.responses import etag_matches
from kasip.search.snapshot import watch_stale_reads

__all__ = ["DEFAULT_MAX_BYTES", "ResponseCache"]

DEFAULT_MAX_BYTES = 32 * 2**20
# Bytes counted per entry beside its body and headers (key, dicts, objects).
_ENTRY_OVERHEAD = 512
_CACHED_TYPES = (b"application/json", b"text/html")
# An export download (web page and API): its CASE and export files carry absolute URLs.
_EXPORT_PATH = re.compile(r"(/api/v1)?/standards/[^/]+/export")
# Headers a 304 leaves out (Starlette's Response sends neither without a body).
_NOT_IN_304 = (b"content-length", b"content-type")

# Scheme and host (answers write absolute URLs under the request's own base URL when
# KASIP_PUBLIC_URL is not set: kasip.http.base_url), root path, path, query, language
# and the day: a standard's page marks the version in force today.
Key = tuple[str, bytes, str, str, bytes, str, str]


@dataclass(frozen=True)
class _Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    size: int


class ResponseCache:
    """ASGI middleware: answer repeated ``GET`` requests from memory (see module doc)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        generation: Callable[[], int] | GenerationReads,
        max_bytes: int = DEFAULT_MAX_BYTES,
        skip_prefixes: tuple[str, ...] = ("/static/",),
        public_url: str | None = None,
    ) -> None:
        """Cache the answers of ``app``.

        Args:
            app: The app (routing and below).
            generation: The registry's generation, read once per request;
                every entry is dropped when it changes. Where it is a query
                (PostgreSQL), a :class:`~kasip.http.generation.GenerationReads`
                that reads it on the event loop, shared by the requests that
                arrive while a read runs.
            max_bytes: The most bytes to keep (0: keep nothing).
            skip_prefixes: Paths never cached (served as they are).
            public_url: ``KASIP_PUBLIC_URL`` when set; unset, the answers that write
                the request's base URL are kept per ``Host`` (:func:`_writes_base`).
        """
        self.app = app
        self._generation = generation
        self._max_bytes = max_bytes
        self._skip = skip_prefixes
        self._public_url = public_url
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        # Answers of the state before the last change, served while their new
        # ones are being made (see module doc).
        self._stale: OrderedDict[Key, _Entry] = OrderedDict()
        self._pending: dict[Key, asyncio.Event] = {}
        self._held_for: int | None = None
        self._size = 0
        self.hits = 0
        self.misses = 0
        self.stale_hits = 0

    @property
    def size(self) -> int:
        """The bytes held now."""
        return self._size

    def __len__(self) -> int:
        return len(self._entries)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            # A local read (a SQLite file, microseconds) is made right here.
            generation = self._generation
            if isinstance(generation, GenerationReads):
                state = await generation.get()
            else:
                state = generation()
        except KasipError:  # the app answers with the error itself
            await self.app(scope, receive, send)
            return
        if state != self._held_for:
            self._renew()
            self._held_for = state
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            await self._answer(entry, scope, send)
            return
        pending = self._pending.get(key)
        stale = self._stale.get(key)
        if pending is not None and stale is not None:
            self.stale_hits += 1
            await self._answer(stale, scope, send)
            return
        if pending is not None:
            # The same answer is being made: wait for it rather than make it again
            # (after an import, every client of a popular page asks at once).
            await pending.wait()
            entry = self._entries.get(key)
            if entry is not None and state == self._held_for:
                self.hits += 1
                await self._answer(entry, scope, send)
                return
        self.misses += 1
        made = None if key in self._pending else self._pending.setdefault(key, asyncio.Event())
        try:
            await self._fill(key, state, scope, receive, send, made)
        finally:
            self._release(key, made)

    def _key(self, scope: Scope) -> Key | None:
        """What the answer depends on, or None when it is not to be cached."""
        if self._max_bytes <= 0 or scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if path.startswith(self._skip):
            return None
        # A request that asks as someone (an API token) is answered for them alone.
        if any(name == b"authorization" for name, _ in scope.get("headers", ())):
            return None
        try:
            lang = choose_language(Request(scope))
        except KasipError:  # ?lang= names no interface language: the app says so
            return None
        today = date.today().isoformat()
        # Only answers that write the base URL depend on the Host header: keying every
        # page by it would keep one copy per host spelling and let random Hosts evict all.
        host = b""
        if self._public_url is None and _writes_base(route_path(scope)):
            host = next((v for name, v in scope.get("headers", ()) if name == b"host"), b"")
        query: bytes = scope.get("query_string", b"")
        return (scope.get("scheme", "http"), host, scope.get("root_path", ""), path, query,
                lang, today)  # fmt: skip

    async def _answer(self, entry: _Entry, scope: Scope, send: Send) -> None:
        request_headers = Request(scope).headers
        if entry.etag and etag_matches(request_headers.get("if-none-match"), entry.etag):
            headers = [(k, v) for k, v in entry.headers if k not in _NOT_IN_304]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})

    async def _fill(  # noqa: PLR0913
        self,
        key: Key,
        state: int,
        scope: Scope,
        receive: Receive,
        send: Send,
        made: asyncio.Event | None,
    ) -> None:
        """Let the app answer, keep the answer if it may be kept, and wake who waits for it."""
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True
        size = 0

        async def capture(message: Message) -> None:
            nonlocal start, keep, size
            if message["type"] == "http.response.start":
                start = message
                keep = _cacheable(message)
            elif message["type"] == "http.response.body" and keep:
                body: bytes = message.get("body", b"")
                size += len(body)
                if size > self._max_bytes // 4:
                    keep, chunks[:] = False, []
                else:
                    chunks.append(body)
                # An answer made from a value of the state before (the match
                # index, while it reloads) is sent but not kept for this state.
                last = not message.get("more_body", False)
                if last and keep and start is not None and not stale():
                    self._store(key, state, start, b"".join(chunks))
                    self._release(key, made)  # before sending: the client may be slow
            await send(message)

        with watch_stale_reads() as stale:
            await self.app(scope, receive, capture)

    def _release(self, key: Key, made: asyncio.Event | None) -> None:
        if made is not None and self._pending.get(key) is made:
            del self._pending[key]
            made.set()

    def _store(self, key: Key, state: int, start: Message, body: bytes) -> None:
        if state != self._held_for:  # the registry changed while the app answered
            return
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        etag = next((v.decode("latin-1") for k, v in headers if k == b"etag"), "")
        size = len(body) + sum(len(k) + len(v) for k, v in headers) + _ENTRY_OVERHEAD
        self._stale.pop(key, None)
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= old.size
        self._entries[key] = _Entry(headers, body, etag, size)
        self._size += size
        while self._size > self._max_bytes and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self._size -= dropped.size

    def _renew(self) -> None:
        # The answers kept become the previous state's; older ones go.
        self._stale, self._entries = self._entries, OrderedDict()
        self._size = 0


def _cacheable(start: Message) -> bool:
    """Whether an answer may be kept: a 200 of JSON or HTML that sets no cookie and
    does not say ``Cache-Control: no-store`` or ``private`` (an account's answer)."""
    if start["status"] != 200:
        return False
    content_type = b""
    for name, value in start.get("headers", []):
        name = bytes(name).lower()
        if name == b"set-cookie":
            return False
        if name == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
        if name == b"content-type":
            content_type = bytes(value).lower()
    return content_type.startswith(_CACHED_TYPES)


def _writes_base(path: str) -> bool:
    """Whether the answer at ``path`` writes the base URL (CASE service, export downloads).

    Example:
        >>> _writes_base("/api/v1/standards/k/export"), _writes_base("/standards/k")
        (True, False)
    """
    return is_case_path(path) or _EXPORT_PATH.fullmatch(path) is not None
