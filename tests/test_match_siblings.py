"""Siblings told apart by their own standard's statistics (issue 11, item 5; issue 10, item 3).

At 100 standards the words every social occupation uses ("социальных",
"подопечных") became rare in the registry and drew texts about a head of unit
to the home-care worker; the first card's standard is now reread among its own
occupations. These tests hold that this changes nothing in a registry of one
standard, leaves the ranking across standards as it was, and scores siblings
as a registry of their standard alone would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kasip.match.engine as engine
from compare_support import seed_registry
from kasip.match.distinctive import occupation_scores
from kasip.match.engine import rank_cards
from kasip.match.index import MatchIndex
from kasip.match.siblings import sibling_scores, within_standard
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
TEXTS = (
    "Заведующий отделением социального обслуживания на дому организует работу социальных"
    " работников, контролирует качество социальных услуг подопечным центра.",
    "Социальный работник навещает пожилых подопечных на дому: покупает продукты и лекарства,"
    " помогает с уборкой, оплачивает коммунальные услуги.",
    "Медицинская сестра участковая выполняет назначения врача, ведёт патронаж пациентов на дому.",
)


@pytest.fixture(scope="module")
def alone() -> Iterator[Registry]:
    with seed_registry() as registry:
        yield registry


@pytest.fixture(scope="module")
def several() -> Iterator[Registry]:
    docs = [
        parse_standard(read_source(HELDOUT / name), source_name=name)
        for name in ("nursing.ru.txt", "health.kk.txt", "education.kk.txt")
    ]
    with seed_registry(*docs) as registry:
        yield registry


def _scores_by_code(
    index: MatchIndex, occupations: list[int], values: np.ndarray
) -> dict[str | None, float]:
    codes: dict[str | None, float] = {}
    for card, occupation in enumerate(index.occupations.card.tolist()):
        if occupation in occupations:
            codes[index.cards[card].code] = float(values[occupations.index(occupation)])
    return codes


@pytest.mark.parametrize("text", TEXTS)
def test_siblings_score_as_in_a_registry_of_their_standard(
    alone: Registry, several: Registry, text: str
) -> None:
    one, many = alone.match_index(), several.match_index()
    seed_card = next(c for c, ref in enumerate(many.cards) if ref.standard == one.cards[0].standard)
    siblings = many.siblings(seed_card)
    assert 0 < len(siblings.members) < many.occupations.count
    read_many, read_one = rank_cards(text, many).scored, rank_cards(text, one).scored
    assert read_many is not None and read_one is not None
    mine = sibling_scores(read_many.tokens, many.occupations, siblings)
    own = occupation_scores(read_one.tokens, one.occupations)
    # Words of other standards make the text's side longer for every sibling
    # alike; the engine reads the scores over their best, which that cancels.
    if own.max() <= 0:
        assert mine.max() <= 0
        return
    got = _scores_by_code(many, siblings.members.tolist(), mine / mine.max())
    want = _scores_by_code(one, list(range(one.occupations.count)), own / own.max())
    assert got.keys() == want.keys()
    for code, value in want.items():
        assert got[code] == pytest.approx(value, abs=1e-9), code


@pytest.mark.parametrize("text", TEXTS)
def test_one_standard_ranks_as_before(alone: Registry, text: str) -> None:
    index = alone.match_index()
    ranking = rank_cards(text, index)
    assert ranking.evidence is not None and ranking.scored is not None
    order, totals = within_standard(
        ranking.order, ranking.totals, ranking.evidence, ranking.scored.tokens, index
    )
    assert order == ranking.order
    assert totals is ranking.totals


@pytest.mark.parametrize("text", TEXTS)
def test_other_standards_keep_their_places(
    several: Registry, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = several.match_index()
    reread = rank_cards(text, index)
    # The ranking as it was before the reread.
    monkeypatch.setattr(engine, "within_standard", lambda order, totals, *_: (order, totals))
    ranking = rank_cards(text, index)
    assert ranking.evidence is not None and ranking.scored is not None
    standards = index.card_standards
    first = standards[ranking.order[0]]
    order, totals = within_standard(
        ranking.order, ranking.totals, ranking.evidence, ranking.scored.tokens, index
    )
    assert order == reread.order
    assert sorted(order) == sorted(ranking.order)
    for place, card in enumerate(order):
        if standards[card] != first:
            assert ranking.order[place] == card
        else:
            assert standards[ranking.order[place]] == first
    others = standards != first
    assert np.array_equal(totals[others], ranking.totals[others])
