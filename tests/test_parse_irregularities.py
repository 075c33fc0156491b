"""The parser on each layout irregularity of professional standards, in Kazakh and Russian.

Every test encodes one numbered parser decision of the brief (the comment before
each section names it). Fixtures: ``tests/fixtures/<lang>/`` (card fragments are
wrapped in the minimal standard head by ``load_card_fixture``); the Kazakh seed
is the package data ``kasip/data/psychological-and-social-work.kk.txt``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers_parse import (
    CELL,
    LANGS,
    NBSP,
    assert_well_formed,
    card_by_id,
    card_fixture_names,
    card_shape,
    diagnostic_codes,
    fixture_path,
    fold,
    iter_items,
    line_of,
    load_card_fixture,
    norm_title,
    read_fixture,
    read_seed,
    wrap_cards,
)
from kasip.model import Document, Item, ProfessionCard, Unit
from kasip.parse import parse_standard, read_source

LANG = pytest.mark.parametrize("lang", LANGS)


def parse_checked(text: str, lang: str, *, errors_ok: bool = False) -> Document:
    """Parse ``text`` and check what must hold for every standard we ship."""
    doc = parse_standard(text)
    assert_well_formed(doc, text)
    assert doc.standard.language == lang
    assert "not-a-standard" not in diagnostic_codes(doc)
    if not errors_ok:
        errors = [d for d in doc.diagnostics if d.severity == "error"]
        assert not errors, errors
    return doc


def parsed(lang: str, name: str, *, errors_ok: bool = False) -> tuple[str, Document]:
    text = load_card_fixture(lang, name)
    return text, parse_checked(text, lang, errors_ok=errors_ok)


def only_card(doc: Document) -> ProfessionCard:
    assert len(doc.cards) == 1, [c.id for c in doc.cards]
    return doc.cards[0]


def titles(elements: Any) -> list[str]:
    return [norm_title(e.title) for e in elements]


def texts(items: tuple[Item, ...]) -> list[str]:
    return [i.text for i in items]


def numbers(items: tuple[Item, ...]) -> list[str | None]:
    return [i.number for i in items]


def units(card: ProfessionCard) -> list[Unit]:
    return [u for f in card.functions for u in f.tasks]


# --- decision 15: the standard head -------------------------------------------------

HEADS = ["seed-kk", "small-ru", "head-kk", "head-ru"]


def head_text(source: str) -> tuple[str, str]:
    """(text, language) of a document used for the head tests."""
    if source == "seed-kk":
        return read_seed(), "kk"
    if source == "small-ru":
        return read_fixture("ru", "standard_small"), "ru"
    lang = source.removeprefix("head-")
    return wrap_cards("", lang), lang


@pytest.mark.parametrize("source", HEADS)
def test_head_language_detected(source: str) -> None:
    text, lang = head_text(source)
    doc = parse_standard(text)
    assert doc.standard.language == lang


@pytest.mark.parametrize("source", HEADS)
def test_head_order_number_and_date(source: str) -> None:
    text, lang = head_text(source)
    doc = parse_checked(text, lang, errors_ok=source.startswith("head-"))
    assert doc.standard.order.number == "292"
    assert doc.standard.order.date == "2019-05-30"


@pytest.mark.parametrize("source", HEADS)
def test_head_title_names_the_standard(source: str) -> None:
    text, lang = head_text(source)
    doc = parse_checked(text, lang, errors_ok=source.startswith("head-"))
    name = (
        "Психологиялық және әлеуметтік жұмыс"
        if lang == "kk"
        else "Психологическая и социальная работа"
    )
    assert name in doc.standard.title
    assert name in doc.standard.passport.name


@pytest.mark.parametrize("source", ["head-kk", "head-ru"])
def test_head_standard_without_cards_is_still_a_standard(source: str) -> None:
    # A head without cards may be refused for import (an error such as "no-cards"),
    # but it is a standard: not "not-a-standard", and its head is read.
    text, lang = head_text(source)
    doc = parse_checked(text, lang, errors_ok=True)
    assert doc.cards == ()
    assert doc.standard.occupations


def test_head_terms_numbered_from_point_2_kk() -> None:
    doc = parse_checked(read_seed(), "kk")
    terms = doc.standard.terms
    assert [t.number for t in terms] == list(range(1, 19))
    assert terms[0].term == "арнаулы әлеуметтік қызметтер"
    assert terms[0].definition.startswith("өмірлік қиын жағдайда жүрген адамға")
    assert terms[1].term == "пробация (әлеуметке қосу)"
    assert terms[-1].term == "салалық біліктілік шеңбері"
    assert terms[-1].definition.startswith("салада танылатын біліктілік")


def test_head_terms_numbered_from_point_2_ru() -> None:
    doc = parse_checked(read_fixture("ru", "standard_small"), "ru")
    terms = doc.standard.terms
    assert [t.term for t in terms] == [
        "специальные социальные услуги",
        "социальная работа",
        "уровень квалификации",
        "трудовая функция",
    ]
    assert [t.number for t in terms] == [1, 2, 3, 4]
    assert terms[3].definition.startswith("набор взаимосвязанных действий")


ABBREVIATIONS = {
    "seed-kk": (
        ["АМӘК", "БА", "МӘС", "МӘСК", "СБШ", "ҰБШ"],
        ("СБШ", "салалық біліктілік шеңбері"),
    ),
    "small-ru": (["ОРК", "НРК", "КС"], ("ОРК", "отраслевая рамка квалификаций")),
    "head-kk": (["БА", "СБШ"], ("СБШ", "салалық біліктілік шеңбері")),
    "head-ru": (["ОРК", "НРК", "КС"], ("НРК", "национальная рамка квалификаций")),
}


@pytest.mark.parametrize("source", HEADS)
def test_head_abbreviations_from_point_3(source: str) -> None:
    text, lang = head_text(source)
    doc = parse_checked(text, lang, errors_ok=source.startswith("head-"))
    expected, (abbr, expansion) = ABBREVIATIONS[source]
    assert [a.abbreviation for a in doc.standard.abbreviations] == expected
    found = {a.abbreviation: a.expansion for a in doc.standard.abbreviations}
    assert found[abbr].rstrip(";.") == expansion


def test_head_amendments_kk() -> None:
    doc = parse_checked(read_seed(), "kk")
    amendments = doc.standard.amendments
    # Five Ескерту notes; the one on point 2 names two orders (No 488 and No 9).
    assert len(amendments) >= 5
    orders = {(a.order_number, a.order_date) for a in amendments}
    assert orders == {("488", "2021-12-23"), ("9", "2023-01-13")}
    # ``target`` is language-neutral; ``target_as_written`` keeps the note's words.
    by_target = {(a.target, a.order_number) for a in amendments}
    assert ("point 2", "488") in by_target
    assert ("point 3", "488") in by_target
    assert ("point 9", "9") in by_target
    assert ("preamble", "488") in by_target
    assert ("annex", "9") in by_target
    written = {a.target: a.target_as_written for a in amendments}
    assert written["point 2"].startswith("2-тармақ")
    assert written["preamble"] == "Кіріспе"
    assert all(a.raw.lstrip().startswith("Ескерту.") for a in amendments)
    assert all(a.action for a in amendments)


def test_head_amendments_ru() -> None:
    doc = parse_checked(read_fixture("ru", "standard_small"), "ru")
    amendments = doc.standard.amendments
    assert len(amendments) == 4
    assert [a.raw.split(".")[0] for a in amendments] == [
        "Сноска",
        "Сноска",
        "Сноска",
        "Примечание",
    ]
    orders = [(a.order_number, a.order_date) for a in amendments]
    assert orders == [
        ("488", "2021-12-23"),
        ("488", "2021-12-23"),
        ("9", "2023-01-13"),
        ("9", "2023-01-13"),
    ]
    targets = [a.target for a in amendments]
    assert targets[1] == "point 2"
    assert targets[2] == "point 9"
    assert amendments[1].target_as_written.casefold() == "пункт 2"
    assert all(a.action for a in amendments)


def test_head_passport_kk() -> None:
    passport = parse_checked(read_seed(), "kk").standard.passport
    assert passport.purpose.startswith("қызметкерлердің біліміне")
    assert "әлеуметтік процестерді болжамдау" in passport.description
    assert [g.rstrip(";.") for g in passport.groups] == [
        "денсаулық сақтау саласындағы кәсіпқой - мамандар",
        "құқық, гуманитарлық салалар және мәдениет саласындағы мамандар",
        "заңгерлік, әлеуметтік қызметтер мен дін жөніндегі кәсіби көмекші қызметкерлер",
    ]
    assert len(passport.subgroups) == 4
    assert passport.subgroups[2].rstrip(";.") == "психологтар"


def test_head_passport_ru() -> None:
    passport = parse_checked(read_fixture("ru", "standard_small"), "ru").standard.passport
    assert passport.purpose.startswith("описание требований к трудовым функциям")
    assert "прогнозирование социальных процессов" in passport.description
    assert [g.rstrip(";.") for g in passport.groups] == [
        "специалисты в области права, гуманитарных областей и культуры",
        "средний профессиональный персонал в области правовой, социальной работы и религии",
    ]
    assert [g.rstrip(";.") for g in passport.subgroups] == [
        "психологи",
        "специалисты-профессионалы в области организации и ведения социальной работы",
    ]


def test_head_occupations_levels_kk() -> None:
    occupations = parse_checked(read_seed(), "kk").standard.occupations
    assert [o.number for o in occupations] == list(range(1, 10))
    assert [o.levels for o in occupations] == [
        (7,),
        (4, 5, 6),
        (4, 5),
        (6,),
        (6,),  # "біліктіліктің 6-деңгейі", after a hyphen instead of a dash
        (6,),
        (6, 7),
        (6,),
        (6, 7),
    ]
    assert occupations[1].name == "әлеуметтік жұмыс жөніндегі маман (әлеуметтік қызметкер)"
    assert occupations[4].name == (
        "әлеуметтік жұмыс жөніндегі консультант (жалпы бейін) (Супервизор)"
    )


def test_head_occupations_levels_ru() -> None:
    occupations = parse_checked(read_fixture("ru", "standard_small"), "ru").standard.occupations
    assert [o.levels for o in occupations] == [(7,), (4, 5, 6), (6, 7)]
    assert occupations[1].name == "специалист по социальной работе (социальный работник)"
    assert "4-6" in occupations[1].levels_as_written


# --- decisions 1, 2 and 6: a clean card ---------------------------------------------

BASIC: dict[str, dict[str, Any]] = {
    "kk": {
        "title": "Әлеуметтік жұмыс жөніндегі маман",
        "code": "2635-3-001",
        "name": "Әлеуметтік жұмыс жөніндегі маман (әлеуметтік қызметкер)",
        "other": "Әлеуметтік жұмыс жөніндегі маман (әлеуметтік-медициналық қызмет көрсету)",
        "education": "Техникалық және кәсіптік (арнайы орта, кәсіптік орта) әлеуметтік, "
        "педагогикалық, медициналық білім",
        "function": "Арнаулы әлеуметтік қызметтер көрсететін ұйымдардағы қызмет",
        "task": "Арнаулы әлеуметтік қызметтерді сапалы көрсету бойынша бақылау және ұйымдастыру",
        "skills": [
            "Мұқтаж адамға (отбасына) қажетті арнаулы әлеуметтік қызметтер көрсету жөніндегі "
            "шараларды ұйымдастыру",
            "Көрсетілетін қызметтердің сапасы мен түрлерін талдау",
            "Арнаулы әлеуметтік қызметтерді жетілдіру жөнінде ұсыныстар әзірлеу.",
        ],
        "knowledge": [
            "Әлеуметтік жұмыс теориясы мен практикасы",
            "Психология, педагогика, геронтология, этика негіздері",
            "Әр түрлі әлеуметтік ортадағы жұмыстың ерекшелігі.",
        ],
        "competency": "жауапкершілік",
        "related": "Әлеуметтік жұмыс жөніндегі маман",
        "positions": "Әлеуметтік жұмыс жөніндегі маман",
        "directory": "Халықты әлеуметтік қорғау",
        "working": "Жұмысты орындау орны",
    },
    "ru": {
        "title": "Специалист по социальной работе",
        "code": "2635-3-001",
        "name": "Специалист по социальной работе (социальный работник)",
        "other": "Специалист по социальной работе (социально-медицинское обслуживание)",
        "education": "Техническое и профессиональное (среднее специальное, среднее "
        "профессиональное) социальное, педагогическое, медицинское образование",
        "function": "Деятельность в организациях, оказывающих специальные социальные услуги",
        "task": "Контроль и организация качественного оказания специальных социальных услуг",
        "skills": [
            "Организация мероприятий по оказанию нуждающемуся лицу (семье) необходимых "
            "специальных социальных услуг",
            "Анализ качества и видов оказываемых услуг",
            "Разработка предложений по совершенствованию специальных социальных услуг.",
        ],
        "knowledge": [
            "Теория и практика социальной работы",
            "Основы психологии, педагогики, геронтологии, этики",
            "Специфика работы в различной социальной среде.",
        ],
        "competency": "ответственность",
        "related": "Специалист по социальной работе",
        "positions": "Специалист по социальной работе",
        "directory": "Типовые квалификационные характеристики",
        "working": "Место выполнения работы",
    },
}


def check_basic_card(card: ProfessionCard, e: dict[str, Any], key: Callable[[str], str]) -> None:
    """The card of ``card_basic`` read completely; ``key`` folds texts for variants."""
    assert key(norm_title(card.title)) == key(e["title"])
    assert (card.id, card.code, card.code_as_written) == (f"{e['code']}@4",) + (e["code"],) * 2
    assert card.code_normalised is False
    assert key(card.name.strip()) == key(e["name"])
    assert [(o.code, key(o.name.strip())) for o in card.other_names] == [(None, key(e["other"]))]
    assert (card.level, card.sublevels) == (4, ("4.1", "4.2", "4.3"))
    assert key(card.education.strip()) == key(e["education"])
    assert len(card.functions) == 1
    function = card.functions[0]
    assert function.kind == "mandatory"
    assert key(norm_title(function.title)) == key(e["function"])
    assert len(function.tasks) == 1
    unit = function.tasks[0]
    assert key(norm_title(unit.title)) == key(e["task"])
    assert unit.shares_items_with is None
    assert [(i.number, key(i.text)) for i in unit.skills] == [
        (str(n), key(t)) for n, t in enumerate(e["skills"], 1)
    ]
    assert [(i.number, key(i.text)) for i in unit.knowledge] == [
        (str(n), key(t)) for n, t in enumerate(e["knowledge"], 1)
    ]
    assert all(i.header is None for i in (*unit.skills, *unit.knowledge))
    assert any(fold(e["competency"]) in fold(c) for c in card.personal_competencies)
    assert [r.level for r in card.related] == [5]
    assert any(key(e["related"]) == key(n.strip(" .")) for n in card.related[0].names)
    assert card.directory_relation is not None
    assert key(card.directory_relation.positions.strip()) == key(e["positions"])
    assert key(card.directory_relation.directory).startswith(key(e["directory"]))
    assert key(card.working_conditions).startswith(key(e["working"]))


@LANG
def test_card_basic_read_completely(lang: str) -> None:
    _, doc = parsed(lang, "card_basic")
    check_basic_card(only_card(doc), BASIC[lang], key=lambda s: s)


@LANG
def test_card_item_spans_slice_to_verbatim_text(lang: str) -> None:
    text, doc = parsed(lang, "card_basic")
    for item in iter_items(doc):
        assert text[item.span.start : item.span.end] == item.text
        assert not re.match(r"\d+\.", item.text), item.text
    unit = units(only_card(doc))[0]
    last = unit.skills[-1]
    assert last.text.endswith(".")  # the sentence's own full stop stays
    assert text[last.span.end] in "\r\n"  # ... and nothing after it is taken
    assert last.span.line_start == last.span.line_end == line_of(text, last.text)


@LANG
def test_card_ids_positional(lang: str) -> None:
    _, doc = parsed(lang, "task_row_merged")
    card = only_card(doc)
    assert [f.id for f in card.functions] == [f"{card.id}/f{n}" for n in (1, 2, 3)]
    second = card.functions[1]
    assert [u.id for u in second.tasks] == [f"{card.id}/f2/t1", f"{card.id}/f2/t2"]
    assert [i.id for i in second.tasks[0].skills] == [f"{card.id}/f2/t1/s{n}" for n in (1, 2, 3)]
    assert [i.id for i in second.tasks[0].knowledge] == [f"{card.id}/f2/t1/k{n}" for n in (1, 2)]


@LANG
def test_card_parse_deterministic(lang: str) -> None:
    text = load_card_fixture(lang, "summary_row")
    first, second = parse_standard(text), parse_standard(text)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


@LANG
def test_card_source_name_recorded(lang: str) -> None:
    doc = parse_standard(load_card_fixture(lang, "card_basic"), source_name=f"basic.{lang}.txt")
    assert doc.source.name == f"basic.{lang}.txt"


@pytest.mark.parametrize(
    ("lang", "name"), [(lg, n) for lg in LANGS for n in card_fixture_names(lg)]
)
def test_card_fixture_spans_and_ids_consistent(lang: str, name: str) -> None:
    text = load_card_fixture(lang, name)
    doc = parse_standard(text)
    assert_well_formed(doc, text)
    assert doc.cards, "every card fixture has at least one card"


# --- decision 6: label variants -----------------------------------------------------

LABEL_VARIANTS: dict[str, list[tuple[str, list[str]]]] = {
    "kk": [
        (
            "Кәсіп карточкасы",
            ["КӘСІП КАРТОЧКАСЫ", "кәсіп карточкасы", "Кәсiп карточкасы", f"Кәсіп{NBSP}карточкасы"],
        ),
        (
            "Кәсіп коды",
            ["Кәсіптің коды", "Кәсіп коды:", "Кәсіптің коды:", "кәсіп коды", "Кәсiп коды"],
        ),
        ("Кәсіп атауы", ["Кәсіптің атауы:", "Кәсіп атауы:", "Кәсiптiң атауы"]),
        (
            "Кәсіптің басқа да ықтимал атаулары",
            ["Кәсіптің басқа да ықтимал атаулары:", "Кәсiптiң басқа да ықтимал атаулары"],
        ),
        (
            "СБШ бойынша біліктілік деңгейі:",
            ["СБШ бойынша біліктілік деңгейі", "СБШ бойынша бiлiктiлiк деңгейi:"],
        ),
        # The last two are written so in the seed (lines 219 and 232).
        (
            "Кәсіптік білім деңгейі",
            ["Кәсіптік білім деңгейі:", "Кәсіптік білімнің деңгейі:", "Кәсіби білімнің деңгейі"],
        ),
        (
            "1-еңбек функциясы:",
            [
                "еңбек функциясы:",
                "Еңбек функциясы:",
                "2-еңбек қызметі:",
                "1-ЕҢБЕК ФУНКЦИЯСЫ:",
                "1-еңбек функциясы ",
                f"1-еңбек{NBSP}функциясы:",
            ],
        ),
        ("Міндет:", ["Міндеті:", "Тапсырма:", "1-міндет:", "Мiндет:", "Міндет ", "Міндеті: "]),
        (
            "Икемділіктер мен дағдылар:",
            [
                "Икемділіктер:",
                "Икемдiлiктер мен дағдылар:",
                "икемділіктер мен дағдылар:",
                "Икемділіктер мен дағдылар ",
                f"Икемділіктер{NBSP}мен{NBSP}дағдылар:",
            ],
        ),
        ("Білуге тиіс:", ["Бiлуге тиiс:", "БІЛУГЕ ТИІС:", "Білуге тиіс ", f"Білуге{NBSP}тиіс:"]),
        # Seed lines 195 and 270.
        (
            "Жеке құзыреттерге қойылатын талаптар",
            [
                "Жеке құзыреттерге қойылатын талаптар:",
                "Жеке құзыреттеріне қойылатын талаптар",
                "Жеке бас құзыреттеріне қойылатын талаптары",
            ],
        ),
        # Seed lines 196, 289 and 365.
        (
            "СБШ шеңберінде басқа кәсіптерімен байланысы",
            [
                "СБШ шеңберінде басқа кәсіптермен байланысы",
                "СБШ шеңберінде басқа мамандықтарға қатысы",
                "СБШ шеңберінде басқа мамандықтармен байланысы",
            ],
        ),
        ("БА-мен байланысы", ["БА-мен байланыс", "БА-мен байланысы:"]),
        ("Еңбек жағдайлары (мазмұны және сапасы)", ["Еңбек жағдайлары", "Еңбек жағдайлары:"]),
    ],
    "ru": [
        (
            "Карточка профессии",
            ["КАРТОЧКА ПРОФЕССИИ", "карточка профессии", "Карточка профессии:"],
        ),
        ("Код профессии", ["Код профессии:", "код профессии", f"Код{NBSP}профессии"]),
        ("Наименование профессии", ["Наименование профессии:", "НАИМЕНОВАНИЕ ПРОФЕССИИ"]),
        (
            "Другие возможные наименования профессии",
            ["Другие возможные наименования профессии:"],
        ),
        (
            "Уровень квалификации по ОРК",
            ["Уровень квалификации по ОРК:", "уровень квалификации по ОРК"],
        ),
        ("Уровень профессионального образования", ["Уровень профессионального образования:"]),
        (
            "Трудовая функция 1:",
            [
                "Трудовая функция:",
                "трудовая функция:",
                "Трудовая функция 2:",
                "ТРУДОВАЯ ФУНКЦИЯ 1:",
                "Трудовая функция 1 ",
                f"Трудовая{NBSP}функция 1:",
            ],
        ),
        ("Задача:", ["Задача 1:", "1-задача:", "задача:", "Задача ", "Задача: "]),
        (
            "Умения и навыки:",
            [
                "УМЕНИЯ И НАВЫКИ:",
                "умения и навыки:",
                "Умения и навыки ",
                f"Умения{NBSP}и{NBSP}навыки:",
            ],
        ),
        ("Знания:", ["ЗНАНИЯ:", "знания:", "Знания "]),
        ("Требования к личностным компетенциям", ["Требования к личностным компетенциям:"]),
        (
            "Связь с другими профессиями в рамках ОРК",
            ["Связь с другими профессиями в рамках ОРК:"],
        ),
        ("Связь с КС", ["Связь с КС:"]),
        ("Условия труда (содержание и качество)", ["Условия труда", "Условия труда:"]),
    ],
}

LABEL_KINDS = (
    "card",
    "code",
    "name",
    "other-names",
    "level",
    "education",
    "function",
    "task",
    "skills",
    "knowledge",
    "competencies",
    "related",
    "directory-relation",
    "conditions",
)

LABEL_CASES = [
    pytest.param(lang, label, variant, id=f"{lang}-{kind}-{n}")
    for lang in LANGS
    for kind, (label, variants) in zip(LABEL_KINDS, LABEL_VARIANTS[lang], strict=True)
    for n, variant in enumerate(variants)
]


def with_label(lang: str, label: str, variant: str) -> str:
    fragment = read_fixture(lang, "card_basic")
    assert fragment.count(label) == 1, label
    return wrap_cards(fragment.replace(label, variant), lang)


@pytest.mark.parametrize(("lang", "label", "variant"), LABEL_CASES)
def test_label_variant_recognised(lang: str, label: str, variant: str) -> None:
    doc = parse_checked(with_label(lang, label, variant), lang)
    check_basic_card(only_card(doc), BASIC[lang], key=fold)


FUNCTION_LABEL = {"kk": "1-еңбек функциясы:", "ru": "Трудовая функция 1:"}
TASK_LABEL = {"kk": "Міндет:", "ru": "Задача:"}

FUNCTION_NUMBERS = [
    ("kk", "2-еңбек қызметі:", 2),
    ("kk", "еңбек функциясы:", None),
    ("kk", "1-еңбек функциясы:", 1),
    ("ru", "Трудовая функция 2:", 2),
    ("ru", "Трудовая функция:", None),
    ("ru", "Трудовая функция 1:", 1),
]


@pytest.mark.parametrize(("lang", "variant", "number"), FUNCTION_NUMBERS)
def test_function_printed_number_kept_id_positional(
    lang: str, variant: str, number: int | None
) -> None:
    label = FUNCTION_LABEL[lang]
    doc = parse_checked(with_label(lang, label, variant), lang)
    card = only_card(doc)
    assert card.functions[0].number == number
    assert card.functions[0].id == f"{card.id}/f1"


TASK_NUMBERS = [
    ("kk", "Міндет:", None),
    ("kk", "1-міндет:", 1),
    ("ru", "Задача:", None),
    ("ru", "Задача 1:", 1),
    ("ru", "1-задача:", 1),
]


@pytest.mark.parametrize(("lang", "variant", "number"), TASK_NUMBERS)
def test_unit_printed_number_read(lang: str, variant: str, number: int | None) -> None:
    label = TASK_LABEL[lang]
    doc = parse_checked(with_label(lang, label, variant), lang)
    unit = units(only_card(doc))[0]
    assert unit.number == number
    assert unit.kind == "task"


# --- decision 3: occupation codes ---------------------------------------------------


@LANG
def test_code_short_form_normalised_when_full_form_present(lang: str) -> None:
    _, doc = parsed(lang, "code_short_normalised")
    short, full = doc.cards
    assert (short.id, short.code, short.code_as_written) == (
        "3412-0-008@4",
        "3412-0-008",
        "3412-008",
    )
    assert short.code_normalised is True
    assert (full.id, full.code, full.code_as_written) == (
        "3412-0-008@5",
        "3412-0-008",
        "3412-0-008",
    )
    assert full.code_normalised is False
    assert "code-short-form" not in diagnostic_codes(doc, "warning", "error")


@LANG
def test_code_short_form_normalised_from_other_name_code(lang: str) -> None:
    fragment = read_fixture(lang, "code_short_unresolved")
    assert fragment.count("3412-0-005") == 1
    text = wrap_cards(fragment.replace("3412-0-005", "3412-0-008"), lang)
    card = only_card(parse_checked(text, lang))
    assert (card.id, card.code, card.code_as_written) == ("3412-0-008@4", "3412-0-008", "3412-008")
    assert card.code_normalised is True


@LANG
def test_code_short_form_kept_with_warning_when_unresolved(lang: str) -> None:
    text, doc = parsed(lang, "code_short_unresolved")
    card = only_card(doc)
    assert (card.id, card.code, card.code_as_written) == ("3412-008@4", "3412-008", "3412-008")
    assert card.code_normalised is False
    warnings = [d for d in doc.diagnostics if d.code == "code-short-form"]
    assert [d.severity for d in warnings] == ["warning"]
    assert warnings[0].line == line_of(text, "3412-008")
    assert "3412-008" in warnings[0].found


# --- decision 4: levels and sublevels -----------------------------------------------


@LANG
def test_level_sublevels_read(lang: str) -> None:
    _, doc = parsed(lang, "levels")
    assert [(c.id, c.level, c.sublevels, c.level_as_written.strip()) for c in doc.cards] == [
        ("2635-3-001@4", 4, ("4.1", "4.2", "4.3"), "4 (4.1, 4.2, 4.3)"),
        ("2634-9-004@6", 6, ("6.1", "6.2", "6.3"), "6 (6.1., 6.2., 6.3.)"),
        ("2634-4-001@7", 7, (), "7"),
    ]


# --- decision 5: other names --------------------------------------------------------

OTHER_NAMES: dict[str, list[list[tuple[str | None, str]]]] = {
    "kk": [
        [
            ("3350-0-009", "Халықты әлеуметтік қорғау ұйымдарындағы маманы"),
            (
                "3412-0-005",
                "Әлеуметтік жұмыс жөніндегі қызметкер "
                "(Кейс менеджер отбасын сүйемелдеу жөніндегі әлеуметтік қызметкер)",
            ),
            ("2635-3-003", "Әлеуметтік жұмыс жөніндегі маман, қарттарға арналған баспана"),
        ],
        [
            ("2635-8-003", "Әлеуметтік жұмыс жөніндегі маман, мүгедектігі бар адамдарға күтім"),
            ("2635-3-004", "Халықты әлеуметтік қорғау қызметінің маманы"),
        ],
        [
            ("2635-3-004", "Халықты әлеуметтік қорғау қызметінің маманы"),
            (None, "Әлеуметтік жұмыс жөніндегі супервизор"),
        ],
    ],
    "ru": [
        [
            ("3350-0-009", "Специалист организаций социальной защиты населения"),
            (
                "3412-0-005",
                "Работник по социальной работе "
                "(кейс-менеджер, социальный работник по сопровождению семьи)",
            ),
            ("2635-3-003", "Специалист по социальной работе, приют для престарелых"),
        ],
        [
            ("2635-8-003", "Специалист по социальной работе, уход за лицами с инвалидностью"),
            ("2635-3-004", "Специалист службы социальной защиты населения"),
        ],
        [
            ("2635-3-004", "Специалист службы социальной защиты населения"),
            (None, "Супервизор по социальной работе"),
        ],
    ],
}


@pytest.mark.parametrize(
    ("lang", "index"),
    [(lg, i) for lg in LANGS for i in range(3)],
    ids=[f"{lg}-{kind}" for lg in LANGS for kind in ("glued", "dash", "semicolon-uncoded")],
)
def test_other_names_split_with_own_codes(lang: str, index: int) -> None:
    _, doc = parsed(lang, "other_names")
    assert [c.id for c in doc.cards] == ["2635-3-001@5", "2635-3-001@6", "2635-9-001@6"]
    card = doc.cards[index]
    expected = OTHER_NAMES[lang][index]
    assert [(o.code, o.name) for o in card.other_names] == expected
    assert [o.code_as_written for o in card.other_names] == [code for code, _ in expected]


# --- decision 7: summary rows and additional functions ------------------------------

SUMMARY: dict[str, dict[str, Any]] = {
    "kk": {
        "lead": [
            "Әлеуметтік қорғау ұйымы құрылымдық бөлімшесінің қызметіне басшылық ету",
            "Персоналды басқару",
        ],
        "supervisor": [
            "Арнаулы әлеуметтік қызметтер көрсететін ұйымдардағы қызмет",
            "Мамандармен өзара іс-қимыл жасау",
        ],
        "additional": "Жас және тәжірибесі кем әлеуметтік қызметкерлерді оқыту",
        "summary_text": "Өз қызметін арнаулы",
    },
    "ru": {
        "lead": [
            "Руководство деятельностью структурного подразделения организации социальной защиты",
            "Управление персоналом",
        ],
        "supervisor": [
            "Деятельность в организациях, оказывающих специальные социальные услуги",
            "Взаимодействие со специалистами",
        ],
        "additional": "Обучение молодых и менее опытных социальных работников",
        "summary_text": "Осуществляет свою деятельность",
    },
}


@LANG
def test_function_summary_row_is_not_skills(lang: str) -> None:
    _, doc = parsed(lang, "summary_row")
    card = card_by_id(doc, "1344-0-004@7")
    assert titles(card.functions) == SUMMARY[lang]["lead"]
    assert [f.kind for f in card.functions] == ["mandatory", "mandatory"]
    assert [f.number for f in card.functions] == [1, 2]
    assert [len(f.tasks) for f in card.functions] == [1, 1]
    first, second = (f.tasks[0] for f in card.functions)
    assert (len(first.skills), len(first.knowledge)) == (2, 2)
    assert (len(second.skills), len(second.knowledge)) == (2, 1)
    summary_names = set(SUMMARY[lang]["lead"])
    assert not [i.text for u in units(card) for i in u.skills if i.text in summary_names]


@LANG
def test_function_additional_from_summary_row(lang: str) -> None:
    _, doc = parsed(lang, "summary_row")
    card = card_by_id(doc, "2635-9-001@6")
    assert len(card.functions) == 3
    mandatory = [f for f in card.functions if f.kind == "mandatory"]
    additional = [f for f in card.functions if f.kind == "additional"]
    assert titles(mandatory) == SUMMARY[lang]["supervisor"]
    assert titles(additional) == [SUMMARY[lang]["additional"]]
    assert additional[0].tasks == ()
    assert [len(f.tasks) for f in mandatory] == [1, 1]
    assert sum(len(u.skills) for u in units(card)) == 4
    assert sum(len(u.knowledge) for u in units(card)) == 2
    summary_start = SUMMARY[lang]["summary_text"]
    assert not [i for u in units(card) for i in u.skills if i.text.startswith(summary_start)]


ADDITIONAL = {
    "kk": ("Жас мамандарды оқыту", "Тәлімгерлік бағдарламаны жүзеге асыру"),
    "ru": ("Обучение молодых специалистов", "Реализация программы наставничества"),
}


@LANG
def test_function_additional_detailed_row(lang: str) -> None:
    _, doc = parsed(lang, "function_additional")
    card = only_card(doc)
    assert [f.kind for f in card.functions] == ["mandatory", "additional"]
    extra = card.functions[1]
    assert (norm_title(extra.title), titles(extra.tasks)) == (
        ADDITIONAL[lang][0],
        [ADDITIONAL[lang][1]],
    )
    assert (len(extra.tasks[0].skills), len(extra.tasks[0].knowledge)) == (1, 1)
    assert extra.id == f"{card.id}/f2"


# --- decision 8: packed tasks and shared function cells ----------------------------

PACKED = {
    "kk": (
        [
            "Клиенттерге психологиялық қолдау көрсетудің жеке бағдарламаларын әзірлеу",
            "Топтық және жеке кеңестерді өткізу үшін команда құру",
        ],
        [
            "Психологиялық көмек көрсету жоспарларын әзірлеу",
            "Жеке психологиялық көмек көрсету",
            "Психологиялық тренингтер мен консультациялар өткізу",
        ],
        "Клиенттермен топтық жұмыс бағдарламаларын жасау",
    ),
    "ru": (
        [
            "Разработка индивидуальных программ психологической поддержки клиентов",
            "Создание команды для проведения групповых и индивидуальных консультаций",
        ],
        [
            "Разработка планов оказания психологической помощи",
            "Оказание индивидуальной психологической помощи",
            "Проведение психологических тренингов и консультаций",
        ],
        "Разработка программ групповой работы с клиентами",
    ),
}


@LANG
def test_unit_packed_tasks_split_and_share_items(lang: str) -> None:
    _, doc = parsed(lang, "tasks_packed")
    card = only_card(doc)
    first_titles, second_titles, last_skill = PACKED[lang]
    f1, f2 = card.functions
    assert titles(f1.tasks) == first_titles
    assert titles(f2.tasks) == second_titles
    assert [u.number for u in f2.tasks] == [1, 2, 3]
    for function, n_skills, n_knowledge in ((f1, 3, 2), (f2, 2, 1)):
        head, *rest = function.tasks
        assert (len(head.skills), len(head.knowledge)) == (n_skills, n_knowledge)
        assert head.shares_items_with is None
        for unit in rest:
            assert unit.shares_items_with == head.id
            assert (unit.skills, unit.knowledge) == ((), ())
    assert f1.tasks[0].skills[-1].text == last_skill


SHARED = {
    "kk": (
        [
            "Үйде әлеуметтік көмек көрсету бөлімшелеріндегі қызмет",
            "Мамандармен өзара іс-қимыл жасау",
        ],
        "Өмірлік қиын жағдайға тап болған адамдарға консультациялық көмек",
        "Қажетті арнаулы әлеуметтік қызметтерді алуда олардың құқықтары мен мүдделерін қорғау",
        "Өмірлік қиын жағдайға тап болған адамдарға консультациялық көмек көрсету",
    ),
    "ru": (
        ["Деятельность в отделениях социальной помощи на дому", "Взаимодействие со специалистами"],
        "Консультативная помощь лицам, оказавшимся в трудной жизненной ситуации",
        "Защита их прав и интересов при получении необходимых специальных социальных услуг",
        "Оказание консультативной помощи лицам, оказавшимся в трудной жизненной ситуации",
    ),
}


@LANG
def test_function_shared_cell_pairs_numbered_tasks(lang: str) -> None:
    _, doc = parsed(lang, "functions_shared_cell_paired")
    card = only_card(doc)
    function_titles, first, second, _ = SHARED[lang]
    assert titles(card.functions) == function_titles
    assert [f.number for f in card.functions] == [1, 2]
    assert [titles(f.tasks) for f in card.functions] == [[first], [second]]
    # The skills and knowledge cell is read once, whichever unit holds it.
    assert sum(len(u.skills) for u in units(card)) == 3
    assert sum(len(u.knowledge) for u in units(card)) == 2


@LANG
def test_function_shared_cell_unpaired_task_goes_to_last(lang: str) -> None:
    _, doc = parsed(lang, "functions_shared_cell_unpaired")
    card = only_card(doc)
    function_titles, _, _, task = SHARED[lang]
    assert titles(card.functions) == function_titles
    assert card.functions[0].tasks == ()
    assert titles(card.functions[1].tasks) == [task]
    unit = card.functions[1].tasks[0]
    assert (len(unit.skills), len(unit.knowledge)) == (3, 2)


# --- decision 9: where skills and knowledge cells go -------------------------------

SAME_CELL = {
    "kk": (
        "кадрлық құрамды қалыптастыру және реттеу",
        [
            "Ұйымды басқару құрылымын анықтау.",
            "Басшы құрамды және басқа да кадрларды іріктеу және орналастыру.",
            "Ұжымда қолайлы моральдық-психологиялық атмосфераны қолдау",
        ],
        [
            "Еңбек кодексі.",
            "Ұйым қызметінің бейіні мен ерекшеліктері.",
            "Персоналды басқару теориясы мен практикасы.",
        ],
    ),
    "ru": (
        "формирование и регулирование кадрового состава",
        [
            "Определение структуры управления организацией.",
            "Подбор и расстановка руководящих и других кадров.",
            "Поддержание благоприятного морально-психологического климата в коллективе",
        ],
        [
            "Трудовой кодекс.",
            "Профиль и особенности деятельности организации.",
            "Теория и практика управления персоналом.",
        ],
    ),
}


@LANG
def test_items_skills_and_knowledge_split_in_one_cell(lang: str) -> None:
    _, doc = parsed(lang, "skills_knowledge_same_cell")
    (unit,) = units(only_card(doc))
    task, skills, knowledge = SAME_CELL[lang]
    assert norm_title(unit.title) == task
    assert texts(unit.skills) == skills
    assert texts(unit.knowledge) == knowledge
    assert numbers(unit.skills) == numbers(unit.knowledge) == ["1", "2", "3"]
    # The label glued to the last skill is a split point, not glued words.
    assert unit.skills[-1].repairs == ()


EMPTY_CELL = {
    "kk": (
        ["Өтінімдер мен өтініштерді жинау.", "Реттемелерді әзірлеу және келісу."],
        [
            "Әлеуметтік психология, жеке және кіші топтар психологиясы.",
            "Отбасылық психология, отбасылық кеңес, отбасылық дағдарыстар.",
        ],
        ["Адамның өмірлік іс-әрекеттері мен қоршаған ортаның қауіпсіздігі."],
    ),
    "ru": (
        ["Сбор заявок и обращений.", "Разработка и согласование регламентов."],
        [
            "Социальная психология, психология личности и малых групп.",
            "Семейная психология, семейное консультирование, семейные кризисы.",
        ],
        ["Безопасность жизнедеятельности человека и окружающей среды."],
    ),
}


@LANG
def test_items_knowledge_after_empty_cell_belongs_to_current_task(lang: str) -> None:
    _, doc = parsed(lang, "knowledge_after_empty_cell")
    card = only_card(doc)
    assert len(card.functions) == 1
    t1, t2 = card.functions[0].tasks
    skills, knowledge1, knowledge2 = EMPTY_CELL[lang]
    assert texts(t1.skills) == skills
    assert texts(t1.knowledge) == knowledge1
    assert len(t2.skills) == 1
    assert texts(t2.knowledge) == knowledge2
    assert t2.number == 2


MERGED = {
    "kk": (
        "Арнаулы әлеуметтік қызметтерге мұқтаж азаматтардың есебін жүргізу",
        "Медициналық-әлеуметтік және құқықтық қызмет көрсету",
    ),
    "ru": (
        "Ведение учета граждан, нуждающихся в специальных социальных услугах",
        "Оказание медико-социальных и правовых услуг",
    ),
}


@LANG
def test_unit_row_with_task_label_adds_task_to_current_function(lang: str) -> None:
    _, doc = parsed(lang, "task_row_merged")
    card = only_card(doc)
    assert [len(f.tasks) for f in card.functions] == [1, 2, 1]
    t1, t2 = card.functions[1].tasks
    assert (t1.number, t2.number) == (1, 2)
    assert norm_title(t2.title) == MERGED[lang][0]
    assert (len(t1.skills), len(t1.knowledge)) == (3, 2)
    assert (len(t2.skills), len(t2.knowledge)) == (2, 1)
    assert t2.shares_items_with is None
    assert norm_title(card.functions[2].title) == MERGED[lang][1]


# --- decision 10: item lists --------------------------------------------------------

GLUED = {
    "kk": (
        [
            "Ұйымды басқару құрылымын анықтау.",
            "Тиісті сапалы қызмет көрсету үшін кадрларды іріктеу және орналастыру",
            "Жұмыс жоспарын әзірлеу бойынша жұмысты үйлестіру, ай сайынғы мониторинг жүргізу",
            "Көрсетілетін қызметтердің сапасы мен түрлерін талдау;"
            "олардың даму перспективаларын болжау",
            "Қызметкерлердің 18 жастан асқан адамдарға көмек көрсету жұмысын бақылау.",
        ],
        [
            "Еңбек кодексі",
            "Ұйым қызметінің бейіні мен ерекшеліктері",
            "Персоналды басқару теориясы мен практикасы.",
        ],
    ),
    "ru": (
        [
            "Определение структуры управления организацией.",
            "Подбор и расстановка кадров для качественного оказания услуг",
            "Координация работы по разработке плана, ежемесячный мониторинг",
            "Анализ качества и видов оказываемых услуг;прогнозирование перспектив их развития",
            "Контроль работы сотрудников по оказанию помощи лицам старше 18 лет.",
        ],
        [
            "Трудовой кодекс",
            "Профиль и особенности деятельности организации",
            "Теория и практика управления персоналом.",
        ],
    ),
}


@LANG
def test_items_glued_numbering_split_verbatim(lang: str) -> None:
    _, doc = parsed(lang, "numbering_glued")
    (unit,) = units(only_card(doc))
    skills, knowledge = GLUED[lang]
    # Split only before the next number: a ";" inside item 4 is not a boundary.
    assert texts(unit.skills) == skills
    assert numbers(unit.skills) == ["1", "2", "3", "4", "5"]
    assert texts(unit.knowledge) == knowledge
    assert "numbering-gap" not in diagnostic_codes(doc)


GAP = {
    "kk": "Клиенттердің қызмет нәтижелілігін талдау және бағалау",
    "ru": "Анализ и оценка результативности деятельности клиентов",
}


@LANG
def test_items_numbering_gap_kept_with_warning(lang: str) -> None:
    _, doc = parsed(lang, "numbering_gap")
    card = only_card(doc)
    (unit,) = units(card)
    assert numbers(unit.skills) == ["1", "2", "3", "5", "6"]
    assert unit.skills[1].text == GAP[lang]
    gaps = [d for d in doc.diagnostics if d.code == "numbering-gap"]
    assert [d.severity for d in gaps] == ["warning"]
    assert card.source.line_start <= gaps[0].line <= card.source.line_end


STRAY = {
    "kk": (
        ["Қылмыстық кодекс.", "Ұзақ мерзімді әлеуметтік зерттеулерді жүргізу ерекшеліктері."],
        [
            "Оқыту-нұсқау беру, кеңес беру.",
            "Көмек көрсету, қолдау, ынталандыру",
            "Сотталғандардың өзара іс-әрекетін қамтамасыз ету.",
        ],
        ["Психологиялық, педагогикалық қорытындыны құру."],
        [
            "Психологиялық ғылым туралы ұғымдарды қалыптастыру.",
            "Психологиялық факторлардың әсер ету қағидаттары.",
        ],
    ),
    "ru": (
        ["Уголовный кодекс.", "Особенности проведения долгосрочных социальных исследований."],
        [
            "Обучение и инструктирование, консультирование.",
            "Оказание помощи, поддержка, стимулирование",
            "Обеспечение взаимодействия осужденных и специалистов.",
        ],
        ["Составление психологического и педагогического заключения."],
        [
            "Пути формирования научных представлений о психологической науке.",
            "Принципы влияния психологических факторов.",
        ],
    ),
}


@LANG
def test_items_stray_numbering_ignored(lang: str) -> None:
    _, doc = parsed(lang, "stray_numbering")
    card = only_card(doc)
    assert [len(f.tasks) for f in card.functions] == [2, 1]
    (t1, t2), (t3,) = (f.tasks for f in card.functions)
    knowledge1, skills2, knowledge2, knowledge3 = STRAY[lang]
    # "2. Білуге тиіс:" / "2. Знания:" is not a third skill of the task before.
    assert len(t1.skills) == 2
    assert texts(t1.knowledge) == knowledge1
    assert texts(t2.skills) == skills2
    assert numbers(t2.skills) == ["1", "2", "3"]
    assert texts(t2.knowledge) == knowledge2
    assert texts(t3.knowledge) == knowledge3
    assert numbers(t3.knowledge) == ["1", "2"]
    assert "stray-numbering" in diagnostic_codes(doc, "info", "warning")


HEADER_LIST = {
    "kk": (
        "Нормативтік құқықтық актілер",
        [
            "Қазақстан РеспубликасыныңКонституциясы",
            '"Арнаулы әлеуметтік қызметтер туралы" Қазақстан РеспубликасыныңЗаңы',
            "Еңбек кодексі",
            "егде жастағы адамдардың психологиялық және физиологиялық ерекшеліктері",
            "дәрігерге дейінгі шұғыл көмек көрсету тәсілдері",
            "еңбек заңнамасының негіздері.",
        ],
    ),
    "ru": (
        "Нормативные правовые акты",
        [
            "Конституция Республики Казахстан",
            "Трудовой кодексРеспублики Казахстан",
            'Закон Республики Казахстан "О специальных социальных услугах"',
            "психологические и физиологические особенности лиц пожилого возраста",
            "способы оказания неотложной доврачебной помощи",
            "основы трудового законодательства.",
        ],
    ),
}


@LANG
def test_items_header_list_split_with_header(lang: str) -> None:
    text, doc = parsed(lang, "knowledge_header_list")
    (unit,) = units(only_card(doc))
    header, entries = HEADER_LIST[lang]
    assert texts(unit.knowledge) == entries
    assert [(i.header, i.number) for i in unit.knowledge] == [(header, None)] * len(entries)
    assert all(i.header is None for i in unit.skills)
    assert numbers(unit.skills) == ["1", "2"]
    # The header itself is no item and its span is not an item's span.
    header_at = text.index(header + ":")
    assert all(i.span.start > header_at for i in unit.knowledge)


# --- decision 11: words glued to former link text ----------------------------------

GLUED_WORDS = {
    "kk": [
        ("Қазақстан РеспубликасыныңКонституциясы", ["Қазақстан Республикасының"]),
        (
            '"Неке (ерлі-зайыптылық) және отбасы туралы" Қазақстан РеспубликасыныңКодексі',
            ['"Неке (ерлі-зайыптылық) және отбасы туралы" Қазақстан Республикасының'],
        ),
        ("Психология, құқықтану негіздері", []),
    ],
    "ru": [
        ("Конституция Республики Казахстан", []),
        ("Трудовой кодексРеспублики Казахстан", ["Трудовой кодекс"]),
        ("Основы психологии и правоведения", []),
        ('ЗаконРеспублики Казахстан "О специальных социальных услугах".', ["Закон"]),
    ],
}


def glued_repairs(item: Item) -> list[tuple[str, int, str, str]]:
    return [
        (r.kind, r.offset, r.original, r.replacement)
        for r in item.repairs
        if r.kind == "glued-words"
    ]


@LANG
def test_items_glued_words_repaired_not_rewritten(lang: str) -> None:
    _, doc = parsed(lang, "glued_words")
    (unit,) = units(only_card(doc))
    for item, (text, before) in zip(unit.knowledge, GLUED_WORDS[lang], strict=False):
        assert item.text == text  # verbatim: the space is only a recorded repair
        assert glued_repairs(item) == [("glued-words", len(b), "", " ") for b in before]
    for item in iter_items(doc):
        for _, offset, _, _ in glued_repairs(item):
            assert item.text[offset - 1].islower() and item.text[offset].isupper(), item.text


@LANG
def test_items_glued_words_repaired_in_header_list(lang: str) -> None:
    _, doc = parsed(lang, "knowledge_header_list")
    (unit,) = units(only_card(doc))
    glued = [(i.text, [r[1] for r in glued_repairs(i)]) for i in unit.knowledge if glued_repairs(i)]
    if lang == "kk":
        before = [
            "Қазақстан Республикасының",
            '"Арнаулы әлеуметтік қызметтер туралы" Қазақстан Республикасының',
        ]
        assert [offsets for _, offsets in glued] == [[len(b)] for b in before]
    else:
        assert glued == [("Трудовой кодексРеспублики Казахстан", [len("Трудовой кодекс")])]


# --- decision 12: NBSP, Latin i, CRLF and other cell separators --------------------


def nbsp_variant(text: str) -> str:
    """NBSP in every label cell, after item numbers and inside the item labels."""
    lines = []
    for line in text.split("\n"):
        if CELL in line:
            first, rest = line.split(CELL, 1)
            line = first.replace(" ", NBSP) + CELL + rest
        lines.append(line)
    out = re.sub(r"(\d\.) ", "\\1" + NBSP, "\n".join(lines))
    for label in ("Білуге тиіс", "Икемділіктер мен дағдылар", "Умения и навыки"):
        out = out.replace(label, label.replace(" ", NBSP))
    return out


def alternate_separators(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(ln.replace(CELL, "\t" if i % 2 else " | ") for i, ln in enumerate(lines))


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "nbsp": nbsp_variant,
    "latin-i": lambda s: s.replace("і", "i"),
    "crlf": lambda s: s.replace("\n", "\r\n"),
    "bare-tab": lambda s: s.replace(CELL, "\t"),
    "spaced-pipe": lambda s: s.replace(CELL, " | "),
    "mixed-separators": alternate_separators,
}

VARIANT_FIXTURES = [
    "card_basic",
    "tasks_packed",
    "summary_row",
    "stray_numbering",
    "knowledge_header_list",
]


@pytest.mark.parametrize(
    ("lang", "transform", "name"),
    [
        (lg, t, n)
        for lg in LANGS
        for t in TRANSFORMS
        if not (lg == "ru" and t == "latin-i")
        for n in VARIANT_FIXTURES
    ],
)
def test_source_variant_keeps_structure(lang: str, transform: str, name: str) -> None:
    base = parse_checked(load_card_fixture(lang, name), lang)
    text = wrap_cards(TRANSFORMS[transform](read_fixture(lang, name)), lang)
    doc = parse_checked(text, lang)
    assert card_shape(doc) == card_shape(base)


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("kk", "nbsp_latin_i"),
        ("kk", "crlf"),
        ("kk", "separators"),
        ("ru", "nbsp"),
        ("ru", "crlf"),
        ("ru", "separators"),
    ],
)
def test_source_stored_variant_matches_basic(lang: str, name: str) -> None:
    text = load_card_fixture(lang, name)
    if name == "crlf":
        assert text.count("\r\n") == text.count("\n"), "the CRLF fixture lost its CRs (git?)"
    if name.startswith("nbsp"):
        assert NBSP in text
    doc = parse_checked(text, lang)
    assert card_shape(doc) == card_shape(parse_checked(load_card_fixture(lang, "card_basic"), lang))
    check_basic_card(only_card(doc), BASIC[lang], key=fold)


BLANKS = {"spaces": " \t", "nbsp": NBSP, "nel": "\x85"}


@pytest.mark.parametrize(("lang", "blank"), [(lg, b) for lg in LANGS for b in BLANKS])
def test_source_whitespace_only_lines_ignored(lang: str, blank: str) -> None:
    # A line holding only white space (an NBSP paragraph of the web page) after each
    # row continues the row's last cell; values and spans must not take it in.
    rows = read_fixture(lang, "card_basic").split("\n")
    text = wrap_cards("\n".join(f"{row}\n{BLANKS[blank]}" if row else row for row in rows), lang)
    doc = parse_checked(text, lang)
    assert card_shape(doc) == card_shape(parse_checked(load_card_fixture(lang, "card_basic"), lang))
    card = only_card(doc)
    relation = card.directory_relation
    assert relation is not None
    assert relation.directory == relation.directory.strip()
    assert card.working_conditions == card.working_conditions.strip()


def test_read_source_keeps_crlf_and_drops_bom(tmp_path: Path) -> None:
    text = load_card_fixture("kk", "card_basic").replace("\n", "\r\n")
    plain = tmp_path / "plain.txt"
    plain.write_bytes(text.encode("utf-8"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_source(plain) == text
    assert read_source(str(plain)) == text
    assert read_source(bom) == text
    doc = parse_checked(read_source(bom), "kk")
    check_basic_card(only_card(doc), BASIC["kk"], key=lambda s: s)


@LANG
def test_read_source_returns_fixture_text_untouched(lang: str) -> None:
    path = fixture_path(lang, "crlf")
    assert read_source(path) == path.read_bytes().decode("utf-8")
    assert "\r\n" in read_source(path)


# --- decision 13: one code, several cards -----------------------------------------


@LANG
def test_card_same_code_at_levels_gets_level_ids(lang: str) -> None:
    _, doc = parsed(lang, "same_code_levels")
    assert [c.id for c in doc.cards] == ["2635-3-001@4", "2635-3-001@5", "2635-3-001@6"]
    assert [c.level for c in doc.cards] == [4, 5, 6]
    assert [c.functions[0].id for c in doc.cards] == [f"{c.id}/f1" for c in doc.cards]


@LANG
def test_card_duplicate_code_and_level_suffixed(lang: str) -> None:
    _, doc = parsed(lang, "duplicate_card")
    assert [c.id for c in doc.cards] == ["2634-9-004@6", "2634-9-004@6~2", "2634-9-004@7"]
    assert doc.cards[1].functions[0].tasks[0].id == "2634-9-004@6~2/f1/t1"


# --- decision 14: never raises; what is not a standard -----------------------------

NOT_STANDARDS: dict[str, Callable[[], str]] = {
    "news-kk": lambda: read_fixture("kk", "news"),
    "news-ru": lambda: read_fixture("ru", "news"),
    "empty": lambda: "",
    "blank": lambda: " \n\t\n\r\n",
    "random-bytes": lambda: random.Random(20190530).randbytes(3000).decode("utf-8", "replace"),
    "english": lambda: (
        "Minutes of the board meeting.\n1. Budget approved;\n2. Next meeting: May.\n"
    ),
}


@pytest.mark.parametrize("case", NOT_STANDARDS)
def test_document_not_a_standard_reported(case: str) -> None:
    text = NOT_STANDARDS[case]()
    doc = parse_standard(text)
    assert_well_formed(doc, text)
    assert doc.cards == ()
    errors = [d for d in doc.diagnostics if d.code == "not-a-standard"]
    assert [d.severity for d in errors] == ["error"]
    message = errors[0].message.lower()
    assert "standard" in message or "стандарт" in message, errors[0].message
    assert doc.has_errors


BROKEN = {"kk": ("Кәсіп коды", "жеті"), "ru": ("Код профессии", "седьмой")}


@LANG
def test_card_broken_reported_with_position(lang: str) -> None:
    text, doc = parsed(lang, "card_broken", errors_ok=True)
    code_label, level_word = BROKEN[lang]
    card = only_card(doc)
    assert card.code is None
    assert card.level is None
    problems = [d for d in doc.diagnostics if d.severity in ("warning", "error")]
    at_level = [d for d in problems if d.line == line_of(text, CELL + level_word)]
    assert at_level, problems
    assert any(d.expected and level_word in d.found for d in at_level), at_level
    at_code = [d for d in problems if d.line == line_of(text, code_label + CELL)]
    assert any(d.expected for d in at_code), problems


@LANG
def test_card_without_function_rows_read(lang: str) -> None:
    rows = read_fixture(lang, "card_basic").split("\n")[:5]  # card, code, name, other, level
    text = wrap_cards("\n".join(rows) + "\n", lang)
    doc = parse_checked(text, lang, errors_ok=True)
    card = only_card(doc)
    assert (card.id, card.functions) == ("2635-3-001@4", ())
    assert "internal-error" not in diagnostic_codes(doc)


@LANG
def test_card_truncated_mid_row_reported(lang: str) -> None:
    fragment = read_fixture(lang, "card_basic")
    cut = fragment.index("2. ") + 3  # the text ends in the skills cell, after "2. "
    text = wrap_cards(fragment[:cut], lang)
    doc = parse_standard(text)
    assert_well_formed(doc, text)
    card = only_card(doc)
    assert card.code == "2635-3-001"
    assert any(d.severity in ("warning", "error") for d in doc.diagnostics)


# --- the seed: all decisions together ----------------------------------------------

SEED_CARD_IDS = [
    "1344-0-004@7",
    "2635-3-001@4",
    "2635-3-001@5",
    "2635-3-001@6",
    "3412-0-008@4",  # written 3412-008 (line 214); 3412-0-008 appears on line 227
    "3412-0-008@5",
    "3412-0-009@6",
    "2635-9-001@6",
    "2634-9-004@6",  # line 274
    "2634-4-001@6",
    "2634-4-001@7",
    "2634-9-004@6~2",  # line 324: same code and level as line 274
    "2634-9-004@6~3",  # line 350
    "2634-9-004@7",
]


@pytest.fixture(scope="module")
def seed() -> tuple[str, Document]:
    text = read_seed()
    return text, parse_checked(text, "kk")


def test_seed_card_ids(seed: tuple[str, Document]) -> None:
    text, doc = seed
    assert [c.id for c in doc.cards] == SEED_CARD_IDS
    assert [c.source.line_start for c in doc.cards] == [
        154,
        173,
        186,
        199,
        213,
        226,
        239,
        258,
        274,
        292,
        304,
        324,
        350,
        368,
    ]
    short = card_by_id(doc, "3412-0-008@4")
    assert (short.code_as_written, short.code_normalised) == ("3412-008", True)
    assert text.splitlines()[short.source.line_start - 1].startswith("Кәсіп карточкасы")


def test_seed_summary_row_and_unlabelled_task(seed: tuple[str, Document]) -> None:
    _, doc = seed
    card = card_by_id(doc, "1344-0-004@7")
    assert [f.number for f in card.functions] == [1, 2, 3]
    assert {f.kind for f in card.functions} == {"mandatory"}
    assert [len(f.tasks) for f in card.functions] == [1, 1, 1]
    f1, f2, f3 = (f.tasks[0] for f in card.functions)
    assert norm_title(f1.title) == "Ұйым қызметін жоспарлау және бақылау"
    assert (len(f1.skills), len(f1.knowledge)) == (6, 15)
    assert f1.knowledge[0].text == "Қазақстан РеспубликасыныңКонституциясы"
    # Line 165: the task cell has no label; it is still the function's task.
    assert norm_title(f2.title) == (
        "Халыққа әлеуметтік көмек көрсету саласындағы мемлекеттік кепілдіктерді қамтамасыз ету"
    )
    assert (len(f2.skills), len(f2.knowledge)) == (10, 16)
    assert norm_title(card.functions[2].title) == "Персоналды басқару"
    assert len(f3.skills) == 6
    assert f3.skills[-1].text.endswith("моральдық-психологиялық атмосфераны қолдау")
    summary = "Әлеуметтік қорғау ұйымы құрылымдық бөлімшесінің (бөлімінің, секторының, топтың)"
    assert not [i for u in units(card) for i in u.skills if i.text.startswith(summary)]


def test_seed_header_list_and_other_names(seed: tuple[str, Document]) -> None:
    _, doc = seed
    (unit,) = units(card_by_id(doc, "2635-3-001@4"))
    assert len(unit.skills) == 10
    assert len(unit.knowledge) == 27
    assert {i.header for i in unit.knowledge} == {"Нормативтік құқықтық актілер"}
    assert [o.code for o in card_by_id(doc, "2635-3-001@5").other_names] == [
        "3350-0-009",
        "3412-0-005",
        "2635-3-003",
        "2635-8-003",
        "2635-8-004",
        "2635-3-001",
    ]
    assert [o.code for o in card_by_id(doc, "2635-3-001@6").other_names] == [
        "2635-8-003",
        "2635-8-004",
        "2635-3-003",
        "2635-3-004",
    ]
    assert [(o.code, o.name) for o in card_by_id(doc, "2635-9-001@6").other_names] == [
        ("2635-3-004", "Халықты әлеуметтік қорғау қызметінің маманы"),
        (None, "Әлеуметтік жұмыс жөніндегі супервизор"),
    ]


def test_seed_additional_and_shared_functions(seed: tuple[str, Document]) -> None:
    _, doc = seed
    card = card_by_id(doc, "2635-9-001@6")
    assert sorted(f.kind for f in card.functions) == ["additional", "mandatory", "mandatory"]
    (additional,) = [f for f in card.functions if f.kind == "additional"]
    assert norm_title(additional.title) == "Жас және тәжірибесі кем әлеуметтік қызметкерлерді оқыту"
    mandatory = [f for f in card.functions if f.kind == "mandatory"]
    assert [len(f.tasks) for f in mandatory] == [1, 1]
    assert norm_title(mandatory[0].tasks[0].title) == (
        "Өмірлік қиын жағдайға тап болған адамдарға консультациялық көмек"
    )
    assert mandatory[1].tasks[0].title.startswith("қиын өмірлік жағдайды еңсеру")


def test_seed_packed_tasks_gap_and_stray_numbering(seed: tuple[str, Document]) -> None:
    _, doc = seed
    psychologist = card_by_id(doc, "2634-9-004@6")
    assert psychologist.sublevels == ("6.1", "6.2", "6.3")
    assert [len(f.tasks) for f in psychologist.functions] == [2, 2, 3, 4]
    f3_skills = psychologist.functions[2].tasks[0].skills
    assert numbers(f3_skills) == ["1", "2", "3", "5", "6", "7", "8", "9", "10"]
    assert len(psychologist.functions[3].tasks[0].knowledge) == 7  # after an empty cell
    assert "numbering-gap" in diagnostic_codes(doc, "warning")

    consultant = card_by_id(doc, "2634-4-001@7")
    assert [len(f.tasks) for f in consultant.functions] == [2, 2, 1]
    t1, t2 = consultant.functions[0].tasks
    assert numbers(t1.knowledge) == ["1", "2", "3", "4"]
    assert numbers(t2.skills) == ["1", "2", "3"]
    # Line 313: "6. Білуге тиіс:1. Нормативтік құқықтық актілер:A.B.C.2. D" - entry 1
    # opens a header list (split into its entries or kept whole), entry 2 is numbered.
    assert (t2.knowledge[-1].number, t2.knowledge[-1].text[:20]) == ("2", "Психологиялық, педаг")
    assert "stray-numbering" in diagnostic_codes(doc, "info", "warning")

    second = card_by_id(doc, "2634-9-004@6~2")
    assert [len(f.tasks) for f in second.functions] == [2, 2, 2, 2]
    f4t1, f4t2 = second.functions[3].tasks
    assert len(f4t1.knowledge) == 2
    assert (len(f4t2.skills), len(f4t2.knowledge)) == (3, 3)


def _card_basic_with_functions(block: list[str]) -> str:
    """card_basic (ru) with its function rows replaced by ``block``."""
    basic = read_fixture("ru", "card_basic").split("\n")
    start = next(i for i, line in enumerate(basic) if line.startswith("Трудовая функция 1:"))
    end = next(i for i, line in enumerate(basic) if line.startswith("Требования к личностным"))
    return wrap_cards("\n".join([*basic[:start], *block, *basic[end:]]), "ru")


def _first_task(block: list[str]) -> tuple[Document, Unit]:
    """card_basic read with ``block`` as its functions, and the first function's task."""
    doc = parse_checked(_card_basic_with_functions(block), "ru")
    [task] = only_card(doc).functions[0].tasks
    return doc, task


def test_a_label_row_gives_its_list_to_the_row_below() -> None:
    # The NPP tables (issue 9): a row holds only the label "Умения:" or
    # "Знания:", the row below (under the merged function and task cells) its list.
    block = [
        "Трудовая функция 1: Деятельность в организациях\t|\tЗадача 1: Контроль услуг\t|\tУмения:",
        "\t|\t\t|\t1. Организация мероприятий",
        "2. Анализ качества услуг",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Теория и практика социальной работы",
        "2. Основы психологии",
    ]
    text = _card_basic_with_functions(block)

    doc = parse_checked(text, "ru")

    [function] = only_card(doc).functions
    [task] = function.tasks
    assert texts(task.skills) == ["Организация мероприятий", "Анализ качества услуг"]
    assert texts(task.knowledge) == ["Теория и практика социальной работы", "Основы психологии"]
    assert "unexpected-text" not in diagnostic_codes(doc)


def test_a_list_goes_on_a_cell_to_the_left_when_the_next_page_lacks_an_empty_column() -> None:
    # pdf-54 (issue 9): the first page's table has an empty narrow column before
    # the list ("Задача 1 | | Умения:"); the next page's table does not, so the list
    # goes on one cell to the left. The row's first cells are empty: it is the list.
    block = [
        "Трудовая функция 1: Деятельность\t|\tЗадача 1: Контроль услуг\t|\t\t|\tУмения:",
        "\t|\t\t|\t\t|\t1. Организация мероприятий",
        "\t|\t\t|\t2. Анализ качества услуг",
        "3. Учёт обращений",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Основы психологии",
    ]
    doc, task = _first_task(block)

    assert texts(task.skills) == [
        "Организация мероприятий",
        "Анализ качества услуг",
        "Учёт обращений",
    ]
    assert texts(task.knowledge) == ["Основы психологии"]
    assert "unexpected-text" not in diagnostic_codes(doc)


def test_a_singular_skills_label_and_numbers_typed_with_a_space_before_the_dot() -> None:
    # npp-21 (issue 9): "Умение:" was read as a skill; "3 .Собирать" and
    # "1 . Растеризация" were no list numbers, so items ran together.
    block = [
        "Трудовая функция 1: Маркетинг игры\t|\tЗадача 1: Продвижение игры\t|\tУмение:",
        "\t|\t\t|\t1. Разработать рекламные ролики",
        "2. Визуализировать акцент персонажа (ожидание, действие, реакция)",
        "3 .Собирать все анимационные детали",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1 . Растеризация (rasterization);",
        "2. Метод трассировки лучей",
        "3. Закон от 2 . 3 года",  # a spaced dot inside an item is no number
    ]
    _, task = _first_task(block)

    assert texts(task.skills) == [
        "Разработать рекламные ролики",
        "Визуализировать акцент персонажа (ожидание, действие, реакция)",
        "Собирать все анимационные детали",
    ]
    assert texts(task.knowledge) == [
        "Растеризация (rasterization)",
        "Метод трассировки лучей",
        "Закон от 2 . 3 года",
    ]


def test_a_list_of_one_number_whose_next_entries_lost_theirs_is_cut_at_sentence_ends() -> None:
    # npp-11 (issue 9): "1. Планировать работы аудитора ИБ." and, on its own Word
    # paragraph, "Оценивать применимость методик проведения аудита." are two skills;
    # a line after a comma goes on the entry.
    block = [
        "Трудовая функция 1: Планирование аудита\t|\tЗадача 1: Планирование работы\t|\tУмения:",
        "\t|\t\t|\t1. Планировать работы аудитора ИБ.",
        "Оценивать применимость методик проведения аудита.",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Законодательство в области аудита,",
        "Республики Казахстан",
    ]
    _, task = _first_task(block)

    assert texts(task.skills) == [
        "Планировать работы аудитора ИБ.",
        "Оценивать применимость методик проведения аудита.",
    ]
    assert texts(task.knowledge) == ["Законодательство в области аудита,\nРеспублики Казахстан"]


def test_a_typed_number_that_jumps_far_on_its_own_line_opens_an_item_with_a_warning() -> None:
    # npp-04 (issue 9): "4. Осуществлять сбор…" then, on its own Word paragraph,
    # "15. Моделировать…" (a typo for 5.) was glued to item 4 without a word.
    block = [
        "Трудовая функция 1: Экспертиза\t|\tЗадача 1: Планирование мер\t|\tУмения:",
        "\t|\t\t|\t1. Разрабатывать меры по предотвращению взломов",
        "2. Осуществлять сбор доказательной базы",
        "15. Моделировать реальную атаку на организацию",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Нормы права, статьи 1. Закона и пункты 30. Правил",
    ]
    doc, task = _first_task(block)

    assert texts(task.skills) == [
        "Разрабатывать меры по предотвращению взломов",
        "Осуществлять сбор доказательной базы",
        "Моделировать реальную атаку на организацию",
    ]
    assert [item.number for item in task.skills] == ["1", "2", "15"]
    assert len(task.knowledge) == 1  # a far number inside a line is no item
    gaps = [d for d in doc.diagnostics if d.code == "numbering-gap"]
    assert [d.message for d in gaps] == ["list numbering jumps from 2 to 15"]


def _card_basic_with(replace: dict[str, str], before_functions: tuple[str, ...] = ()) -> str:
    """card_basic (ru) with rows replaced by label, and rows added before its functions."""
    lines: list[str] = []
    for line in read_fixture("ru", "card_basic").splitlines():
        label = line.split("\t", 1)[0]
        if label.startswith("Трудовая функция 1:"):
            lines.extend(before_functions)
        lines.append(replace.get(label, line))
    return wrap_cards("\n".join(lines) + "\n", "ru")


def test_a_profession_row_names_the_card() -> None:
    # The NPP layouts: "Код:", "Код группы:", "Профессия:" (issue 9).
    name = "Специалист по социальной работе (социальный работник)"
    text = _card_basic_with({"Наименование профессии": f"Профессия:\t|\t{name}"})
    card = only_card(parse_checked(text, "ru"))
    assert card.name == name


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # npp-11 and pdf-55 (issue 9): two names in one paragraph, no mark between.
        (
            "Специалист по информационной безопасности Инженер по защите информации",
            ["Специалист по информационной безопасности", "Инженер по защите информации"],
        ),
        # An acronym or a name in Latin letters is part of the name.
        (
            "Оператор ЭВМ; Разработчик Web-приложений",
            ["Оператор ЭВМ", "Разработчик Web-приложений"],
        ),
        ("Социальный работник", ["Социальный работник"]),
    ],
)
def test_other_names_written_one_after_another_are_told_apart(cell: str, names: list[str]) -> None:
    label = "Другие возможные наименования профессии"
    text = _card_basic_with({label: f"{label}\t|\t{cell}"})
    card = only_card(parse_checked(text, "ru"))
    assert [other.name for other in card.other_names] == names


@pytest.mark.parametrize("none", ["-", "–", "нет"])
def test_a_dash_for_the_additional_functions_names_none(none: str) -> None:
    summary = (
        "Трудовые функции:\t|\tОбязательные трудовые функции\t|\t"
        "1. Деятельность в организациях, оказывающих специальные социальные услуги",
        f"\t|\tДополнительные трудовые функции\t|\t{none}",  # under the merged label cell
    )
    doc = parse_checked(_card_basic_with({}, summary), "ru")
    functions = only_card(doc).functions
    assert [f.kind for f in functions] == ["mandatory"]


@pytest.mark.parametrize(
    ("cell", "card_id"),
    [
        ("2139 «IT-специалисты, не вошедшие в другие группы»", "2139@4"),  # a group code
        ("3412 – 008", "3412-008@4"),
        ("-", "spetsialist-po-sotsialnoi-rabote-sotsialnyi@4"),  # from its name
        ("", "spetsialist-po-sotsialnoi-rabote-sotsialnyi@4"),
    ],
)
def test_a_card_without_a_full_code_gets_an_id_without_spaces(cell: str, card_id: str) -> None:
    # The NPP "default" layout writes only the group code and its name; other NPP
    # standards leave the code cell empty or "-" (issue 9). Such a card is read and
    # importable (a warning), with a readable, stable ID.
    text = _card_basic_with({"Код профессии": f"Код профессии\t|\t{cell}"})
    doc = parse_checked(text, "ru", errors_ok=True)
    card = only_card(doc)
    assert card.id == card_id
    assert card.code is None
    assert not doc.has_errors
    assert [d.severity for d in doc.diagnostics if d.code == "code-missing"] == ["warning"]


def test_a_card_with_neither_code_nor_name_is_an_error() -> None:
    text = _card_basic_with({"Код профессии": "Код профессии\t|\t", "Наименование профессии": ""})
    doc = parse_checked(text, "ru", errors_ok=True)
    assert [d.severity for d in doc.diagnostics if d.code == "code-missing"] == ["error"]


@pytest.mark.parametrize("skills_label", ["Умения", "Умения:", "мения"])
def test_a_bare_skills_label_is_a_label_never_an_item(skills_label: str) -> None:
    # NPP documents write "Умения" without a colon (and once "мения"): it must
    # not become a skill, and the list below must not be lost (issue 9).
    block = [
        f"Трудовая функция 1: Деятельность\t|\tЗадача 1: Контроль услуг\t|\t{skills_label}",
        "\t|\t\t|\t1. Умения работать с документами",
        "\t|\t\t|\tЗнания",
        "\t|\t\t|\t1. Теория социальной работы",
    ]
    _, task = _first_task(block)

    assert texts(task.skills) == ["Умения работать с документами"]
    assert texts(task.knowledge) == ["Теория социальной работы"]


# --- NPP Word documents, as the annotations of tests/fixtures/npp found them (issue 9) ---

NPP_TASK = "Трудовая функция 1: Набор текстов\t|\tЗадача 1: Набор материалов\t|\tУмения:"


def _npp_card(*lines: str) -> str:
    """card_basic (ru) with its function block in the NPP 2019-2022 three-column form."""
    return _card_basic_with_functions([NPP_TASK, *lines])


def _npp_unit(*lines: str) -> Unit:
    card = only_card(parse_checked(_npp_card(*lines), "ru", errors_ok=True))
    return card.functions[0].tasks[0]


def test_a_word_that_starts_like_a_reference_does_not_swallow_the_next_number() -> None:
    # "пунктуации" starts with "пункт": the "3." after it opens an item all the same.
    unit = _npp_unit(
        "\t|\t\t|\t1. Осуществлять работу на ЭВМ;",
        "2. Набор текстовой информации с соблюдением правил орфографии и пунктуации",
        "3. Редактирование и форматирование текста;",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Правила эксплуатации ЭВМ",
    )
    assert [i.number for i in unit.skills] == ["1", "2", "3"]


def test_a_reference_word_at_a_line_end_is_no_reference() -> None:
    # "статьи 5." in a line is a reference; "статьи" ending a Word paragraph before
    # "2." is not.
    unit = _npp_unit(
        "\t|\t\t|\t1. Подготавливать технические статьи",
        "2. Создавать обучающие ролики согласно статьи 5. Закона о языках",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Основы",
    )
    assert [i.text for i in unit.skills] == [
        "Подготавливать технические статьи",
        "Создавать обучающие ролики согласно статьи 5. Закона о языках",
    ]


def test_a_bulleted_bare_label_is_the_label() -> None:
    unit = _npp_unit(
        "\t|\t\t|\t1. Назначение прав доступа",
        "\t|\t\t|\t- Знания",
        "\t|\t\t|\t1. Основы информационной безопасности",
        "2. Сетевые протоколы",
    )
    assert [i.text for i in unit.knowledge] == [
        "Основы информационной безопасности",
        "Сетевые протоколы",
    ]


def test_an_unnumbered_paragraph_after_a_numbered_list_is_an_entry_of_its_own() -> None:
    # A Word list gives one line per paragraph: a line opening with a capital after a
    # finished one is the next entry (numbered or not); a line in lower case, or
    # after a comma, continues the entry it follows.
    unit = _npp_unit(
        "\t|\t\t|\t1. Применять средства защиты",
        "2. Нормативные правовые акты в области защиты информации",
        "Организационные меры по защите информации",
        "3. Стандарты, регламентирующие требования к эргономике",
        "взаимодействия человек – система",
        "4. Методы защиты,",
        "Средства контроля",
        "\t|\t\t|\tЗнания:",
        "\t|\t\t|\t1. Основы",
    )
    assert [(i.number, i.text) for i in unit.skills] == [
        ("1", "Применять средства защиты"),
        ("2", "Нормативные правовые акты в области защиты информации"),
        (None, "Организационные меры по защите информации"),
        (
            "3",
            "Стандарты, регламентирующие требования к эргономике\nвзаимодействия человек – система",
        ),
        ("4", "Методы защиты,\nСредства контроля"),
    ]


def test_a_list_run_on_with_semicolons_keeps_an_entry_wrapped_before_a_capital() -> None:
    text = _card_basic_with(
        {
            "Знания:1. Теория и практика социальной работы;2. Основы психологии, педагогики,"
            " геронтологии, этики;3. Специфика работы в различной социальной среде.": (
                "Знания:1. Теория социальной работы;2. Законодательство\n"
                "Республики Казахстан о социальной защите;3. Этика."
            )
        }
    )
    unit = only_card(parse_checked(text, "ru")).functions[0].tasks[0]
    assert [i.number for i in unit.knowledge] == ["1", "2", "3"]
    assert unit.knowledge[1].text == "Законодательство\nРеспублики Казахстан о социальной защите"


def test_a_number_typed_twice_in_a_run_on_list_opens_an_item_and_is_reported() -> None:
    skills = (
        "Умения и навыки:1. Организация мероприятий;2. Анализ качества;2. Разработка предложений."
    )
    text = re.sub(
        r"Умения и навыки:1\. [^\n]*?(?=\nЗнания:)",
        skills,
        wrap_cards(read_fixture("ru", "card_basic"), "ru"),
        count=1,
    )
    doc = parse_checked(text, "ru", errors_ok=True)
    unit = only_card(doc).functions[0].tasks[0]
    assert [(i.number, i.text) for i in unit.skills] == [
        ("1", "Организация мероприятий"),
        ("2", "Анализ качества"),
        ("2", "Разработка предложений."),
    ]
    assert [d.code for d in doc.diagnostics] == ["numbering-repeat"]


def test_the_main_purpose_row_is_a_known_row() -> None:
    # NPP cards have "Основная цель деятельности" (kk: "Қызметтің негізгі мақсаты").
    text = _card_basic_with({}, ("Основная цель деятельности:\t|\tОказание социальных услуг",))
    doc = parse_checked(text, "ru")
    card = only_card(doc)
    assert [f.value for f in card.fields if f.key == "purpose"] == ["Оказание социальных услуг"]
    assert "unknown-row" not in {d.code for d in doc.diagnostics}


def test_a_summary_row_with_its_names_in_the_next_cell_is_no_column_header() -> None:
    # "Трудовые функции: | Обязательные трудовые функции: | 1. …" has only labels and
    # a short text, like a repeated column header; its names must still be read.
    summary = (
        "Трудовые функции:\t|\tОбязательные трудовые функции:\t|\t1. Консультирование семей",
        "\t|\t\t|\t2. Оказание помощи на дому",
        "\t|\tДополнительные трудовые функции:\t|\t-",
    )
    doc = parse_checked(_card_basic_with({}, summary), "ru", errors_ok=True)
    assert "unexpected-text" not in {d.code for d in doc.diagnostics}
    unmatched = [d.found for d in doc.diagnostics if d.code == "summary-function-unmatched"]
    assert unmatched == ["Консультирование семей", "Оказание помощи на дому"]
