"""Compiled patterns for the labels of the card layout, in Kazakh and Russian.

Patterns run against the matching view (``kasip.text.clean.match_view``):
no-break spaces are plain spaces there and Latin homoglyphs are Cyrillic, so
the patterns only need to allow for case, optional colons and word variants.
The label set follows the annex of the 2019-2022 layout (order No 292 and the
standards approved in the same form).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
# Labels end with a colon, a full stop (``Еңбек функциясы 1.``, ``Задача 1.``)
# or nothing.
_COLON = r"\s*[:：.]?"

# --- rows of a card (matched at the start of the row's first cell) ---------
ROW_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("note", re.compile(r"(?:ескерту|примечание|сноска)\s*[.:]", _I)),
    ("card", re.compile(r"(?:кәсіп(?:тің|тер)?\s+карточкасы|карточка\s+профессии)" + _COLON, _I)),
    (
        "code",
        re.compile(r"(?:кәсіп(?:тің)?\s+коды|код\s+профессии)" + _COLON + r"|код\s*[:：]", _I),
    ),
    (
        "name",
        re.compile(
            r"(?:кәсіп(?:тің)?\s+атауы(?!\w)|наименование\s+профессии|название\s+профессии)"
            + _COLON
            # The NPP layouts (issue 9): "Профессия:" beside "Код:" and "Код группы:";
            # the colon is required, a sentence may start with the word.
            + r"|(?:профессия|кәсіп)\s*[:：]",
            _I,
        ),
    ),
    (
        "other_names",
        re.compile(
            r"(?:кәсіптің\s+басқа\s+(?:да\s+)?ықтимал\s+атаулары"
            r"|другие\s+возможные\s+наименования(?:\s+профессии)?"
            r"|возможные\s+наименования(?:\s+профессии)?)" + _COLON,
            _I,
        ),
    ),
    (
        "level",
        re.compile(
            r"(?:(?:сбш|сбш-ға|орк)\s+бойынша\s+біліктілік\s+деңгейі"
            r"|уровень\s+квалификации\s+по\s+(?:орк|отраслевой\s+рамке\s+квалификаций)"
            r"|квалификационный\s+уровень\s+по\s+орк)" + _COLON,
            _I,
        ),
    ),
    (
        "education",
        re.compile(
            r"(?:кәсі(?:п|би|птік)\w*\s+білім\w*\s+деңгей\w*"
            r"|уровень\s+профессионального\s+образования)" + _COLON,
            _I,
        ),
    ),
    (
        "competencies",
        re.compile(
            r"(?:жеке\s+(?:бас\s+)?құзырет\w*\s+қойылатын\s+талаптар\w*"
            r"|требования\s+к\s+личностным\s+компетенциям)" + _COLON,
            _I,
        ),
    ),
    (
        "related",
        re.compile(
            r"(?:(?:сбш|орк)\s+шеңберінде\s+басқа\s+\w+\s+(?:байланысы|қатысы)"
            r"|связь\s+с\s+другими\s+профессиями(?:\s+в\s+рамках\s+орк)?)" + _COLON,
            _I,
        ),
    ),
    (
        "directory_relation",
        re.compile(
            r"(?:(?:ба|ка)\s*-\s*мен\s+байланыс\w*"
            r"|связь\s+с\s+(?:кс|квалификационным\s+справочником|етквс))" + _COLON,
            _I,
        ),
    ),
    (
        "conditions",
        re.compile(r"(?:еңбек\s+жағдайлары|условия\s+труда)(?:\s*\([^)]*\))?" + _COLON, _I),
    ),
)

# Fallback for label cells worded differently from the ones above (other
# standards reorder the words: "Біліктілік деңгейі (СБШ бойынша)", "Уровень
# квалификации (по ОРК)"): every pattern of a rule must occur in the label cell.
# Only used for short first cells of rows with several cells.
_LEVEL_WORDS = r"біліктілік\s+деңгей|уровень\s+квалиф|квалификационн\w+\s+уров"
_DIRECTORY_ABBR = r"(?<!\w)(?:ба|ка|кс|етквс|еткс|бтба)(?!\w)"
ROW_KEYWORDS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(p, _I) for p in patterns))
    for kind, patterns in (
        ("card", (r"карточка",)),
        ("other_names", (r"басқа|другие|возможн", r"атау|наименован|названи")),
        ("group_code", (r"(?<!\w)код(?:ы|тары)?(?!\w)", r"топ|групп")),
        # The NPP layouts' "Основная цель деятельности" (main purpose of the work).
        ("purpose", (r"основн\w*\s+цел\w*|негізгі\s+мақсат",)),
        ("code", (r"(?<!\w)код(?:ы|тары)?(?!\w)",)),
        ("name", (r"атауы|наименование|название",)),
        ("nqf_level", (_LEVEL_WORDS, r"ұбш|нрк|ұлттық|национальн")),
        ("level", (_LEVEL_WORDS, r"сбш|орк|салалық|отраслев")),
        # ``Квалификационный`` alone: the rest of the label went over a page break
        # (``уровень по ОРК:`` on the next page, NPP PDFs).
        ("level", (r"^\s*(?:квалификационн\w*|біліктілік)\s*$",)),
        ("directory_relation", (r"байланыс|связь", _DIRECTORY_ABBR + r"|анықтамалық|справочник")),
        (
            "directory",
            (
                r"сипаттама|справочник|характеристик|" + _DIRECTORY_ABBR,
                r"деңгей|уровен|квалификац|талап|требован|разряд",
            ),
        ),
        ("education", (r"білім\w*\s+деңгей|образовани",)),
        ("competencies", (r"құзырет|компетенц",)),
        ("related", (r"басқа|другими|смежн", r"кәсіп|мамандық|профессия|профессиями")),
        ("conditions", (r"еңбек\s+жағдай|условия\s+труда",)),
    )
)

# Any other label cell about a qualification level or the directory is the
# qualification directory's requirements row (БА / КС, "typical qualification
# characteristics"); it is recognised by a hint anywhere in the label cell.
DIRECTORY_HINT_RE = re.compile(
    r"біліктілік\s+деңгей|сипаттамалар|квалификац|(?<!\w)(?:БА|КА|КС)(?!\w)", _I
)

# --- the labour-function block ----------------------------------------------
# Each kind has a pattern allowed anywhere in a cell (glued to the text before
# it, as on the flattened pages) and one allowed only at the start of a cell.
_FUNC_WORD = r"(?:еңбек\s+(?:функциясы|функциялары|қызметі)|трудов\w+\s+функци\w*)"
SUMMARY_RE = re.compile(
    r"(?:міндетті\s+еңбек\s+функциялары|(?<!\w)обязательн\w+\s+трудов\w+\s+функци\w*)" + _COLON,
    _I,
)
ADDITIONAL_RE = re.compile(
    r"(?:(?<!\d)(?P<num>\d+)\s*-\s*)?(?:қосымша\s+еңбек\s+функция\w*"
    r"|(?<!\w)дополнительн\w+\s+трудов\w+\s+функци\w*)(?:\s*(?:№\s*)?(?P<num2>\d+))?" + _COLON,
    _I,
)
FUNCTION_MID_RE = re.compile(
    r"(?<!\d)(?P<num>\d+)\s*-\s*(?:ші\s+|шы\s+)?еңбек\s+(?:функциясы|қызметі)\s*[:：]"
    r"|трудовая\s+функция\s*(?:№\s*)?(?P<num2>\d+)\s*[:：]"
    r"|(?<!\d)(?P<num3>\d+)\s*-?\s*я\s+трудовая\s+функция\s*[:：]",
    _I,
)
FUNCTION_START_RE = re.compile(
    r"(?:(?P<num>\d+)\s*-\s*(?:ші\s+|шы\s+)?)?"
    + _FUNC_WORD
    + r"(?:\s*(?:№\s*)?(?P<num2>\d+))?"
    + _COLON,
    _I,
)
TASK_MID_RE = re.compile(
    r"(?<!\d)(?P<num>\d+)\s*-\s*(?:міндет|тапсырма|задач)\w*\s*[:：]"
    r"|задача\s*(?:№\s*)?(?P<num2>\d+)\s*[:：]"
    r"|(?<!\d)(?P<num3>\d+)\s*-?\s*я\s+задача\s*[:：]",
    _I,
)
TASK_START_RE = re.compile(
    r"(?:(?P<num>\d+)\s*-\s*)?(?:міндет(?:і|тер)?|тапсырма(?:сы|лар)?|задач[аи])(?!\w)"
    r"(?:\s*(?:№\s*)?(?P<num2>\d+))?" + _COLON,
    _I,
)
# The 2023+ layout puts a skill (дағды / навык) where this layout has a task;
# its abilities and knowledge follow it as lists.
SKILL_UNIT_RE = re.compile(
    r"(?:(?<!\d)(?P<num>\d+)\s*-\s*)?(?:дағды|навык)(?:\s*(?:№\s*)?(?P<num2>\d+))?\s*[:：]", _I
)
SKILLS_MID_RE = re.compile(
    r"(?:дағдылар\s+мен\s+икемділіктер|икемділіктер(?:\s+мен\s+дағдылар)?|дағдылар|умения\s+и\s+навыки|умения|навыки)\s*[:：]",
    _I,
)
SKILLS_START_RE = re.compile(
    r"(?:дағдылар\s+мен\s+икемділіктер|икемділіктер(?:\s+мен\s+дағдылар)?|умения\s+и\s+навыки)(?!\w)"
    + _COLON
    # A bare "Умения" (or its typo "мения", or the singular "Умение") alone on its
    # line is the label too (the NPP layouts write it without a colon; issue 9);
    # "Умения работать…" is an item.
    + r"|(?:у?мени[яе]|навыки|дағдылар)[ \t]*[:：.]?(?=[ \t]*(?:[\r\n]|$))",
    _I,
)
KNOWLEDGE_MID_RE = re.compile(
    r"(?:білуге\s+тиіс(?:ті)?|білім(?:і|дер)?|знания|должен\s+знать)\s*[:：]", _I
)
KNOWLEDGE_START_RE = re.compile(
    r"(?:білуге\s+тиіс(?:ті)?|должен\s+знать|знания)(?!\w)" + _COLON + r"|білім(?:і|дер)?\s*[:：]",
    _I,
)
# A page-break line of a table copied from a paged document: not content.
PAGE_BREAK_RE = re.compile(
    r"\s*(?:кестенің\s+)?жалғасы|\s*(?:продолжение(?:\s+таблицы)?|окончание\s+таблицы)\s*[.:]?\s*",
    _I,
)
# Optional list number left before a label at the start of a cell.
LEADING_NUMBER_RE = re.compile(r"(?:\d{1,2}\.){1,2}\s*")

# A list number printed before a label that starts a new cell part
# (``1. Білуге тиіс:``): left over from the numbering of the list before it.
STRAY_NUMBER_RE = re.compile(r"(?:\d{1,2}\.){1,2}\s*$")

# --- values ------------------------------------------------------------------
LEVEL_RE = re.compile(r"(?<![\d.])([1-8])(?![\d])")
SUBLEVEL_RE = re.compile(r"(?<![\d.])([1-8]\.\d)(?!\d)")

# Inline headers that open an unnumbered list of normative acts.
INLINE_HEADER_RE = re.compile(
    r"(?P<header>нормативтік\s+(?:құқықтық\s+)?актілер(?:і)?"
    r"|нормативные\s+(?:правовые\s+)?акты|нормативно-правовые\s+акты"
    r"|нормативные\s+документы)\s*:\s*",
    _I,
)

# Bullets as lists print them: dashes, dots, and the private-use glyphs of the
# Symbol and Wingdings fonts that Word's bullets become in a PDF (U+F0B7 …).
BULLETS = "-–—•●▪◦·\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
BULLET_ONLY_RE = re.compile(f"[{BULLETS}\\s]+")
LEADING_BULLET_RE = re.compile(f"[{BULLETS}](?:\\s+|(?=[^\\W\\d_]))")
