"""The standards' stored pieces joined into one index, one piece in memory at a time.

Joining reads the pieces twice, in key order: first what placing their
values needs (their tokens, how many postings each token has, how many
entries), then each piece's values into the joined arrays, which are sized
by the first pass. At 700 standards the pieces are 355 MB and the joined
index 265 MB: holding both, an import that writes the index file peaked
above 700 MB (issue 11 asks 500 MB at most).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kasip.match.distinctive import card_occupations, entry_occupations, join_occupations
from kasip.match.index import CardRef, Entries, MatchIndex, TextsOfPieces
from kasip.match.level import is_manager
from kasip.match.pieces import KINDS, Piece
from kasip.match.twins import SKETCH
from kasip.search.analysis import Analyzer
from kasip.search.postings import PostingsJoin
from kasip.search.ranking import SearchJoin

__all__ = ["PieceSource", "assemble"]

# The pieces in key order, read anew at each call (joining reads them twice).
PieceSource = Callable[[], Iterable[tuple[str, Piece]]]


@dataclass
class _Survey:
    """The first pass: what each piece holds, kept small (the pieces go)."""

    keys: list[str] = field(default_factory=list)
    cards: list[CardRef] = field(default_factory=list)
    df: list[NDArray[Any]] = field(default_factory=list)  # per piece: token_df
    entries: list[int] = field(default_factory=list)
    elements: int = 0
    postings: PostingsJoin = field(default_factory=lambda: PostingsJoin(kinds=KINDS))
    search: SearchJoin = field(default_factory=SearchJoin)

    def add(self, key: str, piece: Piece) -> None:
        a = piece.arrays
        self.keys.append(key)
        self.cards += [CardRef(key, *card) for card in piece.cards]
        self.df.append(np.array(a["token_df"]))
        self.postings.survey(piece.postings())
        self.entries.append(piece.entries)
        # Every element has one entry or more (its clauses).
        self.elements += int(a["entry_element"].max()) + 1 if piece.entries else 0
        self.search.survey(key, a)


def _idf(survey: _Survey, inverse: NDArray[np.int32], tokens: int) -> NDArray[np.float64]:
    """Each token's idf over the elements of every piece that hold it.

    A token weighs by how many elements hold it, whether or not they are cut
    into clauses: cutting a long duty must not make its words rarer.
    """
    frequency = np.bincount(
        inverse, weights=np.concatenate(survey.df or [np.zeros(0)]), minlength=tokens
    )
    # kasip.search.analysis.idf, for all tokens at once.
    idf: NDArray[np.float64] = np.log1p(max(survey.elements, 1) / (frequency + 0.5))
    return idf


def _entry_mass(piece: Piece, own_idf: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per entry of ``piece``: Σ over its words of the best idf among the word's own
    tokens (``own_idf``: the idf of each of the piece's tokens).

    Piece by piece: each piece's arrays fit in the processor's cache, which
    the joined ones (8 million word tokens at 700 standards) do not.
    """
    own_word = piece.arrays["own_word"]
    if not len(own_word):
        return np.zeros(piece.entries)
    word_idf = own_idf[piece.arrays["own_token"]]
    # Each word's tokens are contiguous: the best of each run.
    firsts = np.flatnonzero(np.append(True, own_word[1:] != own_word[:-1]))
    best = np.maximum.reduceat(word_idf, firsts)
    entry = piece.arrays["word_entry"][own_word[firsts]]
    return np.bincount(entry, weights=best, minlength=piece.entries).astype(np.float64)


@dataclass
class _Placed:
    """The second pass: the joined per-entry arrays, filled piece by piece."""

    size: int
    entry_card: NDArray[np.intp] = field(init=False)
    entry_mass: NDArray[np.float64] = field(init=False)
    names: NDArray[np.bool_] = field(init=False)
    knowledge: NDArray[np.bool_] = field(init=False)
    elements: NDArray[np.uint32] = field(init=False)
    texts: list[bytes] = field(default_factory=list)
    sketches: list[NDArray[np.uint32]] = field(default_factory=list)
    placed: int = 0
    cards: int = 0

    def __post_init__(self) -> None:
        self.entry_card = np.zeros(self.size, dtype=np.intp)
        self.entry_mass = np.zeros(self.size)
        self.names = np.zeros(self.size, dtype=bool)
        self.knowledge = np.zeros(self.size, dtype=bool)
        self.elements = np.zeros(self.size, dtype=np.uint32)

    def add(self, piece: Piece, mass: NDArray[np.float64]) -> None:
        here = slice(self.placed, self.placed + piece.entries)
        self.entry_card[here] = piece.arrays["entry_card"].astype(np.intp) + self.cards
        self.entry_mass[here] = mass
        self.names[here] = piece.arrays["entry_name"]
        self.knowledge[here] = piece.arrays["entry_knowledge"]
        self.elements[here] = piece.arrays["entry_element"]
        self.texts.append(piece.texts)
        # A copy: the piece's arrays are views of its bytes, which must go with it
        # (all the pieces held took 355 MB more at 700 standards).
        self.sketches.append(piece.arrays["card_sketch"].reshape(-1, SKETCH).copy())
        self.placed += piece.entries
        self.cards += len(piece.cards)


def assemble(
    stored: Sequence[tuple[str, Piece]] | PieceSource,
    analyzer: Analyzer,
    *,
    rows: Sequence[NDArray[np.int64]],
) -> MatchIndex:
    """Join the pieces of the registry's standards (by key, in key order) into one index.

    ``stored`` is read twice: a sequence, or a function that reads the pieces
    anew each time it is called. ``rows`` are each standard's search entries'
    row ids, in the order they are stored (:class:`kasip.search.ranking.SearchJoin`).

    Raises:
        ValueError: The second reading gives other pieces than the first, or
            a standard's rows and its piece disagree.
    """
    read: PieceSource = stored if callable(stored) else lambda: stored
    survey = _Survey()
    for key, piece in read():
        survey.add(key, piece)
    survey.search.start(rows)
    hashes, inverse = survey.postings.start()
    idf = _idf(survey, inverse, len(hashes))
    # Not needed to place the pieces: let go before the joined arrays grow.
    survey.df = []
    del inverse
    placed = _Placed(sum(survey.entries))
    keys = iter(survey.keys)
    for key, piece in read():
        if key != next(keys, None):
            raise ValueError(f"the pieces changed while they were joined (at {key})")
        ids = survey.postings.add(piece.postings())
        placed.add(piece, _entry_mass(piece, idf[ids]))
        survey.search.add(piece.arrays)
    if placed.placed != len(placed.entry_card):
        raise ValueError("the pieces changed while they were joined (fewer entries)")
    starts = np.concatenate([[0], np.cumsum(survey.entries)]).astype(np.int64)
    postings = survey.postings.done()
    occupation = card_occupations([card.code for card in survey.cards])
    occupations = join_occupations(
        postings, entry_occupations(placed.entry_card, placed.knowledge, occupation), occupation
    )
    return MatchIndex(
        cards=survey.cards,
        card_starts=np.searchsorted(placed.entry_card, np.arange(len(survey.cards))).astype(
            np.intp
        ),
        entry_card=placed.entry_card,
        entries=Entries(
            TextsOfPieces(
                blob=b"".join(placed.texts),
                bounds=np.concatenate([[0], np.cumsum([len(t) for t in placed.texts])]).astype(
                    np.int64
                ),
                elements=placed.elements,
                starts=starts,
            )
        ),
        # Never 0: similarity divides by it.
        entry_mass=np.maximum(placed.entry_mass, 1e-9),
        token_hashes=hashes,
        idf=idf,
        postings_of=postings,
        kind_counts=survey.postings.kind_counts,
        analyzer=analyzer,
        names=placed.names,
        managers=np.array([is_manager(card.code) for card in survey.cards], dtype=bool),
        search=survey.search.done(),
        occupations=occupations,
        sketches=np.concatenate([np.zeros((0, SKETCH), dtype=np.uint32), *placed.sketches]),
    )
