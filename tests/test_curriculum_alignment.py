"""Curriculum alignment on the seed: links, coverage, the matrix, and the labelled set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kasip.curriculum import DEFAULT_RULE, align_programme
from kasip.curriculum.coverage import build_report, card_targets
from kasip.curriculum.mapping import choose_links, propose_links
from kasip.curriculum.models import EducationalProgramme, Link, LinkRule, Outcome
from kasip.errors import NotFound
from kasip.evaluation.alignment import (
    Counts,
    best_rule,
    count_links,
    cross_validate,
    load_align_cases,
)
from kasip.evaluation.datasets import DatasetError
from kasip.match.elements import Candidate

if TYPE_CHECKING:
    from kasip.model import ProfessionCard
    from kasip.registry import Registry

SEED_KEY = "292-2019-05-30-kk"
HOME_CARE = "3412-0-008@4"  # Әлеуметтік қызметкер: home care of the elderly and disabled
PSYCHOLOGIST = "2634-9-004@6"  # Әлеуметтік психолог
SOCIAL_WORK = ("2635-3-001@4", "2635-3-001@5", "2635-3-001@6", "3412-0-008@4", "3412-0-008@5")
SET = Path(__file__).resolve().parents[1] / "eval/align-dev.jsonl"


def _programme(rows: list[tuple[str, str]]) -> EducationalProgramme:
    return EducationalProgramme(
        source="test",
        outcomes=tuple(
            Outcome(number=n, module=module, text=text, place=f"row {n + 1}")
            for n, (module, text) in enumerate(rows, start=1)
        ),
    )


def _cards(registry: Registry, *ids: str) -> list[tuple[str, ProfessionCard]]:
    return [(SEED_KEY, registry.get_card(card, standard=SEED_KEY)) for card in ids]


def test_a_programme_of_a_cards_own_skills_covers_at_least_90_percent(
    seeded_registry: Registry,
) -> None:
    index = seeded_registry.match_index()
    shares = {}
    for ref in index.cards:
        [(key, card)] = _cards(seeded_registry, ref.card_id)
        skills = [t.text for t in card_targets(card) if t.type == "skill"]
        report = align_programme(_programme([("M", s) for s in skills]), [(key, card)], index)
        shares[card.id] = report.cards[0].coverage.skills
    assert len(shares) == 14
    assert min(shares.values()) >= 0.9, shares


SOFTWARE = [
    ("Бағдарламалау", "Python тілінде алгоритмдерді іске асырып, бағдарламалар жазады"),
    ("Бағдарламалау", "Объектіге бағытталған бағдарламалау қағидаттарын қолданады"),
    ("Деректер қоры", "Деректер қорын жобалап, SQL сұраныстарын құрады"),
    ("Разработка ПО", "Разрабатывает серверную часть веб-приложений на Java"),
    ("Разработка ПО", "Тестирует программные модули и исправляет ошибки"),
    ("Разработка ПО", "Ведёт техническую документацию программного проекта"),
    ("Сети", "Настраивает маршрутизаторы и протоколы компьютерных сетей"),
    ("Сети", "Применяет методы защиты информации от несанкционированного доступа"),
    ("Математика", "Знает основы дискретной математики и теории алгоритмов"),
    ("Проекты", "Владеет методологиями гибкой разработки Scrum и Kanban"),
]


def test_a_software_engineering_programme_covers_at_most_10_percent(
    seeded_registry: Registry,
) -> None:
    cards = _cards(seeded_registry, *SOCIAL_WORK)
    report = align_programme(_programme(SOFTWARE), cards, seeded_registry.match_index())
    for card in report.cards:
        assert card.coverage.skills <= 0.1, (card.card, card.coverage)
        assert card.coverage.knowledge <= 0.1, (card.card, card.coverage)
    assert len(report.unmapped) >= 9


def test_a_russian_programme_meets_the_kazakh_card(seeded_registry: Registry) -> None:
    rows = [
        ("Обслуживание на дому", "Покупает продукты питания и лекарства и доставляет их на дом"),
        ("Обслуживание на дому", "Заполняет квитанции на оплату жилищно-коммунальных услуг"),
        ("Геронтология", "Знает психологические и физиологические особенности пожилых людей"),
        ("Программирование", "Пишет программы на языке Python"),
    ]
    report = align_programme(
        _programme(rows), _cards(seeded_registry, HOME_CARE), seeded_registry.match_index()
    )
    [card] = report.cards
    covered = {e.id: e for e in card.elements if e.covered}
    prefix = f"{HOME_CARE}/f1/t1/"
    assert {prefix + "s2", prefix + "s5", prefix + "k11"} <= covered.keys()
    assert covered[prefix + "s2"].covered_by[0].number == 1
    assert all(0.0 < c.score <= 1.0 for e in covered.values() for c in e.covered_by)
    assert report.unmapped == ("Пишет программы на языке Python",)
    assert card.coverage.skills == pytest.approx(2 / 16, abs=0.07)
    # Each covered element's ID is in the card and keeps its source line.
    targets = {t.element: t.line for t in card_targets(_cards(seeded_registry, HOME_CARE)[0][1])}
    assert all(targets[i] == e.line for i, e in covered.items())


def test_coverage_counts_confirmed_and_added_links_not_rejected(seeded_registry: Registry) -> None:
    cards = _cards(seeded_registry, PSYCHOLOGIST)
    programme = _programme(
        [
            ("Психология", "Клиенттерге психологиялық қолдау көрсетеді"),
            ("Кеңес беру", "Психологиялық кеңес беру негіздерін біледі"),
            ("Кеңес беру", "Футбол ойнайды"),
        ]
    )
    proposed = propose_links(programme, seeded_registry.match_index(), [(SEED_KEY, PSYCHOLOGIST)])
    assert {link.outcome for link in proposed} == {1, 2}
    f1 = f"{PSYCHOLOGIST}/f1/t1/"
    knowledge = next(link for link in proposed if link.element == f1 + "k11")
    decided = [
        link.model_copy(update={"status": "rejected" if link.outcome == 1 else "confirmed"})
        for link in proposed
    ] + [
        Link(
            outcome=3, card=PSYCHOLOGIST, element=f1 + "s6", type="skill", score=0.0, status="added"
        )
    ]
    report = build_report(programme, cards, decided, rule=DEFAULT_RULE)
    [card] = report.cards
    covered = {e.id for e in card.elements if e.covered}
    assert covered == {knowledge.element, f1 + "s6"}
    assert report.unmapped == ("Клиенттерге психологиялық қолдау көрсетеді",)
    f1_coverage = card.functions[0]
    assert (f1_coverage.skills, f1_coverage.knowledge) == (12, 12)
    assert f1_coverage.coverage.skills == pytest.approx(1 / 12, abs=1e-4)
    assert f1_coverage.coverage.knowledge == pytest.approx(1 / 12, abs=1e-4)
    total_skills = sum(f.skills for f in card.functions)
    assert card.coverage.skills == pytest.approx(1 / total_skills, abs=1e-4)
    # The matrix: the module "Кеңес беру" covers 2 of f1's 24 elements, nothing of f2.
    rows = {row.module: row.cells for row in report.matrix}
    assert rows["Кеңес беру"][f"{PSYCHOLOGIST}/f1"] == pytest.approx(2 / 24, abs=1e-4)
    assert rows["Кеңес беру"][f"{PSYCHOLOGIST}/f2"] == 0.0
    assert set(rows["Психология"].values()) == {0.0}


def test_build_report_refuses_a_link_to_an_unknown_outcome(seeded_registry: Registry) -> None:
    link = Link(outcome=9, card=HOME_CARE, element=f"{HOME_CARE}/f1/t1/s1", type="skill", score=1)
    with pytest.raises(ValueError, match="outcome 9"):
        build_report(
            _programme([("M", "x")]), _cards(seeded_registry, HOME_CARE), [link], rule=DEFAULT_RULE
        )


def test_an_unknown_card_is_not_found(seeded_registry: Registry) -> None:
    with pytest.raises(NotFound, match="9999-0-001@4"):
        propose_links(
            _programme([("M", "x y")]), seeded_registry.match_index(), [(SEED_KEY, "9999-0-001@4")]
        )


def test_choose_links_applies_threshold_relative_and_top_k() -> None:
    found = [
        Candidate("c", f"c/f1/t1/s{n}", "skill", s) for n, s in enumerate((0.9, 0.8, 0.7, 0.2))
    ]
    rule = LinkRule(threshold=0.3, relative=0.85, top_k=5)
    assert [c.score for c in choose_links(found, rule)] == [0.9, 0.8]
    assert [c.score for c in choose_links(found, rule.model_copy(update={"top_k": 1}))] == [0.9]
    high = rule.model_copy(update={"threshold": 0.95})
    assert choose_links(found, high) == []
    assert choose_links([], rule) == []


@pytest.mark.parametrize(("name", "size"), [("align-dev.jsonl", 60), ("align-holdout.jsonl", 30)])
def test_the_labelled_sets_name_elements_of_their_cards(
    seeded_registry: Registry, name: str, size: int
) -> None:
    cases = load_align_cases(SET.with_name(name))
    assert len(cases) >= size
    assert {c.lang for c in cases} == {"kk", "ru"}
    assert sum(not c.expected for c in cases) >= 8  # outcomes of unrelated programmes
    assert all(c.source == "written here" or c.source.startswith("https://") for c in cases)
    for card_id in {card for c in cases for card in c.cards}:
        [(_, card)] = _cards(seeded_registry, card_id)
        ids = {t.element for t in card_targets(card)}
        for case in cases:
            if card_id in case.cards:
                assert {e for e in case.expected if e.startswith(card_id + "/")} <= ids


def test_a_bad_line_of_the_set_is_named(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a1", "lang": "en"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"set.jsonl:1: lang:"):
        load_align_cases(path)


def test_counts_and_cross_validation_on_scored_cases() -> None:
    cases = load_align_cases(SET)[::5]  # both languages, unrelated programmes too
    # Scores made by hand: each case's expected elements score 0.6, one wrong element 0.4.
    scored = [
        [Candidate("c", e, "skill", 0.6) for e in c.expected]
        + [Candidate("c", "wrong", "skill", 0.4)]
        for c in cases
    ]
    strict = LinkRule(threshold=0.5, relative=1.0, top_k=5)
    counts = count_links(cases, scored, strict)
    expected = sum(len(c.expected) for c in cases)
    negatives = sum(not c.expected for c in cases)
    assert counts == Counts(
        proposed=expected + negatives * 0,
        right=expected,
        expected=expected,
        negatives=negatives,
        negatives_unlinked=negatives,
    )
    rule, best = best_rule(cases, scored)
    assert best.f1 == 1.0 and rule.threshold > 0.4
    crossed = cross_validate(cases, scored, folds=5)
    # Every fold's rule keeps the wrong elements out; a rule of one link per
    # outcome, chosen on folds without two-element cases, misses some.
    assert crossed.counts.precision == 1.0 and crossed.counts.recall >= 0.8
    assert len(crossed.rules) == 5


@pytest.fixture(scope="module")
def it_registry() -> Iterator[Registry]:
    """A registry holding one Russian ICT standard of the NPP corpus (software designers)."""
    from kasip.parse import parse_standard, read_document
    from kasip.registry import open_registry

    path = Path(__file__).resolve().parent / "corpus/npp/npp-it-07-software-development.ru.docx"
    registry = open_registry("sqlite://")
    registry.import_documents([parse_standard(read_document(path).text, source_name=path.name)])
    try:
        yield registry
    finally:
        registry.close()


def test_a_russian_card_tells_its_fields_programme_from_another(it_registry: Registry) -> None:
    cases = load_align_cases(SET)
    software = [(c.module, c.outcome) for c in cases if c.programme == "software-engineering-ru"]
    social = [(c.module, c.outcome) for c in cases if c.programme == "social-work-ru"]
    index = it_registry.match_index()
    cards = [
        (ref.standard, it_registry.get_card(ref.card_id, standard=ref.standard))
        for ref in index.cards
    ]
    assert [card.id for _, card in cards] == ["2132@4", "2132@5", "2132@6"]
    of_field = align_programme(_programme(software), cards, index)
    other = align_programme(_programme(social), cards, index)
    mapped = len(software) - len(of_field.unmapped)
    assert mapped >= len(software) // 2
    assert len(other.unmapped) >= 0.8 * len(social)
    by_element = {link.element: link for link in of_field.links}
    # "Владеет методологиями гибкой разработки Scrum" meets the card's knowledge of
    # development methodologies; every link stays within the chosen cards.
    assert all(element.split("/")[0] in {"2132@4", "2132@5", "2132@6"} for element in by_element)
    assert any(link.outcome == 7 and link.type == "knowledge" for link in of_field.links)
