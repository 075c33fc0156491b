"""What matching needs of one standard, read once when the standard is imported.

Matching reads every card element as weighted tokens (:mod:`kasip.match.index`).
Reading them (cutting duties into clauses, stemming and translating each word)
took most of a minute at 700 standards, and every process paid it again after
each import: the first match after ``kasip serve`` waited for it (issue 11).
Now each import reads its own standard once and stores the result, a
*piece*, beside the search entries (table ``match_pieces``,
:mod:`kasip.match.stored`); a process joins the stored pieces with a few
array operations (:func:`kasip.match.join.assemble`).

A piece is one ``bytes`` value: a small JSON head (the cards, where each
array lies and its type), the elements' texts (compressed JSON, decoded only
when a match shows its evidence), and the arrays (little-endian).
Tokens are 64-bit hashes (:func:`~kasip.search.postings.token_hash`): joining
the vocabularies of 700 pieces is then one integer sort, not millions of
string comparisons.

A piece also holds what search ranks with (the ``s_`` arrays,
:mod:`kasip.search.ranking`): every search entry's tokens and its type,
level and length, in the order the entries are stored.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kasip.match.clauses import clauses
from kasip.match.twins import card_sketches
from kasip.search.analysis import Analyzer, WordTokens
from kasip.search.entries import Entry
from kasip.search.postings import PiecePostings, token_hash
from kasip.search.ranking import FIXED_TYPES, PIECE_ARRAYS, piece_columns

__all__ = [
    "FORMAT",
    "MATCHED_TYPES",
    "Piece",
    "build_piece",
    "read_piece",
]

# Bump when what a piece holds or how it is read changes: registries then
# rebuild their pieces when next opened (kasip.match.stored).
FORMAT = 6  # 2: postings sorted by token; 3: search's arrays; 4: entry_knowledge; 5: card_sketch;
# 6: each card's experience (kasip.match.experience)

# A free text is matched against what a card says about its work.
MATCHED_TYPES = frozenset({"card", "other_name", "function", "task", "skill", "knowledge"})
_NAMES = frozenset({"card", "other_name"})

# A token's kind in an entry: the entry's own word, reached through a firm
# translation, or through an ambiguous one only (kasip.text.lexicon.loose_translations).
OWN, CROSS_FIRM, CROSS_LOOSE = 0, 1, 2
KINDS = 3  # how many kinds a posting may be of

# The arrays of a piece, in order. Indexes are stored as 16-bit integers where
# they fit (a standard rarely has 65,536 entries or tokens) and 32-bit where not.
_ARRAYS = (
    "entry_card",  # per entry: its card (index into the piece's cards)
    "entry_element",  # per entry: its element (index into the piece's elements)
    "entry_name",  # per entry: 1 for a card's name or other name
    "entry_knowledge",  # per entry: 1 for a knowledge element (kasip.match.distinctive)
    "tokens",  # the piece's tokens, as token_hash values
    "token_df",  # per token: how many of the piece's elements hold it
    "post_entry",  # per (entry, token) pair, sorted by token, then entry
    "post_token",
    "post_kind",  # OWN, CROSS_FIRM or CROSS_LOOSE
    "word_entry",  # per word occurrence with own tokens: its entry
    "own_word",  # per (word occurrence, own token), grouped by word
    "own_token",
    "card_sketch",  # per card, SKETCH bins of its duty words (kasip.match.twins), row by row
    *PIECE_ARRAYS,
)
_FIXED = {
    "entry_name": "u1",
    "entry_knowledge": "u1",
    "tokens": "<u8",
    "post_kind": "u1",
    "card_sketch": "<u4",
} | FIXED_TYPES


def _compact(name: str, values: Sequence[int] | NDArray[Any]) -> NDArray[Any]:
    """``values`` as the narrowest unsigned little-endian type that holds them."""
    if name in _FIXED:
        return np.asarray(values, dtype=_FIXED[name])
    found = np.asarray(values, dtype=np.int64)
    wide = bool(found.size) and int(found.max()) >= 2**16
    return found.astype("<u4" if wide else "<u2")


# A card of a piece: its ID, code, level, name, language, and the years of
# practical experience its rows ask for (kasip.match.experience.card_experience).
CardRow = tuple[str, str | None, int | None, str, str, float | None]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stored piece, read: cards and arrays now, texts when asked for."""

    cards: list[CardRow]
    arrays: dict[str, NDArray[Any]]
    texts: bytes  # zlib'd JSON: {"elements": [[id, type, text]], "clauses": [clause or null]}

    @property
    def entries(self) -> int:
        return len(self.arrays["entry_card"])

    def postings(self) -> PiecePostings:
        """Its match postings, to be joined (kasip.search.postings.PostingsJoin)."""
        a = self.arrays
        return PiecePostings(
            a["tokens"], a["post_token"], a["post_entry"], a["post_kind"], self.entries
        )


@dataclass(frozen=True, slots=True)
class _WordIds:
    """A word's tokens as the piece's token ids."""

    own: tuple[int, ...]
    firm_cross: tuple[int, ...]  # reached through a firm translation
    loose: tuple[int, ...]  # reached through an ambiguous one only
    held: frozenset[int]  # all of them


class _Builder:
    """Collects one standard's entries, their tokens and their words."""

    def __init__(self) -> None:
        self.token_ids: dict[str, int] = {}
        self.columns: dict[str, list[int]] = defaultdict(list)
        self.element_tokens: list[set[int]] = []
        self.clauses: list[str | None] = []
        self.words = 0
        self._word_ids: dict[int, tuple[WordTokens, _WordIds]] = {}

    def _ids(self, tokens: WordTokens) -> _WordIds:
        # Worked out once per word of the standard, not per occurrence.
        found = self._word_ids.get(id(tokens))
        if found is None or found[0] is not tokens:
            # In sorted order: a set's order changes with the process (string
            # hashing), and a piece must be the same bytes wherever it is made.
            ids = self.token_ids
            own = tuple(ids.setdefault(t, len(ids)) for t in sorted(tokens.own))
            firm = tuple(ids.setdefault(t, len(ids)) for t in sorted(tokens.cross - tokens.loose))
            loose = tuple(ids.setdefault(t, len(ids)) for t in sorted(tokens.cross & tokens.loose))
            found = (tokens, _WordIds(own, firm, loose, frozenset((*own, *firm, *loose))))
            self._word_ids[id(tokens)] = found
        return found[1]

    def add_entry(
        self,
        card: int,
        element: int,
        kind: str,
        clause: str | None,
        words: list[WordTokens],
    ) -> None:
        entry = len(self.clauses)
        self.clauses.append(clause)
        columns = self.columns
        columns["entry_card"].append(card)
        columns["entry_element"].append(element)
        columns["entry_name"].append(int(kind in _NAMES))
        columns["entry_knowledge"].append(int(kind == "knowledge"))
        firm: dict[int, int] = {}
        loose: set[int] = set()
        held = self.element_tokens[element]
        for word in map(self._ids, words):
            held |= word.held
            loose.update(word.loose)
            for tid in word.firm_cross:
                firm.setdefault(tid, CROSS_FIRM)
            if word.own:
                columns["word_entry"].append(entry)
                firm.update(dict.fromkeys(word.own, OWN))
                columns["own_word"].extend([self.words] * len(word.own))
                columns["own_token"].extend(word.own)
                self.words += 1
        # A token another word of the entry holds firmly is firm.
        firm.update(dict.fromkeys(loose - firm.keys(), CROSS_LOOSE))
        columns["post_entry"].extend([entry] * len(firm))
        columns["post_token"].extend(firm.keys())
        columns["post_kind"].extend(firm.values())


def build_piece(
    entries: Sequence[Entry],
    analyzer: Analyzer,
    experience: Mapping[str, float | None] | None = None,
) -> bytes:
    """The piece of one standard, from its search entries (cards, then other elements).

    ``analyzer`` is the one the entries were keyed with
    (:func:`kasip.search.entries.document_analyzer`); ``experience`` gives, by
    card ID, the years of practical experience each card asks for
    (:func:`kasip.match.experience.card_experience`). Cards are ordered by
    their ID, each card's entries as the standard gives them. The search
    arrays keep ``entries`` in their order: the order they are stored in, which
    their row ids follow (:class:`kasip.search.ranking.SearchJoin`).
    """
    rows = sorted(
        (e for e in entries if e.type in MATCHED_TYPES and e.card_id),
        key=lambda e: e.card_id or "",
    )
    builder = _Builder()
    cards: list[CardRow] = []
    elements: list[tuple[str, str, str]] = []
    for row in rows:
        if not cards or cards[-1][0] != row.card_id:
            card_id = row.card_id or ""
            years = (experience or {}).get(card_id)
            cards.append((card_id, row.code, row.level, row.card_name, row.lang, years))
        elements.append((row.element_id, row.type, row.text))
        builder.element_tokens.append(set())
        for clause, read in clauses(row.text, row.type, row.lang):
            words = [analyzer.tokens(keys) for _, keys in analyzer.text_keys(read, lang=row.lang)]
            builder.add_entry(
                len(cards) - 1,
                len(elements) - 1,
                row.type,
                None if clause == row.text else clause,
                words,
            )
    return _dump(cards, elements, builder, piece_columns(entries))


def _dump(
    cards: list[CardRow],
    elements: list[tuple[str, str, str]],
    builder: _Builder,
    search: dict[str, NDArray[Any]],
) -> bytes:
    df = [0] * len(builder.token_ids)
    for held in builder.element_tokens:
        for token in held:
            df[token] += 1
    columns: dict[str, Sequence[int] | NDArray[Any]] = dict(builder.columns)
    # Sorted by token: joining places each token's postings in one run
    # (kasip.search.postings.PostingsJoin). Stable: by entry within a token.
    order = np.argsort(np.asarray(columns.get("post_token", []), dtype=np.int64), kind="stable")
    for name in ("post_entry", "post_token", "post_kind"):
        columns[name] = np.asarray(columns.get(name, []), dtype=np.int64)[order]
    columns["tokens"] = [token_hash(t) for t in builder.token_ids]
    columns["token_df"] = df
    columns["card_sketch"] = _sketches(columns, len(cards)).reshape(-1)
    columns |= search
    arrays = {name: _compact(name, columns.get(name, [])) for name in _ARRAYS}
    head = json.dumps(
        {
            "format": FORMAT,
            "cards": cards,
            "arrays": [[name, arrays[name].dtype.str, len(arrays[name])] for name in _ARRAYS],
        },
        ensure_ascii=False,
    ).encode()
    # The texts are read only for the evidence of the best cards: kept compressed.
    texts = zlib.compress(
        json.dumps({"elements": elements, "clauses": builder.clauses}, ensure_ascii=False).encode()
    )
    parts = [len(head).to_bytes(4, "little"), len(texts).to_bytes(4, "little"), head, texts]
    offset = sum(len(p) for p in parts)
    for name in _ARRAYS:
        padding = -offset % 8  # every array starts aligned
        parts += [b"\0" * padding, arrays[name].tobytes()]
        offset += padding + arrays[name].nbytes
    return b"".join(parts)


def _sketches(columns: dict[str, Sequence[int] | NDArray[Any]], cards: int) -> NDArray[np.uint32]:
    """Each card's sketch of its duty words: its words' own tokens outside knowledge
    lists, which name the same laws for every card (:mod:`kasip.match.twins`)."""

    def array(name: str) -> NDArray[np.int64]:
        return np.asarray(columns.get(name, []), dtype=np.int64)

    entry = array("word_entry")[array("own_word")]
    duty = array("entry_knowledge")[entry] == 0
    hashes = np.asarray(columns["tokens"], dtype=np.uint64)[array("own_token")[duty]]
    return card_sketches(array("entry_card")[entry[duty]], hashes, cards)


def read_piece(data: bytes) -> Piece:
    """Read a piece made by :func:`build_piece` (its arrays are views of ``data``).

    Raises:
        ValueError: ``data`` is not a piece of this format.
    """
    head_size = int.from_bytes(data[:4], "little")
    texts_size = int.from_bytes(data[4:8], "little")
    head = json.loads(data[8 : 8 + head_size])
    if head.get("format") != FORMAT:
        raise ValueError(f"a match piece of format {head.get('format')}, not {FORMAT}")
    offset = 8 + head_size + texts_size
    arrays: dict[str, NDArray[Any]] = {}
    for name, dtype_name, count in head["arrays"]:
        offset += -offset % 8
        dtype = np.dtype(dtype_name)
        arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
        offset += count * dtype.itemsize
    cards = [(c[0], c[1], c[2], c[3], c[4], c[5]) for c in head["cards"]]
    return Piece(cards, arrays, data[8 + head_size : 8 + head_size + texts_size])
