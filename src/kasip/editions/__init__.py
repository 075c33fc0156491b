"""Editions: the Kazakh and Russian texts of one standard, paired, and their parity check.

An order is published in Kazakh and in Russian; the registry keeps each text
as a standard of its own (``292-2019-05-30-kk``, ``292-2019-05-30-ru``). This
package says which texts are editions of one standard
(:mod:`~kasip.editions.group`: same order number, date and annex, two
languages), pairs their cards and elements (:mod:`~kasip.editions.pairing`,
over the alignment of :mod:`~kasip.editions.align`) and reports every
difference (:mod:`~kasip.editions.parity`). Pure functions over
:mod:`kasip.model` documents, no I/O; ``kasip check --parity``, the pages
``/standards/{key}/parity`` and ``/cards/{id}/editions`` and the REST API use it.
"""

from kasip.editions.group import (
    are_editions,
    edition_group,
    group_of_key,
    require_editions,
)
from kasip.editions.models import (
    DIFFERENCE_KINDS,
    CardPair,
    CardSide,
    Difference,
    DifferenceKind,
    EditionDate,
    EditionGroup,
    EditionPairing,
    EditionRef,
    ElementPair,
    ElementSide,
    PairedBy,
    ParityCounts,
    ParityReport,
    SideCounts,
)
from kasip.editions.pairing import pair_editions
from kasip.editions.parity import check_parity

__all__ = [
    "DIFFERENCE_KINDS",
    "CardPair",
    "CardSide",
    "Difference",
    "DifferenceKind",
    "EditionDate",
    "EditionGroup",
    "EditionPairing",
    "EditionRef",
    "ElementPair",
    "ElementSide",
    "PairedBy",
    "ParityCounts",
    "ParityReport",
    "SideCounts",
    "are_editions",
    "check_parity",
    "edition_group",
    "group_of_key",
    "pair_editions",
    "require_editions",
]
