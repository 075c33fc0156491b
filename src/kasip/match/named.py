"""How fully a text names a ranked card, and whether it names another field's occupation.

The confidence model reads how much of a card's name a sentence says
(:class:`kasip.match.engine.Features`, ``named``); a sentence that says the
name's head only with another field's word ("педагог-психолог" of "Әлеуметтік
психолог"), or only barely where the text's setting is a rival's, does not
count (:mod:`kasip.match.naming` says how each sentence says it). A text that
calls the worker by the bare head word and keeps returning to a setting another
card's name holds is about that card, which comes first (:func:`setting_first`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from kasip.match.naming import (
    Mention,
    Said,
    how_said,
    name_keys,
    named_otherwise,
    naming_sentences,
    setting_elsewhere,
)

if TYPE_CHECKING:
    from kasip.match.engine import Ranking
    from kasip.match.index import MatchIndex

__all__ = ["RIVALS", "card_of_setting", "named_share", "names_another", "setting_first"]

RIVALS = 10  # the cards ranked first whose names may hold the text's setting


def named_share(ranking: Ranking, card: int, index: MatchIndex) -> float:
    """The most of ``card``'s name that a sentence naming it says (0 if none does).

    A name counts as said when most of it is: "медицинская сестра" shares one
    word with "әлеуметтік-медициналық қызмет", which is not naming it; nor is
    "педагог-психолог" naming "Әлеуметтік психолог".
    """
    assert ranking.scored is not None
    rows, said = _saying_name(ranking, card, index)
    if not rows:
        return 0.0
    # The setting matters only to a sentence that says the head alone.
    bare = any(s.bare for s in said) and not any(s.plain for s in said)
    naming = naming_sentences(
        said, setting_elsewhere=bare and _setting_elsewhere(ranking, card, index)
    )
    shares = [float(ranking.scored.said[r, card]) for r, n in zip(rows, naming, strict=True) if n]
    return max(shares, default=0.0)


def names_another(ranking: Ranking, card: int, index: MatchIndex) -> Mention | None:
    """Where the text names another field's occupation in place of ``card``'s: it
    says the head of the card's name with another field's word, and never with
    the name's own (:func:`kasip.match.naming.named_otherwise`)."""
    return named_otherwise(_saying_name(ranking, card, index)[1])


def setting_first(ranking: Ranking, index: MatchIndex) -> Ranking:
    """``ranking`` with :func:`card_of_setting`'s card first, when there is one."""
    first = card_of_setting(ranking, index)
    if first is None:
        return ranking
    order = [first, *(card for card in ranking.order if card != first)]
    return dataclasses.replace(ranking, order=order, read_names={})


def card_of_setting(ranking: Ranking, index: MatchIndex) -> int | None:
    """The card to put first when the text calls the worker by the bare head of
    the first card's name ("психологтар") and keeps returning to a setting
    (:func:`kasip.match.naming.text_fields`: "сотталған", said in several
    sentences) that the first card's occupation does not name and another
    card ranked near it does ("...сотталғандармен жұмыс істейтін әлеуметтік
    қызметкер"); None when nothing is to change.

    The setting the text is about, named in a card's name, says more of the
    occupation than the bare head word that many occupations share (issue 10,
    item 3). The card is put first, not made confident: its evidence decides
    that (:class:`kasip.match.engine.Features`).
    """
    if not ranking.order or ranking.scored is None or not ranking.fields:
        return None
    top = ranking.order[0]
    said = _saying_name(ranking, top, index)[1]
    if any(s.plain for s in said) or not any(s.bare for s in said):
        return None
    if not _setting_elsewhere(ranking, top, index):
        return None
    copies = index.copies_of(top)
    for card in ranking.order[1:RIVALS]:
        name = _name_keys_of(index, card)
        if not copies[card] and name & ranking.fields:
            return card
    return None


def _name_keys_of(index: MatchIndex, card: int) -> frozenset[str]:
    return name_keys(index.cards[card].name, index.cards[card].lang, index.analyzer)


def _saying_name(ranking: Ranking, card: int, index: MatchIndex) -> tuple[list[int], list[Said]]:
    """The sentences whose best entry of ``card`` is a name, and how each says it
    (remembered in the ranking: a match asks it of its top card several times)."""
    found: tuple[list[int], list[Said]] | None = ranking.read_names.get(card)
    if found is None:
        found = ranking.read_names[card] = _read_name(ranking, card, index)
    return found


def _read_name(ranking: Ranking, card: int, index: MatchIndex) -> tuple[list[int], list[Said]]:
    assert ranking.scored is not None
    best = ranking.scored.best_entry[:, card]
    rows = [row for row in range(len(ranking.sentences)) if index.names[int(best[row])]]
    lang = index.cards[card].lang
    said = [
        how_said(
            ranking.sentences[row],
            _name(index, card, int(best[row])),
            lang,
            ranking.langs,
            index.analyzer,
        )
        for row in rows
    ]
    return rows, said


def _name(index: MatchIndex, card: int, entry: int) -> str:
    """The name ``entry`` of ``card`` holds. A card's first entry is its name,
    which the index holds beside the card; only an other name's text is read
    from its piece (at 700 standards, decoding a piece for each card a match
    asks about cost 4 ms a match)."""
    if entry == int(index.card_starts[card]):
        return index.cards[card].name
    return index.entries[entry].clause


def _setting_elsewhere(ranking: Ranking, card: int, index: MatchIndex) -> bool:
    """Whether the text's setting is in the name of a rival ranked near the card
    and in none of its occupation's names (:func:`kasip.match.naming.setting_elsewhere`)."""
    occupation = index.occupations.card
    own = np.flatnonzero(occupation == occupation[card])
    copies = index.copies_of(card)
    rivals = [c for c in ranking.order[:RIVALS] if not copies[c] and c not in own]
    return setting_elsewhere(
        ranking.fields,
        [(index.cards[c].name, index.cards[c].lang) for c in own],
        [(index.cards[c].name, index.cards[c].lang) for c in rivals],
        index.analyzer,
    )
