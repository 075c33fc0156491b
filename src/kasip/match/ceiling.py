"""The most a match's top card may claim, whatever the confidence model says.

The model (:func:`kasip.match.engine.confidence`) reads how well the card fits;
some texts leave the answer open however well it fits: a text with no grounds
for the card, one that names another field's occupation, one about the heads
of units as much as about the workers they head.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kasip.match.named import names_another

if TYPE_CHECKING:
    from kasip.match.engine import Ranking
    from kasip.match.index import MatchIndex
    from kasip.match.naming import Mention

__all__ = [
    "CLOSE",
    "HEAD_OPEN_MAX",
    "NAMED_MIN",
    "OTHER_NAMED_MAX",
    "UNGROUNDED_MAX",
    "Ceiling",
    "ceiling",
    "grounded",
    "head_close",
]

NAMED_MIN = 0.5  # the share of a card's name a sentence says to name it (see grounded)
UNGROUNDED_MAX = 0.5  # the most an ungrounded top card may claim (see grounded)
OTHER_NAMED_MAX = 0.5  # the most a card may claim when the text names another field's occupation
HEAD_OPEN_MAX = 0.5  # the most a worker's card may claim when a head's card is as likely
# A card whose evidence is this close to the top card's is worth a look too.
CLOSE = 0.8


@dataclass(frozen=True, slots=True)
class Ceiling:
    """The most the top card may claim, and what left the answer open."""

    value: float
    another: Mention | None  # the other field's occupation the text names
    head: int | None  # the manager's card as likely as the worker's


def ceiling(ranking: Ranking, index: MatchIndex) -> Ceiling:
    """The most the top card may claim, whatever the model says, when the text
    leaves it open: no grounds (:func:`grounded`), another field's occupation
    named ("медицинский психолог" is not the social psychologist, however well
    the rest of the text fits the card's duties: :mod:`kasip.match.naming`),
    or a head's card as likely as a worker's (:func:`head_close`)."""
    another = names_another(ranking, ranking.order[0], index)
    head = head_close(ranking, index)
    found = 1.0
    if not grounded(ranking, index):
        found = min(found, UNGROUNDED_MAX)
    if another is not None:
        found = min(found, OTHER_NAMED_MAX)
    if head is not None:
        found = min(found, HEAD_OPEN_MAX)
    return Ceiling(found, another, head)


def head_close(ranking: Ranking, index: MatchIndex) -> int | None:
    """The best manager's card, when the text says someone heads a unit and that
    card comes within :data:`CLOSE` of a worker's top card (None otherwise):
    "Заведующие отделениями ... побывали у пожилых граждан, которых обслуживают
    соцработники" names the heads and the workers they head, and which of the
    two it is about is open."""
    cue = ranking.cue
    top = ranking.order[0]
    if cue is None or cue.kind != "management" or index.managers[top]:
        return None
    # One pass over the ranking's arrays: at 700 standards it holds some 10,000 cards.
    order = np.asarray(ranking.order, dtype=np.intp)
    close = np.flatnonzero(
        index.managers[order] & (ranking.totals[order] >= CLOSE * ranking.totals[top])
    )
    return int(order[close[0]]) if len(close) else None


def grounded(ranking: Ranking, index: MatchIndex) -> bool:
    """Confidence needs grounds beyond the model: the text names the occupation,
    or at least two of its sentences fit the card (one shared phrase is chance)."""
    if ranking.single_words:
        return False
    features = ranking.features(0, index)
    explained = int((ranking.kept[:, ranking.order[0]] > 0).sum())
    return features.named >= NAMED_MIN or explained >= 2
