"""The in-memory index matching reads: every card element, as weighted token postings.

Joined from the standards' stored pieces (:mod:`kasip.match.pieces`, made at
import) once per state of the registry and kept: matching a long text asks
about hundreds of words, which one SQL query each would make slow. Entries
are ordered by standard and card, so that a card's entries are one
contiguous slice (``card_starts``) and per-card maxima are one
``numpy.maximum.reduceat``.

Postings are kept as arrays, not as Python objects: a token's entries are a
slice of ``firm_positions`` (its own word, or a firm translation) and of
``loose_positions`` (an ambiguous translation only), found by the token's
hash. At 700 standards the index is a few hundred megabytes of arrays and is
joined in about a second (BENCHMARKS.md, "National-registry scale").
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from numpy.typing import NDArray

from kasip.match.clauses import clauses
from kasip.match.level import is_manager
from kasip.match.pieces import CROSS_LOOSE, OWN, Piece, token_hash
from kasip.search.analysis import CROSS, Analyzer

if TYPE_CHECKING:
    from kasip.match.words import MatchWord

__all__ = ["CardRef", "EntryRef", "MatchIndex", "assemble", "clauses"]


@dataclass(frozen=True, slots=True)
class CardRef:
    standard: str
    card_id: str
    code: str | None
    level: int | None
    name: str
    lang: str


@dataclass(frozen=True, slots=True)
class EntryRef:
    element_id: str
    type: str
    text: str  # the whole element
    clause: str  # the part of it this entry holds (the whole element when not cut)


class Entries(Sequence[EntryRef]):
    """The index's entries, their texts decoded from the pieces when asked for.

    A match shows the elements of its few best cards; the texts of the other
    cards' elements stay compressed. Only the texts and each entry's element
    are kept of a piece: the rest of it is in the index's arrays.
    """

    MAX_DECODED = 64  # pieces whose texts are kept decoded

    def __init__(self, pieces: Sequence[Piece], starts: NDArray[np.intp]) -> None:
        self._texts_of = [piece.texts for piece in pieces]
        self._elements = [piece.arrays["entry_element"].copy() for piece in pieces]
        self._starts = starts  # the first entry position of each piece, then the total
        self._decoded: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return int(self._starts[-1]) if len(self._starts) else 0

    @overload
    def __getitem__(self, position: int) -> EntryRef: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[EntryRef]: ...
    def __getitem__(self, position: int | slice) -> EntryRef | Sequence[EntryRef]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if not 0 <= position < len(self):
            raise IndexError(position)
        piece = int(np.searchsorted(self._starts, position, side="right")) - 1
        local = position - int(self._starts[piece])
        texts = self._texts(piece)
        element_id, kind, text = texts["elements"][int(self._elements[piece][local])]
        clause = texts["clauses"][local]
        return EntryRef(element_id, kind, text, text if clause is None else clause)

    def __iter__(self) -> Iterator[EntryRef]:
        for position in range(len(self)):
            yield self[position]

    def _texts(self, piece: int) -> dict[str, Any]:
        found = self._decoded.get(piece)
        if found is None:
            found = json.loads(zlib.decompress(self._texts_of[piece]))
            with self._lock:
                if len(self._decoded) >= self.MAX_DECODED:
                    self._decoded.clear()
                self._decoded[piece] = found
        return found


_Slice = tuple[NDArray[np.int32], NDArray[np.float64]]


@dataclass(frozen=True, slots=True)
class _Postings:
    """Token id → entries, as one array sorted by token (compressed sparse rows)."""

    starts: NDArray[np.int64]  # token t's entries are entries[starts[t]:starts[t + 1]]
    entries: NDArray[np.int32]
    cross: NDArray[np.bool_]  # reached through a translation (weight CROSS, else 1)


@dataclass
class MatchIndex:
    """Postings (token → entry positions and weights) over card elements."""

    cards: list[CardRef]
    card_starts: NDArray[np.intp]  # the first entry position of each card
    entry_card: NDArray[np.intp]
    entries: Sequence[EntryRef]
    entry_mass: NDArray[np.float64]  # Σ over the entry's words of their best idf
    token_hashes: NDArray[np.uint64]  # sorted: a token's id is its position here
    idf: NDArray[np.float64]  # per token id
    firm: _Postings  # a token's own entries, and those a firm translation reaches
    # Entries a token reaches only through an ambiguous link of the lexicon
    # (kasip.text.lexicon.loose_translations): a sentence needs other support there.
    loose: _Postings
    analyzer: Analyzer
    names: NDArray[np.bool_]  # per entry: a card's name or other name
    managers: NDArray[np.bool_]  # per card: a manager's (kasip.match.level.is_manager)
    # A word read against this index, by (word, languages): kasip.match.words reads
    # each word of a text twice (its sentence, the text's domain share) and the
    # same words recur from text to text.
    words: dict[tuple[str, tuple[str, ...]], MatchWord | None] = field(
        default_factory=dict, repr=False
    )

    @property
    def size(self) -> int:
        return len(self.entry_card)

    def token_id(self, token: str) -> int | None:
        """The id of ``token`` in this index, or None when no entry holds it."""
        wanted = np.uint64(token_hash(token))
        at = int(np.searchsorted(self.token_hashes, wanted))
        if at < len(self.token_hashes) and self.token_hashes[at] == wanted:
            return at
        return None

    def postings(self, token: int, *, loose: bool) -> _Slice:
        """The entries that hold token id ``token`` and their weights (1, or CROSS)."""
        found = self.loose if loose else self.firm
        begin, end = int(found.starts[token]), int(found.starts[token + 1])
        weights = np.where(found.cross[begin:end], CROSS, 1.0)
        return found.entries[begin:end], weights


def _stable_order(keys: NDArray[np.int32]) -> NDArray[np.intp]:
    """A stable argsort of non-negative keys in linear time.

    NumPy radix-sorts 16-bit keys (``kind="stable"``); wider keys are sorted
    by their low 16 bits, then stably by their high ones. A comparison sort of
    the 25 million postings of 700 standards took 2.7 s.
    """
    low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if not len(keys) or int(keys.max()) < 2**16:
        return low
    high = np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")
    order: NDArray[np.intp] = low[high]
    return order


def _csr(
    tokens: NDArray[np.int32], entries: NDArray[np.int32], cross: NDArray[np.bool_], size: int
) -> _Postings:
    order = _stable_order(tokens)
    starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(tokens, minlength=size), out=starts[1:])
    return _Postings(starts, entries[order], cross[order])


def _offsets(counts: Sequence[int]) -> NDArray[np.int32]:
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)


def _joined(pieces: Sequence[Piece], name: str, offsets: NDArray[np.int32]) -> NDArray[np.int32]:
    """One array of all pieces, each piece's values moved by its offset."""
    parts = [p.arrays[name].astype(np.int32) + offsets[i] for i, p in enumerate(pieces)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def assemble(stored: Sequence[tuple[str, Piece]], analyzer: Analyzer) -> MatchIndex:
    """Join the pieces of the registry's standards (by key, in key order) into one index.

    A token weighs by how many elements hold it, whether or not they are cut
    into clauses: cutting a long duty must not make its words rarer.
    """
    pieces = [piece for _, piece in stored]
    cards = [CardRef(key, *card) for key, piece in stored for card in piece.cards]
    entry_offsets = _offsets([p.entries for p in pieces])
    card_offsets = _offsets([len(p.cards) for p in pieces])
    token_offsets = _offsets([len(p.arrays["tokens"]) for p in pieces])
    word_offsets = _offsets([len(p.arrays["word_entry"]) for p in pieces])
    hashes, found = np.unique(
        np.concatenate([p.arrays["tokens"] for p in pieces] or [np.zeros(0, np.uint64)]),
        return_inverse=True,
    )
    inverse: NDArray[np.int32] = found.astype(np.int32).reshape(-1)
    # Every element has one entry or more (its clauses).
    elements = sum(int(p.arrays["entry_element"].max()) + 1 for p in pieces if p.entries)
    frequency = np.bincount(
        inverse,
        weights=np.concatenate([p.arrays["token_df"] for p in pieces] or [np.zeros(0)]),
        minlength=len(hashes),
    )
    # kasip.search.analysis.idf, for all tokens at once.
    idf = np.log1p(max(elements, 1) / (frequency + 0.5))
    card_of = _joined(pieces, "entry_card", card_offsets)
    post_token = inverse[_joined(pieces, "post_token", token_offsets)]
    post_entry = _joined(pieces, "post_entry", entry_offsets)
    kind = np.concatenate([p.arrays["post_kind"] for p in pieces] or [np.zeros(0, np.uint8)])
    cross = kind != OWN
    is_loose = kind == CROSS_LOOSE
    del kind
    firm = _csr(post_token[~is_loose], post_entry[~is_loose], cross[~is_loose], len(hashes))
    loose = _csr(post_token[is_loose], post_entry[is_loose], cross[is_loose], len(hashes))
    del post_token, post_entry, cross, is_loose
    entry_mass = _entry_mass(pieces, inverse, idf, token_offsets, word_offsets, entry_offsets)
    starts = np.searchsorted(card_of, np.arange(len(cards))).astype(np.intp)
    return MatchIndex(
        cards=cards,
        card_starts=starts,
        entry_card=card_of.astype(np.intp),
        entries=Entries(pieces, entry_offsets.astype(np.intp)),
        entry_mass=entry_mass,
        token_hashes=hashes,
        idf=idf,
        firm=firm,
        loose=loose,
        analyzer=analyzer,
        names=np.concatenate([p.arrays["entry_name"] for p in pieces] or [np.zeros(0)]).astype(
            bool
        ),
        managers=np.array([is_manager(card.code) for card in cards], dtype=bool),
    )


def _entry_mass(  # noqa: PLR0913 — the offsets of each array the mass reads
    pieces: Sequence[Piece],
    inverse: NDArray[np.int32],
    idf: NDArray[np.float64],
    token_offsets: NDArray[np.int32],
    word_offsets: NDArray[np.int32],
    entry_offsets: NDArray[np.int32],
) -> NDArray[np.float64]:
    """Per entry: Σ over its words of the best idf among the word's own tokens."""
    size = int(entry_offsets[-1])
    own_word = _joined(pieces, "own_word", word_offsets)
    if not len(own_word):
        return np.zeros(size)
    own_idf = idf[inverse[_joined(pieces, "own_token", token_offsets)]]
    # Each word's tokens are contiguous: the best of each run.
    firsts = np.flatnonzero(np.diff(own_word, prepend=-1))
    best = np.maximum.reduceat(own_idf, firsts)
    word_entry = _joined(pieces, "word_entry", entry_offsets)
    mass: NDArray[np.float64] = np.bincount(
        word_entry[own_word[firsts]], weights=best, minlength=size
    ).astype(np.float64)
    return mass
