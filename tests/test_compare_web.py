"""The comparison pages, their JSON twins and API routes, through the app (httpx ASGI).

The registry holds the seed as version 1 and an edited copy as version 2
(tests/test_history.py: one skill changed, one added, one knowledge item
removed in 2635-3-001@5), so the history pages have something to show.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from importlib import resources
from typing import Any

import httpx
import pytest
from babel.messages.extract import extract_from_file
from bs4 import BeautifulSoup, Tag
from fastapi import FastAPI

from compare_support import SEED_KEY, seed_registry
from conftest_web import assert_error, client_for
from kasip.api.app import create_app
from kasip.i18n import translations
from test_history import EDITED, edited_seed

pytestmark = pytest.mark.anyio

PAIR = {"a": "2635-3-001@4", "b": "2635-3-001@5"}
HTML = {"accept": "text/html"}
TEMPLATES = ("compare.html", "ladder.html", "history.html", "compare_macros.html")


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    registry = seed_registry(edited_seed())
    try:
        yield create_app(registry=registry)
    finally:
        registry.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


async def get_json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


async def get_html(client: httpx.AsyncClient, url: str, **params: Any) -> BeautifulSoup:
    response = await client.get(url, params=params, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def shown_changes(comparison: dict[str, Any]) -> dict[str, int]:
    """The table rows compare.html shows for a comparison, counted by status."""
    rows: list[str] = [f["change"]["status"] for f in comparison["fields"]
                       if f["change"]["old"] or f["change"]["new"]]  # fmt: skip
    rows += [c["status"] for changes in comparison["lists"].values() for c in changes]
    for function in comparison["functions"]:
        rows += [part["status"] for part in (function["title"], function["kind"])
                 if part["status"] == "changed"]  # fmt: skip
        for task in function["tasks"]:
            rows += [task["title"]["status"]] if task["title"]["status"] == "changed" else []
            rows += [i["status"] for i in (*task["skills"], *task["knowledge"])]
    return {s: rows.count(s) for s in ("added", "removed", "changed")}


def rows_by_status(soup: Tag) -> dict[str, int]:
    return {s: len(soup.select(f"tr.change-row-{s}")) for s in ("added", "removed", "changed")}


# --- /compare ---------------------------------------------------------------------


async def test_compare_page_and_twin_show_the_same_comparison(client: httpx.AsyncClient) -> None:
    data = await get_json(client, "/compare.json", **PAIR)
    soup = await get_html(client, "/compare", **PAIR, lang="en")
    assert (data["a"]["id"], data["b"]["id"]) == (PAIR["a"], PAIR["b"])
    heads = [a.get("href") for a in soup.select(".compare-head a")]
    assert heads == [data["a"]["url"], data["b"]["url"]]
    assert rows_by_status(soup) == shown_changes(data["comparison"])
    # The summary table repeats the tally, part by part.
    tally = data["comparison"]["tally"]
    skills_row = next(r for r in soup.select("table.tally tr") if "Skills" in r.get_text())
    cells = [td.get_text(strip=True) for td in skills_row.find_all("td")]
    assert cells == [str(tally["skills"][k]) for k in ("added", "removed", "changed", "unchanged")]


async def test_compare_api_is_the_twin(client: httpx.AsyncClient) -> None:
    twin = await get_json(client, "/compare.json", **PAIR)
    assert await get_json(client, "/api/v1/compare", **PAIR) == twin


async def test_compare_page_marks_words_and_statuses_in_text(client: httpx.AsyncClient) -> None:
    soup = await get_html(client, "/compare", **PAIR, lang="en")
    level_row = next(
        r for r in soup.select("tr.change-row-changed") if "Qualification level" in r.text
    )
    assert [d.get_text() for d in level_row.find_all("del")] == ["[deleted: 4]"]
    assert [i.get_text() for i in level_row.find_all("ins")] == ["[inserted: 5]"]
    # Statuses are words with a marker, not colours only.
    badges = {" ".join(b.get_text().split()) for b in soup.select(".change-status")}
    assert {"+ added", "− removed", "~ changed", "= unchanged"} <= badges
    assert soup.select_one(".diff-legend") is not None


async def test_compare_page_is_translated(client: httpx.AsyncClient) -> None:
    soup = await get_html(client, "/compare", **PAIR, lang="ru")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Сравнение двух карточек"
    assert "изменено" in soup.get_text()
    soup = await get_html(client, "/compare", **PAIR, lang="kk")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Екі карточканы салыстыру"


async def test_compare_same_card_twice_is_fine(client: httpx.AsyncClient) -> None:
    data = await get_json(client, "/compare.json", a=PAIR["a"], b=PAIR["a"])
    assert data["same_card"] is True
    soup = await get_html(client, "/compare", a=PAIR["a"], b=PAIR["a"])
    assert rows_by_status(soup) == {"added": 0, "removed": 0, "changed": 0}


async def test_compare_without_cards_shows_a_form(client: httpx.AsyncClient) -> None:
    soup = await get_html(client, "/compare", a=PAIR["a"])
    form = soup.select_one("form.compare-form")
    assert isinstance(form, Tag) and form.get("action") == "/compare"
    options = [o.get("value") for o in soup.select("#compare-a option") if o.get("value")]
    assert len(options) == 14
    selected = soup.select_one("#compare-a option[selected]")
    assert selected is not None and selected.get("value") == PAIR["a"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"a": "2635-3-001", "b": "2635-3-001@5"}, 400),  # malformed
        ({"a": "2635-3-001@4", "b": "../etc@5"}, 400),
        ({"a": "9999-9-999@4", "b": "2635-3-001@5"}, 404),  # unknown
        ({"a": "2635-3-001@4"}, 400),  # b missing
        ({"a": "2635-3-001@4", "b": "2635-3-001@5", "standard": "nope"}, 404),
    ],
)
@pytest.mark.parametrize("url", ["/compare.json", "/api/v1/compare"])
async def test_compare_bad_input_is_a_4xx_error(
    client: httpx.AsyncClient, url: str, params: dict[str, str], status: int
) -> None:
    assert_error(await client.get(url, params=params), status)


async def test_compare_bad_input_page_is_an_html_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/compare", params={"a": "x", "b": "y"}, headers=HTML)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


async def test_compare_twin_answers_304_to_its_etag(client: httpx.AsyncClient) -> None:
    first = await client.get("/compare.json", params=PAIR)
    again = await client.get(
        "/compare.json", params=PAIR, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304


# --- /ladder/{code} ---------------------------------------------------------------


async def test_ladder_page_embeds_the_twin_s_svg(client: httpx.AsyncClient) -> None:
    data = await get_json(client, "/ladder/2635-3-001.json", lang="en")
    soup = await get_html(client, "/ladder/2635-3-001", lang="en")
    svg = soup.select_one(".ladder-svg svg")
    assert isinstance(svg, Tag)
    assert svg.get("role") == "img"
    embedded = BeautifulSoup(data["svg"], "html.parser").svg
    assert embedded is not None
    assert svg.get_text() == embedded.get_text()
    assert [a.get("href") for a in svg.find_all("a")] == [
        n["url"] for n in data["nodes"] if n["url"]
    ]
    # The text list below names every node of the twin.
    listed = soup.select_one(".ladder-steps")
    assert listed is not None
    assert all(node["name"] in listed.get_text() for node in data["nodes"])


async def test_ladder_api_is_the_twin(client: httpx.AsyncClient) -> None:
    twin = await get_json(client, "/ladder/2635-3-001.json", lang="ru")
    api = await get_json(client, "/api/v1/ladder/2635-3-001", lang="ru")
    assert api == twin
    assert "Уровень 8" in api["svg"] and "Level 8" not in api["svg"]


async def test_ladder_page_links_steps_to_compare(client: httpx.AsyncClient) -> None:
    soup = await get_html(client, "/ladder/2635-3-001")
    hrefs = {a.get("href") for a in soup.select(".ladder-steps a")}
    assert f"/compare?a=2635-3-001%404&b=2635-3-001%405&standard={SEED_KEY}" in hrefs


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/ladder/9999-9-999.json", 404),
        ("/api/v1/ladder/9999-9-999", 404),
        ("/ladder/bad%20code.json", 400),
        ("/api/v1/ladder/bad%20code", 400),
        ("/ladder/2635-3-001.json?standard=nope", 404),
    ],
)
async def test_ladder_bad_input_is_a_4xx_error(
    client: httpx.AsyncClient, url: str, status: int
) -> None:
    assert_error(await client.get(url), status)


# --- /standards/{key}/history -----------------------------------------------------


async def test_history_page_and_twin_show_the_same_diff(client: httpx.AsyncClient) -> None:
    url = f"/standards/{SEED_KEY}/history"
    data = await get_json(client, f"{url}.json")
    assert (data["from_version"], data["to_version"]) == (1, 2)
    soup = await get_html(client, url)
    changed = [c for c in data["diff"]["cards"] if c["status"] != "unchanged"]
    articles = soup.select("article.card-change")
    assert [a.select_one("code").get_text() for a in articles] == [EDITED]  # type: ignore[union-attr]
    assert [c["new_id"] for c in changed] == [EDITED]
    assert rows_by_status(articles[0]) == shown_changes(changed[0]["comparison"])
    assert [li.get("value") for li in soup.select("ol.versions > li")] == ["1", "2"]


async def test_history_page_shows_the_exact_item_edits(client: httpx.AsyncClient) -> None:
    soup = await get_html(client, f"/standards/{SEED_KEY}/history", lang="en")
    article = soup.select_one("article.card-change")
    assert article is not None
    assert len(article.select("tr.change-row-added")) == 1
    assert len(article.select("tr.change-row-removed")) == 1
    changed_rows = article.select("tr.change-row-changed")
    assert len(changed_rows) == 1
    assert [d.get_text() for d in changed_rows[0].find_all("del")] == ["[deleted: талдау]"]


async def test_history_api_is_the_twin(client: httpx.AsyncClient) -> None:
    params = {"from": 2, "to": 1}
    twin = await get_json(client, f"/standards/{SEED_KEY}/history.json", **params)
    assert await get_json(client, f"/api/v1/standards/{SEED_KEY}/diff", **params) == twin
    assert (twin["from_version"], twin["to_version"]) == (2, 1)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        (f"{SEED_KEY}", {"from": 0}, 400),
        (f"{SEED_KEY}", {"to": "two"}, 400),
        (f"{SEED_KEY}", {"from": 1, "to": 9}, 404),
        ("no-such-standard", {}, 404),
    ],
)
@pytest.mark.parametrize("template", ["/standards/{}/history.json", "/api/v1/standards/{}/diff"])
async def test_history_bad_input_is_a_4xx_error(
    client: httpx.AsyncClient, template: str, path: str, params: dict[str, Any], status: int
) -> None:
    assert_error(await client.get(template.format(path), params=params), status)


# --- translations -----------------------------------------------------------------


def template_messages() -> set[str]:
    """Every message id of the comparison templates and of the ladder's drawing words."""
    folder = resources.files("kasip.web")
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    found: set[str] = set()
    for name in TEMPLATES:
        with resources.as_file(folder / "templates" / name) as path:
            for _, message, _, _ in extract_from_file(
                "jinja2.ext:babel_extract", path, options=options
            ):
                found.add(message if isinstance(message, str) else message[0])
    with resources.as_file(resources.files("kasip.pages") / "ladder.py") as path:
        found |= {
            m if isinstance(m, str) else m[0] for _, m, _, _ in extract_from_file("python", path)
        }
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_comparison_string_is_translated(lang: str) -> None:
    catalogue = translations(lang)
    messages = template_messages()
    assert len(messages) > 50
    missing = sorted(m for m in messages if catalogue.gettext(m) == m)
    assert missing == []
