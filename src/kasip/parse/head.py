"""Stage 3 (head): the order, chapters 1-3 and the amendment notes.

The head of a standard is the approving order (legal basis, its points), the
approval stamp (``... № 292 бұйрығымен бекітілді`` / ``Утвержден приказом ...
№ 292``), chapter 1 (point 2 terms, point 3 abbreviations), chapter 2 (the
passport, points 4-8) and point 9 (the list of occupations). ``Ескерту`` /
``Примечание`` / ``Сноска`` paragraphs record amendments.
"""

from __future__ import annotations

import re

from kasip import model as m
from kasip.model import ids
from kasip.parse.head_tables import occupation_table, passport_rows
from kasip.parse.paragraphs import Paragraph, paragraphs
from kasip.parse.source import Line, Source
from kasip.parse.values import read_levels
from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER
from kasip.text.clean import unglue

_I = re.IGNORECASE
_MONTHS = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_KK_DATE_RE = re.compile(rf"(\d{{4}})\s*(?:жылғы|ж\.)\s*(\d{{1,2}})\s*({_MONTH})\w*", _I)
_RU_DATE_RE = re.compile(rf"(\d{{1,2}})\s+({_MONTH})\w*\s+(\d{{4}})\s*(?:года|г\.)?", _I)
_NUM_DATE_RE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# Order numbers: ``292``, ``382/НҚ``, ``ҚР ДСМ-21`` (upper-case prefix words).
_ORDER_NUMBER = rf"((?:[A-Z{CYRILLIC_UPPER}]{{1,6}}\s+)*[\w/-]*\d[\w/-]*)"
_ORDER_NO_RE = re.compile(r"№\s*" + _ORDER_NUMBER)
_STAMP_RE = re.compile(r"бекітіл|утвержд", _I)
_NOTE_RE = re.compile(r"(?:ескерту|примечание|сноска)\s*\.", _I)
_POINT_RE = re.compile(r"(\d{1,2})\.\s")
_SUBPOINT_RE = re.compile(r"(\d{1,3})\)\s*")
_DASH_SPLIT_RE = re.compile(r"(?<!\s)(?:\s+[–—-]\s+|\s*[–—]\s*)")
_TITLE_RE = re.compile(
    r"[\"«]([^\"«»\n]{3,200})[\"»]\s+кәсіптік\s+стандарты"
    r"|(?<!\w)профессиональн\w+\s+стандарт\w*\s*:?\s*[\"«]([^\"«»\n]{3,200})[\"»]",
    _I,
)
# The passport's name row (NPP layouts): ``Наименование ПС: | «…»``,
# ``Название Профессионального стандарта: | …``.
_NAME_ROW_RE = re.compile(
    r"(?:наименование|название|атауы)\s+(?:ПС|профессионального\s+стандарта|КС)\s*:?"
    r"[ \t]*\|[ \t]*[\"«]?([^\"«»\n\t|]{3,200}?)[\"»]?\.?[ \t]*$",
    _I | re.M,
)
# The annex stamp of the NPP layouts, over two or three lines: ``Приложение № 4 /
# к приказу … «Атамекен» / №222 от 05.12.2022г.`` (or ``от 24.12.2019г. № 259``).
_WRAPPED_TITLE_RE = re.compile(
    r"(?:профессиональн\w+\s+стандарт|кәсіптік\s+стандарт)\w*\s*:?\s*[\"«]([^\"«»]{3,200})[\"»]", _I
)
_TO_ORDER_RE = re.compile(r"к\s+приказу|бұйрығына", _I)
_ANNEX_RE = re.compile(r"\s*(?:приложение|қосымша)\s*№\s*(\d{1,3})\s*", _I)
_CHAPTER_RE = re.compile(r"\s*(?:1-тарау|глава\s+1)\b", _I)
_ANY_CHAPTER_RE = re.compile(r"\s*(?:\d+-тарау|глава\s+\d+)\b", _I)
_BASIS_END_RE = re.compile(r"(?:БҰЙЫРАМЫН|ПРИКАЗЫВАЮ)\s*:?", _I)
_ACTIONS = (
    (re.compile(r"жаңа\s+редакция|в\s+редакции|изложен", _I), "new-wording"),
    (re.compile(r"алып\s+тасталды|исключен", _I), "deleted"),
    (re.compile(r"толықтырылды|дополнен", _I), "supplemented"),
    (re.compile(r"өзгеріс|изменени", _I), "amended"),
)
_TARGETS = (
    (re.compile(r"кіріспе|преамбул", _I), "preamble"),
    (re.compile(r"(\d+)\s*-\s*тармақ|пункт\w*\s+(\d+)", _I), "point {}"),
    (re.compile(r"(\d+)\s*-\s*тарау|глав\w*\s+(\d+)", _I), "chapter {}"),
    (re.compile(r"қосымша|приложени", _I), "annex"),
)


def read_head(source: Source, lines: list[Line], language: str) -> m.Standard:
    """The standard's head from the lines before the annex.

    Amendment notes are read from the whole text: the annex has them too.
    """
    paras = paragraphs(source, lines)
    body = _body_start(source, paras)
    points = _points(source, paras[body:])
    return m.Standard(
        title=_title(source, paras),
        language=_language(language),
        order=_order(source, paras),
        legal_basis=_legal_basis(source, paras),
        amendments=_amendments(source, paragraphs(source, source.lines)),
        terms=_terms(source, points.get(2, [])),
        abbreviations=_abbreviations(source, points.get(3, [])),
        passport=passport_rows(source, paras, _passport(source, points)),
        occupations=_occupations(source, points.get(9, [])) or occupation_table(source, paras),
    )


def _language(code: str) -> m.Language:
    if code == "kk":
        return "kk"
    return "ru" if code == "ru" else "unknown"


def _text(source: Source, para: Paragraph) -> str:
    return source.text[para.start : para.end]


def _body_start(source: Source, paras: list[Paragraph]) -> int:
    for index, para in enumerate(paras):
        if _CHAPTER_RE.match(source.view, para.start, para.end):
            return index
    return 0


# What each point of the standard is about, by the words of its first line, so
# that a text whose point numbers restart in each chapter is still read.
_POINT_ROLES: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (number, re.compile(pattern, _I))
    for number, pattern in (
        (2, r"терминдер|термины|определени"),
        (3, r"қысқартулар|сокращени"),
        (4, r"стандарттың\s+атауы|наименование\s+профессионального\s+стандарта"),
        (5, r"әзірлеу\s+мақсаты|цель\s+разработки"),
        (6, r"қысқаша\s+сипаттама|краткое\s+описание"),
        (8, r"топ\s+бөлігі|кіші\s+топ|подгрупп"),
        (7, r"кәсіби\s+топ|кәсіптік\s+топ|профессиональн\w+\s+групп"),
        (9, r"тізбесі|перечень\s+профессий"),
    )
)


def _points(source: Source, paras: list[Paragraph]) -> dict[int, list[Paragraph]]:
    """Paragraphs of each point (its own line first), keyed by the point's role.

    The role is the usual point number (2 terms, 3 abbreviations, 4-8 passport,
    9 occupations), recognised by the point's words and else by its number.
    """
    points: dict[int, list[Paragraph]] = {}
    current: list[Paragraph] | None = None
    for para in paras:
        if _ANY_CHAPTER_RE.match(source.view, para.start, para.end):
            current = None  # a chapter heading closes the point before it
            continue
        match = _POINT_RE.match(source.view, para.start, para.end)
        role = _point_role(source, para, match, points) if match else None
        if role is not None:
            current = points[role] = []
        if current is not None:
            current.append(para)
    return points


def _point_role(
    source: Source, para: Paragraph, match: re.Match[str], taken: dict[int, list[Paragraph]]
) -> int | None:
    line = source.view[para.start : min(para.end, para.start + 160)]
    for number, pattern in _POINT_ROLES:
        if number not in taken and pattern.search(line):
            return number
    number = int(match.group(1))
    return number if number not in taken else None


def _title(source: Source, paras: list[Paragraph]) -> str:
    for para in paras:
        match = _TITLE_RE.search(source.view, para.start, para.end)
        if match:
            group = 1 if match.group(1) else 2
            return source.text[match.start(group) : match.end(group)]
    for para in paras:
        match = _NAME_ROW_RE.search(source.view, para.start, para.end)
        if match:
            return source.text[match.start(1) : match.end(1)].strip()
    # A PDF breaks the title page's lines: ``Профессиональный стандарт`` /
    # ``«Создание и управление`` / ``информационными ресурсами»``.
    for index, para in enumerate(paras[:_STAMP_PARAGRAPHS]):
        end = paras[min(index + 3, len(paras) - 1)].end
        match = _WRAPPED_TITLE_RE.match(source.view, para.start, end)
        if match:
            return " ".join(source.text[match.start(1) : match.end(1)].split())
    return ""


def _iso(year: str, month: int, day: str) -> str | None:
    if not 1 <= int(day) <= 31:
        return None
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


def _month(name: str) -> int:
    lowered = name.lower()
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if lowered.startswith(stem):
            return _MONTHS[stem]
    return 0


def find_date(text: str) -> str | None:
    """An ISO date from a Kazakh, Russian or numeric date in ``text``.

    Example:
        >>> find_date("2019 жылғы 30 мамырдағы № 292")
        '2019-05-30'
        >>> find_date("от 30 мая 2019 года № 292")
        '2019-05-30'
    """
    if match := _KK_DATE_RE.search(text):
        return _iso(match.group(1), _month(match.group(3)), match.group(2))
    if match := _RU_DATE_RE.search(text):
        return _iso(match.group(3), _month(match.group(2)), match.group(1))
    if match := _NUM_DATE_RE.search(text):
        return _iso(match.group(3), int(match.group(2)), match.group(1))
    return None


def _order(source: Source, paras: list[Paragraph]) -> m.Order:
    for para in paras:
        view = source.view[para.start : para.end]
        if _NOTE_RE.match(view) or not _STAMP_RE.search(view):
            continue
        number = _ORDER_NO_RE.search(view)
        date = find_date(view)
        if number and date:
            issuer = _issuer(view[: number.start()])
            raw = _text(source, para).lstrip("|\t ")  # the stamp is a table cell
            return m.Order(number=number.group(1), date=date, issuer=issuer, raw=raw)
    return _annex_order(source, paras)


def _annex_order(source: Source, paras: list[Paragraph]) -> m.Order:
    """The order of an annex stamp whose number and date follow ``к приказу`` on later lines."""
    for index, para in enumerate(paras[:_STAMP_PARAGRAPHS]):
        view = source.view[para.start : para.end]
        to_order = _TO_ORDER_RE.search(view)
        if to_order is None:
            continue
        stamp = paras[index : index + _STAMP_LINES]
        text = " ".join(source.view[p.start : p.end] for p in stamp)
        rest = text[to_order.end() :]
        number = _ORDER_NO_RE.search(rest)
        date = find_date(rest)
        if number and date:
            issuer_end = min(number.start(), rest.find(" от ") if " от " in rest else len(rest))
            annex = _annex_number(source, paras[index - 1]) if index else None
            first = index - 1 if annex else index
            raw = " ".join(_text(source, p) for p in paras[first : index + _STAMP_LINES])
            issuer = _issuer(rest[:issuer_end])
            return m.Order(number=number.group(1), date=date, issuer=issuer, raw=raw, annex=annex)
    return m.Order()


def _annex_number(source: Source, para: Paragraph) -> str | None:
    match = _ANNEX_RE.fullmatch(source.view, para.start, para.end)
    return match.group(1) if match else None


# The stamp stands at the top of the text, before the standard's name; a PDF
# breaks its lines (``к приказу Заместителя Председателя`` / ``Правления …`` /
# … / ``№ 171 от 17 июля 2017 года``).
_STAMP_PARAGRAPHS = 12
_STAMP_LINES = 5


def _issuer(text: str) -> str:
    """The issuer named in an approval stamp, its words unglued.

    Example:
        >>> _issuer("Қазақстан РеспубликасыАуыл шаруашылығыминистрінің2019 жылғы 30 мамырдағы")
        'Қазақстан Республикасы Ауыл шаруашылығы министрінің'
        >>> _issuer("Индустрия жәнеинфрақұрылымдық даму министрінің")
        'Индустрия және инфрақұрылымдық даму министрінің'
    """
    text = re.sub(r"\d{4}\s*жылғы.*$|от\s+\d.*$|утвержден\w*\s+приказом\s*", "", text, flags=_I)
    # The stamp was a block of links on adilet: its words come glued (kasip.text.clean),
    # the ministry's name to the word "министрінің" too (``шаруашылығыминистрінің``), and
    # "және" to the word after it (``жәнеинфрақұрылымдық``).
    text = _GLUED_MINISTER_RE.sub(" ", text)
    return unglue(" ".join(text.replace("|", " ").split()))


_GLUED_MINISTER_RE = re.compile(
    rf"(?<=[{CYRILLIC_LOWER}])(?=министр)|(?<=\bжәне)(?=[{CYRILLIC_LOWER}])"
)


def _legal_basis(source: Source, paras: list[Paragraph]) -> str:
    for para in paras[:5]:
        match = _BASIS_END_RE.search(source.view, para.start, para.end)
        if match:
            return source.text[para.start : match.start()].strip()
    return ""


def _amendments(source: Source, paras: list[Paragraph]) -> tuple[m.Amendment, ...]:
    found: list[m.Amendment] = []
    for para in paras:
        note = _NOTE_RE.match(source.view, para.start, para.end)
        if note is None:
            continue
        view = source.view[para.start : para.end]
        head = _DASH_SPLIT_RE.split(view[note.end() - para.start :], maxsplit=1)[0]
        # The action may stand before the dash (kk: "Кіріспе жаңа редакцияда -")
        # or after it (ru: "Преамбула - в редакции приказа").
        (target, written), action = _target(head), _action(view[: note.end() - para.start + 200])
        # One copy of the note for all the orders it names (not one per order).
        raw, span = _text(source, para), source.span(para.start, para.end)
        for number, date in _note_orders(view):
            found.append(
                m.Amendment(
                    id=f"{ids.AMENDMENT}{len(found) + 1}",
                    order_number=number,
                    order_date=date,
                    target=target,
                    target_as_written=written,
                    action=action,
                    raw=raw,
                    span=span,
                )
            )
    return tuple(found)


def _note_orders(view: str) -> list[tuple[str | None, str | None]]:
    """(number, ISO date) of every order a note names; one (None, None) if none.

    Dates stand before the number: ``23.12.2021 № 488``, ``2021 ж. 23
    желтоқсандағы № 488``, ``от 23 декабря 2021 года № 488``.
    """
    orders: list[tuple[str | None, str | None]] = []
    cursor = 0
    for number in _ORDER_NO_RE.finditer(view):
        orders.append((number.group(1), find_date(view[cursor : number.start()])))
        cursor = number.end()
    return orders or [(None, None)]


def _target(head: str) -> tuple[str, str]:
    """The changed part, language-neutral and as written (``point 2``, ``2-тармаққа``)."""
    for pattern, label in _TARGETS:
        match = pattern.search(head)
        if match:
            number = next((g for g in match.groups() if g), None)
            written = re.match(r"\w+(?:-\w+)?(?:\s+\d+)?", head[match.start() :])
            as_written = written.group(0) if written else match.group(0)
            return (label.format(number) if "{}" in label else label), as_written
    return head.strip(), head.strip()


def _action(head: str) -> str:
    return next((name for pattern, name in _ACTIONS if pattern.search(head)), "")


def _subpoints(source: Source, paras: list[Paragraph]) -> list[tuple[Paragraph, int, int]]:
    """``N) ...`` paragraphs with their number and the offset after it."""
    found = []
    for para in paras:
        match = _SUBPOINT_RE.match(source.view, para.start, para.end)
        if match:
            found.append((para, int(match.group(1)), match.end()))
    return found


def _split_pair(source: Source, start: int, end: int) -> tuple[str, str] | None:
    """``term – definition;`` → (term, definition), verbatim."""
    dash = _DASH_SPLIT_RE.search(source.view, start, end)
    if dash is None:
        return None
    left = source.text[start : dash.start()].strip()
    right = source.text[dash.end() : end].strip().rstrip(";.").strip()
    return (left, right) if left and right else None


def _pairs(source: Source, paras: list[Paragraph]) -> list[tuple[Paragraph, int, str, str]]:
    """``N) left – right;`` sub-points of a point, as (paragraph, N, left, right)."""
    found = []
    for para, number, after in _subpoints(source, paras):
        pair = _split_pair(source, after, para.end)
        if pair:
            found.append((para, number, *pair))
    return found


def _terms(source: Source, paras: list[Paragraph]) -> tuple[m.Term, ...]:
    return tuple(
        m.Term(
            id=f"{ids.TERM}{position}",
            number=number,
            term=term,
            definition=definition,
            span=source.span(para.start, para.end),
        )
        for position, (para, number, term, definition) in enumerate(_pairs(source, paras), 1)
    )


def _abbreviations(source: Source, paras: list[Paragraph]) -> tuple[m.Abbreviation, ...]:
    return tuple(
        m.Abbreviation(
            id=f"{ids.ABBREVIATION}{position}",
            abbreviation=short,
            expansion=expansion,
            span=source.span(para.start, para.end),
        )
        for position, (para, _number, short, expansion) in enumerate(_pairs(source, paras), 1)
    )


def _after_colon(text: str) -> str:
    _, _, rest = text.partition(":")
    return rest.strip() if rest.strip() else ""


def _plain(source: Source, paras: list[Paragraph]) -> list[str]:
    return [_text(source, p) for p in paras if not _NOTE_RE.match(source.view, p.start, p.end)]


def _passport(source: Source, points: dict[int, list[Paragraph]]) -> m.Passport:
    def first(n: int) -> str:
        texts = _plain(source, points.get(n, []))
        return _after_colon(texts[0]) if texts else ""

    def rest(n: int) -> list[str]:
        return [t.strip().rstrip(";.").strip() for t in _plain(source, points.get(n, []))[1:]]

    name = first(4).strip().rstrip(".").strip().strip('"«»')
    description = "\n".join(filter(None, [first(6), *rest(6)]))
    return m.Passport(
        name=name,
        purpose=first(5),
        description=description,
        groups=tuple(filter(None, [first(7), *rest(7)])),
        subgroups=tuple(filter(None, [first(8), *rest(8)])),
    )


def _occupations(source: Source, paras: list[Paragraph]) -> tuple[m.Occupation, ...]:
    found: list[m.Occupation] = []
    for para, number, after in _subpoints(source, paras):
        pair = _split_pair(source, after, para.end)
        name, levels_text = pair if pair else (source.text[after : para.end].strip(), "")
        found.append(
            m.Occupation(
                id=f"{ids.OCCUPATION}{len(found) + 1}",
                number=number,
                name=name,
                levels=read_levels(levels_text),
                levels_as_written=levels_text,
                span=source.span(para.start, para.end),
            )
        )
    return tuple(found)
