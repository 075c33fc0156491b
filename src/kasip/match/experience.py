"""The practical experience a text asks for, and the experience a card asks for.

The qualification framework tells levels apart by education *and* practical
experience. The standards print its descriptors in their cards' level rows
(the ИКТ standards of the corpus: "4. Техническое и профессиональное
образование, без практического опыта"; "6. Высшее образование, практический
опыт"), and some cards ask for years of it in their education row (the
court's psychologist-consultant at level 7 of the seed: "мамандығы бойынша
кемінде 5 жыл жұмыс өтілі"). A card's *qualification directory* categories
ask for years too, but those tell the categories within one level apart
(жоғары санат, бірінші санат, санаты жоқ), not the levels, and are not read
here.

A text that asks for two years of experience (or says none is needed) does
not fit a card that asks for five (or for some): :func:`fits` says so, and
:mod:`kasip.match.level` leaves such a card out of the levels it may show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kasip.model import ProfessionCard

__all__ = ["Experience", "card_experience", "card_rows", "find_experience", "fits"]

# "Some practical experience", when a row asks for it without a number of years.
SOME = 1.0

_NUMBER = r"(\d{1,2}(?:[.,]5)?)"
_EXPERIENCE_RU = r"опыт\w*|стаж\w*"
_EXPERIENCE_KK = r"тәжірибе\w*|өтіл\w*"
# What a text says when it asks for none: "опыт не требуется", "без опыта",
# "требования к стажу не предъявляются", "тәжірибе талап етілмейді",
# "жұмыс өтіліне талап қойылмайды", "тәжірибесі міндетті емес".
_NONE = re.compile(
    rf"(?<!\w)(?:(?:{_EXPERIENCE_RU})(?:\s+работы)?\s+не\s+(?:требуется|обязател\w*|нужен)"
    r"|без\s+(?:практического\s+)?опыта"
    r"|требовани\w+\s+к\s+(?:стажу|опыту)(?:\s+работы)?\s+не\s+предъявля\w+"
    rf"|(?:{_EXPERIENCE_KK})\s+(?:талап\s+етілмейді|міндетті\s+емес|қажет\s+емес|талап\s+қойылмайды)"
    r"|тәжірибесіз)",
    re.IGNORECASE,
)
# Years after the word: "опыт работы от 3 лет", "стаж по специальности не менее
# 2 лет", "Опыт работы (14 лет)", "өтілі кемінде 5 жыл", "Тәжірибесі 1 жылдан".
# At most four words between, and no sentence's end.
_YEARS_AFTER = re.compile(
    rf"(?<!\w)(?:{_EXPERIENCE_RU}|{_EXPERIENCE_KK})(?:[^\S\n]+[^\s.;:!?\d]+){{0,4}}?"
    rf"[^\S\n]*[(:—–-]?[^\S\n]*(?:от|не\s+менее|более|свыше|минимум|кемінде)?[^\S\n]*"
    rf"{_NUMBER}[^\S\n]*(?:год\w*|лет|жыл\w*)",
    re.IGNORECASE,
)
# Years before the word, as Kazakh and the standards' rows put them: "кемінде 5
# жыл жұмыс өтілі", "не менее 3 лет стажа".
_YEARS_BEFORE = re.compile(
    rf"(?<!\w)(?:кемінде|не\s+менее|от)?[^\S\n]*{_NUMBER}[^\S\n]*(?:год\w*|лет|жыл\w*)"
    rf"(?:[^\S\n]+[^\s.;:!?\d]+){{0,3}}?[^\S\n]+(?:{_EXPERIENCE_RU}|{_EXPERIENCE_KK})",
    re.IGNORECASE,
)
# Experience that is welcome but not asked for: "опыт от 1 года — преимущество".
_WELCOME = re.compile(  # matched where the years end
    r"[^.;\n]{0,12}(?:приветству\w+|преимуществ\w*|будет\s+плюсом|желател\w+|құпталады"
    r"|артықшылық)",
    re.IGNORECASE,
)
# A card's rows: the framework's descriptor with or without practical experience.
_ROW_NONE = re.compile(r"без\s+практическ\w+\s+опыт\w*|практикалық\s+тәжірибесіз", re.I)
_ROW_SOME = re.compile(r"практическ\w+\s+опыт\w*|практикалық\s+тәжірибе\w*", re.I)


@dataclass(frozen=True, slots=True)
class Experience:
    """What a text says of experience: the years it asks for (0: none) and its words."""

    years: float
    words: str


def find_experience(text: str) -> Experience | None:
    """The practical experience ``text`` asks for, or None when it says nothing of it.

    Saying that none is needed wins over years that are only welcome
    ("стаж не обязателен, опыт от 1 года — преимущество").

    >>> find_experience("Требования: стаж работы по специальности не менее 2 лет.")
    Experience(years=2.0, words='стаж работы по специальности не менее 2 лет')
    >>> find_experience("Саладағы жұмыс өтілі кемінде 5 жыл.").years
    5.0
    >>> find_experience("Опыт не требуется, обучим.")
    Experience(years=0.0, words='Опыт не требуется')
    >>> find_experience("Стаж не обязателен, опыт от 1 года — преимущество.").years
    0.0
    >>> find_experience("Гульнара, 45 лет. Опыт работы с детьми приветствуется.") is None
    True
    """
    none = _NONE.search(text)
    if none:
        return Experience(0.0, none.group(0))
    for pattern in (_YEARS_AFTER, _YEARS_BEFORE):
        for found in pattern.finditer(text):
            if _WELCOME.match(text, found.end()):
                continue
            return Experience(float(found.group(1).replace(",", ".")), found.group(0).strip())
    return None


def card_rows(card: ProfessionCard) -> list[str]:
    """The rows of ``card`` that may say what experience it asks for: its education
    and its level as the card writes it (where the framework's descriptor is)."""
    return [card.education, *(f.value for f in card.fields if f.key == "level")]


def card_experience(rows: Iterable[str]) -> float | None:
    """The years of practical experience a card asks for at least, from its
    education and level rows: 0 when a row says none is needed (a level whose
    descriptor reads "ТиПО с практическим опытом, высшее без практического
    опыта" needs none on one of its ways), :data:`SOME` when a row asks for
    some without years, None when no row speaks of it.

    >>> card_experience(["Жоғары психологиялық білім және мамандығы бойынша кемінде 5 жыл "
    ...                  "жұмыс өтілі."])
    5.0
    >>> card_experience(["6. Высшее образование, практический опыт"])
    1.0
    >>> card_experience(["4. Техническое и профессиональное образование, без практического "
    ...                  "опыта"])
    0.0
    >>> card_experience(["Жоғары білім"]) is None
    True
    """
    found: list[float] = []
    for row in rows:
        if _ROW_NONE.search(row):
            found.append(0.0)
            continue
        years = find_experience(row)
        if years is not None:
            found.append(years.years)
        elif _ROW_SOME.search(row):
            found.append(SOME)
    return min(found) if found else None


def fits(asked: Experience, required: float | None) -> bool:
    """Whether a text that asks for ``asked`` fits a card that asks for ``required`` years.

    >>> two, none = Experience(2.0, "2 жыл"), Experience(0.0, "опыт не требуется")
    >>> fits(two, 5.0), fits(two, 2.0), fits(none, 1.0), fits(none, None)
    (False, True, False, True)
    """
    return required is None or asked.years >= required
