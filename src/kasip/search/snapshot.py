"""What a query needs to know about the whole index: token frequencies, vocabulary.

Read once per state of the registry (see :func:`generation`) and kept in
memory: the document frequency of every token (for IDF weights), the Kazakh
vocabulary that the stemmer checks candidate stems against, and an index for
typo correction. A query must not scan the index for any of these.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rapidfuzz.distance import Levenshtein
from sqlalchemy import Connection, select

from kasip.search.analysis import Analyzer, idf
from kasip.store.meta import read_meta
from kasip.store.schema import search_entries
from kasip.text.alphabet import KEYBOARD_FOLD
from kasip.text.lexicon import kazakh_lemmas

__all__ = [
    "GENERATION_KEY",
    "GenerationCache",
    "Snapshot",
    "fold_letters",
    "generation",
    "load_snapshot",
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
    """A number that grows whenever the index's content changes (see kasip.search.indexer)."""
    return int(read_meta(conn, GENERATION_KEY) or 0)


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
        return sorted(found, key=lambda t: -self.frequency[t])

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
    """Read the index's statistics (one pass over ``search_entries``)."""
    e = search_entries.c
    frequency: Counter[str] = Counter()
    kazakh: set[str] = set()
    entries = 0
    for keys, xkeys, lang in conn.execute(select(e["keys"], e.xkeys, e.lang)):
        entries += 1
        own = keys.split()
        frequency.update(set(own) | set(xkeys.split()))
        if lang == "kk":
            kazakh.update(own)
    folded: dict[str, list[str]] = defaultdict(list)
    by_length: dict[int, list[str]] = defaultdict(list)
    for token in frequency:
        folded[fold_letters(token)].append(token)
        by_length[len(token)].append(token)
    return Snapshot(
        entries=entries,
        frequency=frequency,
        analyzer=Analyzer(kazakh | kazakh_lemmas()),
        folded=dict(folded),
        by_length=dict(by_length),
    )


class GenerationCache(Generic[T]):
    """The latest value loaded from one registry, reloaded when its index changes.

    One thread at a time loads: the one that first sees a newer generation
    (it waits for its own load, so a caller alone, such as a test or a
    command, always gets the value of the state it reads). While it loads,
    other threads get the value held, of an earlier state, rather than
    queueing behind it or loading it again each: under a stream of imports a
    server reloads once per import, and searches do not stall. Only the
    statistics may lag (IDF weights, the vocabulary, for the length of one
    load); the rows a search reads are of its own transaction.
    """

    def __init__(self, load: Callable[[Connection], T]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._loaded = threading.Condition(self._lock)
        self._held: tuple[int, T] | None = None
        self._loading = False

    def get(self, conn: Connection) -> T:
        """The value for the state ``conn`` reads (while another thread loads it: the last one)."""
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
                if held is not None:
                    return held[1]
                self._loaded.wait()  # nothing to give yet: wait for the first load
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
