"""Parts of the head that the NPP layouts give as tables, not numbered points.

The ministry form numbers its head (point 7 the groups, point 9 the list of
occupations); the National Chamber's standards give a passport table with
``Профессиональная группа: …`` lines and a table ``Перечень карточек профессий``
(issue 9). These read them where the points gave nothing.
"""

from __future__ import annotations

import re

from kasip import model as m
from kasip.model import ids
from kasip.parse.paragraphs import Paragraph
from kasip.parse.source import Source
from kasip.parse.values import read_levels

__all__ = ["occupation_table", "passport_rows"]

_I = re.IGNORECASE


def passport_rows(source: Source, paras: list[Paragraph], passport: m.Passport) -> m.Passport:
    """The NPP passport table's groups, where points 7 and 8 gave none.

    (``Названия группы | Основная группа: …`` / ``Профессиональная группа: …`` /
    ``Профессиональная подгруппа: …``, one line each.)
    """
    if passport.groups or passport.subgroups:
        return passport
    found: dict[str, list[str]] = {"groups": [], "subgroups": []}
    for para in paras:
        for match in _GROUP_ROW_RE.finditer(source.text, para.start, para.end):
            key = "subgroups" if match.group(1).lower().startswith("подгрупп") else "groups"
            found[key].append(match.group(2).strip().rstrip(".;").strip())
    return passport.model_copy(
        update={"groups": tuple(found["groups"]), "subgroups": tuple(found["subgroups"])}
    )


_GROUP_ROW_RE = re.compile(
    r"профессиональная\s+(групп\w*|подгрупп\w*)\s*:[ \t]*"
    r"((?:(?!профессиональная\s+(?:групп|подгрупп))[^\n\t|]){3,})",
    _I,
)


def occupation_table(source: Source, paras: list[Paragraph]) -> tuple[m.Occupation, ...]:
    """The NPP layouts' list of occupations: a table, not point 9.

    ``Перечень карточек профессий | Специалист … | 5-7-й уровни ОРК`` and rows under
    the merged label cell (``\t|\tШифровальщик данных\t|\t5-7-й уровни ОРК``); one
    occupation listed once per level (``Администратор баз данных | 4-й уровень
    ОРК``, then ``| 5-й уровень ОРК``) is one entry with its levels.
    """
    start = next((i for i, p in enumerate(paras) if _OCCUPATION_TABLE_RE.match(
        source.view, p.start, p.end)), None)  # fmt: skip
    if start is None:
        return ()
    entries: dict[str, tuple[Paragraph, list[str], list[int]]] = {}
    name = ""
    for index, para in enumerate(paras[start:]):
        cells = [cell.strip() for cell in source.text[para.start : para.end].split("|")]
        if index and (cells[0] or len(cells) < _TABLE_CELLS):
            break  # a row with a label of its own, or no table row: the list is over
        filled = [cell for cell in cells[1:] if cell]
        levels_text = filled[-1] if filled and read_levels(filled[-1]) else ""
        named = [cell for cell in filled if cell != levels_text]
        # A PDF merges the name cell down over the occupation's other levels.
        name = named[0] if named else name
        if not name:
            continue
        entry = entries.setdefault(name, (para, [], []))
        entry[1].append(levels_text)
        entry[2].extend(level for level in read_levels(levels_text) if level not in entry[2])
    return tuple(
        m.Occupation(
            id=f"{ids.OCCUPATION}{number}",
            number=number,
            name=name,
            levels=tuple(sorted(levels)),
            levels_as_written="; ".join(written),
            span=source.span(para.start, para.end),
        )
        for number, (name, (para, written, levels)) in enumerate(entries.items(), start=1)
    )


_OCCUPATION_TABLE_RE = re.compile(
    r"\s*перечень\s+(?:карточек\s+)?профессий\s*:?\s*\t|кәсіптер\s+(?:карточкаларының\s+)?тізбесі\s*:?\s*\t",
    _I,
)
# Label, name and levels.
_TABLE_CELLS = 3
