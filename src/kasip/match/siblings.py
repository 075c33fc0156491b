"""Siblings told apart among themselves: the best card's standard reread with its own statistics.

The words that set an occupation apart (:mod:`kasip.match.distinctive`) weigh
by how few of the *registry's* occupations use them. In a registry of one
standard those are the card's siblings, and "социальных", "подопечных" or
"центра", which every social occupation uses, count for nothing. In a
registry of a hundred standards fewer than a third of the occupations use
them, so they count, and the sibling whose duties use most of them (the
home-care worker) wins texts about a head of unit or a social work specialist
(issue 11, item 5: real top-1 0.833 at 1×, 0.700 at 100×; BENCHMARKS.md).

Across standards the registry's statistics are right: a nurse's card and a
social worker's differ by words few occupations use. Among one standard's
cards, what tells a card from its siblings is what few *siblings* use (issue
10, item 3). So the cards of the best card's standard are ordered again among
themselves, each by its sentences' evidence plus its occupation's distinctive
score computed over that standard's occupations only, and take the places its
cards held in the ranking: the ranking across standards is unchanged, and a
registry of one standard ranks exactly as before.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from kasip.match.distinctive import WEIGHT, Occupations, said_counts

if TYPE_CHECKING:
    from kasip.match.index import MatchIndex

__all__ = ["Siblings", "sibling_scores", "siblings_of", "within_standard"]


@dataclass(frozen=True, slots=True)
class Siblings:
    """One standard's occupations, and each one's vocabulary norm among them."""

    members: NDArray[np.int32]  # the standard's occupations, ascending
    inside: NDArray[np.bool_]  # per occupation of the registry: one of ``members``
    norm: NDArray[np.float64]  # per member: √ Σ idf² over its vocabulary, idf among members


def siblings_of(occupations: Occupations, standards: NDArray[np.int32], standard: int) -> Siblings:
    """The occupations of ``standard`` (``standards``: each card's standard): those
    with a card in it (an occupation is a code, which several standards may share).

    Reads the positions of ``held`` that are the standard's: one pass over the
    registry's (token, occupation) pairs, remembered per standard by the index
    (:meth:`kasip.match.index.MatchIndex.siblings`).
    """
    inside = np.zeros(occupations.count, dtype=bool)
    inside[occupations.card[standards == standard]] = True
    members = np.flatnonzero(inside).astype(np.int32)
    at = np.flatnonzero(inside[occupations.held])
    token = np.searchsorted(occupations.starts, at, side="right") - 1
    used = np.bincount(token, minlength=len(occupations.starts) - 1)
    idf = np.log((len(members) + 1) / (used[token] + 0.5))
    member = np.searchsorted(members, occupations.held[at])
    squares = np.bincount(member, weights=idf**2, minlength=len(members))
    return Siblings(members, inside, np.maximum(np.sqrt(squares), 1e-9))


def sibling_scores(
    sentences: Iterable[Iterable[int]], occupations: Occupations, siblings: Siblings
) -> NDArray[np.float64]:
    """Per member, :func:`kasip.match.distinctive.occupation_scores` with the idf
    of each word among the members: a word none of them uses weighs the most
    (it still makes the text's side longer, as a word no occupation of the
    registry uses does not)."""
    count = len(siblings.members)
    said = said_counts(sentences)
    token = np.fromiter(said.keys(), dtype=np.int64, count=len(said))
    times = np.fromiter(said.values(), dtype=np.float64, count=len(said))
    begin, end = occupations.starts[token], occupations.starts[token + 1]
    used = end > begin  # a word no occupation of the registry uses weighs nothing
    token, times, begin, lengths = token[used], times[used], begin[used], (end - begin)[used]
    # Each token's run of occupations in ``held``, one after the other.
    owner = np.repeat(np.arange(len(token)), lengths)
    at = np.repeat(begin - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    held = occupations.held[at]
    mine = siblings.inside[held]
    idf = np.log((count + 1) / (np.bincount(owner[mine], minlength=len(token)) + 0.5))
    weight = (1.0 + np.log(times)) * idf
    mass = float((weight * weight).sum())
    member = np.searchsorted(siblings.members, held[mine])
    scores: NDArray[np.float64] = np.bincount(
        member, weights=(weight * idf)[owner[mine]], minlength=count
    ).astype(np.float64)
    if mass <= 0:
        return scores
    scaled: NDArray[np.float64] = scores / (math.sqrt(mass) * siblings.norm)
    return scaled


def within_standard(
    order: Sequence[int],
    totals: NDArray[np.float64],
    evidence: NDArray[np.float64],
    sentences: Sequence[Sequence[int]],
    index: MatchIndex,
) -> tuple[list[int], NDArray[np.float64]]:
    """``order`` with the cards of its first card's standard ordered again among
    themselves (see the module doc), and ``totals`` with theirs replaced.

    A card's new total is its evidence plus :data:`~kasip.match.distinctive.WEIGHT`
    times the standard's best evidence, in proportion to its occupation's
    score among the siblings, as :func:`kasip.match.engine.rank_cards` adds
    the registry's.
    """
    if not order:
        return list(order), totals
    ranked = np.asarray(order, dtype=np.intp)
    places = np.flatnonzero(index.card_standards[ranked] == index.card_standards[ranked[0]])
    cards = ranked[places]
    siblings = index.siblings(int(order[0]))
    if len(siblings.members) == index.occupations.count:
        return list(order), totals  # one standard: its statistics are the registry's
    scores = sibling_scores(sentences, index.occupations, siblings)
    occupation = np.searchsorted(siblings.members, index.occupations.card[cards])
    mine = scores[occupation]
    best_evidence, best = float(evidence[cards].max()), float(mine.max())
    if best_evidence <= 0 or best <= 0:
        return list(order), totals
    changed = totals.copy()
    added = evidence[cards] + (WEIGHT * best_evidence / best) * mine
    changed[cards] = np.where(evidence[cards] > 0, added, totals[cards])
    ranked[places] = cards[np.argsort(-changed[cards], kind="stable")]
    reordered: list[int] = ranked.tolist()
    return reordered, changed
