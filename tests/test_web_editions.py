"""Editions on the web and in the API: parity page, side by side, the page language's edition."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI

from conftest_web import assert_error, client_for
from helpers_parse import load_card_fixture, parse
from kasip.model import Document, Order
from kasip.testing import make_document

pytestmark = pytest.mark.anyio

KK, RU = "292-2019-05-30-kk", "292-2019-05-30-ru"
CARD = "2635-3-001@4"  # in both editions
GONE = "2634-9-004@6"  # taken out of the Russian edition
HTML = {"Accept": "text/html"}


def annexed(doc: Document, annex: str) -> Document:
    order = Order(number="222", date="2022-12-05", annex=annex)
    return doc.model_copy(update={"standard": doc.standard.model_copy(update={"order": order})})


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    """Order No 292 in both languages (the Russian text lacks a card), order No 222's annex 4
    in Kazakh and annex 5 in Russian (two standards, no pair), order No 7 in Kazakh only."""
    from kasip.api.app import create_app
    from kasip.registry import open_registry

    kk = parse(load_card_fixture("kk", "levels"), source_name="levels.kk.txt")
    ru = parse(load_card_fixture("ru", "levels"), source_name="levels.ru.txt")
    ru = ru.model_copy(update={"cards": tuple(c for c in ru.cards if c.id != GONE)})
    docs = [
        kk,
        ru,
        annexed(make_document(), "4"),
        annexed(make_document(language="ru"), "5"),
        make_document(order_number="7"),
    ]
    registry = open_registry("sqlite://")
    registry.import_documents(docs)
    try:
        yield create_app(registry=registry)
    finally:
        registry.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as web:
        yield web


async def json_of(client: httpx.AsyncClient, url: str) -> Any:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


async def soup_of(client: httpx.AsyncClient, url: str) -> BeautifulSoup:
    response = await client.get(url, headers=HTML)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


# --- the parity check -------------------------------------------------------------


async def test_web_parity_page_twin_and_api_agree(client: httpx.AsyncClient) -> None:
    twin = await json_of(client, f"/standards/{KK}/parity.json")
    api = await json_of(client, f"/api/v1/standards/{KK}/parity")
    assert twin == api
    assert (twin["standard"]["key"], twin["other"]["key"]) == (KK, RU)
    [group] = twin["groups"]
    [difference] = group["differences"]
    assert (group["card"], difference["kind"], difference["b"]) == (GONE, "card-missing", None)
    assert difference["a"]["id"] == GONE and difference["a"]["line"] > 1
    assert (twin["report"]["counts"]["a"]["cards"], twin["report"]["counts"]["b"]["cards"]) == (
        3,
        2,
    )
    mirrored = await json_of(client, f"/standards/{RU}/parity.json")
    assert mirrored["groups"][0]["differences"][0]["b"]["id"] == GONE


@pytest.mark.parametrize(
    ("lang", "label"),
    [("kk", "Карточка тек бір басылымда"), ("ru", "Карточка только в одной версии"),
     ("en", "Card in one edition only")],
)  # fmt: skip
async def test_web_parity_page_in_each_language(
    client: httpx.AsyncClient, lang: str, label: str
) -> None:
    soup = await soup_of(client, f"/standards/{KK}/parity?lang={lang}")
    item = soup.select_one('li[data-kind="card-missing"]')
    assert item is not None and label in item.get_text()
    assert GONE in item.get_text()
    # The element ID links to its place on the card page of its edition.
    assert any(GONE in str(a["href"]) and "#" in str(a["href"]) for a in item.find_all("a"))


async def test_web_parity_needs_the_other_edition(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/api/v1/standards/7-2019-05-30-kk/parity"), 404)
    assert "only the kk edition" in str(error["message"])
    # One order's annexes are different standards: annex 4 has no Russian edition.
    assert_error(await client.get("/api/v1/standards/222-2022-12-05-annex-4-kk/parity"), 404)


async def test_web_standard_page_links_the_parity_check_and_same_annex_only(
    client: httpx.AsyncClient,
) -> None:
    paired = await json_of(client, f"/standards/{KK}.json")
    assert paired["parity_url"] == f"/standards/{KK}/parity"
    assert [e["standard"] for e in paired["editions"]] == [KK, RU]
    soup = await soup_of(client, f"/standards/{KK}")
    assert soup.select_one("a[data-parity]") is not None
    annex = await json_of(client, "/standards/222-2022-12-05-annex-4-kk.json")
    assert annex["parity_url"] is None
    assert [e["standard"] for e in annex["editions"]] == ["222-2022-12-05-annex-4-kk"]


# --- the card page in the page language's edition ------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_web_card_page_shows_the_page_language_edition(
    client: httpx.AsyncClient, lang: str
) -> None:
    page = await json_of(client, f"/cards/{CARD}.json?lang={lang}")
    assert page["standard"]["key"] == f"292-2019-05-30-{lang}"
    assert page["page_edition"] is None
    assert page["editions_url"] == f"/cards/{CARD}/editions?standard=292-2019-05-30-{lang}"
    soup = await soup_of(client, f"/cards/{CARD}?lang={lang}")
    assert soup.select_one("a[data-editions]") is not None
    assert soup.select_one("[data-page-edition]") is None


async def test_web_card_page_respects_an_explicit_standard(client: httpx.AsyncClient) -> None:
    page = await json_of(client, f"/cards/{CARD}.json?standard={KK}&lang=ru")
    assert page["standard"]["key"] == KK
    assert page["page_edition"]["standard"] == RU
    soup = await soup_of(client, f"/cards/{CARD}?standard={KK}&lang=ru")
    note = soup.select_one("[data-page-edition]")
    assert note is not None and note.a is not None
    assert note.a["href"] == f"/cards/{CARD}?standard={RU}" and note.a["hreflang"] == "ru"
    # English has no edition: the first by key, and nothing to offer.
    english = await json_of(client, f"/cards/{CARD}.json?lang=en")
    assert (english["standard"]["key"], english["page_edition"]) == (KK, None)


async def test_web_card_only_in_one_edition_stays_there(client: httpx.AsyncClient) -> None:
    page = await json_of(client, f"/cards/{GONE}.json?lang=ru")
    assert page["standard"]["key"] == KK


# --- side by side --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_web_side_by_side_pairs_rows(client: httpx.AsyncClient, lang: str) -> None:
    page = await json_of(client, f"/cards/{CARD}/editions.json?lang={lang}")
    other = "ru" if lang == "kk" else "kk"
    assert (page["standard"]["language"], page["other"]["language"]) == (lang, other)
    assert page["a"]["id"] == page["b"]["id"] == CARD and page["differences"] == []
    rows = page["rows"]
    assert [r["type"] for r in rows[:2]] == ["function", "task"]
    assert {r["type"] for r in rows} == {"function", "task", "skill", "knowledge"}
    for row in rows:
        assert row["a"]["id"] == row["b"]["id"] and row["paired_by"] != "unpaired"
        assert row["a_url"].endswith("#" + row["a"]["id"])
    soup = await soup_of(client, f"/cards/{CARD}/editions?lang={lang}")
    html_rows = soup.select("li.edition-row")
    assert len(html_rows) == len(rows)
    first = html_rows[0].select(".edition-cell")
    assert len(first) == 2 and all(rows[0]["a"]["id"] in cell.get_text() for cell in first)
    assert first[0].p is not None and first[0].p["lang"] == lang


async def test_web_side_by_side_marks_a_card_without_counterpart(
    client: httpx.AsyncClient,
) -> None:
    page = await json_of(client, f"/cards/{GONE}/editions.json?standard={KK}")
    assert page["b"] is None and page["paired_by"] == "unpaired"
    assert all(row["b"] is None for row in page["rows"])
    assert [d["kind"] for d in page["differences"]] == ["card-missing"]
    soup = await soup_of(client, f"/cards/{GONE}/editions?standard={KK}&lang=en")
    assert "no counterpart" in soup.select_one("li.edition-row").get_text()  # type: ignore[union-attr]


async def test_web_side_by_side_needs_two_editions(client: httpx.AsyncClient) -> None:
    response = await client.get("/cards/2635-3-001@6/editions.json?standard=7-2019-05-30-kk")
    assert_error(response, 404)
