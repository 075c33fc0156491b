"""The in-memory index matching reads: every card element, as weighted token postings.

Built from ``search_entries`` once per state of the registry (like the search
snapshot) and kept: matching a long text asks about hundreds of words, which
one SQL query each would make slow. Entries are ordered by card, so that a
card's entries are one contiguous slice (``card_starts``) and per-card maxima
are one ``numpy.maximum.reduceat``.

A long element that lists several duties ("buy food, industrial goods, means
of hygiene and medicines at the recipient's expense, ...") is several entries,
one per clause (:func:`clauses`): a text's short sentence "покупает продукты"
says one of them fully, where against the whole element it says a small share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, select

from kasip.match.level import is_manager
from kasip.match.sentences import split_sentences
from kasip.model.vocabulary import ElementType
from kasip.search.analysis import CROSS, Analyzer, idf
from kasip.search.entries import fts_token
from kasip.store.schema import search_entries, standards

if TYPE_CHECKING:
    from kasip.match.words import MatchWord

__all__ = ["CardRef", "MatchIndex", "clauses", "load_match_index"]

# A free text is matched against what a card says about its work.
MATCHED_TYPES: tuple[ElementType, ...] = (
    "card",
    "other_name",
    "function",
    "task",
    "skill",
    "knowledge",
)


@dataclass(frozen=True, slots=True)
class CardRef:
    standard: str
    card_id: str
    code: str | None
    level: int | None
    name: str
    lang: str


_NAMES = ("card", "other_name")
# Duties are cut into clauses; a list of knowledge topics stays whole, as its
# pieces ("elderly and disabled people") are topics any text of the field names.
_DUTIES = ("function", "task", "skill")


@dataclass(frozen=True, slots=True)
class EntryRef:
    element_id: str
    type: str
    text: str  # the whole element
    clause: str  # the part of it this entry holds (the whole element when not cut)


def clauses(text: str, kind: str, lang: str = "kk") -> list[tuple[str, str]]:
    """The clauses of an element that lists duties, each with the text it is read as.

    Cut like a free text's sentences (:func:`~kasip.match.sentences.split_sentences`);
    only duties (functions, tasks, skills) are cut. The items of a list share
    their verb, which Kazakh puts after the last item and Russian before the
    first, so each clause is read with the list's last (Kazakh) or first
    (Russian) clause: "азық-түлік" alone says nothing of buying.

    >>> for clause, read in clauses("Азық-түлікті, дәрі-дәрмекті, газеттерді сатып алу "
    ...                             "және үйге жеткізу", "skill"):
    ...     print(f"{clause} | {read}")
    Азық-түлікті | Азық-түлікті газеттерді сатып алу және үйге жеткізу
    дәрі-дәрмекті | дәрі-дәрмекті газеттерді сатып алу және үйге жеткізу
    газеттерді сатып алу және үйге жеткізу | газеттерді сатып алу және үйге жеткізу
    >>> clauses("Покупка продуктов, лекарств, газет", "skill", "ru")[1]
    ('лекарств', 'Покупка продуктов лекарств')
    >>> clauses("Әлеуметтік қызметкер", "card")
    [('Әлеуметтік қызметкер', 'Әлеуметтік қызметкер')]
    """
    pieces = split_sentences(text) if kind in _DUTIES else []
    if len(pieces) < 2:
        return [(text, text)]
    head = pieces[-1] if lang == "kk" else pieces[0]
    return [
        (p, p if p == head else f"{p} {head}" if lang == "kk" else f"{head} {p}") for p in pieces
    ]


@dataclass
class MatchIndex:
    """Postings (token → entry positions and weights) over card elements."""

    cards: list[CardRef]
    card_starts: NDArray[np.intp]  # the first entry position of each card
    entry_card: NDArray[np.intp]
    entries: list[EntryRef]
    entry_mass: NDArray[np.float64]  # Σ over the entry's words of their best idf
    postings: dict[str, tuple[NDArray[np.intp], NDArray[np.float64]]]
    # Entries a token reaches only through an ambiguous link of the lexicon
    # (kasip.text.lexicon.loose_translations): a sentence needs other support there.
    loose_postings: dict[str, tuple[NDArray[np.intp], NDArray[np.float64]]]
    idf: dict[str, float]
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
        return len(self.entries)


def _rows(
    conn: Connection,
) -> list[tuple[str, str, str | None, int | None, str, str, str, str, str]]:
    e = search_entries.c
    query = (
        select(
            standards.c.key,
            e.card_id,
            e.code,
            e.level,
            e.card_name,
            e.lang,
            e.element_id,
            e.type,
            e.text,
        )
        .join(standards, standards.c.id == e.standard_id)
        .where(e.type.in_(MATCHED_TYPES), e.card_id.is_not(None))
        .order_by(standards.c.key, e.card_id, e.id)
    )
    return [tuple(row) for row in conn.execute(query)]


# Each word's own tokens, cross tokens, and the cross tokens of ambiguous links only.
_Words = list[tuple[frozenset[str], frozenset[str], frozenset[str]]]
_Postings = dict[str, tuple[NDArray[np.intp], NDArray[np.float64]]]


def _weights(entries: list[EntryRef], words_of: list[_Words]) -> dict[str, float]:
    """Each token's IDF over the elements that hold it.

    A word weighs by how many elements hold it, whether or not they are cut
    into clauses: cutting a long duty must not make its words rarer.
    """
    tokens_of: dict[str, set[str]] = defaultdict(set)
    for entry, words in zip(entries, words_of, strict=True):
        tokens_of[entry.element_id].update(t for own, cross, _ in words for t in own | cross)
    frequency: dict[str, int] = defaultdict(int)
    for tokens in tokens_of.values():
        for token in tokens:
            frequency[token] += 1
    total = max(len(tokens_of), 1)
    return {t: idf(total, df) for t, df in frequency.items()}


def _pack(postings: dict[str, dict[int, float]]) -> _Postings:
    return {
        token: (
            np.fromiter(found.keys(), np.intp, len(found)),
            np.fromiter(found.values(), np.float64, len(found)),
        )
        for token, found in postings.items()
        if found
    }


def _postings(
    words_of: list[_Words], weights: dict[str, float]
) -> tuple[_Postings, _Postings, NDArray[np.float64]]:
    """Token → (entry positions, weights), firm and loose, and each entry's mass."""
    firm: dict[str, dict[int, float]] = defaultdict(dict)
    loose: dict[str, dict[int, float]] = defaultdict(dict)
    mass = np.zeros(len(words_of))
    for position, words in enumerate(words_of):
        for own, cross, ambiguous in words:
            mass[position] += max((weights[t] for t in own), default=0.0)
            for token in cross:
                table = loose if token in ambiguous else firm
                table[token].setdefault(position, CROSS)  # only through a translation
            for token in own:
                firm[token][position] = 1.0
    for token, found in loose.items():
        for position in firm.get(token, {}).keys() & found.keys():
            del found[position]  # another word of the entry holds it firmly
    return _pack(firm), _pack(loose), mass


def load_match_index(conn: Connection, analyzer: Analyzer) -> MatchIndex:
    """Build the index from the registry's search entries (see module doc)."""
    cards: list[CardRef] = []
    starts: list[int] = []
    entry_card: list[int] = []
    entries: list[EntryRef] = []
    words_of: list[_Words] = []
    for standard, card_id, code, level, name, lang, element_id, kind, text in _rows(conn):
        if not cards or (cards[-1].standard, cards[-1].card_id) != (standard, card_id):
            cards.append(CardRef(standard, card_id, code, level, name, lang))
            starts.append(len(entries))
        for clause, read in clauses(text, kind, lang):
            entry_card.append(len(cards) - 1)
            entries.append(EntryRef(element_id, kind, text, clause))
            words_of.append(
                [
                    (
                        frozenset(fts_token(k) for k in keys.keys),
                        frozenset(fts_token(k) for k in keys.cross),
                        frozenset(fts_token(k) for k in keys.loose),
                    )
                    for _, keys in analyzer.text_keys(read, lang=lang)
                ]
            )
    weights = _weights(entries, words_of)
    postings, loose, mass = _postings(words_of, weights)
    return MatchIndex(
        cards=cards,
        card_starts=np.array(starts, dtype=np.intp),
        entry_card=np.array(entry_card, dtype=np.intp),
        entries=entries,
        entry_mass=mass,
        postings=postings,
        loose_postings=loose,
        idf=weights,
        analyzer=analyzer,
        names=np.array([e.type in _NAMES for e in entries], dtype=bool),
        managers=np.array([is_manager(card.code) for card in cards], dtype=bool),
    )
