"""The practical experience a text asks for tells the levels apart too (issue 10, item 3).

The seed's court psychologist-consultant asks for five years of experience at
level 7 (and on one of its level 6 cards), the penitentiary consultant for
two at level 7; the ИКТ standards print the framework's descriptor in the
level row ("без практического опыта", "практический опыт"). The texts here
were written for these tests.
"""

from __future__ import annotations

import pytest

from conftest_cli import cli_match
from conftest_web import client_for, match_page_line
from kasip.api.app import create_app
from kasip.match.engine import match_text
from kasip.match.experience import SOME, card_experience, card_rows, find_experience
from kasip.match.index import MatchIndex
from kasip.match.level import find_cue
from kasip.parse import parse_standard
from kasip.registry import Registry

COURT = (
    "Психолог-консультант в суд. Обязанности: подготовка несовершеннолетних к участию в "
    "судебном заседании, психодиагностика, оценка психологического состояния по запросу "
    "судьи, психологическое просвещение сотрудников суда."
)
PRISON = (
    "Консультант учреждения уголовно-исполнительной системы. Проводит психологические "
    "исследования среди осуждённых, выявляет причины преступления, разрабатывает план "
    "ресоциализации осуждённого."
)
NO_EXPERIENCE = " Опыт не требуется."


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Требования: стаж работы по специальности не менее 2 лет.", 2.0),
        ("Опыт работы (14 лет): психолог-консультант.", 14.0),
        ("Стаж по специальности — 19 лет.", 19.0),
        ("Саладағы жұмыс өтілі кемінде 5 жыл.", 5.0),
        ("Тәжірибесі 1 жылдан.", 1.0),
        ("кемінде 3 жыл жұмыс өтілі", 3.0),
        ("Опыт не требуется, обучим.", 0.0),
        ("Тәжірибе талап етілмейді.", 0.0),
        ("Требования к стажу не предъявляются.", 0.0),
        # Saying none is needed wins over years that are only welcome.
        ("Стаж не обязателен, опыт от 1 года — преимущество.", 0.0),
    ],
)
def test_the_experience_a_text_asks_for(text: str, years: float) -> None:
    found = find_experience(text)
    assert found is not None
    assert found.years == years
    assert found.words in text


@pytest.mark.parametrize(
    "text",
    [
        "Гульнара Т., 45 лет. Образование: медицинский колледж.",  # an age
        "Опыт работы с детьми приветствуется.",  # no years asked
        "Опыт от 2 лет приветствуется.",  # welcome, not asked
        "Работаю в центре с 2016 года.",
    ],
)
def test_what_is_not_experience_asked_for(text: str) -> None:
    assert find_experience(text) is None


def test_the_experience_a_card_asks_for(seed_text: str) -> None:
    doc = parse_standard(seed_text)
    asked = {card.id: card_experience(card_rows(card)) for card in doc.cards}
    assert asked["2634-9-004@7"] == 5.0
    assert asked["2634-9-004@6~2"] == 5.0
    assert asked["2634-9-004@6~3"] == 2.0
    assert asked["2634-4-001@7"] == 2.0
    assert asked["2634-4-001@6"] is None
    assert asked["3412-0-008@4"] is None  # its directory's categories are not levels
    # The framework's descriptors, as the ИКТ standards write them in the level row.
    descriptor = "4. Техническое и профессиональное образование, без практического опыта"
    assert card_experience([descriptor]) == 0.0
    assert card_experience(["6. Высшее образование, практический опыт"]) == SOME
    either = (
        "5. Техническое и профессиональное образование, с практическим опытом Высшее "
        "образование, дополнительные профессиональные образовательные программы, без "
        "практического опыта"
    )
    assert card_experience([either]) == 0.0


def test_the_index_holds_each_cards_experience(seed_index: MatchIndex) -> None:
    asked = {card.card_id: card.experience for card in seed_index.cards}
    assert asked["2634-9-004@7"] == 5.0
    assert asked["2634-4-001@7"] == 2.0
    assert asked["2634-4-001@6"] is None


def test_a_card_that_asks_for_more_is_left_out(seed_index: MatchIndex) -> None:
    text = f"{COURT} Требования: высшее психологическое образование, стаж не менее 2 лет."
    result = match_text(text, seed_index)
    top = result.matches[0]
    assert top.code == "2634-9-004"
    assert top.card_id not in ("2634-9-004@7", "2634-9-004@6~2")  # they ask for five years
    reason = result.level_reason
    assert reason is not None
    assert reason.kind == "higher-education"
    assert reason.experience == "стаж не менее 2 лет"
    # Five years fit every card: the experience leaves nothing out and is no reason.
    enough = match_text(f"{COURT} Требования: высшее образование, стаж не менее 5 лет.", seed_index)
    assert enough.level_reason is not None and enough.level_reason.experience == ""


def test_the_experience_alone_tells_the_levels_apart(seed_index: MatchIndex) -> None:
    plain = match_text(PRISON, seed_index)
    assert plain.matches[0].card_id == "2634-4-001@7"
    assert plain.level_reason is not None and plain.level_reason.kind == "evidence"
    cue = find_cue(PRISON + NO_EXPERIENCE)
    assert cue is not None and cue.kind == "experience"
    result = match_text(PRISON + NO_EXPERIENCE, seed_index)
    assert result.matches[0].card_id == "2634-4-001@6"  # level 7 asks for two years
    assert [o.card_id for o in result.matches[0].other_cards] == ["2634-4-001@7"]
    assert result.level_reason is not None
    assert result.level_reason.kind == "experience"
    assert result.level_reason.words == "Опыт не требуется"


def test_the_cli_says_why(seed_only: Registry) -> None:
    printed, answer = cli_match(str(seed_only.engine.url), PRISON + NO_EXPERIENCE)
    assert "Level 6: the text says 'Опыт не требуется'" in printed
    assert "ask for more practical experience are left out" in printed
    assert answer["matches"][0]["level_reason"] == {
        "kind": "experience",
        "words": "Опыт не требуется",
        "experience": "",
    }


@pytest.mark.anyio
async def test_the_api_and_the_page_say_why(seed_only: Registry) -> None:
    text = f"{COURT} Требования: высшее психологическое образование, стаж не менее 2 лет."
    async with client_for(create_app(registry=seed_only)) as client:
        api = (await client.post("/api/v1/match", json={"text": text})).json()
        assert api["level_reason"]["kind"] == "higher-education"
        assert api["level_reason"]["experience"] == "стаж не менее 2 лет"
        saids = {"en": "practical experience", "ru": "опыта", "kk": "тәжірибе"}
        for line in await match_page_line(client, text, "p.level-reason", saids):
            assert "стаж не менее 2 лет" in line
