"""The web UI in a real browser: navigation, language switch, compare view, PDF download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.live_server import Site

pytestmark = pytest.mark.browser

CODE = "2635-3-001"
CARD_ID = f"{CODE}@5"
CARD_URL = f"/cards/{CARD_ID}"
CARD_NAME = "Әлеуметтік жұмыс жөніндегі маман"
# A link to the card page, whether "@" is written or percent-encoded, and not
# the PDF link (which shares the prefix).
CARD_LINK = (
    f'a[href*="/cards/{CARD_ID}"]:not([href*=".pdf"]),'
    f' a[href*="/cards/{CODE}%405"]:not([href*=".pdf"])'
)
# The user-interface text around the content: what a language switch changes.
UI_TEXT_JS = """
() => [document.title,
       ...[...document.querySelectorAll('header, nav, footer, label, button, [hreflang]')]
          .map((el) => el.innerText)].join(' | ')
"""


def test_home_links_to_a_card(page: Page, site: Site, screenshot_dir: Path) -> None:
    response = page.goto("/")
    assert response is not None and response.ok
    expect(page.locator("h1")).to_have_count(1)
    # The card may be listed on the home page or one click away, on its standard's page.
    if page.locator(CARD_LINK).count() == 0:
        page.locator(f'a[href*="/standards/{site.standard_key}"]').first.click()
        expect(page).to_have_url(re.compile(f"/standards/{site.standard_key}"))
    page.locator(CARD_LINK).first.click()
    expect(page).to_have_url(re.compile(rf"/cards/{CODE}(@|%40)5(\?.*)?$"))
    expect(page.locator("h1")).to_contain_text(CARD_NAME)
    page.screenshot(path=screenshot_dir / "card.png", full_page=True)


def test_language_switch_sticks_across_pages(page: Page, screenshot_dir: Path) -> None:
    page.goto(CARD_URL)
    html = page.locator("html")
    before_lang = html.get_attribute("lang")
    before_ui = page.evaluate(UI_TEXT_JS)
    pdf_link = page.locator('a[href*=".pdf"]').first
    before_pdf_label = pdf_link.inner_text()
    target = "kk" if before_lang == "ru" else "ru"

    page.locator(f'a[hreflang="{target}"]').first.click()
    expect(html).to_have_attribute("lang", target)
    # A translated string: the label of the PDF link ("Download PDF", "Скачать PDF").
    expect(pdf_link).not_to_have_text(before_pdf_label)
    after_ui = page.evaluate(UI_TEXT_JS)
    assert after_ui != before_ui, "switching the language changed no interface text"
    # The card text is data: it stays as the standard wrote it.
    expect(page.locator("h1")).to_contain_text(CARD_NAME)
    page.screenshot(path=screenshot_dir / f"card-{target}.png", full_page=True)
    assert any(c["value"] == target for c in page.context.cookies()), page.context.cookies()

    # A plain link, without ?lang=, keeps the choice: the cookie carries it.
    page.goto("/")
    expect(html).to_have_attribute("lang", target)
    assert page.evaluate(UI_TEXT_JS) != before_ui or before_lang is None

    page.locator(f'a[hreflang="{before_lang or "kk"}"]').first.click()
    expect(html).to_have_attribute("lang", before_lang or "kk")


def test_compare_two_levels(page: Page, screenshot_dir: Path) -> None:
    response = page.goto(f"/compare?a={CODE}@4&b={CODE}@5")
    assert response is not None and response.ok, response and response.status
    expect(page.locator("h1")).to_have_count(1)
    body = page.locator("main")
    expect(body).to_contain_text(f"{CODE}@4")
    expect(body).to_contain_text(f"{CODE}@5")
    page.screenshot(path=screenshot_dir / "compare.png", full_page=True)


def test_card_pdf_downloads(page: Page, tmp_path: Path) -> None:
    page.goto(CARD_URL)
    link = page.locator('a[href*=".pdf"]').first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    path = tmp_path / "card.pdf"
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")
