"""The in-memory index matching reads: every card element, as weighted token postings.

Joined from the standards' stored pieces (:mod:`kasip.match.pieces`, made at
import) once per state of the registry and kept: matching a long text asks
about hundreds of words, which one SQL query each would make slow. Entries
are ordered by standard and card, so that a card's entries are one
contiguous slice (``card_starts``) and per-card maxima are one
``numpy.maximum.reduceat``.

Postings are kept as arrays, not as Python objects: a token's entries are one
slice of ``postings_of`` (found by the token's hash), each with its kind: the
entry's own word, a firm translation, or an ambiguous one only. At 700
standards matching's arrays are about 155 MB (265 with search's, which the
index carries: :mod:`kasip.search.ranking`), joined in about two seconds
(:mod:`kasip.match.join`) and kept as a file that every process maps
(:mod:`kasip.match.mapped`).
"""

from __future__ import annotations

import functools
import json
import mmap
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from numpy.typing import NDArray

from kasip.match.clauses import clauses
from kasip.match.distinctive import Occupations
from kasip.match.pieces import CROSS_LOOSE, OWN
from kasip.match.siblings import Siblings, siblings_of
from kasip.match.twins import same_occupation
from kasip.search.analysis import CROSS, Analyzer
from kasip.search.editions import edition_group, edition_partners
from kasip.search.postings import Postings, find_token
from kasip.search.ranking import SearchArrays

if TYPE_CHECKING:
    from kasip.match.words import MatchWord

__all__ = ["CardRef", "Entries", "EntryRef", "MatchIndex", "TextsOfPieces", "clauses"]


@dataclass(frozen=True, slots=True)
class CardRef:
    standard: str
    card_id: str
    code: str | None
    level: int | None
    name: str
    lang: str
    # The years of practical experience the card asks for (kasip.match.experience).
    experience: float | None = None


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
    are kept of a piece: the rest of it is in the index's arrays. The texts
    may be a memory-mapped file's bytes (:mod:`kasip.match.mapped`).
    """

    MAX_DECODED = 64  # pieces whose texts are kept decoded

    def __init__(self, texts: TextsOfPieces) -> None:
        self.texts_of = texts
        self._decoded: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        starts = self.texts_of.starts
        return int(starts[-1]) if len(starts) else 0

    @overload
    def __getitem__(self, position: int) -> EntryRef: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[EntryRef]: ...
    def __getitem__(self, position: int | slice) -> EntryRef | Sequence[EntryRef]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if not 0 <= position < len(self):
            raise IndexError(position)
        starts = self.texts_of.starts
        piece = int(np.searchsorted(starts, position, side="right")) - 1
        texts = self._texts(piece)
        element_id, kind, text = texts["elements"][int(self.texts_of.elements[position])]
        clause = texts["clauses"][position - int(starts[piece])]
        return EntryRef(element_id, kind, text, text if clause is None else clause)

    def __iter__(self) -> Iterator[EntryRef]:
        for position in range(len(self)):
            yield self[position]

    def _texts(self, piece: int) -> dict[str, Any]:
        found = self._decoded.get(piece)
        if found is None:
            bounds = self.texts_of.bounds
            data = self.texts_of.blob[int(bounds[piece]) : int(bounds[piece + 1])]
            found = json.loads(zlib.decompress(data))
            with self._lock:
                if len(self._decoded) >= self.MAX_DECODED:
                    self._decoded.clear()
                self._decoded[piece] = found
        return found


@dataclass(frozen=True, slots=True)
class TextsOfPieces:
    """The pieces' compressed texts, one after another, and where each entry's lies."""

    blob: bytes | mmap.mmap  # every piece's texts (zlib'd JSON), in turn
    bounds: NDArray[np.int64]  # piece p's texts are blob[bounds[p]:bounds[p + 1]]
    elements: NDArray[np.uint32]  # per entry: its element, in its piece's texts
    starts: NDArray[np.int64]  # the first entry of each piece, then the total


_Slice = tuple[NDArray[np.int32], NDArray[np.float64] | float]

NAME_BOOST = 1.3  # an occupation's name or other name said in the text
REMEMBERED_OCCUPATIONS = 1024  # occupations whose copies an index remembers (MatchIndex.copies_of)


@dataclass
class MatchIndex:
    """Postings (token → entry positions and weights) over card elements."""

    cards: list[CardRef]
    card_starts: NDArray[np.intp]  # the first entry position of each card
    entry_card: NDArray[np.intp]
    entries: Entries
    entry_mass: NDArray[np.float64]  # Σ over the entry's words of their best idf (at least 1e-9)
    token_hashes: NDArray[np.uint64]  # sorted: a token's id is its position here
    idf: NDArray[np.float64]  # per token id
    # A token's entries: those that hold it as their own word or through a firm
    # translation, and those that hold it only through an ambiguous link of the
    # lexicon (kasip.text.lexicon.loose_translations), where a sentence must
    # support it (kasip.match.words).
    postings_of: Postings
    # Per token id, how many of its postings are of each kind (columns OWN,
    # CROSS_FIRM, CROSS_LOOSE), counted when the pieces are joined
    # (kasip.search.postings.PostingsJoin) and kept in the index's file: most
    # tokens have postings of one kind, and postings() then hands out a slice
    # of the index as it is, with one weight, instead of sifting them.
    kind_counts: NDArray[np.int64]
    analyzer: Analyzer
    names: NDArray[np.bool_]  # per entry: a card's name or other name
    managers: NDArray[np.bool_]  # per card: a manager's (kasip.match.level.is_manager)
    # What search ranks with, joined from the same pieces (kasip.search.ranking).
    search: SearchArrays
    # Which occupations use each token in their duties (kasip.match.distinctive).
    occupations: Occupations
    # Per card, the sketch of its duty words (kasip.match.twins): (cards, SKETCH).
    sketches: NDArray[np.uint32]
    # A word read against this index, by (word, languages): kasip.match.words reads
    # each word of a text twice (its sentence, the text's domain share) and the
    # same words recur from text to text.
    words: dict[tuple[str, tuple[str, ...]], MatchWord | None] = field(
        default_factory=dict, repr=False
    )
    # Per occupation a match has asked about: which cards are its own or its
    # copies' (copies_of). Sketches never change in an index, so neither does this.
    copies: dict[int, NDArray[np.bool_]] = field(default_factory=dict, repr=False)
    # Per standard a match has reread among its own occupations (siblings).
    sibling_sets: dict[int, Siblings] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.entry_card)

    @functools.cached_property
    def entry_norm(self) -> NDArray[np.float64]:
        """Per entry, one over the square root of its mass: the entry's side of the
        word-level cosine (:func:`kasip.match.words.similarity`). Made once per
        index: a square root over every entry took half a millisecond per sentence."""
        norm: NDArray[np.float64] = 1.0 / np.sqrt(self.entry_mass)
        return norm

    @functools.cached_property
    def entry_scale(self) -> NDArray[np.float64]:
        """Per entry, what ranks it for a sentence, times the weight the two share:
        :attr:`entry_norm`, and :data:`NAME_BOOST` for a card's name."""
        scale: NDArray[np.float64] = np.where(self.names, NAME_BOOST, 1.0) * self.entry_norm
        return scale

    @functools.cached_property
    def card_standards(self) -> NDArray[np.int32]:
        """Per card, its standard, numbered in the order the cards come."""
        numbers: dict[str, int] = {}
        found = [numbers.setdefault(card.standard, len(numbers)) for card in self.cards]
        return np.asarray(found, dtype=np.int32)

    @functools.cached_property
    def card_sizes(self) -> NDArray[np.intp]:
        """How many entries each card has (``card_starts`` as lengths)."""
        sizes: NDArray[np.intp] = np.diff(np.append(self.card_starts, self.size))
        return sizes

    @functools.cached_property
    def card_editions(self) -> dict[int, tuple[int, ...]]:
        """Per card held by both editions of its order, the same card's other
        positions (same edition group and card ID: :mod:`kasip.search.editions`).

        Empty when every order has one text, which leaves matching as it was.
        Made once per index: 16 ms for 14,000 cards of 350 kk/ru pairs, 2 ms when
        no order has two texts (measured with synthetic card lists).
        """
        partners = edition_partners({card.standard for card in self.cards})
        if not partners:
            return {}
        by_card: dict[tuple[str, str], list[int]] = {}
        for position, card in enumerate(self.cards):
            if card.standard in partners:
                key = (edition_group(card.standard), card.card_id)
                by_card.setdefault(key, []).append(position)
        return {
            position: tuple(other for other in held if other != position)
            for held in by_card.values()
            if len(held) > 1
            for position in held
        }

    def copies_of(self, card: int) -> NDArray[np.bool_]:
        """Per card, whether it is of ``card``'s occupation or of another
        standard's copy of it (:func:`kasip.match.twins.same_occupation`).

        Remembered per occupation (10 KB each at 700 standards, at most
        :data:`REMEMBERED_OCCUPATIONS` of them): at 700 standards working it out takes a
        few milliseconds, and a match asks it for each occupation it shows.
        """
        occupation = int(self.occupations.card[card])
        found = self.copies.get(occupation)
        if found is None:
            if len(self.copies) >= REMEMBERED_OCCUPATIONS:
                self.copies.clear()
            found = same_occupation(self.sketches, self.card_standards, self.occupations.card, card)
            self.copies[occupation] = found
        return found

    def siblings(self, card: int) -> Siblings:
        """The occupations of ``card``'s standard (:func:`kasip.match.siblings.siblings_of`),
        remembered per standard (at most :data:`REMEMBERED_OCCUPATIONS` of them)."""
        standard = int(self.card_standards[card])
        found = self.sibling_sets.get(standard)
        if found is None:
            if len(self.sibling_sets) >= REMEMBERED_OCCUPATIONS:
                self.sibling_sets.clear()
            found = siblings_of(self.occupations, self.card_standards, standard)
            self.sibling_sets[standard] = found
        return found

    def token_id(self, token: str) -> int | None:
        """The id of ``token`` in this index, or None when no entry holds it."""
        return find_token(self.token_hashes, token)

    def postings(self, token: int, *, loose: bool) -> _Slice:
        """The entries that hold token id ``token`` firmly (or, with ``loose``, only
        through an ambiguous link), and their weights: 1 for the entry's own
        word, CROSS through a translation (one number when all weigh the same)."""
        found = self.postings_of
        begin, end = int(found.starts[token]), int(found.starts[token + 1])
        own, firm, ambiguous = (int(n) for n in self.kind_counts[token])
        if loose:
            if not ambiguous:
                return found.entries[begin:begin], CROSS
            if ambiguous == end - begin:
                return found.entries[begin:end], CROSS
        elif not ambiguous:
            if own == end - begin or firm == end - begin:
                return found.entries[begin:end], 1.0 if own else CROSS
            return found.entries[begin:end], np.where(found.kinds[begin:end] == OWN, 1.0, CROSS)
        kinds = found.kinds[begin:end]
        chosen = (kinds == CROSS_LOOSE) if loose else (kinds != CROSS_LOOSE)
        weights = np.where(kinds[chosen] == OWN, 1.0, CROSS)
        return found.entries[begin:end][chosen], weights
