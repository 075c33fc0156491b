"""Layout rules of the standard as a whole: its required sections, and its list of
occupations (point 9) against the cards that follow it.

Point 9 names every occupation with its qualification levels, and chapter 3
gives one card per occupation and level: an occupation level without a card,
or a card whose occupation the list does not name at that level, is a draft
out of step with itself.
"""

from __future__ import annotations

import re

from kasip import model as m
from kasip.lint.findings import N_, SECTION_NAMES
from kasip.lint.place import Locator

__all__ = ["check_occupation_list", "check_sections"]

_START = m.SourceSpan(start=0, end=0, line_start=1, line_end=1)
_NAME_RE = re.compile(r"[\W\d_]+")


def check_sections(doc: m.Document, at: Locator) -> None:
    """The standard's title, passport groups and subgroups, and list of occupations."""
    std = doc.standard
    present = {
        "title": bool(std.title.strip()),
        "groups": bool(std.passport.groups),
        "subgroups": bool(std.passport.subgroups),
        "occupations": bool(std.occupations),
    }
    for section, name in SECTION_NAMES.items():
        if not present[section]:
            at.add(
                "layout-section-missing",
                "warning",
                _START,
                N_("the standard has no section “%(section)s”"),
                {"section": name},
                translated=("section",),
            )


def _words(name: str) -> frozenset[str]:
    """The name's words cut to five letters, so that case endings do not count."""
    return frozenset(word[:5] for word in _NAME_RE.sub(" ", name).casefold().split())


def _same_occupation(listed: frozenset[str], card: frozenset[str]) -> bool:
    """Whether a listed name and a card's name are one occupation.

    The list and the cards word one occupation with small differences (a case
    ending, an alternative name in parentheses on one side only): the shorter
    name's words must nearly all be in the longer one.
    """
    shorter = min(len(listed), len(card))
    return shorter > 0 and len(listed & card) / shorter >= _SAME_NAME


# Share of the shorter name's words found in the longer one (3 of 4 words).
_SAME_NAME = 0.75


def check_occupation_list(doc: m.Document, at: Locator) -> None:
    """Each listed occupation level has a card, and each card is listed at its level."""
    listed = [
        (_words(occupation.name), level, occupation)
        for occupation in doc.standard.occupations
        for level in occupation.levels
    ]
    if not listed:
        return
    cards = [(_words(card.name), card) for card in doc.cards]
    for words, level, occupation in listed:
        if not any(c.level == level and _same_occupation(words, w) for w, c in cards):
            at.add(
                "layout-occupation-list",
                "warning",
                occupation.span,
                N_("occupation “%(name)s” is listed at level %(level)s but has no card of it"),
                {"name": occupation.name, "level": level},
                element_id=occupation.id,
                expected=f"a card {occupation.name} @ {level}",
            )
    for words, card in cards:
        if card.level is None or any(
            lvl == card.level and _same_occupation(w, words) for w, lvl, _ in listed
        ):
            continue
        at.add(
            "layout-occupation-list",
            "warning",
            card.source,
            N_("card %(card)s is not in the list of occupations at level %(level)s"),
            {"card": card.id, "level": card.level},
            element_id=card.id,
            expected="an entry of the list of occupations",
            found=card.name,
        )
