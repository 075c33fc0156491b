"""Every page type fits a phone and a desktop screen (issue 8): no sideways scrolling.

At 390 px (a phone) and 1280 px the document must be no wider than the
window: wide tables and the ladder drawing scroll inside their own boxes. The
ladder's labels keep a legible size (at least 10 px as drawn on the screen),
and a card's skills and knowledge show without a click.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser.live_server import Site, serve_seed_registry

pytestmark = pytest.mark.browser

CODE = "2635-3-001"
WIDTHS = (390, 1280)
MIN_LABEL_PX = 10
# name -> (path, HTTP status); "{key}" is the bundled standard's registry key.
# One of each page type.
PAGES = {
    "home": ("/", 200),
    "listing-level": ("/?level=5", 200),
    "listing-search": ("/?q=маман", 200),
    "standard": ("/standards/{key}", 200),
    "card": (f"/cards/{CODE}@5", 200),
    "card-ru": (f"/cards/{CODE}@4?lang=ru", 200),
    "compare-form": ("/compare", 200),
    "compare": (f"/compare?a={CODE}@4&b={CODE}@6", 200),
    "ladder": (f"/ladder/{CODE}", 200),
    "history": ("/standards/{key}/history", 200),
    "search-form": ("/search", 200),
    "search": ("/search?q=әлеуметтік қызмет", 200),
    "match-form": ("/match", 200),
    "match": ("/match?text=Әлеуметтік қызметкер отбасыларға көмек көрсетеді", 200),
    "error-404": ("/cards/9999-9-999@5", 404),
    "error-400": ("/cards/not-a-card", 400),
    "error-404-path": ("/no/such/page", 404),
}
OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  // What sticks out, for the failure message: elements past the right edge
  // that no scrolling box of their own holds.
  const held = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && !held(el))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}
"""
# The size each ladder label is drawn at: its font size times the drawing's scale.
LABEL_SIZES_JS = """
() => [...document.querySelectorAll(".ladder-svg svg text")].map((t) => {
  const scale = t.ownerSVGElement.getScreenCTM().a;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
})
"""


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The seed and an edited version of it: a history page with changes to show."""
    from test_history import edited_seed

    workdir = tmp_path_factory.mktemp("history")
    with serve_seed_registry(workdir, later=[edited_seed()]) as running:
        yield running


def _open(page: Page, url: str, width: int, *, status: int = 200) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)


def _overflow(page: Page) -> dict[str, Any]:
    measured: dict[str, Any] = page.evaluate(OVERFLOW_JS)
    return measured


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways(
    page: Page, site: Site, name: str, width: int, screenshot_dir: Path
) -> None:
    path, status = PAGES[name]
    _open(page, path.format(key=site.standard_key), width, status=status)
    measured = _overflow(page)
    if width == WIDTHS[0]:
        page.screenshot(path=screenshot_dir / f"layout-{name}-{width}.png", full_page=True)
    assert measured["scroll"] <= measured["client"] == width, (name, measured)


@pytest.mark.parametrize("width", WIDTHS)
def test_history_with_changes_does_not_scroll_sideways(
    page: Page, history_site: Site, width: int
) -> None:
    _open(page, f"{history_site.url}/standards/{history_site.standard_key}/history", width)
    expect(page.locator("article.card-change")).to_have_count(1)
    measured = _overflow(page)
    assert measured["scroll"] <= measured["client"] == width, measured


@pytest.mark.parametrize("width", WIDTHS)
def test_ladder_labels_stay_legible(page: Page, width: int) -> None:
    _open(page, f"/ladder/{CODE}", width)
    sizes: list[float] = page.evaluate(LABEL_SIZES_JS)
    assert len(sizes) > 10
    assert min(sizes) >= MIN_LABEL_PX, sorted(sizes)[:3]
    # The drawing scrolls in its own box on a phone; the page itself does not.
    box = page.locator(".ladder-svg")
    can_scroll = box.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert can_scroll == (width < 900)


def test_card_shows_skills_and_knowledge_without_a_click(page: Page) -> None:
    _open(page, f"/cards/{CODE}@5?lang=en", WIDTHS[0])
    first_task = page.locator("details.task").first
    expect(first_task.locator("h3", has_text="Skills and abilities")).to_be_visible()
    expect(first_task.locator("h3", has_text="Knowledge")).to_be_visible()
    expect(first_task.locator("li").first).to_be_visible()
    # Collapsing stays possible.
    page.get_by_role("button", name="Collapse all").click()
    expect(first_task.locator("li").first).to_be_hidden()


def test_error_page_is_in_the_page_language(page: Page) -> None:
    _open(page, "/cards/9999-9-999@5?lang=ru", WIDTHS[0], status=404)
    expect(page.locator("h1")).to_have_text("Не найдено")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".error-explanation")).to_contain_text("По этому адресу ничего не найдено")


def test_favicon_loads(page: Page, site: Site) -> None:
    _open(page, "/", WIDTHS[1])
    for href in ("/favicon.ico", "/static/favicon.svg"):
        response = page.request.get(f"{site.url}{href}")
        assert response.ok and response.body()[:1] in (b"\x00", b"<"), href
