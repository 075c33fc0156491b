"""A worker's ratings as a file: CSV (UTF-8) or XLSX, one element per row (docs/gaps.md).

The columns, named in the first row in any order: ``element`` (the element ID,
required), ``rating`` (``not-yet``, ``partly`` or ``fully``; the Kazakh and
Russian words, ``0``/``1``/``2`` and blank, for not rated, are read too) and
``evidence`` (optional: what shows it); other columns are left out. The header
may be in Kazakh or Russian (``элемент``, ``бағалау``/``оценка``,
``дәлел``/``подтверждение``) or use other usual names (``element_id``,
``level``, ``comment``).
:func:`ratings_template` writes the file to fill in for a card.

Example:
    >>> data = "element,rating\\nA@5/f1/t1/s1,частично\\n".encode()
    >>> rows = read_ratings(data, name="r.csv")
    >>> [(r.element, r.rating) for r in rows]
    [('A@5/f1/t1/s1', 'partly')]
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.errors import ImportRejected
from kasip.formats.tables import TableRow, read_table
from kasip.gaps.analysis import card_elements
from kasip.gaps.models import ElementRating, Rating
from kasip.model import ProfessionCard

__all__ = ["COLUMNS", "MAX_RATINGS", "rating_of", "ratings_template", "read_ratings"]

COLUMNS = ("element", "rating", "evidence", "type", "text")
MAX_RATINGS = 5000
MAX_PROBLEMS = 20
# Other names people give the columns (the header is read lower-cased, spaces as "_").
_ALIASES = {
    "element_id": "element",
    "item": "element",
    "item_id": "element",
    "элемент": "element",
    "id": "element",
    "level": "rating",
    "status": "rating",
    "self_rating": "rating",
    "comment": "evidence",
    "comments": "evidence",
    "note": "evidence",
    "notes": "evidence",
    "оценка": "rating",
    "бағалау": "rating",
    "бағасы": "rating",
    "подтверждение": "evidence",
    "доказательство": "evidence",
    "дәлел": "evidence",
    "дәлелі": "evidence",
    "тип": "type",
    "түрі": "type",
    "текст": "text",
    "мәтін": "text",
}
# What people write for each rating, in English, Russian and Kazakh.
_WORDS: dict[str, Rating | None] = {
    "": None,
    "not-yet": "not-yet",
    "not yet": "not-yet",
    "none": "not-yet",
    "no": "not-yet",
    "0": "not-yet",
    "нет": "not-yet",
    "пока нет": "not-yet",
    "не владеет": "not-yet",
    "жоқ": "not-yet",
    "әлі жоқ": "not-yet",
    "partly": "partly",
    "partial": "partly",
    "partially": "partly",
    "1": "partly",
    "частично": "partly",
    "ішінара": "partly",
    "жартылай": "partly",
    "fully": "fully",
    "full": "fully",
    "completely": "fully",
    "yes": "fully",
    "2": "fully",
    "полностью": "fully",
    "да": "fully",
    "толық": "fully",
    "толығымен": "fully",
    "иә": "fully",
}


def rating_of(text: str) -> Rating | None:
    """The rating a word means (None for blank: not rated).

    Raises:
        ValueError: The word is not a rating.
    """
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key.replace(" ", "-") in _WORDS:
        return _WORDS[key.replace(" ", "-")]
    if key not in _WORDS:
        raise ValueError(f"{text.strip()!r} is not a rating (not-yet, partly or fully)")
    return _WORDS[key]


def read_ratings(
    data: bytes, *, name: str, card: ProfessionCard | None = None
) -> list[ElementRating]:
    """The ratings of a CSV or XLSX file, each row an element (of ``card``, when given).

    Raises:
        ImportRejected: The file cannot be read, or rows are wrong; every
            problem (the first :data:`MAX_PROBLEMS`) is named by row and column.
    """
    rows = read_table(
        data,
        name=name,
        columns=COLUMNS,
        required=("element", "rating"),
        aliases=_ALIASES,
        max_rows=MAX_RATINGS,
        ignore_unknown=True,  # a worker's own columns (a function's name, a date) are no harm
    )
    known = {e.id for e in card_elements(card)} if card is not None else None
    found: dict[str, ElementRating] = {}
    problems: list[str] = []
    for row in rows:
        try:
            rating = _rating(row)
            if known is not None and rating.element not in known:
                raise ValueError(
                    f"row {row.number}, column element: {rating.element} is not a skill or "
                    f"knowledge element of card {card.id if card else ''}"
                )
            if rating.element in found:
                raise ValueError(f"row {row.number}, column element: {rating.element} again")
            found[rating.element] = rating
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        raise ImportRejected(
            f"{len(problems)} problem(s): {'; '.join(problems[:3])}",
            source_name=name,
            problems=problems[:MAX_PROBLEMS],
        )
    return list(found.values())


def _rating(row: TableRow) -> ElementRating:
    element = row.values.get("element", "").strip()
    if not element:
        raise ValueError(f"row {row.number}, column element: no element ID")
    try:
        rating = rating_of(row.values.get("rating", ""))
    except ValueError as exc:
        raise ValueError(f"row {row.number}, column rating: {exc}") from exc
    evidence = row.values.get("evidence", "").strip()
    if len(evidence) > 2000:
        raise ValueError(f"row {row.number}, column evidence: longer than 2000 characters")
    return ElementRating(element=element, rating=rating, evidence=evidence)


def ratings_template(
    card: ProfessionCard, given: Sequence[ElementRating] = ()
) -> list[dict[str, str]]:
    """The rows of the ratings file for ``card``: every element, its type and text,
    with the ratings ``given`` filled in (the rest blank, to fill)."""
    by_id = {r.element: r for r in given}
    return [
        {
            "element": e.id,
            "type": e.type,
            "text": e.text,
            "rating": (r.rating or "") if (r := by_id.get(e.id)) else "",
            "evidence": r.evidence if r else "",
        }
        for e in card_elements(card)
    ]
