"""``as_of`` on the API and the pages, and the standard page's timeline (issue 15, item 7).

The registry holds the seed as version 1 (entered: in force from 2019-06-10)
and an edited text as version 2 (entered: from 2022-01-05), so 1 March 2022
falls in version 2 and 1 March 2021 in version 1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI

from compare_support import SEED_KEY, seed_registry
from conftest_web import assert_error, client_for
from kasip.api.app import create_app
from kasip.pages.standard import build_standard
from kasip.registry import Registry
from kasip.store.effective import EnteredDate
from test_history import edited_seed

pytestmark = pytest.mark.anyio

CARD = "2635-3-001@5"
HTML = {"accept": "text/html"}
BEFORE = f"no version of {SEED_KEY} was in force on 2019-01-01; the first took effect on 2019-06-10"


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    registry = seed_registry(edited_seed())
    registry.set_effective_date(SEED_KEY, 1, EnteredDate(date(2019, 6, 10), "adilet"))
    registry.set_effective_date(SEED_KEY, 2, EnteredDate(date(2022, 1, 5)))
    try:
        yield registry
    finally:
        registry.close()


@pytest.fixture(scope="module")
def app(registry: Registry) -> FastAPI:
    return create_app(registry=registry)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


async def test_api_standard_as_of_says_which_version_and_why(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/standards/{SEED_KEY}"
    body = (await client.get(url, params={"as_of": "2022-03-01"})).json()
    assert (body["version"], body["effective_from"], body["effective_basis"]) == (
        2,
        "2022-01-05",
        "entered",
    )
    assert body["in_force_on"] == "2022-03-01"
    body = (await client.get(url, params={"as_of": "2021-03-01"})).json()
    assert (body["version"], body["in_force_on"]) == (1, "2021-03-01")
    latest = (await client.get(url)).json()
    assert (latest["version"], latest["in_force_on"]) == (2, None)
    assert [(p["version"], p["effective_from"], p["until"]) for p in latest["in_force"]] == [
        (1, "2019-06-10", "2022-01-05"),
        (2, "2022-01-05", None),
    ]


async def test_api_as_of_errors_name_the_parameter(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/standards/{SEED_KEY}"
    error = assert_error(await client.get(url, params={"as_of": "2019-01-01"}), 404, "not-found")
    assert error["message"] == BEFORE
    both = {"as_of": "2022-03-01", "version": "1"}
    error = assert_error(await client.get(url, params=both), 400, "invalid-input")
    assert "as_of" in str(error["message"]) and "not both" in str(error["message"])
    error = assert_error(await client.get(url, params={"as_of": "2022-02-30"}), 400)
    assert "as_of" in str(error["message"])


async def test_api_card_as_of_needs_its_standard(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/cards/{CARD}"
    body = (await client.get(url, params={"standard": SEED_KEY, "as_of": "2021-03-01"})).json()
    assert (body["version"], body["in_force_on"], body["effective_from"]) == (
        1,
        "2021-03-01",
        "2019-06-10",
    )
    error = assert_error(await client.get(url, params={"as_of": "2021-03-01"}), 400)
    assert "needs a standard" in str(error["message"])
    params = {"standard": SEED_KEY, "as_of": "2019-01-01"}
    error = assert_error(await client.get(url, params=params), 404)
    assert error["message"] == BEFORE


async def test_api_export_as_of_gives_the_version_in_force(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/standards/{SEED_KEY}/export"
    old = await client.get(url, params={"format": "case", "as_of": "2021-03-01"})
    new = await client.get(url, params={"format": "case", "as_of": "2022-03-01"})
    assert old.status_code == new.status_code == 200
    assert old.json()["CFDocument"]["statusStartDate"] == "2019-06-10"
    assert new.json()["CFDocument"]["statusStartDate"] == "2022-01-05"
    assert old.headers["etag"] != new.headers["etag"]
    exchange = await client.get(url, params={"as_of": "2021-03-01"})
    assert exchange.json()["source"]["name"] != "edited.kk.txt"  # version 1's text
    error = assert_error(await client.get(url, params={"as_of": "2019-01-01"}), 404)
    assert error["message"] == BEFORE
    error = assert_error(await client.get(url, params={"as_of": "x", "version": "1"}), 400)


async def test_api_versions_carry_their_dates(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"/api/v1/standards/{SEED_KEY}/versions")).json()
    assert [(v["effective_from"], v["effective_basis"]) for v in body["data"]] == [
        ("2019-06-10", "entered"),
        ("2022-01-05", "entered"),
    ]


@pytest.mark.parametrize(
    ("lang", "heading", "today"),
    [
        ("kk", "Қолданыста болған нұсқалар", "бүгін қолданыста"),
        ("ru", "Действовавшие редакции", "действует сегодня"),
    ],
)
async def test_page_shows_the_timeline(
    client: httpx.AsyncClient, lang: str, heading: str, today: str
) -> None:
    response = await client.get(f"/standards/{SEED_KEY}", params={"lang": lang}, headers=HTML)
    soup = BeautifulSoup(response.text, "html.parser")
    section = soup.find("section", id="in-force")
    assert section is not None and heading in section.get_text()
    items = section.select("ol.in-force > li")
    assert len(items) == 2
    assert "today" in (items[1].get("class") or []) and today in items[1].get_text()
    assert "today" not in (items[0].get("class") or [])
    assert "2019-06-10" in items[0].get_text() and "2022-01-05" in items[0].get_text()
    assert "adilet" in items[0].get_text()
    links = [a["href"] for a in items[1].find_all("a")]
    assert f"/standards/{SEED_KEY}?version=2" in links
    assert f"/standards/{SEED_KEY}/history?from=1&to=2" in links
    assert items[1].find("a", attrs={"aria-current": "page"}) is not None


async def test_page_as_of_shows_that_version_and_blank_means_latest(
    client: httpx.AsyncClient,
) -> None:
    url = f"/standards/{SEED_KEY}"
    response = await client.get(url, params={"as_of": "2021-03-01", "lang": "en"}, headers=HTML)
    soup = BeautifulSoup(response.text, "html.parser")
    note = soup.find(id="in-force-on")
    assert note is not None and note.get_text(strip=True) == "Version 1 was in force on 2021-03-01."
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert f"{url}/export?format=json&as_of=2021-03-01" in hrefs
    blank = await client.get(url, params={"as_of": ""}, headers=HTML)
    assert blank.status_code == 200 and 'id="in-force-on"' not in blank.text
    twin = (await client.get(f"{url}.json", params={"as_of": "2021-03-01"})).json()
    assert (twin["version"], twin["in_force_on"]) == (1, "2021-03-01")
    assert [p["in_force_today"] for p in twin["in_force"]] == [False, True]
    missing = await client.get(url, params={"as_of": "2019-01-01"}, headers=HTML)
    assert missing.status_code == 404 and "2019-06-10" in missing.text
    params = {"standard": SEED_KEY, "as_of": "2019-01-01"}
    pdf = await client.get(f"/cards/{CARD}.pdf", params=params)
    assert pdf.status_code == 404 and "2019-06-10" in pdf.text


def test_builder_marks_the_version_in_force_on_the_day_given(registry: Registry) -> None:
    page = build_standard(registry, SEED_KEY, today=date(2021, 1, 1))
    assert [p.in_force_today for p in page.in_force] == [True, False]
    page = build_standard(registry, SEED_KEY, today=date(2019, 1, 1))
    assert not any(p.in_force_today for p in page.in_force)
