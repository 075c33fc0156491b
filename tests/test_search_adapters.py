"""Search through its adapters: ``kasip search``, ``GET /api/v1/search``, the ``/search`` page.

The library's ranking is tested with the library; here, the contracts: the
JSON keys and their order, filters, errors, the page's marks and labels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup, Tag
from typer.testing import CliRunner

from conftest_web import SEED_KEY, assert_error
from kasip.cli import app
from kasip.search.entries import SEARCHED_TYPES

VICTIMS_QUERY = "құрбаны"
VICTIMS_FORM = "құрбандарына"
SOCIAL_QUERY = "социальных работников"
SOCIAL_CARD = ("3412-0-008", 4, "Әлеуметтік қызметкер")
HIT_KEYS = {"card", "element", "score"}


# ----------------------------------------------------------------------------- CLI


def search_json(runner: CliRunner, db: str, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["search", *args, "--json", "--db", db])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_search_cli_json_has_the_contract_keys_best_first(runner: CliRunner, db: str) -> None:
    data = search_json(runner, db, VICTIMS_QUERY)
    assert set(data) == {"hits", "corrections"}
    hits = data["hits"]
    assert hits
    for hit in hits:
        assert set(hit) >= HIT_KEYS
        assert {"code", "level", "name"} <= set(hit["card"])
        assert {"id", "type", "text"} <= set(hit["element"])
        assert isinstance(hit["score"], float)
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert any(VICTIMS_FORM in hit["element"]["text"] for hit in hits)


def test_search_cli_finds_a_kazakh_card_from_russian_words(runner: CliRunner, db: str) -> None:
    hits = search_json(runner, db, SOCIAL_QUERY, "--limit", "5")["hits"]
    assert len(hits) <= 5
    cards = [(h["card"]["code"], h["card"]["level"], h["card"]["name"]) for h in hits]
    assert SOCIAL_CARD in cards


def test_search_cli_filters_by_type_level_and_standard(runner: CliRunner, db: str) -> None:
    args = ["--type", "skill", "--type", "knowledge", "--level", "4", "--standard", SEED_KEY]
    hits = search_json(runner, db, VICTIMS_QUERY, *args)["hits"]
    assert hits
    assert {h["element"]["type"] for h in hits} <= {"skill", "knowledge"}
    assert {h["card"]["level"] for h in hits} == {4}


def test_search_cli_accepts_the_global_db_option(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "search", SOCIAL_QUERY, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hits"]


def test_search_cli_lists_hits_by_card_with_highlights(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["search", VICTIMS_QUERY, "--db", db], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "2635-3-001@4" in result.stdout
    assert VICTIMS_FORM in result.stdout
    assert "\x1b[" in result.stdout  # the matched words are highlighted


def test_search_cli_suggests_corrections(runner: CliRunner, db: str) -> None:
    data = search_json(runner, db, "психологк")
    assert {"word": "психологк", "suggestion": "психолог"} in data["corrections"]
    text = runner.invoke(app, ["search", "психологк", "--db", db]).stdout
    assert "Did you mean" in text and "психолог" in text


def test_search_cli_without_hits_exits_0(runner: CliRunner, db: str) -> None:
    assert search_json(runner, db, "zzzqqqxxx")["hits"] == []
    result = runner.invoke(app, ["search", "zzzqqqxxx", "--db", db])
    assert result.exit_code == 0 and "No results" in result.stdout


def test_search_cli_bad_type_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["search", "x", "--type", "bogus", "--db", db])
    assert result.exit_code == 2
    assert "bogus" in result.output and "Traceback" not in result.output


def test_search_cli_unknown_standard_is_a_user_error(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["search", "x", "--standard", "no-such-standard", "--db", db])
    assert result.exit_code == 1
    assert "Error" in result.stderr and "no-such-standard" in result.stderr


@pytest.mark.slow
def test_search_cli_runs_as_a_subprocess(db: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kasip", "search", SOCIAL_QUERY, "--json", "--db", db],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"][0]["card"]["code"]


# ----------------------------------------------------------------------------- API


@pytest.mark.anyio
async def test_search_api_answers_the_search_result(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get("/api/v1/search", params={"q": VICTIMS_QUERY})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert {"query", "hits", "groups", "corrections", "limit", "count"} <= set(body)
    hit = body["hits"][0]
    assert set(hit["card"]) == {"id", "code", "level", "name", "standard"}
    assert set(hit["element"]) == {"id", "type", "text"}
    assert isinstance(hit["score"], float)
    assert any(part["hit"] for part in hit["snippet"])
    assert hit["url"].startswith(f"/cards/{hit['card']['id']}#")
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    grouped = [h["element"]["id"] for g in body["groups"] for h in g["hits"]]
    assert sorted(grouped) == sorted(h["element"]["id"] for h in body["hits"])
    assert response.headers["etag"]


@pytest.mark.anyio
async def test_search_api_filters(api_client: httpx.AsyncClient) -> None:
    params: list[tuple[str, str | int | float | bool | None]] = [
        ("q", VICTIMS_QUERY),
        ("type", "skill"),
        ("type", "knowledge"),
        ("level", 6),
        ("standard", SEED_KEY),
        ("limit", 3),
    ]
    body = (await api_client.get("/api/v1/search", params=params)).json()
    assert 0 < len(body["hits"]) <= 3
    assert {h["element"]["type"] for h in body["hits"]} <= {"skill", "knowledge"}
    assert {h["card"]["level"] for h in body["hits"]} == {6}
    assert (body["types"], body["level"], body["standard"]) == (
        ["skill", "knowledge"],
        6,
        SEED_KEY,
    )


@pytest.mark.anyio
async def test_search_api_finds_a_kazakh_card_from_russian_words(
    api_client: httpx.AsyncClient,
) -> None:
    body = (await api_client.get("/api/v1/search", params={"q": SOCIAL_QUERY, "limit": 5})).json()
    cards = [(h["card"]["code"], h["card"]["level"], h["card"]["name"]) for h in body["hits"]]
    assert SOCIAL_CARD in cards


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "invalid-parameter"),
        ({"q": ""}, 400, "invalid-parameter"),
        ({"q": "   "}, 400, "invalid-input"),
        ({"q": "x", "type": "bogus"}, 400, "invalid-input"),
        ({"q": "x", "level": 9}, 400, "invalid-parameter"),
        ({"q": "x", "limit": 0}, 400, "invalid-parameter"),
        ({"q": "x", "limit": 101}, 400, "invalid-parameter"),
        ({"q": "x" * 201}, 400, "invalid-parameter"),
        ({"q": "x", "standard": "no-such-standard"}, 404, "not-found"),
        ({"q": "x", "standard": "Bad Key!"}, 400, "invalid-input"),
    ],
)
async def test_search_api_errors_have_the_error_shape(
    api_client: httpx.AsyncClient, params: dict[str, Any], status: int, code: str
) -> None:
    assert_error(await api_client.get("/api/v1/search", params=params), status, code)


@pytest.mark.anyio
async def test_search_api_without_hits_is_200(api_client: httpx.AsyncClient) -> None:
    body = (await api_client.get("/api/v1/search", params={"q": "zzzqqqxxx"})).json()
    assert (body["hits"], body["groups"], body["count"]) == ([], [], 0)


# ----------------------------------------------------------------------------- web


async def soup_of(client: httpx.AsyncClient, url: str, **params: Any) -> BeautifulSoup:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.anyio
async def test_search_page_groups_hits_by_card_with_marks(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.get("/search.json", params={"q": VICTIMS_QUERY})).json()
    soup = await soup_of(web_client, "/search", q=VICTIMS_QUERY)
    assert soup.html is not None and soup.html["lang"] == "kk"
    assert len(soup.find_all("h1")) == 1
    marks = [mark.get_text() for mark in soup.find_all("mark")]
    assert VICTIMS_FORM in marks
    groups = soup.select(".search-group")
    assert len(groups) == len(data["groups"])
    hrefs = {str(a["href"]) for a in soup.select(".search-hit a")}
    assert hrefs == {hit["url"] for hit in data["hits"]}
    assert all("#" in href for href in hrefs)  # element permalinks on the card page
    # The texts are in the standard's language, the interface in the reader's.
    assert {a.get("lang") for a in soup.select(".search-hit a, .search-group h3 a")} == {"kk"}
    search_box = soup.find("input", attrs={"type": "search"})
    assert isinstance(search_box, Tag) and search_box["value"] == VICTIMS_QUERY


@pytest.mark.anyio
async def test_search_page_twin_equals_the_api(web_client: httpx.AsyncClient) -> None:
    params: dict[str, str | int] = {"q": SOCIAL_QUERY, "level": 4}
    twin = await web_client.get("/search.json", params=params)
    api = await web_client.get("/api/v1/search", params=params)
    assert twin.status_code == api.status_code == 200
    assert twin.content == api.content


@pytest.mark.anyio
async def test_search_page_form_has_labelled_filters(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(
        web_client, "/search", q="психолог", level=6, standard=SEED_KEY, type="card"
    )
    form = soup.find("form", attrs={"role": "search"})
    assert isinstance(form, Tag) and form["action"] == "/search" and form["method"] == "get"
    for control in form.find_all(["input", "select"]):
        assert soup.find("label", attrs={"for": control["id"]}), control
    level = form.find("select", attrs={"name": "level"})
    assert isinstance(level, Tag)
    values = [str(o["value"]) for o in level.find_all("option")]
    assert values == ["", *(str(n) for n in range(1, 9))]
    assert level.find("option", selected=True)["value"] == "6"  # type: ignore[index]
    standard = form.find("select", attrs={"name": "standard"})
    assert isinstance(standard, Tag)
    assert standard.find("option", selected=True)["value"] == SEED_KEY  # type: ignore[index]
    boxes = form.find_all("input", attrs={"type": "checkbox", "name": "type"})
    assert [b["value"] for b in boxes] == list(SEARCHED_TYPES)
    assert [b["value"] for b in boxes if b.has_attr("checked")] == ["card"]
    assert form.find("fieldset") and form.find("legend")


@pytest.mark.anyio
async def test_search_page_shows_corrections_and_no_results(
    web_client: httpx.AsyncClient,
) -> None:
    soup = await soup_of(web_client, "/search", q="психологк", lang="en")
    corrections = soup.find(class_="corrections")
    assert isinstance(corrections, Tag) and "Did you mean" in corrections.get_text()
    assert "психолог" in corrections.get_text()
    empty = await soup_of(web_client, "/search", q="zzzqqqxxx", lang="ru")
    assert empty.html is not None and empty.html["lang"] == "ru"
    assert empty.find(class_="no-results") is not None
    assert "Ничего не найдено" in empty.get_text()


@pytest.mark.anyio
async def test_search_page_without_a_query_shows_the_form(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, "/search")
    assert soup.find("input", attrs={"type": "search", "name": "q"}) is not None
    assert not soup.select(".search-group") and soup.find(class_="no-results") is None


@pytest.mark.anyio
async def test_search_page_errors(web_client: httpx.AsyncClient) -> None:
    assert_error(await web_client.get("/search", params={"q": "x", "type": "bogus"}), 400)
    assert_error(await web_client.get("/search.json"), 400, "invalid-input")
    assert_error(await web_client.get("/search", params={"q": "x", "standard": "nope"}), 404)


@pytest.mark.anyio
async def test_search_home_box_submits_to_the_search_page(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, "/")
    box = soup.find("input", attrs={"type": "search"})
    assert isinstance(box, Tag) and box["name"] == "q"
    form = box.find_parent("form")
    assert isinstance(form, Tag) and form["action"] == "/search"
    label = soup.find("label", attrs={"for": box["id"]})
    assert isinstance(label, Tag) and label.get_text(strip=True)
    nav = {str(a["href"]) for a in soup.select("nav.site-nav a")}
    assert nav == {"/search", "/match", "/check", "/alignments", "/account"}


@pytest.mark.anyio
async def test_search_page_takes_the_form_as_submitted(web_client: httpx.AsyncClient) -> None:
    # "All standards" and "All levels" come as empty values.
    params = {"q": "психолог", "standard": "", "level": ""}
    soup = await soup_of(web_client, "/search", **params)
    assert soup.select(".search-group")
    twin = (await web_client.get("/search.json", params=params)).json()
    assert (twin["standard"], twin["level"]) == (None, None) and twin["hits"]
    assert_error(await web_client.get("/search.json", params={"q": "x", "level": "high"}), 400)
    assert_error(await web_client.get("/search.json", params={"q": "x", "level": "9"}), 400)


@pytest.mark.parametrize(
    "args",
    [["search", "құрбаны", "--json"], ["analyze", "құрбаны"], ["eval", "search", "--help"]],
)
def test_commands_on_an_empty_registry_first_import_the_bundled_standard(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    db = f"sqlite:///{tmp_path}/empty.db"
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    if args[0] == "search":
        assert "Imported the bundled standard" in result.stderr
        assert json.loads(result.stdout)["hits"]


@pytest.mark.anyio
@pytest.mark.parametrize("level", ["²", "٣", "99999999999"])
async def test_search_page_odd_level_is_a_400(web_client: httpx.AsyncClient, level: str) -> None:
    for path in ("/search", "/search.json"):
        response = await web_client.get(path, params={"q": "психолог", "level": level})
        assert response.status_code == 400, (path, response.status_code)


def test_reindex_cli_rebuilds_the_index(runner: CliRunner, db: str) -> None:
    before = search_json(runner, db, "құрбаны")
    result = runner.invoke(app, ["--db", db, "reindex"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Indexed ") and "1 standard(s)" in result.stdout
    assert search_json(runner, db, "құрбаны") == before
