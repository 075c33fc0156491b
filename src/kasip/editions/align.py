"""Pair two lists of elements: anchors first, then within the gaps they leave.

The first pass pairs elements with the same key anywhere in the lists (a card
ID, a printed number): those pairs are the anchors. Each element left over
lies in a gap between anchors; later passes pair leftovers only within the
same gap, so a missing element never shifts the pairing of what follows the
next anchor.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeVar

from kasip.editions.models import PairedBy

__all__ = ["Aligned", "Pass", "align", "is_reordered"]

T = TypeVar("T")
# One pass: how the pairs it makes are described, and the key to pair by
# (``None``: the element takes no part in this pass).
Pass = tuple[PairedBy, Callable[[T], Hashable | None]]


@dataclass(frozen=True)
class Aligned(Generic[T]):
    """One row of an alignment: positions in each list (``None``: no counterpart)."""

    a: int | None
    b: int | None
    paired_by: PairedBy


def align(
    a: Sequence[T],
    b: Sequence[T],
    anchor: Pass[T],
    within_gaps: Sequence[Pass[T]] = (),
    *,
    shape: Callable[[T], Hashable] | None = None,
) -> list[Aligned[T]]:
    """Pair the elements of ``a`` and ``b`` (see the module docstring).

    Args:
        a: One edition's elements.
        b: The other's.
        anchor: The first pass, over the whole lists; a key seen twice on
            one side pairs its first occurrence only.
        within_gaps: The later passes by key, in order, within each gap.
        shape: What the last pass, by position within each gap, compares
            when the two sides of a gap differ in length: it pairs as many
            as it can and, among those pairings, the most of equal shape
            (so one task missing does not shift its neighbours onto tasks
            with other skill counts).

    Returns:
        Every element of both lists once, in ``a``'s order with ``b``'s
        leftovers after the anchor before them.

    Example:
        >>> rows = align(list("xyz"), list("xz"), ("id", lambda s: s))
        >>> [(r.a, r.b, r.paired_by) for r in rows]
        [(0, 0, 'id'), (1, None, 'unpaired'), (2, 1, 'id')]
        >>> last = lambda s: s[-1]
        >>> rows = align(["a1", "b2", "c2"], ["x2", "y2"], ("id", lambda s: None), shape=last)
        >>> [(r.a, r.b, r.paired_by) for r in rows]
        [(0, None, 'unpaired'), (1, 0, 'position'), (2, 1, 'position')]
    """
    pairs = _anchor(a, b, anchor[1])
    made: dict[tuple[int | None, int | None], PairedBy] = {p: anchor[0] for p in pairs}
    gaps_a = _gaps(len(a), sorted(i for i, _ in pairs))
    gaps_b = _gaps(len(b), sorted(j for _, j in pairs))
    for paired_by, key in within_gaps:
        used_a = {i for i, _ in made if i is not None}
        used_b = {j for _, j in made if j is not None}
        for i, j in _within(a, b, key, gaps_a, gaps_b, used_a, used_b):
            made[(i, j)] = paired_by
    used_a = {i for i, _ in made if i is not None}
    used_b = {j for _, j in made if j is not None}
    left_a = [i for i in range(len(a)) if i not in used_a]
    left_b = [j for j in range(len(b)) if j not in used_b]
    for gap in sorted({gaps_a[i] for i in left_a}):
        in_a = [i for i in left_a if gaps_a[i] == gap]
        in_b = [j for j in left_b if gaps_b[j] == gap]
        for i, j in _by_position(in_a, in_b, lambda i, j: _same(shape, a[i], b[j])):
            made[(i, j)] = "position"
    used_a = {i for i, _ in made if i is not None}
    used_b = {j for _, j in made if j is not None}
    made.update({(i, None): "unpaired" for i in range(len(a)) if i not in used_a})
    made.update({(None, j): "unpaired" for j in range(len(b)) if j not in used_b})
    return _in_order([Aligned(i, j, by) for (i, j), by in made.items()])


def is_reordered(rows: Sequence[Aligned[T]]) -> bool:
    """True when paired elements stand in a different order on the two sides.

    Example:
        >>> is_reordered([Aligned(0, 1, "id"), Aligned(1, 0, "id")])
        True
    """
    paired = sorted((r.a, r.b) for r in rows if r.a is not None and r.b is not None)
    return any(x[1] > y[1] for x, y in pairwise(paired))


def _anchor(
    a: Sequence[T], b: Sequence[T], key: Callable[[T], Hashable | None]
) -> list[tuple[int, int]]:
    first_b: dict[Hashable, int] = {}
    for j, item in enumerate(b):
        k = key(item)
        if k is not None:
            first_b.setdefault(k, j)
    pairs, taken = [], set()
    for i, item in enumerate(a):
        k = key(item)
        if k is not None and k in first_b and k not in taken:
            taken.add(k)
            pairs.append((i, first_b[k]))
    return pairs


def _gaps(length: int, anchors: list[int]) -> list[int]:
    """The gap of each position: how many anchors stand before it."""
    gaps, seen = [], 0
    for position in range(length):
        while seen < len(anchors) and anchors[seen] < position:
            seen += 1
        gaps.append(seen)
    return gaps


def _within(  # noqa: PLR0913 - the two lists, the key, and each list's gaps and used positions
    a: Sequence[T],
    b: Sequence[T],
    key: Callable[[T], Hashable | None],
    gaps_a: list[int],
    gaps_b: list[int],
    used_a: set[int],
    used_b: set[int],
) -> list[tuple[int, int]]:
    """Pairs of leftovers in the same gap with equal keys, each leftover of ``b`` once."""
    pairs = []
    taken: set[int] = set()
    for i, item in enumerate(a):
        k = key(item)
        if i in used_a or k is None:
            continue
        for j, other in enumerate(b):
            if j in used_b or j in taken or gaps_b[j] != gaps_a[i]:
                continue
            if key(other) == k:
                taken.add(j)
                pairs.append((i, j))
                break
    return pairs


def _same(shape: Callable[[T], Hashable] | None, x: T, y: T) -> bool:
    return shape is not None and shape(x) == shape(y)


def _by_position(
    a: list[int], b: list[int], same: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Pair two runs in order: as many pairs as can be, then the most of equal shape.

    Equal lengths pair one to one. Otherwise a longest-path table over the
    two runs (they are a few elements long) picks the pairing.
    """
    if len(a) == len(b) or not a or not b:
        return list(zip(a, b, strict=False))
    # Every pair is worth more than all equal-shape bonuses together.
    worth = len(a) + len(b) + 1
    best = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for x in range(len(a) - 1, -1, -1):
        for y in range(len(b) - 1, -1, -1):
            paired = worth + int(same(a[x], b[y])) + best[x + 1][y + 1]
            best[x][y] = max(paired, best[x + 1][y], best[x][y + 1])
    pairs, x, y = [], 0, 0
    while x < len(a) and y < len(b):
        if best[x][y] == worth + int(same(a[x], b[y])) + best[x + 1][y + 1]:
            pairs.append((a[x], b[y]))
            x, y = x + 1, y + 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


def _in_order(rows: list[Aligned[T]]) -> list[Aligned[T]]:
    """``a``'s order; a ``b``-only row follows the row of the ``b`` element before it."""
    after: dict[int, float] = {}
    for row in rows:
        if row.a is not None and row.b is not None:
            after[row.b] = row.a

    def place(row: Aligned[T]) -> tuple[float, int, int]:
        if row.a is not None:
            return (row.a, 0, row.b if row.b is not None else -1)
        assert row.b is not None
        before = [after[j] for j in after if j < row.b]
        return (max(before, default=-1.0) + 0.5, 1, row.b)

    return sorted(rows, key=place)
