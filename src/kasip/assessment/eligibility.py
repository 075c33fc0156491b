"""Eligibility: whether a candidate meets a card's requirements of education and experience.

A card states them in its qualification rows (the categories of the
qualification directory, each with its education and years of experience,
:class:`kasip.model.QualificationCategory`), or in its education field. The
education is read as a level of Kazakhstan's education system, from the words
the standards use in Kazakh and Russian; a text that names several levels
accepts the lowest ("higher, or technical and vocational"), and general
secondary education counts only when no other level is named (it is then
the school certificate the others build on). What kasip cannot read is said,
and an assessor may always record an exception with its reason.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kasip.model import ProfessionCard

__all__ = [
    "EDUCATION_LEVELS",
    "EducationLevel",
    "Eligibility",
    "Reason",
    "check_eligibility",
    "education_level",
]

EducationLevel = Literal["secondary", "tve", "post_secondary", "higher", "postgraduate"]
# In order: general secondary; technical and vocational (ТжКБ / ТиПО); post-secondary;
# higher (bachelor); postgraduate (master, doctor).
EDUCATION_LEVELS: tuple[EducationLevel, ...] = (
    "secondary",
    "tve",
    "post_secondary",
    "higher",
    "postgraduate",
)

# Longer phrases first: "жоғары оқу орнынан кейінгі" (postgraduate) holds "жоғары" (higher).
_PATTERNS: tuple[tuple[EducationLevel, re.Pattern[str]], ...] = (
    (
        "postgraduate",
        re.compile(
            r"жоғары оқу орн?ы?нан кейінгі|послевузовск|магистр|доктор|\b6[мmдd]\b|\b[78] уровень"
        ),
    ),
    ("post_secondary", re.compile(r"орта білімнен кейінгі|послесредн")),
    ("higher", re.compile(r"жоғары|высш|бакалавр|\b5в\b|\b6 уровень")),
    (
        "tve",
        re.compile(
            r"техникалық және кәсі|тжкб|типо|арнайы орта|кәсіптік орта|средне[- ]?специальн"
            r"|техническ\w* и профессиональн\w*"
        ),
    ),
    ("secondary", re.compile(r"жалпы орта|общее среднее|общего среднего")),
)


def education_level(text: str) -> EducationLevel | None:
    """The lowest level of education ``text`` accepts; None when it names none.

    >>> education_level("Жоғары (немесе жоғары оқу орнынан кейінгі) білім")
    'higher'
    >>> education_level("Уровень образования: Послевузовское (6М код по МСКО)")
    'postgraduate'
    >>> education_level("Жоғары ... білім, техникалық және кәсіби (орта буын) білім")
    'tve'
    >>> education_level("Уровень образования: общее среднее ТиПО (5 уровень МСКО)")
    'tve'
    """
    rest = text.casefold().replace("ё", "е")
    found: list[EducationLevel] = []
    for level, pattern in _PATTERNS:
        if pattern.search(rest):
            found.append(level)
            rest = pattern.sub(" ", rest)
    if len(found) > 1 and "secondary" in found:
        found.remove("secondary")
    return min(found, key=EDUCATION_LEVELS.index) if found else None


_YEARS = re.compile(r"(?:кемінде|не менее)\s+(\d+(?:[.,]\d+)?)\s*(?:жыл|лет|год)")


class Reason(BaseModel):
    """Why a candidate does not meet a requirement: what it asks and what the candidate has."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["education", "experience", "unreadable"]
    needed: str  # a level of EDUCATION_LEVELS, a number of years, or the text kasip cannot read
    have: str
    requirement: str  # the requirement's words in the standard


class Eligibility(BaseModel):
    """The check's answer: eligible or not, the categories met, and what is missing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    eligible: bool
    categories: tuple[str, ...] = ()  # the qualification categories the candidate meets
    reasons: tuple[Reason, ...] = ()  # when not eligible: what the closest requirement lacks


def _requirements(card: ProfessionCard) -> list[tuple[str, str, float | None, str]]:
    """(category, education text, years, raw text) of each requirement the card states.

    The card's own education field is one requirement (with the years it may
    name), each category of its qualification rows another: a candidate who
    meets the card's education is eligible whatever categories they reach
    (a card of level 5 may ask technical and vocational education while its
    directory's categories ask higher education).
    """
    rows = card.directory_requirements.categories if card.directory_requirements else ()
    found = [(r.category, r.education, r.min_experience_years, r.raw) for r in rows]
    if card.education.strip():
        years = _YEARS.search(card.education.casefold())
        value = float(years.group(1).replace(",", ".")) if years else None
        found.append(("", card.education, value, card.education))
    return found


def _missing(
    text: str, years: float | None, raw: str, education: EducationLevel, experience: float
) -> list[Reason]:
    needed = education_level(text)
    if needed is None:
        return [Reason(kind="unreadable", needed=text, have=education, requirement=raw)]
    reasons = []
    if EDUCATION_LEVELS.index(education) < EDUCATION_LEVELS.index(needed):
        reasons.append(Reason(kind="education", needed=needed, have=education, requirement=raw))
    if years is not None and experience < years:
        reasons.append(
            Reason(kind="experience", needed=f"{years:g}", have=f"{experience:g}", requirement=raw)
        )
    return reasons


def check_eligibility(
    card: ProfessionCard, *, education: EducationLevel, experience_years: float
) -> Eligibility:
    """Whether a candidate with ``education`` and ``experience_years`` may be assessed
    against ``card``.

    Eligible when they meet one of the card's requirements (any category);
    a card that states none admits everyone. Otherwise the reasons are those
    of the requirement they come closest to (fewest things missing).
    """
    requirements = _requirements(card)
    if not requirements:
        return Eligibility(eligible=True)
    met: list[str] = []
    closest: list[Reason] | None = None
    for category, text, years, raw in requirements:
        reasons = _missing(text, years, raw, education, experience_years)
        if not reasons:
            met.append(category)
        elif closest is None or len(reasons) < len(closest):
            closest = reasons
    if met:
        return Eligibility(eligible=True, categories=tuple(c for c in met if c))
    return Eligibility(eligible=False, reasons=tuple(closest or ()))
