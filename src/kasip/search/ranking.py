"""Every entry a query can score, scored at once over arrays (issue 11).

Search used to ask the database's full-text engine (SQLite FTS5, PostgreSQL
tsvector) for its 200 best candidates by the engine's own rank and re-score
them (:func:`kasip.search.engine._score`). At 700 standards that rank cost
what the query's words matched: a word found in every standard made FTS5
rank a third of the registry (search p95 66–101 ms, PostgreSQL 2.5× slower),
and the engine's choice of 200 was not the best 200 by kasip's score.

Now each import stores, per standard, its search entries' tokens as postings
(:mod:`kasip.search.postings`) and a few numbers per entry (type, level,
length); a process joins them with the match index, in the same file every
worker maps (:mod:`kasip.match.mapped`). A query then scores *every* entry
that holds one of its tokens with kasip's own formula, vectorised: per query
word, the best weight among its tokens that the entry holds (through a
translation: times CROSS), times the word's IDF, summed and divided by what
the query can score. Only the best few rows are read from the database, by
id, and scored again by ``_score``, which stays the one definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kasip.search.analysis import CROSS
from kasip.search.entries import SEARCHED_TYPES, Entry
from kasip.search.postings import (
    PiecePostings,
    Postings,
    PostingsJoin,
    find_token,
    token_hash,
)
from kasip.text.words import word_count

__all__ = [
    "PIECE_ARRAYS",
    "Query",
    "SearchArrays",
    "SearchJoin",
    "piece_columns",
    "rank_rows",
]

# A token's kind in an entry: one of its own keys, or a translation's (``xkeys``).
OWN, TRANSLATED = 0, 1

# What a standard's piece holds for search (kasip.match.pieces stores them).
PIECE_ARRAYS = (
    "s_tokens",  # the standard's search tokens, as token_hash values
    "s_post_token",  # per (entry, token): sorted by token, then entry
    "s_post_entry",
    "s_post_kind",  # OWN or TRANSLATED
    "s_entry_type",  # per entry, in the order they are stored: index into SEARCHED_TYPES
    "s_entry_level",  # 0 for none
    "s_entry_words",  # word_count of the text
    "s_entry_length",  # characters of the text
)
FIXED_TYPES = {"s_tokens": "<u8", "s_post_kind": "u1", "s_entry_type": "u1", "s_entry_level": "u1"}
_TYPE_CODE: dict[str, int] = {name: n for n, name in enumerate(SEARCHED_TYPES)}


def piece_columns(entries: Sequence[Entry]) -> dict[str, NDArray[Any]]:
    """The search columns of one standard's ``entries`` (in the order they are stored).

    Tokens are numbered in the order they first come; postings are sorted by
    token, then entry. Built over arrays: a tuple per posting took a tenth of
    an import's reading (50,000 postings a standard).
    """
    tokens: list[str] = []
    sizes: list[int] = []  # per entry, in turn: its own keys, then its translations'
    for entry in entries:
        for keys in (entry.keys, entry.xkeys):
            found = keys.split()
            tokens += found
            sizes.append(len(found))
    ids = {t: n for n, t in enumerate(dict.fromkeys(tokens))}
    token = np.array([ids[t] for t in tokens], dtype=np.int64)
    group = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    entry_of, kind = group // 2, group % 2  # kind: OWN, then TRANSLATED
    order = np.lexsort((kind, entry_of, token))

    def column(values: Sequence[int]) -> NDArray[np.int64]:
        return np.array(values, dtype=np.int64)

    return {
        "s_tokens": np.array([token_hash(t) for t in ids], dtype=np.uint64),
        "s_post_token": token[order],
        "s_post_entry": entry_of[order],
        "s_post_kind": kind[order],
        "s_entry_type": column([_TYPE_CODE[e.type] for e in entries]),
        "s_entry_level": column([e.level or 0 for e in entries]),
        "s_entry_words": column([word_count(e.text) for e in entries]),
        "s_entry_length": column([len(e.text) for e in entries]),
    }


@dataclass(frozen=True, slots=True)
class SearchArrays:
    """The search entries of every standard, joined (standards in key order)."""

    token_hashes: NDArray[np.uint64]  # sorted: a token's id is its place
    postings: Postings  # kinds: OWN or TRANSLATED
    entry_type: NDArray[Any]
    entry_level: NDArray[Any]
    entry_words: NDArray[Any]
    entry_length: NDArray[Any]
    rows: NDArray[np.int64]  # per entry: its search_entries.id
    standard_starts: NDArray[np.int64]  # each standard's first entry, then the total
    standards: tuple[str, ...]  # their keys

    @property
    def size(self) -> int:
        return len(self.rows)

    def token_id(self, token: str) -> int | None:
        return find_token(self.token_hashes, token)

    def span(self, standard: str | None) -> tuple[int, int]:
        """The entries of ``standard`` (all when None; none for a key not held)."""
        if standard is None:
            return 0, self.size
        if standard not in self.standards:
            return 0, 0
        n = self.standards.index(standard)
        return int(self.standard_starts[n]), int(self.standard_starts[n + 1])


def _postings_of(arrays: Mapping[str, NDArray[Any]]) -> PiecePostings:
    return PiecePostings(
        arrays["s_tokens"],
        arrays["s_post_token"],
        arrays["s_post_entry"],
        arrays["s_post_kind"],
        len(arrays["s_entry_type"]),
    )


class SearchJoin:
    """The standards' search arrays joined in two passes over their pieces
    (standards in key order), one piece in memory at a time.

    :meth:`survey` each piece, :meth:`start` with their row ids, :meth:`add`
    each piece again in the same order, then :meth:`done`.
    """

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._sizes: list[int] = []
        self._postings = PostingsJoin()

    def survey(self, key: str, arrays: Mapping[str, NDArray[Any]]) -> None:
        """First pass: what placing the piece's values needs."""
        self._keys.append(key)
        self._sizes.append(len(arrays["s_entry_type"]))
        self._postings.survey(_postings_of(arrays))

    def start(self, rows: Sequence[NDArray[np.int64]]) -> None:
        """Between the passes: ``rows`` are each standard's search entries' row
        ids, in the order they are stored.

        Raises:
            ValueError: A standard has not as many rows as its piece has entries
                (its entries were written by another reading than its piece).
        """
        for key, size, ids in zip(self._keys, self._sizes, rows, strict=True):
            if size != len(ids):
                raise ValueError(
                    f"standard {key}: {len(ids)} search entries stored, {size} in its match piece"
                )
        self._rows = np.concatenate(list(rows) or [np.zeros(0, np.int64)]).astype(np.int64)
        self._token_hashes, _ = self._postings.start()
        total = sum(self._sizes)
        self._entry: dict[str, NDArray[Any]] = {
            "s_entry_type": np.zeros(total, dtype=np.uint8),
            "s_entry_level": np.zeros(total, dtype=np.uint8),
            "s_entry_words": np.zeros(total, dtype=np.uint32),
            "s_entry_length": np.zeros(total, dtype=np.uint32),
        }
        self._placed = 0

    def add(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        """Second pass: the next piece's values placed."""
        self._postings.add(_postings_of(arrays))
        size = len(arrays["s_entry_type"])
        for name, joined in self._entry.items():
            joined[self._placed : self._placed + size] = arrays[name]
        self._placed += size

    def done(self) -> SearchArrays:
        return SearchArrays(
            token_hashes=self._token_hashes,
            postings=self._postings.done(),
            entry_type=self._entry["s_entry_type"],
            entry_level=self._entry["s_entry_level"],
            entry_words=self._entry["s_entry_words"],
            entry_length=self._entry["s_entry_length"],
            rows=self._rows,
            standard_starts=np.concatenate([[0], np.cumsum(self._sizes)]).astype(np.int64),
            standards=tuple(self._keys),
        )


@dataclass(frozen=True, slots=True)
class Query:
    """What ranking needs of an analysed query (see kasip.search.engine).

    Per query word: its tokens and their weights, and its IDF; ``total`` is
    what the query can score; an entry scores only from ``min_coverage`` of it.
    """

    words: Sequence[Mapping[str, float]]
    idf: Sequence[float]
    total: float
    min_coverage: float
    type_bonus: Mapping[str, float]
    definition_bonus: float  # for a term or abbreviation when the query asks what a term means
    level: int | None = None
    types: tuple[str, ...] = ()


def _word_gain(
    arrays: SearchArrays, tokens: Mapping[str, float], span: tuple[int, int]
) -> NDArray[np.float64] | None:
    """Per entry of ``span``: the best weight among the word's tokens it holds."""
    lo, hi = span
    found = arrays.postings
    gains: list[tuple[float, NDArray[np.int32]]] = []
    for token, weight in tokens.items():
        at = arrays.token_id(token)
        if at is None:
            continue
        begin, end = int(found.starts[at]), int(found.starts[at + 1])
        entries, kinds = found.entries[begin:end], found.kinds[begin:end]
        if (lo, hi) != (0, arrays.size):  # a token's entries ascend: cut to the standard
            first, last = np.searchsorted(entries, [lo, hi])
            entries, kinds = entries[first:last], kinds[first:last]
        own = kinds == OWN
        gains += [(weight, entries[own] - lo), (weight * CROSS, entries[~own] - lo)]
    if not gains:
        return None
    best = np.zeros(hi - lo)
    # Lowest first: where an entry holds several tokens, the best is written last.
    for gain, entries in sorted(gains, key=lambda g: g[0]):
        best[entries] = gain
    return best


def _scores(
    arrays: SearchArrays, query: Query, span: tuple[int, int]
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """The entries that score (their places in the arrays) and their scores."""
    matched = np.zeros(span[1] - span[0])
    for tokens, idf in zip(query.words, query.idf, strict=True):
        best = _word_gain(arrays, tokens, span)
        if best is not None:
            matched += best * idf
    coverage = matched / query.total
    held = np.flatnonzero(coverage >= query.min_coverage)
    at = held + span[0]
    keep = np.ones(len(held), dtype=bool)
    if query.level is not None:
        keep &= arrays.entry_level[at] == query.level
    if query.types:
        keep &= np.isin(arrays.entry_type[at], [_TYPE_CODE[t] for t in query.types])
    held, at = held[keep], at[keep]
    bonus = np.array([query.type_bonus.get(t, 0.0) for t in SEARCHED_TYPES])
    for name in ("term", "abbreviation"):
        bonus[_TYPE_CODE[name]] += query.definition_bonus
    density = np.minimum(len(query.idf) / np.maximum(arrays.entry_words[at], 1), 1.0)
    # As kasip.search.engine._score adds them (the rows read are scored there again).
    raw = coverage[held] + bonus[arrays.entry_type[at]] + 0.1 * density
    return at, np.round(raw, 4)


def rank_rows(
    arrays: SearchArrays, query: Query, *, standard: str | None, wanted: int
) -> list[int]:
    """The row ids of the best ``wanted`` entries for ``query``, best first.

    Ties on score and length at the last place come too (up to ``wanted``
    more): the caller orders the rows it reads by element and standard.
    """
    if query.total <= 0 or wanted <= 0:
        return []
    entries, scores = _scores(arrays, query, arrays.span(standard))
    if len(entries) > wanted:
        cut = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        chosen = np.flatnonzero(scores >= cut)
        entries, scores = entries[chosen], scores[chosen]
    length = arrays.entry_length[entries]
    order = np.lexsort((length, -scores))
    if len(order) > wanted:
        last = order[wanted - 1]
        tied = (scores[order] == scores[last]) & (length[order] == length[last])
        more = int(np.count_nonzero(tied[wanted : wanted * 2]))
        order = order[: wanted + more]
    return [int(r) for r in arrays.rows[entries[order]]]
