"""k-fold splits for cross-validating what is tuned on a labelled set.

The scripts that fit or choose something on labelled texts
(``scripts/calibrate_match.py``, ``scripts/tune_distinctive.py``,
``scripts/compare_match_models.py``) report it on texts it was not fitted
on: the set is cut into folds, each scored by what was fitted on the others,
and that again for several shuffles. One shuffle is a seeded permutation, so
every run of a script gives the same folds.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["held_out"]


def held_out(count: int, *, folds: int, seed: int) -> Iterator[frozenset[int]]:
    """The positions (of ``count``) each fold holds out, for the shuffle ``seed``.

    Every position is held out by exactly one fold.

    Example:
        >>> [sorted(f) for f in held_out(5, folds=2, seed=0)]
        [[1, 2, 3], [0, 4]]
    """
    order = np.random.default_rng(seed).permutation(count)
    for fold in range(folds):
        yield frozenset(order[fold::folds].tolist())
