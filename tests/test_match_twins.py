"""Another standard's copy of a card is the same answer, not a rival (issue 11, item 5).

The confidence of a match reads the top card's lead over the best card of
another occupation; a registry that holds the bundled standard twice, under
other codes, must not make a text that the bundled standard answers with
confidence an uncertain one.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from importlib import resources

import numpy as np
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from compare_support import SEED_NAME
from conftest_web import client_for
from kasip.api.app import create_app
from kasip.cli import app
from kasip.match.engine import rank_cards
from kasip.match.twins import EMPTY, SKETCH, card_sketches, resemblance, same_occupation, twins
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry, open_registry

_CODE = re.compile(r"(\d{4})-(?:(\d)-)?(\d{3})(?!\d)")

TEXTS = (
    # Real texts' kinds, written here: home care, a head of unit, needs assessment.
    "Социальный работник навещает пожилых подопечных на дому: покупает продукты и лекарства,"
    " помогает с уборкой, оплачивает коммунальные услуги.",
    "Заведующий отделением социального обслуживания на дому организует работу социальных"
    " работников отделения, контролирует качество социальных услуг, ведёт учёт получателей.",
    "Специалист оценивает потребность граждан в специальных социальных услугах и составляет"
    " индивидуальную программу предоставления услуг.",
    "Әлеуметтік психолог қиын өмірлік жағдайдағы клиенттерге психологиялық көмек көрсетеді,"
    " психологиялық диагностика жүргізеді.",
)


def _hashes(tokens: set[int]) -> np.ndarray:
    # Token hashes are 64-bit digests; spread small integers the same way.
    rng = np.random.default_rng(7)
    table = rng.integers(0, 2**63, size=10_000, dtype=np.int64).astype(np.uint64)
    return table[np.array(sorted(tokens), dtype=np.intp)]


def _sketches(*sets: set[int]) -> np.ndarray:
    cards = np.concatenate([[n] * len(s) for n, s in enumerate(sets)]).astype(np.intp)
    hashes = np.concatenate([_hashes(s) for s in sets])
    return card_sketches(cards, hashes, len(sets))


def test_a_sketch_estimates_how_much_two_cards_share() -> None:
    rng = random.Random(3)
    words = list(range(10_000))
    for shared in (0.2, 0.5, 0.8):
        common = set(rng.sample(words, int(600 * shared)))
        rest = [w for w in words if w not in common]
        rng.shuffle(rest)
        a = common | set(rest[:300])
        b = common | set(rest[300:600])
        exact = len(a & b) / len(a | b)
        estimate = float(resemblance(_sketches(a, b), 0)[1])
        assert abs(estimate - exact) < 0.12, (exact, estimate)
    same = _sketches(set(words[:500]), set(words[:500]), set(words[500:900]), set())
    assert resemblance(same, 0).tolist() == [1.0, 1.0, 0.0, 0.0]
    # A card without duty words resembles nothing, itself included.
    assert resemblance(same, 3).tolist() == [0.0, 0.0, 0.0, 0.0]
    assert same.shape == (4, SKETCH) and bool((same[3] == EMPTY).all())


def test_only_another_standards_card_is_a_twin() -> None:
    common = set(range(400))
    sketches = _sketches(common, common, common, set(range(400, 800)))
    standards = np.array([0, 0, 1, 1], dtype=np.int32)
    # Card 1 shares every word with card 0 but is of the same standard: its
    # authors told the two occupations apart.
    assert twins(sketches, standards, 0).tolist() == [False, False, True, False]
    # Occupations: cards 0 and 1 are one; card 2 (a copy of card 0 in another
    # standard) is another with card 3, which it carries along.
    occupation = np.array([0, 1, 2, 2], dtype=np.int32)
    assert same_occupation(sketches, standards, occupation, 0).tolist() == [
        True,
        False,
        True,
        True,
    ]


def _copy_of_seed(text: str) -> str:
    """The seed as another order: its number, its title and every occupation code changed."""
    doc = parse_standard(text, source_name=SEED_NAME)
    order = doc.standard.order.number
    assert order is not None
    text = re.sub(r"№\s*" + re.escape(order), "№ 7001", text)
    text = text.replace(doc.standard.title, f"{doc.standard.title} (көшірме)")

    def shift(match: re.Match[str]) -> str:
        middle = f"{match[2]}-" if match[2] else ""
        return f"{match[1]}-{middle}{(int(match[3]) + 500) % 1000:03d}"

    return _CODE.sub(shift, text)


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, Registry]]:
    """The seed alone, and the seed with its copy (a file: the CLI reads it too)."""
    path = resources.files("kasip") / "data" / SEED_NAME
    with resources.as_file(path) as real:
        text = read_source(real)
    seed = parse_standard(text, source_name=SEED_NAME)
    copy = parse_standard(_copy_of_seed(text), source_name="copy.txt")
    assert not copy.has_errors
    assert {c.code for c in copy.cards}.isdisjoint({c.code for c in seed.cards})
    both = tmp_path_factory.mktemp("twins") / "both.db"
    with open_registry("sqlite://") as one, open_registry(f"sqlite:///{both}") as two:
        one.import_documents([seed])
        two.import_documents([seed, copy])
        yield one, two


def test_a_copy_of_the_standard_leaves_the_confidence_as_it_was(
    registries: tuple[Registry, Registry],
) -> None:
    one, two = registries
    for text in TEXTS:
        alone, doubled = one.match(text), two.match(text)
        assert alone.matches and doubled.matches
        first, again = alone.matches[0], doubled.matches[0]
        # The top card is the seed's or the copy's, the same card either way.
        assert again.card_id.split("@")[1] == first.card_id.split("@")[1]
        assert again.name == first.name
        # Twice the elements move every word's idf a little (log(1 + 2E / (2f + 0.5))).
        assert again.confidence == pytest.approx(first.confidence, abs=0.01), text
        assert doubled.confident == alone.confident


def test_without_the_twins_the_copy_would_take_the_lead_away(
    registries: tuple[Registry, Registry],
) -> None:
    # What the test above guards against: the copy's card is the best card of
    # another occupation, level with the top card.
    _, two = registries
    index = two.match_index()
    text = TEXTS[0]
    ranking = rank_cards(text, index)
    top = ranking.order[0]
    occupation = index.occupations.card
    rivals = (occupation != occupation[top]) & (ranking.totals > 0)
    evidence = ranking.evidence if ranking.evidence is not None else ranking.totals
    best_rival = float(evidence[rivals].max())
    assert best_rival == pytest.approx(float(evidence[top]))
    assert ranking.features(0, index).lead > 0.1


def test_a_copy_is_given_with_the_match_it_copies(registries: tuple[Registry, Registry]) -> None:
    one, two = registries
    for text in TEXTS:
        alone, doubled = one.match(text), two.match(text)
        assert all(m.copies == () and m.copies_total == 0 for m in alone.matches)
        # The same first occupations (the last places, near ties, may change:
        # twice the elements move the words' idf), each copy beside its original.
        assert [m.name for m in doubled.matches[:3]] == [m.name for m in alone.matches[:3]]
        for match in doubled.matches:
            assert match.copies_total == len(match.copies) == 1
            (copy,) = match.copies
            assert copy.standard != match.standard
            assert copy.card_id.split("@")[1] == match.card_id.split("@")[1]
            assert copy.name == match.name


def test_kasip_match_names_the_copies(registries: tuple[Registry, Registry]) -> None:
    _, two = registries
    runner = CliRunner()
    db = str(two.engine.url)
    text = runner.invoke(app, ["match", "--db", db, "-"], input=TEXTS[0])
    assert text.exit_code == 0, text.output
    assert "the same occupation in other standards: " in text.output
    answer = runner.invoke(app, ["match", "--db", db, "--json", "-"], input=TEXTS[0])
    data = json.loads(answer.output)
    first = data["matches"][0]
    assert first["copies_total"] == 1
    assert set(first["copies"][0]) == {"card_id", "level", "name", "standard"}
    assert first["copies"][0]["standard"] != first["standard"]


@pytest.mark.anyio
async def test_the_api_and_the_page_name_the_copies(registries: tuple[Registry, Registry]) -> None:
    _, two = registries
    async with client_for(create_app(registry=two)) as client:
        api = (await client.post("/api/v1/match", json={"text": TEXTS[0]})).json()
        first = api["matches"][0]
        assert first["copies_total"] == 1
        (copy,) = first["copies"]
        assert copy["url"].startswith("/cards/") and copy["standard"] in copy["url"]
        page = await client.post("/match", data={"text": TEXTS[0]})
        assert page.status_code == 200
        soup = BeautifulSoup(page.text, "html.parser")
        line = soup.select_one("li.match p.copies")
        assert line is not None
        assert copy["card_id"] in line.get_text()
        link = line.select_one("a")
        assert link is not None and link["href"] == copy["url"]
