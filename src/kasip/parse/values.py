"""Reading the values of card rows: codes, levels, other names, requirements.

Occupation codes follow the national classifier of occupations (НКЗ / КҚЖ):
``NNNN-N-NNN``. Some cards print the short form ``NNNN-NNN``; it is completed
only from a full form that the same standard prints elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kasip.model.ids import OCCUPATION_CODE_RE, occupation_code
from kasip.parse.patterns import LEVEL_RE, SUBLEVEL_RE
from kasip.parse.source import Source
from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER

_NAME_SEPARATORS_RE = re.compile(
    r"[;\n]"  # _clean_name trims the blanks around
    # Names written one after another without a mark (NPP documents: two names in
    # one paragraph): a capitalised word after a word in lower case opens the next.
    rf"|(?<=[{CYRILLIC_LOWER}])\s+(?=[{CYRILLIC_UPPER}][{CYRILLIC_LOWER}])"
)
_DASH_RE = re.compile(r"\s*[–—-]\s*")  # used with match(): anchored at pos
_YEARS_RE = re.compile(
    r"(?:кемінде|не\s+менее|минимум)?(?<!\s)\s*(?<!\d)(\d+(?:[.,]\d+)?)\s*(?:жыл|лет|года|год)",
    re.IGNORECASE,
)
# A category opens a requirement: at the start or after ``;``/``.``/``:``, and is
# followed by ``:`` or a dash (``жоғары санат – ...``, ``высшая категория: ...``).
_CATEGORY_RE = re.compile(
    r"(?:(?<=^)|(?<=[;.:]))\s*(?P<cat>(?:жоғары|бірінші|екінші|үшінші)\s+санат\w*"
    r"|санат\w*\s+жоқ|санатсыз|[IІ]{1,3}\s+санатты\s+\w+|\d\s*-\s*санатты\s+\w+"
    r"|высш\w+\s+категори\w*|перв\w+\s+категори\w*|втор\w+\s+категори\w*"
    r"|без\s+категории)\s*(?::|\s[–—-]\s|[–—])\s*",
    re.IGNORECASE,
)
_EXPERIENCE_LEAD_RE = re.compile(
    r"^(?:және|и|,)?\s*(?:жұмыс\s+өтілі|еңбек\s+өтілі|стаж\w*\s+работы|стаж\w*)?\s*",
    re.IGNORECASE,
)


_NONE_VALUE_RE = re.compile(r"[-–—]*|жоқ|нет|отсутству\w*|не\s+предусмотрен\w*", re.IGNORECASE)


def is_none_value(text: str) -> bool:
    """True for cells that say "none": ``-``, ``Жоқ``, ``нет``.

    Example:
        >>> is_none_value("Жоқ"), is_none_value(" - "), is_none_value("Маман")
        (True, True, False)
    """
    return _NONE_VALUE_RE.fullmatch(text.strip().rstrip(".")) is not None


@dataclass(frozen=True)
class CodeValue:
    code: str | None
    as_written: str
    start: int
    end: int
    full: bool


def find_codes(source: Source, start: int, end: int) -> list[CodeValue]:
    """Every occupation code in ``[start, end)``."""
    found = []
    for match in OCCUPATION_CODE_RE.finditer(source.view, start, end):
        found.append(
            CodeValue(
                occupation_code(match),
                source.text[match.start() : match.end()],
                match.start(),
                match.end(),
                match.group(2) is not None,
            )
        )
    return found


def complete_code(short: str, full_codes: set[str]) -> str | None:
    """The one full code that completes ``NNNN-NNN``, if the standard shows it.

    Example:
        >>> complete_code("3412-008", {"3412-0-008", "2635-3-001"})
        '3412-0-008'
        >>> complete_code("3412-008", {"3412-0-005"}) is None
        True
    """
    group, tail = short.split("-")
    matches = {c for c in full_codes if c.startswith(group + "-") and c.endswith("-" + tail)}
    return matches.pop() if len(matches) == 1 else None


def read_level(text: str) -> tuple[int | None, tuple[str, ...]]:
    """Level and sublevels from ``6 (6.1., 6.2., 6.3.)``.

    Example:
        >>> read_level("6 (6.1., 6.2., 6.3.)")
        (6, ('6.1', '6.2', '6.3'))
        >>> read_level("7")
        (7, ())
    """
    sublevels = tuple(dict.fromkeys(SUBLEVEL_RE.findall(text)))
    without = SUBLEVEL_RE.sub(" ", text)
    match = LEVEL_RE.search(without)
    level = int(match.group(1)) if match else None
    if level is None and sublevels:
        level = int(sublevels[0][0])
    return level, sublevels


def read_levels(text: str) -> tuple[int, ...]:
    """Levels of a list entry: ``4-6`` → (4, 5, 6); ``6-7`` → (6, 7); ``7`` → (7,).

    Example:
        >>> read_levels("СБШ бойынша 4-6 біліктілік деңгейлері")
        (4, 5, 6)
    """
    ranged = re.search(r"(?<![\d.])([1-8])\s*[-–—]\s*([1-8])(?![\d])", text)
    if ranged:
        low, high = int(ranged.group(1)), int(ranged.group(2))
        if low <= high:
            return tuple(range(low, high + 1))
    return tuple(int(m) for m in dict.fromkeys(LEVEL_RE.findall(text)))


def split_other_names(
    source: Source, start: int, end: int
) -> list[tuple[int, int, CodeValue | None]]:
    """Cut an other-names cell into (start, end, code) names.

    A cell may pack several ``code name`` pairs glued together
    (``...маманы3412-0-005 Әлеуметтік...``), separate them with ``;`` or a new
    line, or give names without codes.
    """
    codes = find_codes(source, start, end)
    pieces: list[tuple[int, int, CodeValue | None]] = []
    if codes and all(_in_brackets(source, code) for code in codes):
        return _names_before_bracketed_codes(source, start, end, codes)
    if codes:
        lead_end = codes[0].start
        pieces.extend(_plain_names(source, start, lead_end))
        bounds = [c.start for c in codes[1:]] + [end]
        for code, stop in zip(codes, bounds, strict=True):
            for index, (s, e, _) in enumerate(_plain_names(source, code.end, stop)):
                pieces.append((s, e, code if index == 0 else None))
    else:
        pieces.extend(_plain_names(source, start, end))
    return pieces


def _in_brackets(source: Source, code: CodeValue) -> bool:
    view = source.view
    before, after = code.start, code.end
    while before > 0 and view[before - 1].isspace():
        before -= 1
    while after < len(view) and view[after].isspace():
        after += 1
    return before > 0 and view[before - 1] == "(" and after < len(view) and view[after] == ")"


def _names_before_bracketed_codes(
    source: Source, start: int, end: int, codes: list[CodeValue]
) -> list[tuple[int, int, CodeValue | None]]:
    """``Мейіргер (2221-2-001), аға мейіргер (2221-2-002)``: each code follows its name."""
    pieces: list[tuple[int, int, CodeValue | None]] = []
    cursor = start
    for code in codes:
        open_at = source.view.rfind("(", cursor, code.start)
        s, e = _clean_name(source, cursor, open_at)
        while s < e and source.view[s] in ",;":
            s, e = _clean_name(source, s + 1, e)
        if s < e:
            pieces.append((s, e, code))
        close_at = source.view.find(")", code.end, end)
        cursor = close_at + 1 if close_at >= 0 else code.end
    pieces.extend(
        (s, e, None)
        for s, e, _ in _plain_names(source, cursor, end)
        if source.view[s:e].strip(" ,;")
    )
    return pieces


def _plain_names(source: Source, start: int, end: int) -> list[tuple[int, int, None]]:
    names: list[tuple[int, int, None]] = []
    cursor = start
    for sep in [*_NAME_SEPARATORS_RE.finditer(source.view, start, end), None]:
        stop = sep.start() if sep else end
        s, e = _clean_name(source, cursor, stop)
        if s < e:
            names.append((s, e, None))
        cursor = sep.end() if sep else end
    return names


def _clean_name(source: Source, start: int, end: int) -> tuple[int, int]:
    start, end = source.trim(start, end)
    dash = _DASH_RE.match(source.view, start, end)
    if dash:
        start = dash.end()
    while end > start and source.view[end - 1] in " .;,":
        end -= 1
    return start, end


@dataclass(frozen=True)
class CategoryValue:
    category: str
    education: str
    years: float | None
    experience_in: str
    start: int
    end: int


def read_categories(source: Source, start: int, end: int) -> list[CategoryValue]:
    """Qualification-directory categories with education and experience."""
    # Matched on the slice so that ``^`` means the start of the value.
    marks = list(_CATEGORY_RE.finditer(source.view[start:end]))
    if not marks:
        return []
    values = []
    bounds = [start + m.start() for m in marks[1:]] + [end]
    for mark, stop in zip(marks, bounds, strict=True):
        s, e = source.trim(start + mark.start("cat"), stop)
        body = source.text[start + mark.end() : e].strip().rstrip(";.")
        values.append(_category(mark.group("cat"), body, s, e))
    return values


def _category(name: str, body: str, start: int, end: int) -> CategoryValue:
    years = _YEARS_RE.search(body)
    education, experience_in = body, ""
    if years:
        education = body[: years.start()].strip(" ,;")
        tail = body[years.end() :].strip(" ,;.")
        head = body[: years.start()]
        cut = max(head.rfind(" және "), head.rfind(" и "))
        if cut > 0:
            education = head[:cut].strip(" ,;")
            lead = _EXPERIENCE_LEAD_RE.sub("", head[cut:].strip(" ,;"), count=1)
            experience_in = lead + (" " + tail if tail else "")
        else:
            experience_in = tail
    value = float(years.group(1).replace(",", ".")) if years else None
    return CategoryValue(name.strip(), education, value, experience_in.strip(), start, end)
