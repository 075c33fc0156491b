"""Word-level text diffs and similarity matching of element lists.

Pure functions, no I/O: the building blocks of card comparison
(:mod:`kasip.compare.cards`) and version history (:mod:`kasip.compare.versions`).

**Word diff.** :func:`word_diff` splits both texts into tokens (words,
whitespace runs, single punctuation marks) and aligns them with
:class:`difflib.SequenceMatcher`. The ops reproduce both texts exactly: the
``equal`` and ``delete`` texts joined give ``a``, the ``equal`` and ``insert``
texts joined give ``b`` (:func:`apply_ops`).

**Matching.** :func:`match_items` pairs the elements of an old and a new list
so that an edited element is reported as *changed* rather than as one removal
and one addition. It works in four passes, each over what the earlier passes
left unpaired:

1. same key (stable element ID) and identical text;
2. identical text under another key (the list was renumbered: an item was
   inserted or removed before it);
3. same key and :func:`similarity` >= ``Thresholds.same_key`` (default 0.3);
4. any key, most similar first, *weighted* similarity >= ``Thresholds.changed``
   (default 0.6).

:func:`similarity` is the ``SequenceMatcher`` ratio over case-folded word
tokens, punctuation ignored. On the seed standard, rewordings of one item
(across levels or versions) score 0.6-0.95, unrelated skills of one task
mostly below 0.4; two short items that share one word of two ("Еңбек
кодексі" / "Салық кодексі") score 0.5 and are different items, hence 0.6 for
pass 4. A shared position is evidence that two elements are one, and
replacing words in place is how amending orders phrase a change ("in subpoint
7 the words X are replaced by Y"), so pass 3 needs little agreement.

Pass 4 pairs elements at different positions, where plain similarity misleads:
knowledge lists name laws, and two different laws share the boilerplate
"... туралы" Қазақстан Республикасының Заңы (0.6-0.77 on the seed). There a
word counts ``1 / (n - 1)``, where ``n`` is the number of texts of both lists
that contain it: a word only the two compared texts share counts fully, words
every item repeats count little (:func:`rarity_weights`,
:func:`weighted_similarity`).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ChangeStatus",
    "DiffOp",
    "Match",
    "TextChange",
    "Thresholds",
    "apply_ops",
    "change_text",
    "diff_texts",
    "match_items",
    "position_key",
    "rarity_weights",
    "similarity",
    "tokenize",
    "weighted_similarity",
    "word_diff",
]

OpKind = Literal["equal", "insert", "delete"]

# Words keep inner hyphens and apostrophes ("зорлық-зомбылық" is one word);
# whitespace runs and every other character are tokens of their own, so the
# tokens always join back into the text.
_TOKEN_RE = re.compile(r"\w+(?:[-‐'’]\w+)*|\s+|[^\w\s]")
_WORD_RE = re.compile(r"\w+")


class DiffOp(BaseModel):
    """One step of a word diff: text kept (``equal``), added or removed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    op: OpKind
    text: str


ChangeStatus = Literal["unchanged", "changed", "added", "removed"]


class TextChange(BaseModel):
    """One element of a list diff: its old and new text, and how it changed.

    ``old_id``/``old`` are ``None`` for an added element, ``new_id``/``new``
    for a removed one; ``ops`` is the word diff of a changed element.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: ChangeStatus
    old_id: str | None = None
    new_id: str | None = None
    old: str | None = None
    new: str | None = None
    ops: tuple[DiffOp, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """Minimum similarities for pairing two different texts as one changed element.

    Attributes:
        same_key: When both elements have the same key (stable ID).
        changed: When the keys differ (or there are none).
    """

    same_key: float = 0.3
    changed: float = 0.6


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Match:
    """A pairing of an old and a new element by their list positions.

    ``old`` is ``None`` for an added element, ``new`` for a removed one.
    ``similarity`` is the score the pair was made with (1.0 for identical
    texts, and also for texts that differ only in case or punctuation) and
    0.0 for unpaired elements.
    """

    old: int | None
    new: int | None
    similarity: float


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word, whitespace and punctuation tokens.

    Example:
        >>> tokenize("Еңбек кодексі; ҚР")
        ['Еңбек', ' ', 'кодексі', ';', ' ', 'ҚР']
    """
    return _TOKEN_RE.findall(text)


def word_diff(a: str, b: str) -> list[DiffOp]:
    """Diff two texts word by word.

    Args:
        a: The old text.
        b: The new text.

    Returns:
        Ops in text order. Within one changed stretch the ``delete`` op comes
        before the ``insert`` op, and adjacent ops never have the same kind.
        Whitespace between two changed words is part of the change, so a
        reworded phrase reads as one deletion and one insertion.

    Example:
        >>> [(o.op, o.text) for o in word_diff("кемінде 2 жыл", "кемінде 3 жыл")]
        [('equal', 'кемінде '), ('delete', '2'), ('insert', '3'), ('equal', ' жыл')]
    """
    ta, tb = tokenize(a), tokenize(b)
    raw: list[tuple[OpKind, str]] = []
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(ta[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(ta[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(tb[j1:j2])))
    return [DiffOp(op=kind, text=text) for kind, text in _merge(_absorb_spaces(raw))]


def _absorb_spaces(ops: list[tuple[OpKind, str]]) -> list[tuple[OpKind, str]]:
    """Turn a whitespace-only ``equal`` between two changes into part of both."""
    out: list[tuple[OpKind, str]] = []
    for i, (kind, text) in enumerate(ops):
        between = 0 < i < len(ops) - 1 and ops[i - 1][0] != "equal" and ops[i + 1][0] != "equal"
        if kind == "equal" and between and not text.strip():
            out += [("delete", text), ("insert", text)]
        else:
            out.append((kind, text))
    return out


def _merge(ops: list[tuple[OpKind, str]]) -> list[tuple[OpKind, str]]:
    """Join each run of changes into one delete and one insert, in that order."""
    out: list[tuple[OpKind, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(("delete", "".join(deleted)))
        if inserted:
            out.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for kind, text in ops:
        if kind == "equal":
            flush()
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append((kind, text))
        else:
            (deleted if kind == "delete" else inserted).append(text)
    flush()
    return out


def apply_ops(a: str, ops: Sequence[DiffOp]) -> str:
    """Apply a word diff to its old text and return the new text.

    Raises:
        ValueError: The ops were not made from ``a``.

    Example:
        >>> apply_ops("бір екі", word_diff("бір екі", "бір үш"))
        'бір үш'
    """
    if "".join(o.text for o in ops if o.op != "insert") != a:
        raise ValueError("the diff was not made from this text")
    return "".join(o.text for o in ops if o.op != "delete")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD_RE.findall(text))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0.0 to 1.0, word by word.

    Case and punctuation are ignored; two texts without words are alike.

    Example:
        >>> similarity("Еңбек кодексі.", "еңбек кодексі")
        1.0
        >>> similarity("бір екі үш төрт", "бір екі бес алты")
        0.5
    """
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def weighted_similarity(a: str, b: str, weights: Mapping[str, float]) -> float:
    """Like :func:`similarity`, but each word counts its weight (default 1.0).

    Example:
        >>> a, b = "Салық туралы заң", "Су туралы заң"
        >>> round(similarity(a, b), 2)
        0.67
        >>> round(weighted_similarity(a, b, {"туралы": 0.1, "заң": 0.1}), 2)
        0.17
    """
    wa, wb = _words(a), _words(b)
    total = sum(weights.get(w, 1.0) for w in wa) + sum(weights.get(w, 1.0) for w in wb)
    if total == 0:
        return 1.0
    blocks = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    shared = sum(weights.get(w, 1.0) for blk in blocks for w in wa[blk.a : blk.a + blk.size])
    return 2 * shared / total


def rarity_weights(texts: Iterable[str]) -> dict[str, float]:
    """Weigh each word ``1 / (n - 1)``, ``n`` the number of texts containing it (at least 1).

    Example:
        >>> weights = rarity_weights(["Еңбек кодексі", "Салық кодексі", "Су кодексі"])
        >>> weights["кодексі"], weights["салық"]
        (0.5, 1.0)
    """
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(_words(text)))
    return {word: 1 / max(1, n - 1) for word, n in df.items()}


def match_items(
    old: Sequence[str],
    new: Sequence[str],
    *,
    keys: tuple[Sequence[str], Sequence[str]] | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    may_pair: Callable[[int, int], bool] | None = None,
) -> list[Match]:
    """Pair the elements of two lists by key and by text similarity.

    See the module docstring for the passes and thresholds.

    Args:
        old: The old texts.
        new: The new texts.
        keys: The stable keys (element IDs relative to their parent) of the
            old and the new elements, as long as ``old`` and ``new``.
        thresholds: Minimum similarities for pairing different texts.
        may_pair: Called with an old and a new index; elements it refuses are
            never paired (e.g. cards of different qualification levels).

    Returns:
        Every element exactly once, in display order: the new list's order,
        with removed elements where they stood, before what was added there.

    Raises:
        ValueError: ``keys`` do not have the lists' lengths.

    Example:
        >>> old = ["Еңбек кодексі", "Салық кодексі", "Білім туралы заң"]
        >>> new = ["Еңбек кодексі", "Білім туралы заң жобасы", "Су кодексі"]
        >>> [(m.old, m.new) for m in match_items(old, new)]
        [(0, 0), (1, None), (2, 1), (None, 2)]
    """
    if keys is not None and (len(keys[0]) != len(old) or len(keys[1]) != len(new)):
        raise ValueError("keys must be as long as the lists they name")
    pairs = _Pairing(old, new, keys=keys, may_pair=may_pair)
    if keys is not None:
        pairs.by_text(same_key=True)
    pairs.by_text(same_key=False)
    if keys is not None:
        pairs.by_similarity(thresholds.same_key, score=similarity, same_key=True)
    weights = rarity_weights([*old, *new])
    pairs.by_similarity(
        thresholds.changed, score=lambda a, b: weighted_similarity(a, b, weights), same_key=False
    )
    return pairs.in_display_order()


class _Pairing:
    """The state of :func:`match_items`: which old element each new one took."""

    def __init__(
        self,
        old: Sequence[str],
        new: Sequence[str],
        *,
        keys: tuple[Sequence[str], Sequence[str]] | None,
        may_pair: Callable[[int, int], bool] | None,
    ) -> None:
        self.old, self.new = old, new
        self.keys = keys
        self.may_pair = may_pair
        self.old_of_new: dict[int, tuple[int, float]] = {}
        self.taken: set[int] = set()

    def _candidates(self, *, same_key: bool) -> list[tuple[int, int]]:
        """The free (old, new) index pairs a pass may consider, new-major order."""
        free_old = [i for i in range(len(self.old)) if i not in self.taken]
        free_new = [j for j in range(len(self.new)) if j not in self.old_of_new]
        return [
            (i, j)
            for j in free_new
            for i in free_old
            if (not same_key or (self.keys is not None and self.keys[0][i] == self.keys[1][j]))
            and (self.may_pair is None or self.may_pair(i, j))
        ]

    def _pair(self, i: int, j: int, score: float) -> None:
        self.old_of_new[j] = (i, score)
        self.taken.add(i)

    def _is_free(self, i: int, j: int) -> bool:
        return i not in self.taken and j not in self.old_of_new

    def by_text(self, *, same_key: bool) -> None:
        """Pair identical texts, first come first served."""
        for i, j in self._candidates(same_key=same_key):
            if self._is_free(i, j) and self.old[i] == self.new[j]:
                self._pair(i, j, 1.0)

    def by_similarity(
        self, minimum: float, *, score: Callable[[str, str], float], same_key: bool
    ) -> None:
        """Pair the most similar free elements first, while at least ``minimum``."""
        scored = [
            (score(self.old[i], self.new[j]), abs(i - j), i, j)
            for i, j in self._candidates(same_key=same_key)
        ]
        # Ties go to the pair closest in position, so equal texts pair in order.
        for value, _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2], s[3])):
            if value < minimum:
                break
            if self._is_free(i, j):
                self._pair(i, j, value)

    def in_display_order(self) -> list[Match]:
        """New order; removed old elements go where they stood, before what was added there."""
        out: list[Match] = []
        removed = [i for i in range(len(self.old)) if i not in self.taken]
        placed: set[int] = set()

        def flush_removed(before: int) -> None:
            for r in removed:
                if r < before and r not in placed:
                    out.append(Match(r, None, 0.0))
                    placed.add(r)

        for j in range(len(self.new)):
            if j in self.old_of_new:
                i, score = self.old_of_new[j]
                flush_removed(i)
                out.append(Match(i, j, score))
            else:
                flush_removed(self._next_paired_old(j))
                out.append(Match(None, j, 0.0))
        flush_removed(len(self.old))
        return out

    def _next_paired_old(self, j: int) -> int:
        """The old index of the first paired new element after ``j`` (or the old length)."""
        for later in range(j + 1, len(self.new)):
            if later in self.old_of_new:
                return self.old_of_new[later][0]
        return len(self.old)


def change_text(
    old: str | None, new: str | None, *, ids: tuple[str | None, str | None] = (None, None)
) -> TextChange:
    """Describe one element seen in the old and/or the new list.

    Example:
        >>> change_text("2 жыл", "3 жыл").status
        'changed'
        >>> change_text(None, "жаңа").status
        'added'
    """
    old_id, new_id = ids
    if old is None or new is None:
        status: ChangeStatus = "added" if old is None else "removed"
        return TextChange(status=status, old_id=old_id, new_id=new_id, old=old, new=new)
    if old == new:
        return TextChange(status="unchanged", old_id=old_id, new_id=new_id, old=old, new=new)
    ops = tuple(word_diff(old, new))
    return TextChange(status="changed", old_id=old_id, new_id=new_id, old=old, new=new, ops=ops)


def diff_texts(
    old: Sequence[tuple[str, str]],
    new: Sequence[tuple[str, str]],
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[TextChange, ...]:
    """Diff two lists of ``(id, text)`` elements: :func:`match_items`, then word diffs.

    The matching key of an element is the last ``/`` part of its ID (``s3`` of
    ``2635-3-001@5/f1/t1/s3``): its position in its parent, which lets the
    lists of two different cards be compared too.

    Example:
        >>> old = [("x@4/f1/t1/k1", "Еңбек кодексі")]
        >>> changes = diff_texts(old, [("x@5/f1/t1/k1", "Еңбек кодексі.")])
        >>> [(c.status, c.new_id, [o.op for o in c.ops]) for c in changes]
        [('changed', 'x@5/f1/t1/k1', ['equal', 'insert'])]
    """
    matches = match_items(
        [t for _, t in old],
        [t for _, t in new],
        keys=([position_key(i) for i, _ in old], [position_key(i) for i, _ in new]),
        thresholds=thresholds,
    )
    return tuple(_change_of(m, old, new) for m in matches)


def position_key(element_id: str) -> str:
    """The last ``/`` part of an element ID: its position in its parent.

    Example:
        >>> position_key("2635-3-001@5/f1/t2")
        't2'
    """
    return element_id.rsplit("/", 1)[-1]


def _change_of(
    match: Match, old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]
) -> TextChange:
    o = old[match.old] if match.old is not None else None
    n = new[match.new] if match.new is not None else None
    return change_text(
        o[1] if o else None, n[1] if n else None, ids=(o[0] if o else None, n[0] if n else None)
    )
