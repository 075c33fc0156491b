"""What a query needs to know about the whole index: token frequencies, vocabulary.

Read once per state of the registry (see :func:`generation`) and kept in
memory: the document frequency of every token (for IDF weights), the Kazakh
vocabulary that the stemmer checks candidate stems against, and an index for
typo correction. A query must not scan the index for any of these.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rapidfuzz.distance import Levenshtein
from sqlalchemy import Connection

from kasip.search.analysis import Analyzer, idf
from kasip.search.statistics import read_tokens
from kasip.store.meta import read_meta_once
from kasip.text.alphabet import KEYBOARD_FOLD
from kasip.text.lexicon import kazakh_lemmas

__all__ = [
    "GENERATION_KEY",
    "GenerationCache",
    "Snapshot",
    "fold_letters",
    "generation",
    "load_snapshot",
    "watch_stale_reads",
]


def fold_letters(word: str) -> str:
    """``word`` with Kazakh letters folded to the Russian ones typed for them.

    >>> fold_letters("әлеуметтік"), fold_letters("алеуметтик")
    ('алеуметтик', 'алеуметтик')
    """
    return word.lower().translate(KEYBOARD_FOLD)


# The registry_meta key of the counter that kasip.search.indexer bumps.
GENERATION_KEY = "generation"


def generation(conn: Connection) -> int:
    """A number that grows whenever the index's content changes (see kasip.search.indexer);
    read once per snapshot (:func:`~kasip.store.meta.read_meta_once`)."""
    return int(read_meta_once(conn, GENERATION_KEY) or 0)


T = TypeVar("T")


@dataclass
class Snapshot:
    """Index statistics and the analysers built on them (see module doc)."""

    entries: int
    frequency: Counter[str]
    analyzer: Analyzer
    folded: dict[str, list[str]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (rare tokens weigh more)."""
        return idf(self.entries, self.frequency.get(token, 0))

    def known(self, token: str) -> bool:
        return token in self.frequency

    def same_when_folded(self, word: str) -> list[str]:
        """Known tokens spelt like ``word`` once Kazakh letters are folded, commonest first.

        >>> snapshot = Snapshot(1, Counter({"өрт": 2}), Analyzer(), folded={"орт": ["өрт"]})
        >>> snapshot.same_when_folded("орт")
        ['өрт']
        """
        found = self.folded.get(fold_letters(word), [])
        return sorted(found, key=lambda t: (-self.frequency[t], t))

    def corrections(self, word: str) -> list[str]:
        """Known tokens the typed ``word`` may stand for, closest first.

        Folding Kazakh letters first catches the commonest slip (``и`` typed
        for ``і``); then up to one edit for words of 5–9 letters, two for
        longer ones, among tokens of about the same length.
        """
        folded = fold_letters(word)
        exact = self.same_when_folded(word)
        if exact:
            return exact
        if len(folded) < 5:
            return []
        budget = 1 if len(folded) < 10 else 2
        scored: list[tuple[int, int, str]] = []
        for length in range(len(folded) - budget, len(folded) + budget + 1):
            for token in self.by_length.get(length, ()):
                distance = Levenshtein.distance(folded, fold_letters(token), score_cutoff=budget)
                if distance <= budget:
                    scored.append((distance, -self.frequency[token], token))
        return [token for _, _, token in sorted(scored)[:3]]


def load_snapshot(conn: Connection) -> Snapshot:
    """Read the index's statistics (one row per token, see :mod:`kasip.search.statistics`)."""
    entries, tokens = read_tokens(conn)
    frequency: Counter[str] = Counter()
    kazakh: set[str] = set()
    folded: dict[str, list[str]] = defaultdict(list)
    by_length: dict[int, list[str]] = defaultdict(list)
    for token, count, kazakh_count in tokens:
        frequency[token] = count
        if kazakh_count:
            kazakh.add(token)
        folded[fold_letters(token)].append(token)
        by_length[len(token)].append(token)
    return Snapshot(
        entries=entries,
        frequency=frequency,
        analyzer=Analyzer(kazakh | kazakh_lemmas()),
        folded=dict(folded),
        by_length=dict(by_length),
    )


# Set by watch_stale_reads: what GenerationCache notes when it hands out a
# value of an earlier state (a list shared with the threads the context starts).
_stale_reads: ContextVar[list[int] | None] = ContextVar("kasip_stale_reads", default=None)


@contextmanager
def watch_stale_reads() -> Iterator[Callable[[], bool]]:
    """Tell whether a :class:`GenerationCache` gave this context a value of an earlier state.

    Code that keeps what it computes for the current state (the response
    cache) must not keep what was computed from such a value.

    >>> with watch_stale_reads() as stale:
    ...     stale()
    False
    """
    seen: list[int] = []
    token = _stale_reads.set(seen)
    try:
        yield lambda: bool(seen)
    finally:
        _stale_reads.reset(token)


class GenerationCache(Generic[T]):
    """The latest value loaded from one registry, reloaded when its index changes.

    One thread at a time loads: the one that first sees a newer generation.
    It waits for its own load, so a caller alone (a test, a command) always
    gets the value of the state it reads. The other threads wait for that
    load too, unless ``stale_while_loading``: then they get the value held,
    of an earlier state, rather than queueing behind a slow load (the match
    index takes seconds at a few hundred standards), and
    :func:`watch_stale_reads` tells them so. Only values derived from the
    index lag that way; the rows a query reads are of its own transaction.
    """

    def __init__(self, load: Callable[[Connection], T], *, stale_while_loading: bool) -> None:
        self._load = load
        self._stale_ok = stale_while_loading
        self._lock = threading.Lock()
        self._loaded = threading.Condition(self._lock)
        self._held: tuple[int, T] | None = None
        self._loading = False

    def get(self, conn: Connection) -> T:
        """The value for the state ``conn`` reads (see the class doc)."""
        state = generation(conn)
        with self._lock:
            while True:
                held = self._held
                # A value of a later state than this reader's is as good: never go back.
                if held is not None and held[0] >= state:
                    return held[1]
                if not self._loading:
                    self._loading = True
                    break
                if held is not None and self._stale_ok:
                    _note_stale()
                    return held[1]
                self._loaded.wait()
        try:
            value = self._load(conn)
            with self._lock:
                if self._held is None or self._held[0] < state:
                    self._held = (state, value)
        finally:
            with self._lock:
                self._loading = False
                self._loaded.notify_all()
        return value


def _note_stale() -> None:
    seen = _stale_reads.get()
    if seen is not None:
        seen.append(1)
