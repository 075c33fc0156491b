"""Layout rules of a card's rows: required rows, the code and its group, the level.

The official form of a profession card (the annex to the rules for developing
professional standards) has a code, a name, a qualification level, labour
functions with skills and knowledge, education and experience, related
occupations and personal competencies. The occupation code is that of the
national classifier of occupations, ``NNNN-N-NNN``: its first four digits are
the unit group, which must be one the passport names (points 7-8) where the
passport writes group codes, and the card's own ``Код группы`` row where it has
one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kasip import model as m
from kasip.lint.findings import N_, ROW_NAMES
from kasip.lint.place import Locator
from kasip.model.vocabulary import QUALIFICATION_LEVELS

__all__ = ["check_card_rows", "check_code", "check_levels"]

_CODE_RE = re.compile(r"\d{4}-\d-\d{3}")
# A group code as a passport or a ``Код группы`` row writes it: ``2524``, ``2524-0``.
_GROUP_CODE_RE = re.compile(r"(?<![\d-])(\d{4})(?:-\d)?(?![\d-])")
_SUBLEVEL_RE = re.compile(r"(\d)\.(\d{1,2})")
_WRITTEN_SUBLEVEL_RE = re.compile(r"(?<![\d.])\d\.\d{1,2}(?![\d.]*\d)")


def _has_row(card: m.ProfessionCard, key: str) -> bool:
    # A row filled with "-" says "none" (no related occupation): it is there.
    return any(f.key == key and f.value.strip() for f in card.fields)


def _row_present(card: m.ProfessionCard, row: str) -> bool:
    present = {
        "code": bool(card.code_as_written.strip(" -–—")),
        "name": bool(card.name.strip(' -–—«»"')),
        "level": card.level is not None,
        "functions": bool(card.functions),
        "education": bool(card.education.strip(" -–—")) or _has_row(card, "education"),
        "related": bool(card.related) or _has_row(card, "related"),
        "competencies": bool(card.personal_competencies) or _has_row(card, "competencies"),
    }
    return present[row]


def check_card_rows(card: m.ProfessionCard, at: Locator) -> None:
    """Each row the form requires of a card, present with a value."""
    for row, name in ROW_NAMES.items():
        if not _row_present(card, row):
            at.add(
                "layout-row-missing",
                "warning",
                card.source,
                N_("card %(card)s: no row “%(row)s”"),
                {"card": card.id, "row": name},
                translated=("row",),
                element_id=card.id,
                expected=name,
            )


def passport_group_codes(passport: m.Passport) -> set[str]:
    """The unit-group codes the passport writes in its groups and subgroups (often none).

    Example:
        >>> sorted(passport_group_codes(m.Passport(groups=("2512 Разработчики ПО",))))
        ['2512']
    """
    return {
        match.group(1)
        for entry in (*passport.groups, *passport.subgroups)
        for match in _GROUP_CODE_RE.finditer(entry)
    }


def check_code(card: m.ProfessionCard, groups: set[str], at: Locator) -> None:
    """The code's form, and its group against the card's group row and the passport."""
    written = card.code_as_written.strip()
    if not written or written in "-–—":
        return
    code = card.code or written
    if not _CODE_RE.fullmatch(code):
        at.add(
            "layout-code-format",
            "warning",
            card.source,
            N_("the code of card %(card)s is not in the form of the classifier of occupations"),
            {"card": card.id},
            element_id=card.id,
            expected="NNNN-N-NNN",
            found=written,
        )
        return
    own_groups = {
        match.group(1)
        for f in card.fields
        if f.key == "group_code"
        for match in _GROUP_CODE_RE.finditer(f.value)
    }
    for codes, message in (
        (
            own_groups,
            N_("the code %(code)s of card %(card)s is not in its group row's group %(groups)s"),
        ),
        (
            groups,
            N_("the code %(code)s of card %(card)s is in none of the passport's groups %(groups)s"),
        ),
    ):
        if codes and code[:4] not in codes:
            at.add(
                "layout-code-group",
                "warning",
                card.source,
                message,
                {"code": code, "card": card.id, "groups": ", ".join(sorted(codes))},
                element_id=card.id,
                expected=", ".join(sorted(codes)),
                found=code,
            )


def check_levels(card: m.ProfessionCard, at: Locator) -> None:
    """The level within 1-8, and each sublevel a sublevel of it, once, in order."""
    level = card.level
    if level is not None and level not in QUALIFICATION_LEVELS:
        at.add(
            "layout-level",
            "error",
            card.source,
            N_("card %(card)s has level %(level)s, outside levels 1-8"),
            {"card": card.id, "level": level},
            element_id=card.id,
            expected="1-8",
            found=str(level),
        )
    # As written: the parser keeps each sublevel once, in order.
    written = _WRITTEN_SUBLEVEL_RE.findall(card.level_as_written)
    _check_sublevels(card, written or card.sublevels, at)


def _check_sublevels(card: m.ProfessionCard, sublevels: Iterable[str], at: Locator) -> None:
    seen: list[tuple[int, int]] = []
    for sublevel in sublevels:
        match = _SUBLEVEL_RE.fullmatch(sublevel)
        parts = (int(match.group(1)), int(match.group(2))) if match else None
        message = ""
        if parts is None or parts[1] == 0:
            message = N_("sublevel %(sublevel)s of card %(card)s is not a sublevel")
        elif card.level is not None and parts[0] != card.level:
            message = N_("sublevel %(sublevel)s of card %(card)s is not a sublevel of its level")
        elif parts in seen:
            message = N_("sublevel %(sublevel)s of card %(card)s is written twice")
        elif seen and parts < seen[-1]:
            message = N_("sublevel %(sublevel)s of card %(card)s is out of order")
        if parts is not None:
            seen.append(parts)
        if message:
            at.add(
                "layout-sublevel",
                "warning",
                card.source,
                message,
                {"sublevel": sublevel, "card": card.id},
                element_id=card.id,
                expected=f"{card.level}.1, {card.level}.2, …" if card.level else "",
                found=sublevel,
            )
