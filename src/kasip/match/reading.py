"""A new version read for search and matching, here or in worker processes.

Reading a standard (stemming and translating every word of every element,
cutting duties into clauses) is most of an import's time: about 150 ms a
standard against 90 ms of writing on this project's machine. An import of
many texts has them read in worker processes, one per core, while its own
process writes those already read (:class:`Readings`); a few texts are read
in place.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import OrderedDict, deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from kasip.match.experience import card_experience, card_rows
from kasip.match.pieces import build_piece
from kasip.model import Document
from kasip.search.entries import Entry, document_analyzer, document_entries
from kasip.store import PreparedDocument

__all__ = ["PARALLEL_FROM", "Reading", "Readings", "cores", "read_document", "spawned_pool"]

logger = logging.getLogger(__name__)

# From this many new texts an import reads them in worker processes: starting
# a worker (importing kasip and its dictionaries) takes about a second.
PARALLEL_FROM = 8
AHEAD = 4  # texts read ahead per worker: their readings wait in memory


def cores() -> int:
    """The cores this process may run on: one worker process each."""
    return len(os.sched_getaffinity(0))


def spawned_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for an import's reading or parsing.

    Spawned, not forked: the importing process may run threads (a progress
    bar, a server), which a fork would copy mid-step.
    """
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


@dataclass(frozen=True, slots=True)
class Reading:
    """A version's search entries and its match piece, from one reading of its text."""

    entries: list[Entry]
    piece: bytes


def read_document(doc: Document) -> Reading:
    """Read ``doc`` for search and matching, with the analyser of its own words."""
    analyzer = document_analyzer(doc)
    entries = document_entries(doc, analyzer)
    experience = {card.id: card_experience(card_rows(card)) for card in doc.cards}
    return Reading(entries, build_piece(entries, analyzer, experience))


def _read_prepared(text: PreparedDocument) -> Reading:
    return read_document(text.document())


class Readings:
    """Texts read ahead in worker processes, handed out in the order the import asks.

    Args:
        texts: The texts the import will probably store, in its order (a
            text found stored after all is skipped, and read for nothing).
        workers: Worker processes; 0 reads every text in place when asked.
    """

    def __init__(self, texts: Sequence[PreparedDocument], workers: int) -> None:
        self._pending = deque(texts)
        self._futures: OrderedDict[str, Future[Reading]] = OrderedDict()
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0 and texts:
            self._pool = spawned_pool(workers)
            self._ahead = AHEAD * workers
            self._fill()

    @classmethod
    def for_import(cls, texts: Sequence[PreparedDocument]) -> Readings:
        """Workers for as many cores as there are, when ``texts`` are many enough."""
        return cls(texts, cores() if len(texts) >= PARALLEL_FROM else 0)

    def _fill(self) -> None:
        assert self._pool is not None
        while self._pending and len(self._futures) < self._ahead:
            text = self._pending.popleft()
            if text.identity not in self._futures:
                self._futures[text.identity] = self._pool.submit(_read_prepared, text)

    def take(self, identity: str, doc: Document) -> Reading:
        """The reading of the text ``identity`` (``doc``), read ahead or read now."""
        if self._pool is None:
            return read_document(doc)
        future = self._skip_to(identity)
        try:
            self._fill()
            return future.result() if future is not None else read_document(doc)
        except BrokenProcessPool:
            # A worker could not start (a caller's main module that spawned
            # processes cannot import, e.g. a script read from stdin) or died:
            # the rest is read here, as it would be without workers.
            logger.warning("reading in worker processes failed; reading in this one")
            self.close()
            return read_document(doc)

    def _skip_to(self, identity: str) -> Future[Reading] | None:
        # The texts before it that the import did not ask for were stored already.
        while self._futures:
            found, future = self._futures.popitem(last=False)
            if found == identity:
                return future
            future.cancel()
        while self._pending and self._pending[0].identity != identity:
            self._pending.popleft()
        if self._pending:
            self._pending.popleft()  # read in place, now
        return None

    def close(self) -> None:
        """Stop the workers (readings not taken are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
