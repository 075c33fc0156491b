"""Matching through its adapters: ``kasip match``, ``POST /api/v1/match``, the ``/match`` page.

An accountant's vacancy fits no card of the bundled standard (psychological
and social work): the answer must say "no confident match". A social
worker's vacancy, in Russian, must find the social worker cards (written in
Kazakh).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup, Tag
from typer.testing import CliRunner

from conftest_web import assert_error
from kasip.cli import app

ACCOUNTANT = (
    "Требуется бухгалтер. Обязанности: ведение бухгалтерского учета, составление налоговой "
    "отчетности, работа в 1С, расчет заработной платы. Требования: высшее экономическое "
    "образование, опыт работы от 3 лет.\n"
)
SOCIAL_WORKER = (
    "В центр социального обслуживания требуется социальный работник. Обязанности: оказание "
    "специальных социальных услуг пожилым людям и лицам с инвалидностью на дому, выявление "
    "нуждающихся в социальной помощи, оформление документов, консультирование семей по "
    "вопросам социальной поддержки. Требования: среднее специальное образование, знание "
    "законодательства о социальной защите.\n"
)
SOCIAL_CODES = {"3412-0-008", "2635-3-001"}
MATCH_KEYS = {"code", "level", "name", "confidence", "evidence"}
EVIDENCE_KEYS = {"sentence", "sentence_index", "element", "score"}


def assert_match_contract(data: dict[str, Any]) -> None:
    """The JSON contract of a match: keys, types, best first."""
    assert isinstance(data["confident"], bool)
    assert isinstance(data["matches"], list)
    for match in data["matches"]:
        assert set(match) >= MATCH_KEYS
        assert 0.0 <= match["confidence"] <= 1.0
        for evidence in match["evidence"]:
            assert set(evidence) >= EVIDENCE_KEYS
            assert {"id", "type", "text"} <= set(evidence["element"])
            assert isinstance(evidence["sentence_index"], int)
    confidences = [m["confidence"] for m in data["matches"]]
    assert confidences == sorted(confidences, reverse=True)
    # One match per occupation code; its other cards are beside it.
    codes = [m["code"] for m in data["matches"] if m["code"]]
    assert len(codes) == len(set(codes))
    for match in data["matches"]:
        for other in match["other_cards"]:
            assert other["card_id"] != match["card_id"]
            assert other["card_id"].startswith(f"{match['code']}@")


# ----------------------------------------------------------------------------- CLI


def match_json(runner: CliRunner, db: str, *args: str, stdin: str | None = None) -> Any:
    result = runner.invoke(app, ["match", *args, "--json", "--db", db], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_match_cli_accountant_is_not_confident(runner: CliRunner, db: str, tmp_path: Path) -> None:
    path = tmp_path / "vacancy.txt"
    path.write_text(ACCOUNTANT, encoding="utf-8")
    data = match_json(runner, db, str(path))
    assert set(data) == {"confident", "matches"}
    assert_match_contract(data)
    assert data["confident"] is False
    text = runner.invoke(app, ["match", str(path), "--db", db]).stdout
    assert text.splitlines()[0].startswith("No confident match")


def test_match_cli_social_worker_from_stdin(runner: CliRunner, db: str) -> None:
    for args in ([], ["-"]):
        data = match_json(runner, db, *args, stdin=SOCIAL_WORKER)
        assert_match_contract(data)
        assert {m["code"] for m in data["matches"][:3]} & SOCIAL_CODES
        assert all(m["evidence"] for m in data["matches"][:3])


def test_match_cli_limit(runner: CliRunner, db: str) -> None:
    data = match_json(runner, db, "--limit", "2", stdin=SOCIAL_WORKER)
    assert 1 <= len(data["matches"]) <= 2


def test_match_cli_prints_confidence_and_evidence(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "match"], input=SOCIAL_WORKER)
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("1. ") and "%" in first and "█" in first  # the confidence bar
    assert "sentence 1:" in result.stdout and "→" in result.stdout
    assert "The percentage is the probability" in result.stdout
    level = next(line for line in result.stdout.splitlines() if line.startswith("Level "))
    assert "среднее специальное" in level  # the words that chose it


def test_match_cli_json_says_why_the_level(runner: CliRunner, db: str) -> None:
    data = match_json(runner, db, stdin=SOCIAL_WORKER)
    first, *rest = data["matches"]
    assert first["level_reason"] == {
        "kind": "vocational-education",
        "words": "среднее специальное",
        "experience": "",
    }
    assert first["also_consider"] is False
    assert all(m["level_reason"] is None and isinstance(m["also_consider"], bool) for m in rest)
    assert [(o["card_id"], o["also_consider"]) for o in first["other_cards"]] == [
        ("3412-0-008@5", False)
    ]
    for evidence in first["evidence"]:
        assert evidence["matched"] in evidence["element"]["text"]


def test_match_cli_empty_text_is_an_error(runner: CliRunner, db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["match", "--db", db], input="  \n")
    assert result.exit_code == 1
    assert "Error" in result.stderr and "empty" in result.stderr
    missing = runner.invoke(app, ["match", str(tmp_path / "missing.txt"), "--db", db])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


# ----------------------------------------------------------------------------- API


JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.mark.anyio
async def test_match_api_json_body(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post("/api/v1/match", json={"text": SOCIAL_WORKER, "limit": 3})
    assert response.status_code == 200, response.text
    data = response.json()
    assert_match_contract(data)
    assert len(data["matches"]) <= 3
    assert {m["code"] for m in data["matches"]} & SOCIAL_CODES
    best = data["matches"][0]
    assert best["url"] == f"/cards/{best['card_id']}"
    assert all(e["url"].startswith(best["url"]) for e in best["evidence"])


@pytest.mark.anyio
async def test_match_api_explains_the_answer(api_client: httpx.AsyncClient) -> None:
    data = (await api_client.post("/api/v1/match", json={"text": SOCIAL_WORKER})).json()
    best = data["matches"][0]
    assert data["level_reason"] == {
        "kind": "vocational-education",
        "words": "среднее специальное",
        "level": best["level"],
        "experience": "",
    }
    # The passages are the whole text; the marked ones are the first card's evidence.
    passages = data["passages"]
    assert "".join(p["text"] for p in passages) == SOCIAL_WORKER
    marked = {p["evidence"]: p["text"] for p in passages if p["evidence"] is not None}
    assert marked == {i: e["sentence"] for i, e in enumerate(best["evidence"], start=1)}
    worth_a_look = {o["card_id"] for o in best["other_cards"]}
    worth_a_look |= {m["card_id"] for m in data["matches"][1:]}
    for item in data["also_consider"]:
        assert item["card_id"] in worth_a_look


@pytest.mark.anyio
async def test_match_api_gives_an_occupations_other_cards_beside_it(
    api_client: httpx.AsyncClient,
) -> None:
    # The vacancy asks for vocational education: the home-care worker at level 4
    # is the match, its level 5 card beside it rather than a second match.
    data = (await api_client.post("/api/v1/match", json={"text": SOCIAL_WORKER})).json()
    best = data["matches"][0]
    assert best["card_id"] == "3412-0-008@4"
    assert [o["card_id"] for o in best["other_cards"]] == ["3412-0-008@5"]
    (other,) = best["other_cards"]
    assert (other["level"], other["url"], other["language"]) == (5, "/cards/3412-0-008@5", "kk")
    assert "3412-0-008" not in {m["code"] for m in data["matches"][1:]}


@pytest.mark.anyio
async def test_match_api_text_plain_body(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/match",
        content=ACCOUNTANT.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert_match_contract(data)
    assert data["confident"] is False


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 400, "invalid-parameter"),
        ({"json": {"text": "   "}}, 400, "invalid-input"),
        ({"json": {}}, 400, "invalid-parameter"),
        ({"json": {"text": "x", "limit": 0}}, 400, "invalid-parameter"),
        ({"json": {"text": "x", "extra": 1}}, 400, "invalid-parameter"),
        ({"json": ["x"]}, 400, "invalid-parameter"),
        ({"content": b"{", "headers": {"Content-Type": "application/json"}}, 400, "invalid-json"),
        ({"content": b"", "headers": {"Content-Type": "text/plain"}}, 400, "invalid-parameter"),
        ({"content": b"\xff", "headers": {"Content-Type": "text/plain"}}, 400, None),
        ({"content": b"x", "headers": {"Content-Type": "application/xml"}}, 415, None),
        # Nested too deep for the JSON reader: a 400, not a 500.
        (
            {"content": b"[" * 100_000 + b"]" * 100_000, "headers": JSON_HEADERS},
            400,
            "invalid-json",
        ),
    ],
)
async def test_match_api_errors_have_the_error_shape(
    api_client: httpx.AsyncClient, kwargs: dict[str, Any], status: int, code: str | None
) -> None:
    assert_error(await api_client.post("/api/v1/match", **kwargs), status, code)


# ----------------------------------------------------------------------------- web


@pytest.mark.anyio
@pytest.mark.parametrize("limit", ["²", "9" * 5000, "-1"])
async def test_match_page_odd_limit_is_a_400(web_client: httpx.AsyncClient, limit: str) -> None:
    response = await web_client.post("/match", data={"text": "психолог", "limit": limit})
    assert response.status_code == 400


async def post_form(client: httpx.AsyncClient, text: str, **params: str) -> BeautifulSoup:
    response = await client.post("/match", data={"text": text}, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.anyio
async def test_match_page_form(web_client: httpx.AsyncClient) -> None:
    response = await web_client.get("/match")
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "kk"
    form = soup.find("form", class_="match-form")
    assert isinstance(form, Tag) and form["method"] == "post" and form["action"] == "/match"
    area = form.find("textarea")
    assert isinstance(area, Tag) and area["name"] == "text"
    assert soup.find("label", attrs={"for": area["id"]})
    assert len(soup.find_all("h1")) == 1


@pytest.mark.anyio
async def test_match_page_says_no_confident_match(web_client: httpx.AsyncClient) -> None:
    soup = await post_form(web_client, ACCOUNTANT, lang="en")
    note = soup.find(class_="no-match")
    assert isinstance(note, Tag) and "No confident match" in note.get_text()
    textarea = soup.find("textarea")
    assert isinstance(textarea, Tag) and "бухгалтер" in textarea.get_text()
    ru = await post_form(web_client, ACCOUNTANT, lang="ru")
    assert "Уверенного совпадения нет" in ru.get_text()


@pytest.mark.anyio
async def test_match_page_ranks_cards_with_evidence(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.post("/api/v1/match", json={"text": SOCIAL_WORKER})).json()
    soup = await post_form(web_client, SOCIAL_WORKER)
    assert (soup.find(class_="no-match") is None) == data["confident"]
    items = soup.select("li.match")
    assert len(items) == len(data["matches"])
    for item, match in zip(items, data["matches"], strict=True):
        heading = item.find("a")
        assert isinstance(heading, Tag) and heading["href"] == match["url"]
        assert f"{round(match['confidence'] * 100)}%" in item.get_text()
        assert heading["lang"] == match["language"] == "kk"
        assert {q.get("lang") for q in item.select(".evidence q")} <= {data["language"]}
        links = {str(a["href"]) for a in item.select(".evidence a")}
        assert links == {e["url"] for e in match["evidence"]}
        others = [str(a["href"]) for a in item.select(".other-cards a")]
        assert others == [o["url"] for o in match["other_cards"]]
    # The top occupation's other card is named under it, in the page's language.
    ru = await post_form(web_client, SOCIAL_WORKER, lang="ru")
    line = ru.select_one("li.match .other-cards")
    assert line is not None and "Другие карточки" in line.get_text()
    assert "3412-0-008@5" in line.get_text()


@pytest.mark.anyio
async def test_match_page_gives_its_reasons(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.post("/api/v1/match", json={"text": SOCIAL_WORKER})).json()
    soup = await post_form(web_client, SOCIAL_WORKER, lang="ru")
    meaning = soup.find(class_="confidence-meaning")
    assert isinstance(meaning, Tag) and "вероятность" in meaning.get_text()
    bars = soup.select("li.match meter.confidence-bar")
    assert [int(str(b["value"])) for b in bars] == [
        round(m["confidence"] * 100) for m in data["matches"]
    ]
    reason = soup.find(class_="level-reason")
    assert isinstance(reason, Tag) and "«среднее специальное»" in reason.get_text()
    marks = soup.select("blockquote.matched-text mark")
    evidence = data["matches"][0]["evidence"]
    assert [m.get_text() for m in marks] == [
        p["text"] for p in data["passages"] if p["evidence"] is not None
    ]
    for link in soup.select("blockquote.matched-text sup a"):
        target = soup.find(id=str(link["href"]).removeprefix("#"))
        assert isinstance(target, Tag) and target.name == "li"
    assert len(marks) == len(evidence)


@pytest.mark.anyio
async def test_match_page_get_and_json_twin(web_client: httpx.AsyncClient) -> None:
    short = "Әлеуметтік қызметкер керек."
    twin = await web_client.get("/match.json", params={"text": short})
    api = await web_client.post("/api/v1/match", json={"text": short})
    assert twin.status_code == 200 and twin.content == api.content
    page = await web_client.get("/match", params={"text": short})
    assert page.status_code == 200 and BeautifulSoup(page.text, "html.parser").select("li.match")


@pytest.mark.anyio
async def test_match_page_empty_text(web_client: httpx.AsyncClient) -> None:
    response = await web_client.post("/match", data={"text": "  "})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    area = soup.find("textarea")
    assert isinstance(area, Tag) and area["aria-invalid"] == "true"
    assert_error(await web_client.get("/match.json"), 400, "invalid-input")


# ------------------------------------------------- the words that set a card apart (issue 10)

CONVICTS_KK = (
    "Түзеу мекемесінде сотталғандармен жұмыс істейтін маман қажет. Сотталғандарға әлеуметтік "
    "көмек көрсетеді, сотталғандарды босатылғаннан кейін қоғамға бейімдеуге дайындайды.\n"
)


def _assert_distinctive(match: dict[str, Any], text: str) -> None:
    words = match["distinctive_words"]
    assert 0 < len(words) <= 3
    for word in words:
        assert set(word) == {"word", "sentences"}
        assert word["word"] in text.lower() and word["sentences"] >= 1


def test_match_cli_names_the_words_that_set_the_card_apart(runner: CliRunner, db: str) -> None:
    data = match_json(runner, db, stdin=CONVICTS_KK)
    first = data["matches"][0]
    assert first["code"] == "2634-4-001"
    _assert_distinctive(first, CONVICTS_KK)
    # сотталғандармен, -ға, -ды: one word (one stem), said in both sentences
    assert first["distinctive_words"][0] == {"word": "сотталғандармен", "sentences": 2}
    shown = runner.invoke(app, ["--db", db, "match"], input=CONVICTS_KK)
    assert "words that set it apart: 'сотталғандармен' ×2" in shown.stdout
    assert "Words that set it apart: words of the text" in shown.stdout


@pytest.mark.anyio
async def test_match_api_and_page_name_the_words_that_set_the_card_apart(
    web_client: httpx.AsyncClient,
) -> None:
    data = (await web_client.post("/api/v1/match", json={"text": CONVICTS_KK})).json()
    _assert_distinctive(data["matches"][0], CONVICTS_KK)
    soup = await post_form(web_client, CONVICTS_KK, lang="en")
    first = soup.select("li.match")[0]
    line = first.find(class_="distinctive-words")
    assert isinstance(line, Tag) and "Words that set it apart:" in line.get_text()
    assert [q.get_text() for q in line.find_all("q")] == [
        w["word"] for w in data["matches"][0]["distinctive_words"]
    ]
    assert "×2" in line.get_text()
    ru = await post_form(web_client, CONVICTS_KK, lang="ru")
    meaning = ru.find(class_="distinctive-meaning")
    assert isinstance(meaning, Tag) and "Слова, которые её выделяют" in meaning.get_text()
