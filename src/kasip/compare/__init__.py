"""Compare what standards say: word diffs, two cards, two versions of a standard.

Pure functions over :mod:`kasip.model` objects, no I/O: :mod:`~kasip.compare.diff`
(word diffs and the matching of element lists), :mod:`~kasip.compare.cards`
(two profession cards) and :mod:`~kasip.compare.versions` (two versions of a
standard). The pages that show them are in :mod:`kasip.pages`.
"""
