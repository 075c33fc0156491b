"""The HTML pages: structure, HTML/JSON parity, language switch, permalinks, PDF route."""

from __future__ import annotations

import re
import sys
import types
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup, Tag

from conftest_web import SEED_KEY, assert_error
from kasip.pages.models import CardPage

pytestmark = pytest.mark.anyio

CARD_ID = "2635-3-001@5"
CARD_NAME = "Әлеуметтік жұмыс жөніндегі маман"
HTML = {"Accept": "text/html,application/xhtml+xml"}
PAGES = ["/", "/?q=маман", "/?level=6", f"/standards/{SEED_KEY}", f"/cards/{CARD_ID}"]


async def soup_of(client: httpx.AsyncClient, url: str, **headers: str) -> BeautifulSoup:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.text, "html.parser")


def ids_in(soup: BeautifulSoup) -> set[str]:
    return {str(tag["id"]) for tag in soup.find_all(id=True)}


def hrefs_in(soup: BeautifulSoup) -> set[str]:
    return {str(a["href"]) for a in soup.find_all("a", href=True)}


def walk_card(card: dict[str, Any]) -> list[str]:
    """The IDs of every function, task, skill and knowledge item of a card."""
    found = []
    for function in card["functions"]:
        found.append(function["id"])
        for task in function["tasks"]:
            found.append(task["id"])
            found += [item["id"] for item in task["skills"] + task["knowledge"]]
    return found


@pytest.mark.parametrize("url", PAGES)
async def test_web_page_has_the_landmarks(web_client: httpx.AsyncClient, url: str) -> None:
    soup = await soup_of(web_client, url)
    assert soup.html is not None and soup.html["lang"] == "kk"
    assert len(soup.find_all("h1")) == 1
    assert len(soup.find_all("main")) == 1
    skip = soup.find("a", class_="skip-link")
    assert isinstance(skip, Tag) and skip["href"] == "#main"
    nav = soup.find("nav", class_="language-switch")
    assert isinstance(nav, Tag) and nav.get("aria-label")
    links = {a["hreflang"]: a["href"] for a in nav.find_all("a")}
    assert set(links) == {"kk", "ru", "en"}
    assert all(
        str(href).startswith("?") and str(href).endswith(f"lang={lang}")
        for lang, href in links.items()
    )
    assert soup.title is not None and soup.title.get_text(strip=True)
    for control in soup.find_all(["input", "select", "textarea"]):
        assert soup.find("label", attrs={"for": control["id"]}), control


async def test_web_language_links_keep_the_other_parameters(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, "/?q=маман&level=6")
    link = soup.find("a", hreflang="ru")
    assert isinstance(link, Tag)
    assert link["href"] == "?q=%D0%BC%D0%B0%D0%BC%D0%B0%D0%BD&level=6&lang=ru"


async def test_web_home_lists_standards_levels_and_a_search_box(
    web_client: httpx.AsyncClient,
) -> None:
    soup = await soup_of(web_client, "/")
    assert f"/standards/{SEED_KEY}" in hrefs_in(soup)
    assert {f"/?level={n}" for n in range(1, 9)} <= hrefs_in(soup)
    search = soup.find("input", attrs={"type": "search"})
    assert isinstance(search, Tag) and search["name"] == "q"
    form = search.find_parent("form")
    assert isinstance(form, Tag) and form["action"] == "/search" and form["method"] == "get"


async def test_web_home_search_is_a_case_insensitive_substring(
    web_client: httpx.AsyncClient,
) -> None:
    soup = await soup_of(web_client, "/?q=ПСИХОЛОГ-КОНСУЛЬТАНТ")
    found = {href for href in hrefs_in(soup) if href.startswith("/cards/")}
    assert found == {"/cards/2634-9-004@6~2", "/cards/2634-9-004@6~3", "/cards/2634-9-004@7"}
    search = soup.find("input", attrs={"type": "search"})
    assert isinstance(search, Tag) and search["value"] == "ПСИХОЛОГ-КОНСУЛЬТАНТ"


async def test_web_home_and_its_json_twin_show_the_same_cards(
    web_client: httpx.AsyncClient,
) -> None:
    data = (await web_client.get("/index.json", params={"level": 7})).json()
    soup = await soup_of(web_client, "/?level=7")
    shown = {href for href in hrefs_in(soup) if href.startswith("/cards/")}
    assert shown == {card["url"] for card in data["results"]} and len(shown) == 3
    assert [s["key"] for s in data["standards"]] == [SEED_KEY]


async def test_web_standard_lays_cards_out_on_the_ladder(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.get(f"/standards/{SEED_KEY}.json")).json()
    soup = await soup_of(web_client, f"/standards/{SEED_KEY}")
    table = soup.find("table", class_="ladder")
    assert isinstance(table, Tag)
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]  # type: ignore[union-attr]
    assert len(header) == 9 and header[1:] == [f"{n}-деңгей" for n in range(1, 9)]
    for row in table.find("tbody").find_all("tr"):  # type: ignore[union-attr]
        for level, cell in enumerate(row.find_all("td"), start=1):
            for link in cell.find_all("a"):
                card = next(c for c in data["cards"] if c["url"] == link["href"])
                assert card["level"] == level
    placed = {a["href"] for a in table.select("td a")}
    assert placed == {card["url"] for card in data["cards"]}
    # Each row's code leads to its career ladder (issue 8).
    ladders = [a["href"] for a in table.select("th[scope=row] a")]
    assert ladders == [row["url"] for row in data["ladder"]]
    assert len(ladders) == len(table.select("tbody tr")) and "/ladder/2635-3-001" in ladders


async def test_web_standard_shows_timeline_terms_and_passport(
    web_client: httpx.AsyncClient,
) -> None:
    data = (await web_client.get(f"/standards/{SEED_KEY}.json")).json()
    soup = await soup_of(web_client, f"/standards/{SEED_KEY}")
    ids = ids_in(soup)
    notes = [note["id"] for event in data["timeline"] for note in event["amendments"]]
    terms = [term["id"] for term in data["terms"]]
    assert set(notes + terms) <= ids
    assert {f"#{i}" for i in notes + terms} <= hrefs_in(soup)
    times = [t["datetime"] for t in soup.select(".timeline time")]
    assert times == ["2019-05-30", "2021-12-23", "2023-01-13"]
    assert data["passport"]["purpose"] in soup.get_text()


async def test_web_card_html_and_json_twin_agree(web_client: httpx.AsyncClient) -> None:
    data = (await web_client.get(f"/cards/{CARD_ID}.json")).json()
    soup = await soup_of(web_client, f"/cards/{CARD_ID}")
    element_ids = walk_card(data["card"])
    assert len(element_ids) > 20
    assert set(element_ids) <= ids_in(soup)
    assert {f"#{i}" for i in element_ids} <= hrefs_in(soup)
    h1 = soup.find("h1")
    assert isinstance(h1, Tag) and h1.get_text(strip=True) == data["card"]["name"] == CARD_NAME
    assert h1["lang"] == "kk"
    texts = [
        item["text"] for f in data["card"]["functions"] for t in f["tasks"] for item in t["skills"]
    ]
    page_text = soup.get_text(" ")
    assert all(text in page_text for text in texts)


async def test_web_card_nests_functions_tasks_and_items_in_details(
    web_client: httpx.AsyncClient,
) -> None:
    data = (await web_client.get(f"/cards/{CARD_ID}.json")).json()
    soup = await soup_of(web_client, f"/cards/{CARD_ID}")
    function = data["card"]["functions"][0]
    task = function["tasks"][0]
    outer = soup.find("details", id=function["id"])
    assert isinstance(outer, Tag) and outer.has_attr("open")
    inner = outer.find("details", id=task["id"])
    assert isinstance(inner, Tag) and inner.find("summary")
    skill = inner.find(id=task["skills"][0]["id"])
    assert isinstance(skill, Tag) and skill.name == "li"
    span = task["skills"][0]["span"]
    lines = skill.find(class_="lines")
    assert isinstance(lines, Tag)
    if span["line_start"] == span["line_end"]:
        assert lines.get_text() == f"{span['line_start']}-жол"
    else:
        assert lines.get_text() == f"{span['line_start']}–{span['line_end']}-жолдар"


async def test_web_card_shows_source_lines_as_a_range(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, f"/cards/{CARD_ID}?lang=en")
    assert re.search(r"lines \d+–\d+", soup.get_text())
    assert re.search(r"line \d+\b", soup.get_text())


async def test_web_card_links_its_pdf_and_other_levels(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, f"/cards/{CARD_ID}")
    pdf = soup.find("a", href=f"/cards/{CARD_ID}.pdf")
    assert isinstance(pdf, Tag) and pdf.has_attr("download")
    assert {"/cards/2635-3-001@4", "/cards/2635-3-001@6"} <= hrefs_in(soup)
    assert f"/standards/{SEED_KEY}" in hrefs_in(soup)


async def test_web_stylesheet_has_print_rules_and_focus_styles(
    web_client: httpx.AsyncClient,
) -> None:
    css = await web_client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@media print" in css.text and ":focus-visible" in css.text
    script = await web_client.get("/static/kasip.js")
    assert script.status_code == 200


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Тек қазақ тілінде жарияланған.", "Еңбек функциялары"]),
        ("ru", ["Опубликовано только на казахском языке.", "Трудовые функции"]),
        ("en", ["Published in Kazakh only.", "Labour functions"]),
    ],
)
async def test_web_interface_language_from_the_url(
    web_client: httpx.AsyncClient, lang: str, words: list[str]
) -> None:
    response = await web_client.get(f"/cards/{CARD_ID}", params={"lang": lang})
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.html is not None and soup.html["lang"] == lang
    assert response.headers["content-language"] == lang
    for word in words:
        assert word in soup.get_text(), word
    # The standard's own text stays as published.
    h1 = soup.find("h1")
    assert isinstance(h1, Tag) and h1.get_text(strip=True) == CARD_NAME


async def test_web_language_is_remembered_in_a_cookie(web_client: httpx.AsyncClient) -> None:
    chosen = await web_client.get("/", params={"lang": "ru"})
    cookie = chosen.headers["set-cookie"]
    assert cookie.startswith("kasip_lang=ru;") and "Path=/" in cookie and "SameSite=lax" in cookie
    later = await web_client.get(f"/cards/{CARD_ID}")
    assert BeautifulSoup(later.text, "html.parser").html["lang"] == "ru"  # type: ignore[index]
    assert "set-cookie" not in later.headers
    back = await web_client.get("/", params={"lang": "kk"})
    assert back.headers["set-cookie"].startswith("kasip_lang=kk;")


async def test_web_language_from_accept_language(web_client: httpx.AsyncClient) -> None:
    soup = await soup_of(web_client, "/", **{"Accept-Language": "en-GB,en;q=0.9,ru;q=0.5"})
    assert soup.html is not None and soup.html["lang"] == "en"


async def test_web_unknown_language_is_a_400(web_client: httpx.AsyncClient) -> None:
    assert_error(await web_client.get("/?lang=de"), 400, "invalid-input")
    page = await web_client.get("/?lang=de", headers=HTML)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")


async def test_web_pages_answer_304_per_language(web_client: httpx.AsyncClient) -> None:
    kk = await web_client.get(f"/cards/{CARD_ID}?lang=kk")
    ru = await web_client.get(f"/cards/{CARD_ID}?lang=ru")
    assert kk.headers["etag"] != ru.headers["etag"]
    assert "Cookie" in ru.headers["vary"]
    again = await web_client.get(f"/cards/{CARD_ID}", headers={"If-None-Match": ru.headers["etag"]})
    assert again.status_code == 304


async def test_web_element_permalink_redirects_to_the_anchor(
    web_client: httpx.AsyncClient,
) -> None:
    skill = await web_client.get(f"/elements/{CARD_ID}/f1/t1/s2")
    assert skill.status_code == 302
    assert skill.headers["location"] == f"/cards/{CARD_ID}#{CARD_ID}/f1/t1/s2"
    term = await web_client.get("/elements/term3")
    assert term.headers["location"] == f"/standards/{SEED_KEY}#term3"
    assert_error(await web_client.get("/elements/term999"), 404, "not-found")


async def test_web_errors_are_html_for_browsers_and_json_otherwise(
    web_client: httpx.AsyncClient,
) -> None:
    assert_error(await web_client.get("/cards/9999-9-999@5"), 404, "not-found")
    assert_error(await web_client.get("/cards/9999-9-999@5.json", headers=HTML), 404)
    page = await web_client.get("/cards/9999-9-999@5", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(page.text, "html.parser")
    assert len(soup.find_all("h1")) == 1 and "9999-9-999@5" in soup.get_text()
    malformed = await web_client.get("/cards/2635-3-001", headers=HTML)
    assert malformed.status_code == 400


async def test_web_json_twins_equal_the_api(web_client: httpx.AsyncClient) -> None:
    for twin, api in [
        (f"/cards/{CARD_ID}.json", f"/api/v1/cards/{CARD_ID}"),
        (f"/standards/{SEED_KEY}.json", f"/api/v1/standards/{SEED_KEY}"),
    ]:
        assert (await web_client.get(twin)).content == (await web_client.get(api)).content


async def test_web_card_pdf_is_503_when_pdf_support_is_missing(
    web_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "kasip.pdf", None)  # import raises ImportError
    error = assert_error(await web_client.get(f"/cards/{CARD_ID}.pdf"), 503, "pdf-unavailable")
    assert "PDF" in str(error["message"])


async def test_web_card_pdf_comes_from_render_card_pdf(
    web_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[CardPage] = []

    def render_card_pdf(page: CardPage) -> bytes:
        rendered.append(page)
        return b"%PDF-1.7 fake"

    fake = types.ModuleType("kasip.pdf")
    fake.render_card_pdf = render_card_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kasip.pdf", fake)
    response = await web_client.get(f"/cards/{CARD_ID}.pdf")
    assert response.status_code == 200 and response.content == b"%PDF-1.7 fake"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{CARD_ID}.pdf"'
    assert [page.card.id for page in rendered] == [CARD_ID]
    assert_error(await web_client.get("/cards/9999-9-999@5.pdf"), 404)


@pytest.mark.parametrize(
    "url", [f"/cards/{CARD_ID}.json", f"/cards/{CARD_ID}", "/static/style.css"]
)
async def test_web_head_answers_like_get_without_a_body(
    web_client: httpx.AsyncClient, url: str
) -> None:
    got = await web_client.get(url)
    head = await web_client.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers.get("etag") == got.headers.get("etag")


async def test_web_card_pdf_has_an_etag_and_answers_304(
    web_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def render(page: CardPage) -> bytes:
        calls.append(page.card.id)
        return b"%PDF-1.7 stub for the route test"

    module = types.ModuleType("kasip.pdf")
    module.render_card_pdf = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kasip.pdf", module)
    first = await web_client.get(f"/cards/{CARD_ID}.pdf")
    assert first.status_code == 200 and first.headers["etag"]
    again = await web_client.get(
        f"/cards/{CARD_ID}.pdf", headers={"If-None-Match": first.headers["etag"]}
    )
    # The 304 is decided from the card data, before any rendering.
    assert again.status_code == 304 and calls == [CARD_ID]
