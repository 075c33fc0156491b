"""The parity check: every difference between the two editions of one standard.

What it reports (``Difference.kind``):

- ``card-missing``, ``function-missing``, ``task-missing``: an element with no
  counterpart in the other edition (its own parts are not reported again);
- ``code-differs``, ``level-differs``, ``sublevels-differ``: two cards paired
  by code, level or position whose code, level or sublevels differ;
- ``kind-differs``: a labour function mandatory in one edition, additional
  in the other;
- ``number-differs``: two elements paired by position whose printed numbers
  differ (or, for skills and knowledge, items left unpaired although the
  counts agree);
- ``count-differs``: a task pair whose skills (or knowledge) number
  differently. Items are rarely identifiable across languages without their
  numbers, so a missing skill is one ``count-differs`` of its task, not a
  guess at which skill it was;
- ``order-differs``: paired cards, functions, tasks or items that stand in
  another order;
- ``effective-date-differs``: the two versions compared took effect on
  different days (given only by the registry, which records the dates; one
  order takes effect once for both its texts, so one date is wrong or only
  proposed).

Titles and texts are not compared: they are in two languages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kasip.editions.align import Aligned, is_reordered
from kasip.editions.group import require_editions
from kasip.editions.models import (
    CardPair,
    CardSide,
    Difference,
    EditionDate,
    EditionRef,
    ElementPair,
    ElementSide,
    PairedType,
    ParityCounts,
    ParityReport,
    SideCounts,
)
from kasip.editions.pairing import pair_editions
from kasip.model import Document

__all__ = ["check_parity", "differences_of", "side_counts"]


def check_parity(
    a: Document,
    b: Document,
    *,
    names: tuple[str, str] = ("a", "b"),
    dates: tuple[EditionDate, EditionDate] | None = None,
) -> ParityReport:
    """Compare the two editions of one standard and report every difference.

    Args:
        a: One edition (the Kazakh, by convention of ``kasip check --parity``).
        b: The other.
        names: What to call them in an error (file names, registry keys).
        dates: When each took effect, where the registry records it
            (``effective-date-differs`` when the days differ; first of all).

    Returns:
        The report: both editions, the counts compared, the differences in
        ``a``'s document order (``b``'s extra cards after the card before them).

    Raises:
        InvalidInput: The texts are not editions of one standard.

    Example:
        >>> from kasip.testing import make_document
        >>> report = check_parity(make_document(), make_document(language="ru", cards=[]))
        >>> [(d.kind, d.card) for d in report.differences]
        [('card-missing', '2635-3-001@6')]
    """
    require_editions(a, b, names=names)
    pairing = pair_editions(a, b)
    differences = (
        *_date_differences(dates, pairing.a, pairing.b),
        *differences_of(pairing.cards, a=pairing.a, b=pairing.b),
    )
    counts = ParityCounts(
        a=side_counts(a),
        b=side_counts(b),
        card_pairs=sum(1 for p in pairing.cards if p.a and p.b),
        element_pairs=sum(_paired(p.functions) for p in pairing.cards if p.a and p.b),
        differences=len(differences),
    )
    return ParityReport(a=pairing.a, b=pairing.b, counts=counts, differences=differences)


def _date_differences(
    dates: tuple[EditionDate, EditionDate] | None, a: EditionRef, b: EditionRef
) -> Iterator[Difference]:
    """``effective-date-differs`` when the two versions took effect on different days."""
    if dates is None or dates[0].on == dates[1].on:
        return
    a_value, b_value = (f"{d.on or '?'} ({d.basis})" for d in dates)
    yield Difference(
        kind="effective-date-differs",
        card=None,
        type="standard",
        a=None,
        b=None,
        a_value=a_value,
        b_value=b_value,
        message=f"the {a.language} edition took effect on {a_value}, the {b.language} "
        f"edition on {b_value}; one order takes effect once for both texts",
    )


def differences_of(
    cards: Sequence[CardPair], *, a: EditionRef, b: EditionRef
) -> Iterator[Difference]:
    """The differences of paired cards, in their order (module docstring)."""
    if _reordered([(p.a.position, p.b.position) for p in cards if p.a and p.b]):
        yield Difference(
            kind="order-differs",
            card=None,
            type="card",
            a=None,
            b=None,
            message=f"the cards stand in another order in the {b.language} edition",
        )
    for pair in cards:
        yield from _card_differences(pair, a, b)


def _card_differences(pair: CardPair, a: EditionRef, b: EditionRef) -> Iterator[Difference]:
    if pair.a is None or pair.b is None:
        present, absent = (a, b) if pair.a else (b, a)
        side = pair.a or pair.b
        assert side is not None
        ref = _card_ref(side)
        yield Difference(
            kind="card-missing",
            card=pair.id,
            type="card",
            a=ref if pair.a else None,
            b=ref if pair.b else None,
            message=f"card {side.id} (line {side.line}) of the {present.language} edition "
            f"has no counterpart in the {absent.language} edition",
        )
        return
    x, y = _card_ref(pair.a), _card_ref(pair.b)
    fields = (
        ("code-differs", "code", pair.a.code or pair.a.code_as_written,
         pair.b.code or pair.b.code_as_written),
        ("level-differs", "level", _text(pair.a.level), _text(pair.b.level)),
        ("sublevels-differ", "sublevels", ", ".join(pair.a.sublevels),
         ", ".join(pair.b.sublevels)),
    )  # fmt: skip
    for kind, what, value_a, value_b in fields:
        if value_a != value_b:
            yield Difference(
                kind=kind,
                card=pair.id,
                type="card",
                a=x,
                b=y,
                a_value=value_a,
                b_value=value_b,
                message=f"card {x.id}: {what} {value_a or '(none)'!s} in {a.language}, "
                f"{value_b or '(none)'!s} in {b.language}",
            )
    yield from _element_differences(pair.id, "function", pair.functions, a, b)


def _element_differences(
    card: str, kind: PairedType, pairs: Sequence[ElementPair], a: EditionRef, b: EditionRef
) -> Iterator[Difference]:
    """Differences of one parent's functions or tasks, and of what they hold."""
    if _reordered([(p.a.position, p.b.position) for p in pairs if p.a and p.b]):
        yield _order_differs(card, kind, pairs, b)
    for pair in pairs:
        if pair.a is None or pair.b is None:
            yield _missing(card, pair, a, b)
            continue
        yield from _paired_differences(card, pair, a, b)
        if kind == "function":
            yield from _element_differences(card, "task", pair.children, a, b)
        else:
            for item_type in ("skill", "knowledge"):
                items = [c for c in pair.children if c.type == item_type]
                yield from _item_differences(card, pair, items, a, b)


def _paired_differences(
    card: str, pair: ElementPair, a: EditionRef, b: EditionRef
) -> Iterator[Difference]:
    x, y = pair.a, pair.b
    assert x is not None and y is not None
    if x.number is not None and y.number is not None and x.number != y.number:
        yield Difference(
            kind="number-differs",
            card=card,
            type=pair.type,
            a=x,
            b=y,
            a_value=x.number,
            b_value=y.number,
            message=f"{pair.type} {x.id} is numbered {x.number} in {a.language}, "
            f"{y.number} in {b.language} ({y.id})",
        )
    if x.kind != y.kind:
        yield Difference(
            kind="kind-differs",
            card=card,
            type=pair.type,
            a=x,
            b=y,
            a_value=x.kind,
            b_value=y.kind,
            message=f"labour function {x.id} is {x.kind} in {a.language}, {y.kind} in {b.language}",
        )


def _item_differences(
    card: str, task: ElementPair, items: Sequence[ElementPair], a: EditionRef, b: EditionRef
) -> Iterator[Difference]:
    """One difference per task and item type when its items do not all pair."""
    if not items:
        return
    item_type = items[0].type
    if _reordered([(p.a.position, p.b.position) for p in items if p.a and p.b]):
        yield _order_differs(card, item_type, items, b, parent=task)
    count_a = sum(1 for p in items if p.a)
    count_b = sum(1 for p in items if p.b)
    unpaired = [(p.a or p.b) for p in items if p.a is None or p.b is None]
    numbered = [p for p in items if p.a and p.b and p.a.number != p.b.number]
    if not unpaired and not numbered:
        return
    label = "skills" if item_type == "skill" else "knowledge items"
    if count_a != count_b:
        kind, value_a, value_b = "count-differs", str(count_a), str(count_b)
    else:
        kind = "number-differs"
        value_a = ", ".join(p.a.number or "-" for p in items if p.a)
        value_b = ", ".join(p.b.number or "-" for p in items if p.b)
    ids = ", ".join(s.id for s in unpaired if s is not None) or "none"
    yield Difference(
        kind=kind,
        card=card,
        type=item_type,
        a=task.a,
        b=task.b,
        a_value=value_a,
        b_value=value_b,
        message=f"task {_id(task.a)}: {label} {value_a} in {a.language}, {value_b} in "
        f"{b.language}; without a counterpart: {ids}",
    )


def _missing(card: str, pair: ElementPair, a: EditionRef, b: EditionRef) -> Difference:
    present, absent = (a, b) if pair.a else (b, a)
    side = pair.a or pair.b
    assert side is not None
    kind = "function-missing" if pair.type == "function" else "task-missing"
    return Difference(
        kind=kind,
        card=card,
        type=pair.type,
        a=pair.a,
        b=pair.b,
        message=f"{pair.type} {side.id} (line {side.line}) of the {present.language} edition "
        f"has no counterpart in the {absent.language} edition",
    )


def _order_differs(
    card: str,
    kind: PairedType,
    pairs: Sequence[ElementPair],
    b: EditionRef,
    *,
    parent: ElementPair | None = None,
) -> Difference:
    where = f" of {_id(parent.a)}" if parent is not None else f" of card {card}"
    return Difference(
        kind="order-differs",
        card=card,
        type=kind,
        a=parent.a if parent else None,
        b=parent.b if parent else None,
        message=f"the {kind} elements{where} stand in another order in the {b.language} edition",
    )


def _reordered(positions: Sequence[tuple[int, int]]) -> bool:
    """True when the paired elements' positions in ``b`` do not grow along ``a``."""
    rows = [Aligned[object](x, y, "id") for x, y in positions]
    return is_reordered(rows)


def side_counts(doc: Document) -> SideCounts:
    """How many cards, labour functions, tasks, skills and knowledge items ``doc`` has.

    Example:
        >>> from kasip.testing import make_document
        >>> side_counts(make_document()).model_dump()
        {'cards': 1, 'functions': 1, 'tasks': 1, 'skills': 1, 'knowledge': 1}
    """
    functions = [f for card in doc.cards for f in card.functions]
    tasks = [t for f in functions for t in f.tasks]
    return SideCounts(
        cards=len(doc.cards),
        functions=len(functions),
        tasks=len(tasks),
        skills=sum(len(t.skills) for t in tasks),
        knowledge=sum(len(t.knowledge) for t in tasks),
    )


def _card_ref(card: CardSide) -> ElementSide:
    return ElementSide(
        id=card.id, position=card.position, text=card.name, line=card.line, line_end=card.line_end
    )


def _paired(pairs: Sequence[ElementPair]) -> int:
    return sum(1 + _paired(p.children) for p in pairs if p.a and p.b)


def _id(side: ElementSide | None) -> str:
    return side.id if side is not None else "-"


def _text(value: int | None) -> str:
    return "" if value is None else str(value)
