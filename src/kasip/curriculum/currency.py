"""Whether a kept alignment still matches its cards: a newer version may change them.

The card of the version an alignment was made against is compared with the
card of the standard's latest version (:func:`kasip.compare.compare_cards`,
which pairs elements by their text, so a renumbered element is the same
element). For the alignment's links this tells: which linked elements changed
their text or are gone (their links are to be reviewed), which kept their
text under a new ID (their links carry over, to the new ID), and which
elements are new in the card (no outcome covers them yet).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import Field, computed_field

from kasip.compare.cards import compare_cards
from kasip.compare.diff import TextChange
from kasip.model import FrozenModel, ProfessionCard

__all__ = ["CardCurrency", "card_currency"]


class CardCurrency(FrozenModel):
    """One card of an alignment against the latest version of its standard.

    ``changed`` and ``removed`` list the *linked* elements (old IDs) whose text
    changed or that are gone; ``moved`` maps a linked element's old ID to its
    new one where only the ID changed; ``added`` lists the elements new in
    the latest card. ``gone`` says the latest version has no such card.
    """

    card_id: str
    standard: str
    version: int
    latest_version: int
    gone: bool = False
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: dict[str, str] = Field(default_factory=dict)
    added: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def current(self) -> bool:
        """Whether the alignment was made against the latest version."""
        return self.version == self.latest_version

    @property
    def to_review(self) -> tuple[str, ...]:
        """The linked elements whose links a move leaves for the methodologist to review."""
        return (*self.changed, *self.removed)


def _items(old: ProfessionCard, new: ProfessionCard) -> Iterator[TextChange]:
    """Every skill and knowledge element of either card, paired by the comparison."""
    for function in compare_cards(old, new).functions:
        for task in function.tasks:
            yield from task.skills
            yield from task.knowledge


def card_currency(  # noqa: PLR0913
    *,
    standard: str,
    version: int,
    latest_version: int,
    old: ProfessionCard,
    latest: ProfessionCard | None,
    linked: Sequence[str],
) -> CardCurrency:
    """``old`` (the card at ``version``) against ``latest`` (None: the card is gone), for
    the elements ``linked`` by the alignment's links.

    Example:
        >>> from kasip.testing import make_document
        >>> card = make_document().cards[0]
        >>> found = card_currency(standard="s", version=1, latest_version=1, old=card,
        ...                       latest=card, linked=[])
        >>> found.current, found.changed, found.added
        (True, (), ())
    """
    base = CardCurrency(
        card_id=old.id, standard=standard, version=version, latest_version=latest_version
    )
    if version == latest_version:
        return base
    if latest is None:
        return base.model_copy(update={"gone": True, "removed": tuple(dict.fromkeys(linked))})
    wanted = set(linked)
    changed, removed, added = [], [], []
    moved: dict[str, str] = {}
    for item in _items(old, latest):
        if item.status == "added" and item.new_id is not None:
            added.append(item.new_id)
        elif item.old_id in wanted:
            if item.status == "removed":
                removed.append(item.old_id)
            elif item.status == "changed":
                changed.append(item.old_id)
            elif item.new_id is not None and item.new_id != item.old_id:
                moved[item.old_id] = item.new_id
    return base.model_copy(
        update={
            "changed": tuple(changed),
            "removed": tuple(removed),
            "moved": moved,
            "added": tuple(added),
        }
    )
