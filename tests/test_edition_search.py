"""Search and matching over both language editions of one order (issue 15, item 6).

The registry holds the Kazakh and the Russian text of a card fixture written by
this project (tests/fixtures/{kk,ru}/card_basic.*.txt: test data, not official):
two standards of one order whose cards share their positional IDs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from conftest_web import client_for
from helpers_parse import load_card_fixture, parse
from kasip.api.app import create_app
from kasip.cli import app
from kasip.match.models import MatchResult
from kasip.pages import build_match, build_search
from kasip.registry import Registry, open_registry
from kasip.search.models import SearchResult

KK, RU = "292-2019-05-30-kk", "292-2019-05-30-ru"
CARD = "2635-3-001@4"
# The Russian skill "Анализ качества и видов оказываемых услуг" and its Kazakh text.
SKILL = f"{CARD}/f1/t1/s2"
RU_QUERY = "анализ качества оказываемых услуг"
KK_QUERY = "қызметтердің сапасын талдау"
VACANCY = (
    "Требуется специалист по социальной работе.\n"
    "Организация мероприятий по оказанию нуждающимся семьям специальных социальных услуг.\n"
    "Анализ качества и видов оказываемых услуг.\n"
    "Разработка предложений по совершенствованию специальных социальных услуг."
)


def _pair(*names: str, langs: tuple[str, ...] = ("kk", "ru")) -> Registry:
    registry = open_registry("sqlite://")
    docs = [parse(load_card_fixture(lang, name)) for name in names for lang in langs]
    registry.import_documents(docs)
    return registry


@pytest.fixture(scope="module")
def both() -> Iterator[Registry]:
    """A registry holding both editions of the card fixture."""
    registry = _pair("card_basic")
    try:
        yield registry
    finally:
        registry.close()


def _keys(result: SearchResult) -> list[tuple[str, str]]:
    return [(hit.card.standard, hit.element.id) for hit in result.hits]


# ----------------------------------------------------------------------------- search


def test_edition_search_finds_the_element_once_through_the_query_language(both: Registry) -> None:
    for query, shown, other in ((RU_QUERY, RU, KK), (KK_QUERY, KK, RU)):
        result = both.search(query)
        ids = [hit.element.id for hit in result.hits]
        assert len(ids) == len(set(ids)), ids  # one hit per element, not one per edition
        hit = next(h for h in result.hits if h.element.id == SKILL)
        assert hit.card.standard == shown
        assert [e.standard for e in hit.editions] == [other]
        assert any(part.hit for part in hit.snippet)


def test_edition_search_score_is_the_better_editions(both: Registry) -> None:
    merged = {h.element.id: h for h in both.search(RU_QUERY, limit=50).hits}
    # The same registry (same word weights) searched one edition at a time.
    alone = {key: both.search(RU_QUERY, standard=key, limit=50).hits for key in (KK, RU)}
    per_edition = {key: {h.element.id: h.score for h in hits} for key, hits in alone.items()}
    assert set(merged) == set(per_edition[KK]) | set(per_edition[RU])
    for element, hit in merged.items():
        scores = [per_edition[key].get(element, 0.0) for key in (KK, RU)]
        assert hit.score == max(scores), element
        named = {e.standard: e.score for e in hit.editions}
        for key in named:
            assert named[key] == per_edition[key].get(element), (element, key)
    assert per_edition[RU][SKILL] > per_edition[KK][SKILL]


def test_edition_search_shows_the_language_asked_for(both: Registry) -> None:
    best = next(h for h in both.search(RU_QUERY).hits if h.element.id == SKILL)
    shown = next(h for h in both.search(RU_QUERY, language="kk").hits if h.element.id == SKILL)
    assert (best.card.standard, shown.card.standard) == (RU, KK)
    assert shown.score == best.score
    assert shown.element.text.startswith("Көрсетілетін қызметтердің")
    assert [(e.standard, e.language, e.score) for e in shown.editions] == [(RU, "ru", best.score)]
    english = both.search(RU_QUERY, language="en")
    assert _keys(english) == _keys(both.search(RU_QUERY))


def test_edition_search_groups_a_card_once(both: Registry) -> None:
    result = both.search("социальных услуг", language="ru")
    groups = [(g.card.standard, g.card.id) for g in result.groups]
    assert len(groups) == len(set(groups))
    assert [g for g in groups if g[1] is not None] == [(RU, CARD)]
    assert {hit.card.standard for g in result.groups for hit in g.hits} == {RU}


def test_edition_search_code_finds_the_card_once(both: Registry) -> None:
    result = both.search("2635-3-001", language="ru")
    assert _keys(result) == [(RU, CARD)]
    assert [e.standard for e in result.hits[0].editions] == [KK]


def test_edition_search_one_edition_names_none() -> None:
    with _pair("card_basic", langs=("ru",)) as registry:
        result = registry.search(RU_QUERY, language="kk")
    assert result.hits
    assert {hit.card.standard for hit in result.hits} == {RU}
    assert all(hit.editions == () for hit in result.hits)


def test_edition_search_page_links_the_other_edition(both: Registry) -> None:
    page = build_search(both, q=RU_QUERY, language="kk")
    hit = next(h for h in page.hits if h.element.id == SKILL)
    # Both standards hold the card ID: each link names its standard.
    assert hit.url == f"/cards/{CARD}?standard={KK}#{SKILL}"
    assert [(e.language, e.url) for e in hit.editions] == [
        ("ru", f"/cards/{CARD}?standard={RU}#{SKILL}")
    ]
    group = page.groups[0]
    assert [(e.standard, e.url) for e in group.editions] == [(RU, f"/cards/{CARD}?standard={RU}")]


# ----------------------------------------------------------------------------- match


def _match(registry: Registry, language: str | None = None) -> MatchResult:
    return registry.match(VACANCY, language=language)


def test_edition_match_russian_text_meets_the_russian_edition(both: Registry) -> None:
    result = _match(both)
    assert [m.card_id for m in result.matches] == [CARD]  # one match, not one per edition
    top = result.matches[0]
    assert (top.standard, top.other_edition) == (RU, KK)  # the text's language
    assert top.name.startswith("Специалист по социальной работе")
    assert top.evidence
    assert {(e.standard, e.language) for e in top.evidence} == {(RU, "ru")}
    skill = next(e for e in top.evidence if e.element.id == SKILL)
    assert skill.element.text == "Анализ качества и видов оказываемых услуг"
    indexes = [e.sentence_index for e in top.evidence]
    assert len(indexes) == len(set(indexes))


def test_edition_match_confidence_is_the_better_editions(both: Registry) -> None:
    with _pair("card_basic", langs=("kk",)) as kazakh_only:
        through_lexicon = _match(kazakh_only).matches[0]
    shown_in_kazakh = _match(both, language="kk").matches[0]
    best = _match(both).matches[0]
    assert (shown_in_kazakh.standard, shown_in_kazakh.other_edition) == (KK, RU)
    assert shown_in_kazakh.confidence == best.confidence
    assert shown_in_kazakh.evidence == best.evidence  # from the Russian edition, which says so
    # Word for word, the Russian edition fits better than the lexicon's way to the Kazakh one.
    assert best.evidence[0].score > through_lexicon.evidence[0].score


def test_edition_match_several_cards_each_once() -> None:
    with _pair("same_code_levels") as registry:
        result = registry.match(VACANCY, limit=10)
    # One occupation: one match, its other cards beside it, each card once.
    (match,) = result.matches
    ids = [match.card_id, *(o.card_id for o in match.other_cards)]
    assert sorted(ids) == ["2635-3-001@4", "2635-3-001@5", "2635-3-001@6"]
    assert match.other_edition is not None
    assert len(result.also_consider) == len(set(result.also_consider))


def test_edition_match_page_links_the_other_edition_and_the_evidences(both: Registry) -> None:
    page = build_match(both, text=VACANCY, language="kk")
    top = page.matches[0]
    assert (top.standard, top.url) == (KK, f"/cards/{CARD}?standard={KK}")
    assert top.other_edition is not None
    assert (top.other_edition.language, top.other_edition.url) == (
        "ru",
        f"/cards/{CARD}?standard={RU}",
    )
    skill = next(e for e in top.evidence if e.element.id == SKILL)
    assert (skill.standard, skill.language) == (RU, "ru")
    assert skill.url == f"/cards/{CARD}?standard={RU}#{SKILL}"


# ----------------------------------------------------------------------------- adapters


@pytest.fixture
async def client(both: Registry) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(registry=both)) as found:
        yield found


@pytest.mark.anyio
async def test_edition_search_web_page_says_also_in(client: httpx.AsyncClient) -> None:
    labels = (("kk", "орыс тілінде де бар", RU), ("ru", "есть и на казахском", KK))
    for lang, label, other in labels:
        response = await client.get("/search", params={"q": RU_QUERY, "lang": lang})
        assert response.status_code == 200, response.text
        soup = BeautifulSoup(response.text, "html.parser")
        links = soup.select("a.other-edition")
        assert links
        assert {a.get_text() for a in links} == {label}
        assert {a["data-standard"] for a in links} == {other}


@pytest.mark.anyio
async def test_edition_search_api_names_the_edition(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/search", params={"q": RU_QUERY, "lang": "kk"})
    assert response.status_code == 200, response.text
    hit = next(h for h in response.json()["hits"] if h["element"]["id"] == SKILL)
    assert hit["card"]["standard"] == KK
    assert [(e["language"], e["standard"]) for e in hit["editions"]] == [("ru", RU)]


@pytest.mark.anyio
async def test_edition_match_api_and_page(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/match?lang=en", json={"text": VACANCY})
    assert response.status_code == 200, response.text
    top = response.json()["matches"][0]
    assert (top["standard"], top["other_edition"]["standard"]) == (RU, KK)
    assert {e["language"] for e in top["evidence"]} == {"ru"}
    page = await client.post("/match?lang=en", data={"text": VACANCY})
    assert page.status_code == 200, page.text
    soup = BeautifulSoup(page.text, "html.parser")
    assert [a.get_text() for a in soup.select("a.other-edition")] == ["also in Kazakh"]


def test_edition_search_cli_names_the_edition(tmp_path: pytest.TempPathFactory) -> None:
    runner = CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})
    url = f"sqlite:///{tmp_path}/r.db"
    with open_registry(url) as registry:
        registry.import_documents([parse(load_card_fixture(x, "card_basic")) for x in ("kk", "ru")])
    found = runner.invoke(app, ["search", RU_QUERY, "--edition", "kk", "--json", "--db", url])
    assert found.exit_code == 0, found.output
    hit = next(h for h in json.loads(found.stdout)["hits"] if h["element"]["id"] == SKILL)
    assert (hit["card"]["standard"], [e["standard"] for e in hit["editions"]]) == (KK, [RU])
    listed = runner.invoke(app, ["search", RU_QUERY, "--db", url])
    assert f"also in {KK}" in listed.stdout
    matched = runner.invoke(app, ["match", "-", "--edition", "kk", "--db", url], input=VACANCY)
    assert matched.exit_code == 0, matched.output
    assert f"{KK}  also in {RU}" in matched.stdout
    assert f"(in {RU})" in matched.stdout
    wrong = runner.invoke(app, ["search", RU_QUERY, "--edition", "en", "--db", url])
    assert wrong.exit_code != 0
    assert "--edition" in wrong.output
