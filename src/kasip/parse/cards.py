"""Stage 4: read profession cards from the rows of the annex.

A card opens with its ``Кәсіп карточкасы`` / ``Карточка профессии`` row and
runs to the next one. Rows are read by their label; the labour-function block
(every row between the header rows and the personal-competencies row) goes to
``functions.py``. Element IDs are given here: ``{code}@{level}``, then
``/f{n}``, ``/t{n}``, ``/s{n}``, ``/k{n}`` by position.
"""

from __future__ import annotations

import re
from collections import Counter

from kasip import model as m
from kasip.model import ids
from kasip.parse import values as v
from kasip.parse.build import build_functions
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.functions import read_block
from kasip.parse.items import split_items
from kasip.parse.rows import BLOCK, UNKNOWN, Row
from kasip.parse.segments import segment_cells
from kasip.parse.source import Source
from kasip.text.slug import slugify

_QUOTES = "\"«»“”„'"


def opens_card(row: Row, current: list[Row] | None) -> bool:
    """A card row opens a card; so does a code row when the open card has a code.

    (Some exports lose the ``Кәсіп карточкасы`` row of a card, its code row is
    then the first sign of the next card.)
    """
    if row.kind == "card":
        return True
    return row.kind == "code" and (current is None or any(r.kind == "code" for r in current))


def split_cards(rows: list[Row]) -> list[list[Row]]:
    """Cut the annex rows into cards."""
    cards: list[list[Row]] = []
    for row in rows:
        if row.kind == "note":
            continue  # amendment notes between cards are read by the head stage
        if opens_card(row, cards[-1] if cards else None):
            cards.append([row])
        elif cards:
            cards[-1].append(row)
    return cards


def read_cards(source: Source, rows: list[Row], diags: Diagnostics) -> list[m.ProfessionCard]:
    """Read every card of the annex, with stable IDs."""
    groups = split_cards(rows)
    full_codes = _full_codes(source, rows)
    seen: Counter[str] = Counter()
    cards = []
    for group in groups:
        if _is_definition_table(source, group):
            diags.add(
                "warning",
                "not-a-card",
                "rows named like a card's hold definitions (a table of terms): not read as a card",
                offset=group[0].start,
                expected="an occupation code in the code row",
                found=source.text[group[0].start : group[0].end],
            )
            continue
        cards.append(_read_card(source, group, full_codes, seen, diags))
    return cards


_DEFINITION_MIN = 30


def _is_definition_table(source: Source, group: list[Row]) -> bool:
    """A table of terms whose first column repeats the card labels.

    (An annex may define "Карточка профессии", "Код профессии", ... in a
    two-column glossary: the code row then holds a sentence, not a code.)
    """
    code_row = next((row for row in group if row.kind == "code"), None)
    if code_row is None:
        return False
    start, end = _row_value(source, code_row)
    value = source.view[start:end]
    return len(value) > _DEFINITION_MIN and not any(ch.isdigit() for ch in value)


def _full_codes(source: Source, rows: list[Row]) -> set[str]:
    codes: set[str] = set()
    for row in rows:
        if row.kind in ("code", "other_names"):
            codes.update(
                c.code for c in v.find_codes(source, row.start, row.end) if c.full and c.code
            )
    return codes


# The code-like start of a code cell that holds no full code: a group code
# ("2139 «IT-специалисты…»" in the NPP layouts) or a short code ("3412-008").
_ID_PART_RE = re.compile(r"\d{4}(?:\s*[-‐–]\s*\d{1,3}){0,2}")


def _id_part(as_written: str) -> str | None:
    """The ID part of a card whose code is not a full one: its code-like start, never spaces.

    A cell without one gives none (:func:`kasip.model.ids.card_id` writes "card").

    >>> _id_part("2139 «IT-специалисты, не вошедшие в другие группы»"), _id_part("3412 – 008")
    ('2139', '3412-008')
    >>> _id_part("-") is None
    True
    """
    found = _ID_PART_RE.search(as_written)
    if found is None:
        return None
    return re.sub(r"\s+", "", found.group()).replace("‐", "-").replace("–", "-")


def _name_part(name: str) -> str | None:
    """The ID part of a card without any code: its name, transliterated.

    >>> _name_part("«Специалист по веб-аналитике»")
    'spetsialist-po-veb-analitike'
    """
    return slugify(name, max_length=_NAME_PART_LENGTH) or None


_NAME_PART_LENGTH = 48


class _Fields:
    """The values of one card's rows as they are read."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[int, int]] = {}
        self.fields: list[m.CardField] = []
        self.block: list[Row] = []
        self.rows: dict[str, Row] = {}
        self.all_rows: dict[str, list[Row]] = {}
        self.last_kind: str | None = None


def _read_card(
    source: Source,
    group: list[Row],
    full_codes: set[str],
    seen: Counter[str],
    diags: Diagnostics,
) -> m.ProfessionCard:
    first_diagnostic = len(diags.items)
    fields = _Fields()
    for row in group:
        _take_row(source, row, fields, diags)
    code, as_written, normalised = _card_code(source, fields, full_codes, diags)
    level_text = _value(source, fields, "level")
    level, sublevels = _card_level(source, fields, level_text, group[0].start, diags)
    code_part = code or _id_part(as_written) or _name_part(_value(source, fields, "name"))
    # Two cards with one code and level (a sub-specialisation) stay apart.
    first = ids.card_id(code_part, level)
    seen[first] += 1
    card_id = ids.card_id(code_part, level, seen[first])
    segments = segment_cells(source, [row.cells for row in fields.block], diags)
    draft = read_block(source, segments, diags)
    card = m.ProfessionCard(
        id=card_id,
        code=code,
        code_as_written=as_written,
        code_normalised=normalised,
        title=_unquote(_value(source, fields, "card")),
        name=_value(source, fields, "name"),
        other_names=_other_names(source, fields, card_id),
        level=level,
        level_as_written=level_text,
        sublevels=sublevels,
        directory_requirements=_directory(source, fields, card_id),
        education=_education(source, fields, diags),
        functions=build_functions(source, draft, card_id, diags),
        personal_competencies=_competencies(source, fields, diags),
        related=_related(source, fields, card_id),
        directory_relation=_directory_relation(source, fields, card_id),
        working_conditions=_value(source, fields, "conditions"),
        fields=tuple(
            f.model_copy(update={"id": ids.part_id(card_id, ids.FIELD, n)})
            for n, f in enumerate(fields.fields, start=1)
        ),
        source=source.span(group[0].start, max(row.end for row in group)),
    )
    diags.attach(first_diagnostic, card_id)
    return card


def _card_level(
    source: Source, fields: _Fields, level_text: str, card_start: int, diags: Diagnostics
) -> tuple[int | None, tuple[str, ...]]:
    level, sublevels = v.read_level(level_text)
    offset = fields.values.get("level", (card_start, 0))[0]
    if len(v.read_levels(level_text)) > 1 and not sublevels:
        diags.add(
            "warning",
            "level-range",
            f"card covers several levels ({level_text.strip()}); read as level {level}",
            offset=offset,
            expected="one level, e.g. 6 (6.1, 6.2)",
            found=level_text,
        )
    if level is None:
        diags.add(
            "warning",
            "level-missing",
            "card has no readable SQF level",
            offset=offset,
            expected="a level 1-8",
            found=level_text,
        )
    return level, sublevels


def _education(source: Source, fields: _Fields, diags: Diagnostics) -> str:
    """The education row; else a second directory-labelled row that holds it.

    (Seed line 279: ``КА сәйкес кәсіптер үшін біліктілік деңгейі | Жоғары ...
    кәсіптік білім`` stands where the card's education row belongs.)
    """
    if "education" in fields.values:
        return _value(source, fields, "education")
    extra = fields.all_rows.get("directory", [])[1:]
    if not extra:
        return ""
    start, end = _row_value(source, extra[0])
    diags.add(
        "warning",
        "education-from-directory-row",
        "no education row: the second qualification-directory row is read as the education",
        offset=extra[0].start,
        expected="a 'Кәсіптік білім деңгейі' / 'Уровень профессионального образования' row",
        found=source.text[extra[0].cells[0].start : extra[0].cells[0].end],
    )
    return source.text[start:end]


_AFTER_BLOCK = ("competencies", "related", "directory_relation", "conditions")
# Rows that may repeat under one merged label cell (one row per level).
_REPEATABLE = ("related",)


def _take_row(source: Source, row: Row, fields: _Fields, diags: Diagnostics) -> None:
    first = row.cells[0]
    block_over = any(kind in fields.rows for kind in _AFTER_BLOCK)
    if row.kind == BLOCK and block_over and first.start == first.end and fields.last_kind:
        # A row under a merged label cell (a second related level) repeats
        # the label of the row above.
        row = Row(fields.last_kind, first.start, row.cells)
    if row.kind == BLOCK:
        fields.block.append(row)
        return
    if row.kind == UNKNOWN:
        if fields.block and "competencies" not in fields.rows:
            fields.block.append(row)
            return
        diags.add(
            "warning",
            "unknown-row",
            "card row with an unknown label",
            offset=row.start,
            expected="a card row label",
            found=source.text[row.cells[0].start : row.cells[0].end],
        )
    value_start, value_end = _row_value(source, row)
    label = source.text[row.cells[0].start : row.label_end].strip()
    fields.all_rows.setdefault(row.kind, []).append(row)
    fields.last_kind = row.kind
    if row.kind in fields.rows and row.kind not in (UNKNOWN, *_REPEATABLE):
        diags.add(
            "warning",
            "duplicate-row",
            f"second '{row.kind}' row in one card; the first is used",
            offset=row.start,
            found=label,
        )
    else:
        fields.rows[row.kind] = row
        fields.values[row.kind] = (value_start, value_end)
    fields.fields.append(
        m.CardField(
            key=row.kind,
            label=label,
            value=source.text[value_start:value_end],
            span=source.span(value_start, value_end),
        )
    )


def _row_value(source: Source, row: Row) -> tuple[int, int]:
    """The value of a label row: the cells after the label (or the label cell's rest)."""
    if len(row.cells) > 1:
        return source.trim(row.cells[1].start, row.cells[-1].end)
    return source.trim(row.label_end, row.cells[0].end)


def _value(source: Source, fields: _Fields, key: str) -> str:
    start, end = fields.values.get(key, (0, 0))
    return source.text[start:end]


def _unquote(text: str) -> str:
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        return stripped[1:-1].strip()
    return stripped


def _card_code(
    source: Source, fields: _Fields, full_codes: set[str], diags: Diagnostics
) -> tuple[str | None, str, bool]:
    start, end = fields.values.get("code", (0, 0))
    codes = v.find_codes(source, start, end) if end > start else []
    as_written = source.text[start:end].strip()
    if not codes:
        # A code row left empty (or "-") on a named card is what the document says
        # (NPP standards leave new occupations without a code): the card is kept,
        # with an ID from its name. A card with neither is no card to import.
        stated = "code" in fields.rows and bool(_value(source, fields, "name").strip(' -–—«»"'))
        diags.add(
            "error" if end <= start and not stated else "warning",
            "code-missing",
            "card has no readable occupation code"
            + ("; its ID is made from its name" if end <= start and stated else ""),
            offset=start,
            expected="NNNN-N-NNN",
            found=as_written,
        )
        return None, as_written, False
    found = codes[0]
    if found.full:
        return found.code, found.as_written, False
    completed = v.complete_code(found.code or "", full_codes)
    if completed:
        return completed, found.as_written, True
    diags.add(
        "warning",
        "code-short-form",
        "short occupation code kept as written: the standard shows no full form for it",
        offset=found.start,
        expected="NNNN-N-NNN",
        found=found.as_written,
    )
    return found.code, found.as_written, False


def _other_names(source: Source, fields: _Fields, card_id: str) -> tuple[m.OtherName, ...]:
    start, end = fields.values.get("other_names", (0, 0))
    names = []
    pieces = [
        piece
        for piece in v.split_other_names(source, start, end)
        if piece[2] is not None or not v.is_none_value(source.text[piece[0] : piece[1]])
    ]
    for position, (s, e, code) in enumerate(pieces, start=1):
        names.append(
            m.OtherName(
                id=ids.part_id(card_id, ids.OTHER_NAME, position),
                name=source.text[s:e],
                code=code.code if code else None,
                code_as_written=code.as_written if code else None,
                span=source.span(code.start if code else s, e),
            )
        )
    return tuple(names)


def _directory(source: Source, fields: _Fields, card_id: str) -> m.DirectoryRequirements | None:
    row = fields.rows.get("directory")
    if row is None:
        return None
    start, end = fields.values["directory"]
    categories = tuple(
        m.QualificationCategory(
            id=ids.part_id(ids.part_id(card_id, ids.DIRECTORY), ids.CATEGORY, n),
            category=c.category,
            education=c.education,
            min_experience_years=c.years,
            experience_in=c.experience_in,
            raw=source.text[c.start : c.end],
            span=source.span(c.start, c.end),
        )
        for n, c in enumerate(v.read_categories(source, start, end), start=1)
    )
    return m.DirectoryRequirements(
        id=ids.part_id(card_id, ids.DIRECTORY),
        label=source.text[row.cells[0].start : row.cells[0].end],
        raw=source.text[start:end],
        categories=categories,
        span=source.span(start, end),
    )


def _competencies(source: Source, fields: _Fields, diags: Diagnostics) -> tuple[str, ...]:
    start, end = fields.values.get("competencies", (0, 0))
    items = split_items(source, start, end, diags) if end > start else []
    if any(item.number is not None for item in items):
        return tuple(source.text[i.start : i.end].rstrip(".;, ") for i in items)
    parts = re.split(r"[,;\n]\s*|\.\s*", source.text[start:end])
    return tuple(part.strip() for part in parts if part.strip())


def _related(source: Source, fields: _Fields, card_id: str) -> tuple[m.RelatedOccupation, ...]:
    found: list[m.RelatedOccupation] = []
    for row in fields.all_rows.get("related", []):
        related = _related_row(source, row, ids.part_id(card_id, ids.RELATED, len(found) + 1))
        if related is not None:
            found.append(related)
    return tuple(found)


_LEVEL_NAME_DASH_RE = re.compile(r"(?<!\s)\s+[–—-]\s+")


def _related_parts(source: Source, row: Row) -> tuple[tuple[int, int], tuple[int, int]]:
    """(level, names) spans: from cells, or from ``label: 6-деңгей – name`` in one cell."""
    cells = [c for c in row.cells[1:] if c.start < c.end]
    if len(cells) > 1:
        return (cells[0].start, cells[0].end), (cells[1].start, cells[-1].end)
    start, end = (cells[0].start, cells[0].end) if cells else _row_value(source, row)
    dash = _LEVEL_NAME_DASH_RE.search(source.view, start, end)
    if dash is None:
        return (start, end), (0, 0)
    return (start, dash.start()), (dash.end(), end)


def _related_row(source: Source, row: Row, related_id: str) -> m.RelatedOccupation | None:
    (level_start, level_end), (names_start, names_end) = _related_parts(source, row)
    level_text = source.text[level_start:level_end]
    level, _ = v.read_level(level_text)
    names = tuple(
        text
        for s, e in _sentences(source, names_start, names_end)
        if not v.is_none_value(text := source.text[s:e].strip())
    )
    if level is None and not names:
        return None  # "- | -": no related occupation
    return m.RelatedOccupation(
        id=related_id,
        level=level,
        level_as_written=level_text,
        names=names,
        span=source.span(level_start, max(level_end, names_end)),
    )


def _sentences(source: Source, start: int, end: int) -> list[tuple[int, int]]:
    """Names glued with a full stop (``...меңгерушісі.Әлеуметтік...``)."""
    cuts = [mt.start() for mt in re.finditer(r"\.(?=\S)|;|\n", source.view[start:end])]
    spans, cursor = [], start
    for cut in [*(start + c for c in cuts), end]:
        s, e = source.trim(cursor, cut)
        while e > s and source.view[e - 1] in ".;":
            e -= 1
        if s < e:
            spans.append((s, e))
        cursor = cut + 1
    return spans


def _directory_relation(
    source: Source, fields: _Fields, card_id: str
) -> m.DirectoryRelation | None:
    row = fields.rows.get("directory_relation")
    if row is None:
        return None
    cells = row.cells[1:]
    positions = source.text[cells[0].start : cells[0].end] if cells else ""
    directory = source.text[cells[1].start : cells[-1].end] if len(cells) > 1 else ""
    start, end = _row_value(source, row)
    return m.DirectoryRelation(
        id=ids.part_id(card_id, ids.RELATION),
        positions=positions,
        directory=directory,
        span=source.span(start, end),
    )
