"""Pages people can find and read (issue 8): links between pages, favicon, error pages.

A card links to the comparison with its neighbouring levels, to the career
ladder of its code and to its standard's history; a standard links to its
history; both in the HTML and in the ``.json`` twin (built by the page
builders). Error pages speak the page's language.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup, Tag

from conftest_web import SEED_KEY
from kasip.pages import build_card, build_standard
from kasip.registry import open_registry
from kasip.testing import make_card, make_document

pytestmark = pytest.mark.anyio

CODE = "2635-3-001"
HTML = {"Accept": "text/html,application/xhtml+xml"}


async def _soup(client: httpx.AsyncClient, url: str) -> BeautifulSoup:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def _hrefs(soup: BeautifulSoup) -> set[str]:
    return {str(a["href"]) for a in soup.find_all("a", href=True)}


async def test_card_links_neighbouring_levels_ladder_and_history(
    web_client: httpx.AsyncClient,
) -> None:
    data = (await web_client.get(f"/cards/{CODE}@5.json")).json()
    compare = {link["card"]["id"]: link["url"] for link in data["compare"]}
    # Level 5 sits between the seed's levels 4 and 6; the comparison runs upwards.
    assert compare == {
        f"{CODE}@4": f"/compare?a={CODE}%404&b={CODE}%405",
        f"{CODE}@6": f"/compare?a={CODE}%405&b={CODE}%406",
    }
    assert data["ladder_url"] == f"/ladder/{CODE}"
    assert data["history_url"] == f"/standards/{SEED_KEY}/history"
    soup = await _soup(web_client, f"/cards/{CODE}@5?lang=en")
    nav = soup.find("nav", class_="related-pages")
    assert isinstance(nav, Tag)
    links = {a.get_text(strip=True): str(a["href"]) for a in nav.find_all("a")}
    assert links == {
        "Compare with level 4": compare[f"{CODE}@4"],
        "Compare with level 6": compare[f"{CODE}@6"],
        "Career ladder": data["ladder_url"],
        "History of the standard": data["history_url"],
        "Gap analysis": f"/cards/{CODE}@5/gaps",
    }
    # Every link leads to a page that answers.
    for href in links.values():
        assert (await web_client.get(href)).status_code == 200, href


async def test_card_compare_links_open_the_two_cards(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.get(f"/cards/{CODE}@6.json")).json()
    (link,) = data["compare"]  # level 6 is the seed's highest of this code
    query = parse_qs(urlsplit(link["url"]).query)
    assert (query["a"], query["b"]) == ([f"{CODE}@5"], [f"{CODE}@6"])
    compared = (await web_client.get(f"/compare.json?a={query['a'][0]}&b={query['b'][0]}")).json()
    assert (compared["a"]["id"], compared["b"]["id"]) == (f"{CODE}@5", f"{CODE}@6")


async def test_standard_links_its_history(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.get(f"/standards/{SEED_KEY}.json")).json()
    assert data["history_url"] == f"/standards/{SEED_KEY}/history"
    soup = await _soup(web_client, f"/standards/{SEED_KEY}")
    assert data["history_url"] in _hrefs(soup)
    assert (await web_client.get(data["history_url"])).status_code == 200


def test_links_name_the_standard_when_the_registry_holds_several() -> None:
    cards = [make_card(level=4), make_card(level=5)]
    with open_registry("sqlite://") as registry:
        registry.import_documents(
            [make_document(cards=cards), make_document(cards=cards, language="ru")]
        )
        page = build_card(registry, f"{CODE}@5", standard="292-2019-05-30-ru")
        standard = build_standard(registry, "292-2019-05-30-ru")
    (link,) = page.compare
    assert link.url == f"/compare?a={CODE}%404&b={CODE}%405&standard=292-2019-05-30-ru"
    assert page.ladder_url == f"/ladder/{CODE}?standard=292-2019-05-30-ru"
    assert page.history_url == "/standards/292-2019-05-30-ru/history"
    assert [row.url for row in standard.ladder] == [page.ladder_url]


def test_card_without_a_level_or_a_usable_code_has_no_such_links() -> None:
    # A code the parser could not read (kept as written) names no ladder; a
    # card whose level is unreadable has no neighbouring level.
    odd = make_card("2635-3-002", 5).model_copy(update={"code": None, "code_as_written": "код?"})
    unlevelled = make_card(level=5).model_copy(update={"level": None, "level_as_written": "?"})
    with open_registry("sqlite://") as registry:
        registry.import_documents([make_document(cards=[odd, unlevelled, make_card(level=6)])])
        odd_page = build_card(registry, odd.id)
        unlevelled_page = build_card(registry, unlevelled.id)
    assert odd_page.ladder_url is None
    assert unlevelled_page.ladder_url == f"/ladder/{CODE}"
    assert unlevelled_page.compare == ()
    assert odd_page.history_url == "/standards/292-2019-05-30-kk/history"


async def test_card_shows_skills_and_knowledge_without_a_click(
    web_client: httpx.AsyncClient,
) -> None:
    soup = await _soup(web_client, f"/cards/{CODE}@5")
    tasks = soup.find_all("details", class_="task")
    assert tasks and all(task.has_attr("open") for task in tasks)
    assert all(function.has_attr("open") for function in soup.find_all("details"))


async def test_favicon_is_linked_and_served(web_client: httpx.AsyncClient) -> None:
    soup = await _soup(web_client, "/")
    icons = {str(link["href"]) for link in soup.find_all("link", rel="icon")}
    assert icons == {"/static/favicon.svg", "/favicon.ico"}
    ico = await web_client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.headers["content-type"] == "image/x-icon"
    assert ico.content[:4] == b"\x00\x00\x01\x00"  # the ICO header: reserved 0, type 1
    svg = await web_client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")


# The page's language, by URL, cookie-less: heading, explanation, links.
ERROR_TEXTS = {
    "kk": ("Табылмады", "Бұл мекенжай бойынша ештеңе табылмады.", "Техникалық мәліметтер"),
    "ru": ("Не найдено", "По этому адресу ничего не найдено.", "Технические подробности"),
    "en": ("Not found", "Nothing is found at this address.", "Technical details"),
}


@pytest.mark.parametrize("lang", ERROR_TEXTS)
async def test_error_page_speaks_the_page_language(
    web_client: httpx.AsyncClient, lang: str
) -> None:
    response = await web_client.get(f"/cards/9999-9-999@5?lang={lang}", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-language"] == lang
    soup = BeautifulSoup(response.text, "html.parser")
    heading, explanation, details = ERROR_TEXTS[lang]
    assert soup.html is not None and soup.html["lang"] == lang
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == heading
    assert explanation in soup.get_text()
    assert details in soup.get_text()
    # The library's own message stays English, marked so.
    message = soup.select_one(".error-message span[lang=en]")
    assert message is not None and "9999-9-999@5" in message.get_text()


@pytest.mark.parametrize(
    ("url", "accept_language", "expected"),
    [
        ("/cards/2635-3-001", "ru", "Значение в адресе или в форме нельзя использовать."),
        ("/cards/2635-3-001", "en", "A value in the address or the form cannot be used."),
        ("/no/such/page", "kk", "Бұл мекенжай бойынша ештеңе табылмады."),
        ("/search?q=x&level=9", "ru", "Значение в адресе или в форме нельзя использовать."),
    ],
)
async def test_error_page_language_from_the_browser(
    web_client: httpx.AsyncClient, url: str, accept_language: str, expected: str
) -> None:
    response = await web_client.get(url, headers={**HTML, "Accept-Language": accept_language})
    assert response.status_code in (400, 404)
    assert expected in BeautifulSoup(response.text, "html.parser").get_text()


async def test_error_page_for_a_too_large_request_is_translated() -> None:
    # 413 comes from the body limits (issue 8, item 1); its page is rendered
    # here directly, in each language.
    from fastapi import Request

    from kasip.http.errors import ApiError
    from kasip.web.render import render_error_page

    for lang, expected in [
        ("kk", "Жіберілген деректер тым үлкен."),
        ("ru", "Отправлено слишком много данных."),
        ("en", "What was sent is too large."),
    ]:
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/match",
            "query_string": f"lang={lang}".encode(),
            "headers": [],
        }
        error = ApiError(413, "the body is larger than 1048576 bytes", code="body-too-large")
        response = render_error_page(Request(scope), error)
        assert response.status_code == 413
        assert isinstance(response.body, bytes) and expected in response.body.decode()
