"""Which level of an occupation a text describes, and why.

An occupation often has cards at several qualification levels (social work
specialist at levels 4, 5 and 6). Their duties overlap, so the words of a text
rarely tell them apart; what it says about the worker's place does. The
qualification frameworks (НРК / ҰБШ and the sectoral СБШ) reach levels 4 and 5
through technical and vocational education and level 6 through higher
education, and level 7 adds the management of a unit; the cards of the seed
standard say the same in their education rows (every level 4 and 5 card
accepts техникалық және кәсіптік білім, every level 6 and 7 card asks for
жоғары білім, and the one card of a unit's head is at level 7). The rules read here:

- the worker heads a unit (заведующий, руководитель, начальник, басшы,
  меңгеруші, бастық): level 7 or higher;
- higher education (высшее образование, вуз, университет, жоғары білім):
  level 5 or higher (a level 5 card may accept it beside technical and
  vocational education, as 3412-0-008 at level 5 does);
- technical and vocational education (колледж, техникум, ТиПО, техникалық
  және кәсіптік білім): levels 4 to 5;
- the practical experience the text asks for ("стаж не менее 2 лет", "опыт не
  требуется"): the occupation's cards that ask for more
  (:mod:`kasip.match.experience`: the court's psychologist-consultant at level
  7 asks for five years) are left out. With none of the rules above, this one
  alone still tells the levels apart.

Among the cards of the best occupation, the best-scoring card whose level the
cue allows comes first; without a cue, or when no card of the occupation fits
it, the order of the evidence stands and the reason says so.

A manager's card (ISCO-08 major group 1, the first digit of the occupation
code: 1344 "social welfare managers") lists the duties of the unit it heads, so
a text about the work itself fits it too. Unless the text says the worker
heads something, its evidence counts at :data:`MANAGER_PRIOR`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from kasip.match.experience import Experience, find_experience, fits
from kasip.model import FrozenModel

if TYPE_CHECKING:
    from kasip.match.index import CardRef, MatchIndex

__all__ = [
    "MANAGER_PRIOR",
    "LevelCue",
    "LevelReason",
    "admits",
    "find_cue",
    "is_manager",
    "level_reason",
    "states_education",
]

MANAGER_PRIOR = 0.5

CueKind = Literal["management", "higher-education", "vocational-education", "experience"]


@dataclass(frozen=True, slots=True)
class LevelCue:
    """What a text says about the worker's level: the rule and the words."""

    kind: CueKind
    words: str  # as written in the text
    lowest: int
    highest: int
    experience: Experience | None = None  # what the text asks of experience

    def allows(self, level: int | None) -> bool:
        return level is not None and self.lowest <= level <= self.highest

    def admits(self, level: int | None, experience: float | None) -> bool:
        """Whether a card of ``level`` that asks for ``experience`` years fits the text."""
        asked = self.experience
        return self.allows(level) and (asked is None or fits(asked, experience))

    def leaves_out(self, level: int | None, experience: float | None) -> bool:
        """Whether the text's experience alone leaves out such a card."""
        return self.allows(level) and not self.admits(level, experience)


class LevelReason(FrozenModel):
    """Why a card's level was chosen: a cue of the text, or the evidence alone.

    ``kind`` is ``"evidence"`` when the text says nothing of the level (the card
    whose elements matched best stands), else the cue's kind with ``words``, the
    text's words that say it. ``experience`` holds the text's words on
    experience when they left out a card of the occupation that asks for more
    (with kind ``"experience"``, they are ``words``).
    """

    kind: Literal[
        "evidence", "management", "higher-education", "vocational-education", "experience"
    ]
    words: str = ""
    experience: str = ""


# Word starts, lower case; a cue is a whole word beginning so, in either language.
_CUES: tuple[tuple[CueKind, int, int, str], ...] = (
    (
        "management",
        7,
        8,
        r"заведующ\w*|руководител\w*|начальник\w*|меңгеруш\w*|басшы\w*|бастығ\w*|бастық\w*",
    ),
    (
        "higher-education",
        5,
        8,
        r"высш\w+\s+(?:\w+\s+)?образовани\w*|вуз\w*|университет\w*|бакалавр\w*"
        r"|жоғары\s+(?:\w+\s+)?(?:білім\w*|оқу\s+орн\w*)|жоо\b",
    ),
    (
        "vocational-education",
        4,
        5,
        r"колледж\w*|техникум\w*|средн\w+\s+специальн\w*|средн\w+\s+профессиональн\w*"
        r"|типо\b|тжкб\b|техникалық\s+және\s+кәсіптік\s+\w+",
    ),
)
_PATTERNS = tuple(
    (kind, low, high, re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE))
    for kind, low, high, pattern in _CUES
)


def find_cue(text: str) -> LevelCue | None:
    """The first rule (in the order above) whose words the text uses, with the
    experience the text asks for; the experience alone when no rule's words are there.

    >>> find_cue("Заведующие отделениями провели опрос").kind
    'management'
    >>> find_cue("Требования: высшее педагогическое образование").words
    'высшее педагогическое образование'
    >>> find_cue("Колледжді бітірген маман").highest
    5
    >>> find_cue("Помогает пожилым людям по дому") is None
    True
    >>> cue = find_cue("Требования: высшее образование, стаж не менее 2 лет.")
    >>> cue.kind, cue.experience.years, cue.admits(7, 5.0), cue.admits(6, None)
    ('higher-education', 2.0, False, True)
    >>> find_cue("Опыт не требуется, обучим.").kind
    'experience'
    """
    experience = find_experience(text)
    found = _rule(text)
    if found is not None:
        return LevelCue(found.kind, found.words, found.lowest, found.highest, experience)
    if experience is not None:
        return LevelCue("experience", experience.words, 1, 8, experience)
    return None


def _rule(text: str) -> LevelCue | None:
    """The first rule whose words ``text`` uses (education, heading a unit)."""
    for kind, low, high, pattern in _PATTERNS:
        found = pattern.search(text)
        if found:
            return LevelCue(kind, found.group(0), low, high)
    return None


def is_manager(code: str | None) -> bool:
    """Whether an occupation code is a manager's (ISCO-08 major group 1).

    >>> is_manager("1344-0-004"), is_manager("3412-0-008"), is_manager(None)
    (True, False, False)
    """
    return code is not None and code.startswith("1")


def states_education(sentence: str) -> bool:
    """Whether a sentence states the education asked for (a cue of the level, not a duty).

    >>> states_education("Высшее образование (соцработа, психология, педагогика).")
    True
    >>> states_education("Оказывает помощь выпускникам колледжей")
    True
    >>> states_education("Оказывает социальные услуги на дому")
    False
    """
    cue = _rule(sentence)
    return cue is not None and cue.kind != "management"


def admits(cue: LevelCue, card: CardRef) -> bool:
    """Whether ``card`` is of a level and asks for experience that ``cue`` admits."""
    return cue.admits(card.level, card.experience)


def level_reason(cue: LevelCue | None, index: MatchIndex, head: int) -> LevelReason:
    """Why the top occupation is shown at the level of its card ``head``: the cue
    chose it (:func:`~kasip.match.grouping.by_occupation` puts a fitting card
    first), or nothing did and the evidence stands. The text's experience is
    a reason where it left out a card of the occupation that asks for more."""
    if cue is None or not admits(cue, index.cards[head]):
        return LevelReason(kind="evidence")
    occupation = index.occupations.card
    siblings = np.flatnonzero(occupation == occupation[head])
    told = cue.experience is not None and any(
        cue.leaves_out(index.cards[c].level, index.cards[c].experience) for c in siblings
    )
    if cue.kind == "experience":
        return (
            LevelReason(kind="experience", words=cue.words)
            if told
            else LevelReason(kind="evidence")
        )
    experience = cue.experience.words if told and cue.experience is not None else ""
    return LevelReason(kind=cue.kind, words=cue.words, experience=experience)
