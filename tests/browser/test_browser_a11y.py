"""Basic accessibility of every page, checked in the browser (see a11y_checks.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.a11y_checks import contrast_problems, focused, is_search_box, structure_problems
from browser.live_server import Site

pytestmark = pytest.mark.browser

CODE = "2635-3-001"
# Tab presses allowed before the search box must have been reached.
MAX_TABS = 40
# name -> path; "{key}" is the bundled standard's registry key.
PAGES = {
    "home": "/",
    "standard": "/standards/{key}",
    "card": f"/cards/{CODE}@5",
    "card-ru": f"/cards/{CODE}@5?lang=ru",
    "compare": f"/compare?a={CODE}@4&b={CODE}@5",
    "ladder": f"/ladder/{CODE}",
    "history": "/standards/{key}/history",
    "search": "/search?q=құрбаны",
    "match": "/match",
    "check": "/check",
    # Public pages of certificates: the form, and an answer (not found: no certificate here).
    "verify": "/verify",
    "gaps": "/cards/2635-3-001@4/gaps?lang=ru",
    "alignments": "/alignments?lang=kk",
    "verify-answer": "/verify/KSP-0000-0000-0000-0000?lang=kk",
    "login": "/login",
    "register": "/register?lang=ru",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_accessibility(page: Page, site: Site, name: str, screenshot_dir: Path) -> None:
    response = page.goto(PAGES[name].format(key=site.standard_key))
    assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
    page.screenshot(path=screenshot_dir / f"a11y-{name}.png", full_page=True)
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    # Every page starts its Tab order with a working skip link.
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and first["href"].startswith("#") and first["target"], first


def test_keyboard_reaches_skip_link_then_search(page: Page, screenshot_dir: Path) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None, "Tab focused nothing"
    assert first["tag"] == "a" and first["href"].startswith("#"), f"first Tab stop: {first}"
    assert first["target"], f"the skip link points at no element: {first['href']}"
    assert first["inViewport"], "the skip link stays off-screen when focused"
    assert first["focusVisible"], "the skip link shows no focus indicator"
    page.screenshot(path=screenshot_dir / "keyboard-skip-link.png")

    stops = [first]
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info is not None, f"focus was lost after {[s['text'] or s['name'] for s in stops]}"
        assert info["focusVisible"], f"no visible focus indicator on {info}"
        stops.append(info)
        if is_search_box(info):
            break
    else:
        pytest.fail(f"no search box within {MAX_TABS} Tab presses: {stops}")
    page.screenshot(path=screenshot_dir / "keyboard-search.png")


def test_skip_link_moves_to_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None
    page.keyboard.press("Enter")
    # Following a fragment link updates the URL asynchronously: wait for it, do not sample it.
    expect(page).to_have_url(re.compile(re.escape(first["href"]) + "$"))
