"""What changed between two versions of a standard, element by element.

:func:`diff_documents` matches cards by their stable ID (``{code}@{level}``; a
card keeps its ID across versions whatever its text) and only then, for the
cards left over, by text; inside a pair of cards, functions, tasks and items
are matched as in :mod:`kasip.compare.cards` (position, then text).
Standard-level elements (terms, abbreviations, the list of occupations,
amendment notes) are diffed as lists, and the header (title, order, passport)
field by field. Pure functions over model objects; the caller says how a card
is linked (``url_of``), see :mod:`kasip.pages.history`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from kasip.compare.cards import CardComparison, Tally, compare_cards
from kasip.compare.diff import (
    ChangeStatus,
    TextChange,
    Thresholds,
    change_text,
    diff_texts,
    match_items,
)
from kasip.model import Document, ProfessionCard, Standard
from kasip.model import FrozenModel as _Frozen

__all__ = [
    "CardDiff",
    "DocumentDiff",
    "StandardField",
    "StandardFieldChange",
    "diff_documents",
]

StandardField = Literal[
    "title", "order_number", "order_date", "legal_basis", "passport_name", "passport_purpose",
    "passport_description",
]  # fmt: skip
STANDARD_FIELDS: tuple[StandardField, ...] = (
    "title", "order_number", "order_date", "legal_basis", "passport_name", "passport_purpose",
    "passport_description",
)  # fmt: skip
StandardList = Literal["terms", "abbreviations", "occupations", "amendments", "groups", "subgroups"]
# A card's ID is its identity across versions (the same code and level is the
# same card), so a shared ID pairs two cards whatever their texts.
CARD_THRESHOLDS = Thresholds(same_key=0.0, changed=0.5)


class StandardFieldChange(_Frozen):
    """One header field of the standard in the two versions."""

    field: StandardField
    change: TextChange


class CardDiff(_Frozen):
    """A card of either version; ``comparison`` is set when it changed."""

    status: ChangeStatus
    old_id: str | None = None
    new_id: str | None = None
    name: str
    url: str
    comparison: CardComparison | None = None


class DocumentDiff(_Frozen):
    """What changed from one version of a standard to another.

    ``tally`` counts ``fields``, each list name and ``cards``, and sums the
    ``functions``, ``tasks``, ``skills`` and ``knowledge`` of the cards found
    in both versions (an added or removed card counts once, as a card).
    """

    fields: tuple[StandardFieldChange, ...]
    lists: dict[StandardList, tuple[TextChange, ...]]
    cards: tuple[CardDiff, ...]
    tally: dict[str, Tally]

    @property
    def has_changes(self) -> bool:
        """True when anything differs."""
        return any(t.added or t.removed or t.changed for t in self.tally.values())


def diff_documents(old: Document, new: Document, *, url_of: Callable[[str], str]) -> DocumentDiff:
    """Diff two versions of a standard element by element.

    Args:
        old: The older version.
        new: The newer version.
        url_of: The link of a card ID (a page URL, for the history page).

    Returns:
        The diff; ``has_changes`` is false for equal documents.

    Example:
        >>> from kasip.testing import make_card, make_document
        >>> v1 = make_document(cards=[make_card(level=5), make_card(level=6)])
        >>> v2 = make_document(cards=[make_card(level=6), make_card(level=7)])
        >>> [(c.status, c.old_id, c.new_id) for c in diff_documents(v1, v2, url_of=str).cards]
        [('removed', '2635-3-001@5', None), ('unchanged', '2635-3-001@6', '2635-3-001@6'), \
('added', None, '2635-3-001@7')]
    """
    fields = tuple(
        StandardFieldChange(
            field=f, change=change_text(_field(old.standard, f), _field(new.standard, f))
        )
        for f in STANDARD_FIELDS
    )
    lists = {name: diff_texts(_list(old.standard, name), _list(new.standard, name))
             for name in _LISTS}  # fmt: skip
    diffs = _diff_cards(old.cards, new.cards, url_of=url_of)
    cards = tuple(card for card, _ in diffs)
    comparisons = [cmp for _, cmp in diffs if cmp is not None]
    tally = _tally(fields, lists, cards, comparisons)
    return DocumentDiff(fields=fields, lists=lists, cards=cards, tally=tally)


def _field(standard: Standard, name: StandardField) -> str:
    values = {
        "title": standard.title,
        "order_number": standard.order.number or "",
        "order_date": standard.order.date or "",
        "legal_basis": standard.legal_basis,
        "passport_name": standard.passport.name,
        "passport_purpose": standard.passport.purpose,
        "passport_description": standard.passport.description,
    }
    return values[name]


_LISTS: tuple[StandardList, ...] = (
    "terms", "abbreviations", "occupations", "amendments", "groups", "subgroups",
)  # fmt: skip


def _list(standard: Standard, name: StandardList) -> list[tuple[str, str]]:
    """A standard-level list as ``(id, text)`` pairs."""
    if name == "terms":
        return [(t.id, f"{t.term} – {t.definition}") for t in standard.terms]
    if name == "abbreviations":
        return [(a.id, f"{a.abbreviation} – {a.expansion}") for a in standard.abbreviations]
    if name == "occupations":
        return [(o.id, f"{o.name} ({o.levels_as_written})") for o in standard.occupations]
    if name == "amendments":
        return [(a.id, a.raw) for a in standard.amendments]
    values = standard.passport.groups if name == "groups" else standard.passport.subgroups
    return [(f"{name[0]}{n}", v) for n, v in enumerate(values, start=1)]


def _card_text(card: ProfessionCard) -> str:
    """A card's whole text, for pairing cards whose IDs changed."""
    items = [i.text for f in card.functions for t in f.tasks for i in (*t.skills, *t.knowledge)]
    return "\n".join([card.name, *(f.title for f in card.functions), *items])


def _diff_cards(
    old: Sequence[ProfessionCard], new: Sequence[ProfessionCard], *, url_of: Callable[[str], str]
) -> list[tuple[CardDiff, CardComparison | None]]:
    """Each card's diff, with the comparison of the cards in both versions."""
    matches = match_items(
        [_card_text(c) for c in old],
        [_card_text(c) for c in new],
        keys=([c.id for c in old], [c.id for c in new]),
        thresholds=CARD_THRESHOLDS,
        # A card renamed or recoded between versions keeps its level; cards of
        # different levels are different cards however alike their texts.
        may_pair=lambda i, j: old[i].level == new[j].level,
    )
    return [
        _card_diff(
            old[m.old] if m.old is not None else None,
            new[m.new] if m.new is not None else None,
            url_of=url_of,
        )
        for m in matches
    ]


def _card_diff(
    old: ProfessionCard | None, new: ProfessionCard | None, *, url_of: Callable[[str], str]
) -> tuple[CardDiff, CardComparison | None]:
    shown = new or old
    assert shown is not None  # match_items never pairs nothing with nothing
    url = url_of(shown.id)
    if old is None or new is None:
        status: ChangeStatus = "added" if old is None else "removed"
        ids = {"old_id": old and old.id, "new_id": new and new.id}
        return CardDiff(status=status, name=shown.name, url=url, **ids), None
    comparison = compare_cards(old, new)
    if not comparison.has_changes and old.id == new.id:
        # An unchanged card's comparison only repeats its text: leave it out.
        unchanged = CardDiff(
            status="unchanged", old_id=old.id, new_id=new.id, name=new.name, url=url
        )
        return unchanged, comparison
    changed = CardDiff(
        status="changed", old_id=old.id, new_id=new.id, name=new.name, url=url,
        comparison=comparison,
    )  # fmt: skip
    return changed, comparison


def _tally(
    fields: Sequence[StandardFieldChange],
    lists: dict[StandardList, tuple[TextChange, ...]],
    cards: Sequence[CardDiff],
    comparisons: Sequence[CardComparison],
) -> dict[str, Tally]:
    tally = {"fields": Tally.of([f.change.status for f in fields])}
    tally.update({name: Tally.of([c.status for c in changes]) for name, changes in lists.items()})
    tally["cards"] = Tally.of([c.status for c in cards])
    for part in ("functions", "tasks", "skills", "knowledge"):
        tally[part] = Tally.total([cmp.tally[part] for cmp in comparisons])
    return tally
