"""Cards that say nearly the same in different occupations: the same answer twice.

A registry may hold one occupation's card in several standards under other
codes: the 18 real standards of ``../shared/corpus/npp`` hold the information
security specialist in two, with and without a code, and a registry built of
copies (the 700× benchmark of issue 11) holds each card 700 times. The
confidence of a match reads the top card's lead over the best card of
*another* occupation (:meth:`kasip.match.engine.Ranking.features`): against a
near-copy of itself that lead is nothing, and a text that the bundled
standard alone answers at 79 % fell to 40-70 % at 700 standards (14 of the 73
texts confidently answered at 1× were no longer confident; issue 11, item 5,
asks that matching reject nothing at 700× that it accepts at 1×). A rival
that says what the top card says is the same answer, not a rival.

How near is near is read on the cards' duty vocabulary (the own tokens of
their names, functions, tasks and skills; knowledge lists are left out, as
they name the same laws for every card), as the Jaccard resemblance of the
two sets. Measured (exact sets, ``/tmp``-only script over the pieces):

- the bundled standard's cards of different occupations share at most 0.27;
- the 18 real standards' cards of different codes: across standards at most
  0.66 (the information security specialist of two standards, one occupation),
  then 0.58 (the software designer and the software developer); within one
  standard 0.64 (the information protection specialist and the data
  encryptor);
- a card and its copy with 15 % of the words swapped share 0.87-0.89, two such
  copies 0.65-0.8;
- one occupation's cards at different levels 0.33-0.89.

A card of another standard that resembles a card from :data:`TWIN` (0.6) on
is its twin. Two codes of one standard are two occupations whatever they
share: the standard's authors told them apart.

The sets are not kept: each card keeps a sketch made when its standard is
read (:func:`card_sketches`, one permutation hashing: the token hashes are
spread over :data:`SKETCH` bins by their low bits, and each bin keeps the
least hash that falls in it), and the share of bins two sketches agree on,
of those either fills, estimates the resemblance (standard deviation about
0.04 at 0.6-0.75).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["EMPTY", "SKETCH", "TWIN", "card_sketches", "resemblance", "same_occupation", "twins"]

SKETCH = 128  # bins per card
TWIN = 0.6
EMPTY = np.uint32(np.iinfo(np.uint32).max)  # a bin no token fell in


def card_sketches(
    card: NDArray[np.integer], hashes: NDArray[np.uint64], cards: int
) -> NDArray[np.uint32]:
    """Per card, the sketch of its tokens: ``(cards, SKETCH)``.

    ``card`` and ``hashes`` pair each token occurrence with its card (a token
    may occur many times). A bin holds the upper half of the least hash of
    the bin's tokens: 32 bits, so that two different least hashes agree by
    chance once in four billion.

    >>> sketch = card_sketches(np.array([0, 0, 1]), np.array([5, 2**40, 5], dtype=np.uint64), 2)
    >>> int((sketch[0] != EMPTY).sum()), int((sketch[1] != EMPTY).sum())
    (2, 1)
    """
    sketch = np.full((cards, SKETCH), EMPTY, dtype=np.uint32)
    if len(hashes):
        bins = (hashes % np.uint64(SKETCH)).astype(np.intp)
        high = (hashes >> np.uint64(32)).astype(np.uint32)
        np.minimum.at(sketch, (np.asarray(card, dtype=np.intp), bins), high)
    return sketch


def resemblance(
    sketches: NDArray[np.uint32], card: int, *, bins: int = SKETCH
) -> NDArray[np.float64]:
    """Per card, its estimated resemblance to ``card``: the share of the bins
    that either fills on which the two agree (0 for a card with no tokens);
    read on the first ``bins`` bins only, a rougher estimate."""
    own = sketches[card, :bins]
    return _agreement(sketches[:, :bins], own)


def _agreement(sketches: NDArray[np.uint32], own: NDArray[np.uint32]) -> NDArray[np.float64]:
    empty = own == EMPTY
    if not empty.any():
        # A card's few hundred words fill every bin but rarely: then every bin
        # counts, and only agreement is counted.
        full: NDArray[np.float64] = np.count_nonzero(sketches == own, axis=1) / len(own)
        return full
    agree = np.count_nonzero((sketches == own) & ~empty, axis=1)
    filled = np.count_nonzero((sketches != EMPTY) | ~empty, axis=1)
    found: NDArray[np.float64] = agree / np.maximum(filled, 1)
    return found


# Twins are first looked for on a quarter of the bins, a quarter of the work
# over every card (at 700 standards a match asks this for each occupation it
# shows): a resemblance of 0.6 reads there under 0.35 for about two cards in a
# thousand (2.9 standard deviations of a 32-bin estimate, 0.087), and the
# first 32 bins hash tokens as the others do.
_FIRST_BINS = SKETCH // 4
_FIRST_BAR = 0.35


def twins(
    sketches: NDArray[np.uint32], standards: NDArray[np.int32], card: int
) -> NDArray[np.bool_]:
    """Per card, whether it is another standard's near-copy of ``card``.

    Within one standard, two codes are two occupations however much their
    duties share: the standard's authors told them apart (the information
    protection specialist and the data encryptor share 0.64).
    """
    maybe = np.flatnonzero(
        (resemblance(sketches, card, bins=_FIRST_BINS) >= _FIRST_BAR)
        & (standards != standards[card])
    )
    found = np.zeros(len(sketches), dtype=bool)
    found[maybe] = _agreement(sketches[maybe], sketches[card]) >= TWIN
    return found


def same_occupation(
    sketches: NDArray[np.uint32],
    standards: NDArray[np.int32],
    occupation: NDArray[np.int32],
    card: int,
) -> NDArray[np.bool_]:
    """Per card, whether it belongs to ``card``'s occupation or to a copy of it:
    an occupation (a code, :func:`kasip.match.distinctive.card_occupations`) one
    of whose cards is a twin of one of the cards of ``card``'s occupation.

    A copy's other levels are the copy's too: a standard that repeats the social
    psychologist's three cards under another code repeats the occupation, though
    its level 7 card shares a third of the level 6 card's words.
    """
    own = occupation == occupation[card]
    copies = np.zeros(len(occupation), dtype=bool)
    for sibling in np.flatnonzero(own).tolist():
        copies |= twins(sketches, standards, sibling)
    found: NDArray[np.bool_] = own | np.isin(occupation, occupation[copies])
    return found
