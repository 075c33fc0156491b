"""Curriculum alignment: an educational programme's learning outcomes mapped to cards
(issue 14, items 3 and 4; docs/curriculum.md).

A college or university's programme (modules with their learning outcomes, as
CSV, XLSX or DOCX: :mod:`~kasip.curriculum.reading`) is aligned with the cards
it prepares for: each outcome is linked to the skills and knowledge it covers,
with a score (:mod:`~kasip.curriculum.mapping`, over matching's index), and
the links give coverage per card and labour function, the uncovered elements,
the outcomes that cover nothing and the modules × labour functions matrix
(:mod:`~kasip.curriculum.coverage`). The package reads no registry: it takes
the match index and the cards as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.curriculum.coverage import build_report
from kasip.curriculum.mapping import DEFAULT_RULE, propose_links
from kasip.curriculum.models import AlignmentReport, EducationalProgramme, LinkRule
from kasip.curriculum.reading import read_programme, read_programme_file
from kasip.match.index import MatchIndex
from kasip.model import ProfessionCard

__all__ = ["DEFAULT_RULE", "align_programme", "read_programme", "read_programme_file"]


def align_programme(
    programme: EducationalProgramme,
    cards: Sequence[tuple[str, ProfessionCard]],
    index: MatchIndex,
    *,
    rule: LinkRule = DEFAULT_RULE,
) -> AlignmentReport:
    """Align ``programme`` with ``cards`` (pairs of standard key and card): propose the
    links and report coverage from them.

    Raises:
        NotFound: A card is not in ``index``.
    """
    chosen = [(standard, card.id) for standard, card in cards]
    links = propose_links(programme, index, chosen, rule=rule)
    return build_report(programme, cards, links, rule=rule)
