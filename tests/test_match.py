"""Matching free text to cards (kasip.match): ranking, evidence, "no confident match"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from compare_support import seed_registry
from conftest_store import on_every_backend
from kasip.match.engine import CONFIDENT, Features, confidence
from kasip.model import Document
from kasip.registry import Registry, open_registry

pytest_plugins = ["conftest_web"]

SOCIAL_WORKER_RU = """Социальный работник по уходу на дому
Обязанности:
- оказание социально-бытовых услуг пожилым людям и лицам с инвалидностью на дому;
- покупка продуктов, лекарств, оплата коммунальных услуг за подопечных;
- ведение учётной документации по обслуживаемым получателям услуг.
Требования: техническое и профессиональное образование, ответственность.
"""
ACCOUNTANT_RU = """Бухгалтер в торговую компанию
Обязанности: ведение первичной документации, расчёт заработной платы, сдача налоговой
отчётности, сверка с контрагентами, работа в 1С:Бухгалтерия.
Требования: высшее экономическое образование, опыт от 3 лет, знание НК РК.
"""
NURSE_RU = """Медицинская сестра процедурного кабинета
Обязанности: внутривенные и внутримышечные инъекции, постановка капельниц,
забор крови, соблюдение правил асептики и антисептики.
Требования: среднее медицинское образование, сертификат специалиста.
"""
NURSE_KK = """Мейірбике (емшара кабинеті)
Міндеттері: көктамыр ішіне және бұлшықет ішіне инъекциялар жасау, қан алу,
асептика мен антисептика ережелерін сақтау, дәрі-дәрмектерді есепке алу.
Талаптар: орта медициналық білім, маман сертификаты.
"""
PENITENTIARY_KK = """Пенитенциарлық жүйедегі әлеуметтік қызметкер
Міндеттері: сотталғандармен әлеуметтік жұмыс жүргізу, оларды жазасын өтегеннен кейін
қоғамға бейімдеуге дайындау, сотталғандардың туыстарымен байланыс орнату.
Сотталғандарға психологиялық-әлеуметтік көмек көрсету, олардың жеке істерін жүргізу.
Пробация қызметімен және жергілікті атқарушы органдармен өзара іс-қимыл жасау.
Талаптар: жоғары білім (әлеуметтік жұмыс).
"""


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with seed_registry() as reg:
        yield reg


def test_russian_vacancy_matches_kazakh_card_with_evidence(registry: Registry) -> None:
    result = registry.match(SOCIAL_WORKER_RU)
    assert result.language == "ru"
    assert result.confident
    top = result.matches[0]
    assert top.code in {"3412-0-008", "2635-3-001"}
    assert top.confidence >= CONFIDENT
    assert top.evidence, "no explanation"
    sentences = result.sentences
    for evidence in top.evidence:
        assert 0 <= evidence.sentence_index < sentences
        assert evidence.sentence in SOCIAL_WORKER_RU
        assert (
            evidence.element.id.startswith(top.card_id + "/") or evidence.element.id == top.card_id
        )


def test_kazakh_text_matches_its_card(registry: Registry) -> None:
    result = registry.match(PENITENTIARY_KK)
    assert result.language == "kk"
    assert result.matches[0].code == "2634-4-001"
    assert result.matches[0].evidence


@pytest.mark.parametrize("text", [ACCOUNTANT_RU, NURSE_RU, NURSE_KK])
def test_unrelated_vacancy_gets_no_confident_match(registry: Registry, text: str) -> None:
    result = registry.match(text)
    assert not result.confident
    assert all(m.confidence < CONFIDENT for m in result.matches)


def test_matches_are_best_first_and_capped(registry: Registry) -> None:
    result = registry.match(SOCIAL_WORKER_RU, limit=3)
    assert len(result.matches) == 3
    values = [m.confidence for m in result.matches]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("text", ["", "   ", "12345", "Обязанности:"])
def test_nothing_to_match(registry: Registry, text: str) -> None:
    result = registry.match(text)
    assert not result.confident and result.matches == ()


def test_empty_registry_has_no_match() -> None:
    with open_registry("sqlite://") as reg:
        result = reg.match(SOCIAL_WORKER_RU)
    assert not result.confident and result.matches == ()


def test_confidence_is_a_probability_that_grows_with_evidence() -> None:
    weak = Features(score=0.5, lead=0.1, coverage=0.1, named=0.0, russian=False, domain=0.7)
    strong = Features(score=0.8, lead=0.6, coverage=0.8, named=1.0, russian=False, domain=0.9)
    assert 0 < confidence(weak) < CONFIDENT < confidence(strong) < 1


def test_same_matches_on_every_backend(seed_document: Document) -> None:
    texts = (SOCIAL_WORKER_RU, PENITENTIARY_KK, NURSE_RU)
    sqlite, postgres = on_every_backend(seed_document, lambda reg: [reg.match(t) for t in texts])
    assert sqlite == postgres


@pytest.mark.parametrize("text", ["психолог психолог", "Психолог. Психолог. Психолог.", "Психолог"])
def test_a_word_is_read_but_never_confident(registry: Registry, text: str) -> None:
    result = registry.match(text)
    assert result.matches and result.matches[0].code == "2634-9-004"
    assert not result.confident


def test_a_short_russian_posting_is_matched_with_confidence(registry: Registry) -> None:
    text = (
        "Требуется социальный работник по уходу за пожилыми на дому. Обязанности: покупка "
        "продуктов и лекарств, уборка квартиры, помощь в оформлении документов."
    )
    result = registry.match(text)
    assert result.confident and result.matches[0].code == "3412-0-008"
    # The list of duties was read item by item: each one is a sentence of the evidence.
    assert any(e.sentence == "уборка квартиры" for e in result.matches[0].evidence)
