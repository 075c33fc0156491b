"""A text about the heads of units as much as the workers they head is open (issue 10).

A news story where "заведующие отделениями" visit the elderly and survey the
quality of the services that "соцработники" give names both occupations; the
worker's card may fit best, but the head's card comes close and the story may
be about either. The texts here were written for these tests.
"""

from __future__ import annotations

import pytest

from conftest_cli import cli_match
from conftest_web import client_for, match_page_line
from kasip.api.app import create_app
from kasip.match.ceiling import HEAD_OPEN_MAX, ceiling, head_close
from kasip.match.engine import CONFIDENT, match_text, rank_cards
from kasip.match.index import MatchIndex
from kasip.registry import Registry

HEADS_AND_WORKERS = (
    "Заведующие отделениями социального обслуживания побывали у пожилых граждан, которых "
    "обслуживают соцработники, и провели опрос о качестве социальных услуг. Соцработники "
    "рассказали о своей работе. Социальные работники соблюдают нормы профессиональной этики. "
    "«Мы любим свою работу», - говорят соцработники."
)
# A head is named, but the text is about what the workers do.
WORKERS_WITH_A_HEAD = (
    "Заведующая отделением побывала у пожилых граждан вместе с соцработниками. Соцработники "
    "покупают продукты и лекарства. «Мы любим свою работу», - говорят соцработники."
)
HEAD = (
    "Заведующий отделением социального обслуживания на дому руководит работой социальных "
    "работников, планирует и контролирует их работу, отвечает за качество социальных услуг."
)
HEAD_CARD = "1344-0-004@7"


def test_a_text_about_heads_and_workers_is_open(seed_index: MatchIndex) -> None:
    ranking = rank_cards(HEADS_AND_WORKERS, seed_index)
    assert seed_index.cards[ranking.order[0]].code == "3412-0-008"
    head = head_close(ranking, seed_index)
    assert head is not None
    assert seed_index.cards[head].card_id == HEAD_CARD
    limits = ceiling(ranking, seed_index)
    assert limits.value == HEAD_OPEN_MAX
    assert limits.head == head
    result = match_text(HEADS_AND_WORKERS, seed_index)
    assert not result.confident
    assert result.matches[0].confidence <= HEAD_OPEN_MAX
    assert result.head_open is not None
    assert result.head_open.words == "Заведующие"
    assert result.head_open.card_id == HEAD_CARD
    assert HEAD_CARD in result.also_consider


def test_a_head_named_beside_the_work_leaves_the_worker_confident(
    seed_index: MatchIndex,
) -> None:
    result = match_text(WORKERS_WITH_A_HEAD, seed_index)
    assert result.matches[0].code == "3412-0-008"
    assert result.head_open is None
    assert result.confident
    assert result.matches[0].confidence >= CONFIDENT


def test_a_text_about_the_head_is_the_heads(seed_index: MatchIndex) -> None:
    ranking = rank_cards(HEAD, seed_index)
    assert seed_index.cards[ranking.order[0]].card_id == HEAD_CARD
    assert head_close(ranking, seed_index) is None
    result = match_text(HEAD, seed_index)
    assert result.head_open is None
    assert result.confident


def test_without_a_head_nothing_is_open(seed_index: MatchIndex) -> None:
    text = "Соцработники покупают продукты, убирают квартиру, готовят еду пожилым на дому."
    assert head_close(rank_cards(text, seed_index), seed_index) is None
    assert match_text(text, seed_index).head_open is None


def test_the_cli_says_it(seed_only: Registry) -> None:
    db = str(seed_only.engine.url)
    printed, answer = cli_match(db, HEADS_AND_WORKERS)
    assert "speaks of the head of a unit too ('Заведующие')" in printed
    assert answer["head_open"] == {"words": "Заведующие", "card_id": HEAD_CARD}
    assert "head_open" not in cli_match(db, WORKERS_WITH_A_HEAD)[1]


@pytest.mark.anyio
async def test_the_api_and_the_page_say_it(seed_only: Registry) -> None:
    async with client_for(create_app(registry=seed_only)) as client:
        api = (await client.post("/api/v1/match", json={"text": HEADS_AND_WORKERS})).json()
        assert api["head_open"] == {"words": "Заведующие", "card_id": HEAD_CARD}
        plain = (await client.post("/api/v1/match", json={"text": WORKERS_WITH_A_HEAD})).json()
        assert plain["head_open"] is None
        saids = {"en": "head of a unit", "ru": "руководителе", "kk": "басшысы"}
        for line in await match_page_line(client, HEADS_AND_WORKERS, "p.head-open", saids):
            assert "Заведующие" in line
            assert HEAD_CARD in line
