"""Search and matching in a real browser: home search box → results → card; the match form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.a11y_checks import contrast_problems, structure_problems

pytestmark = pytest.mark.browser

QUERY = "құрбаны"
MATCHED_FORM = "құрбандарына"
SOCIAL_WORKER = (
    "В центр социального обслуживания требуется социальный работник. Обязанности: оказание "
    "специальных социальных услуг пожилым людям на дому, покупка продуктов и лекарств, "
    "консультирование семей."
)


def test_home_search_box_leads_to_results_and_a_card(page: Page, screenshot_dir: Path) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox")
    expect(box).to_have_count(1)
    box.fill(QUERY)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))
    expect(page.locator("h1")).to_have_count(1)
    marks = page.locator(".search-hit mark")
    expect(marks.first).to_be_visible()
    expect(page.locator("mark", has_text=MATCHED_FORM).first).to_be_visible()
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    page.screenshot(path=screenshot_dir / "search.png", full_page=True)

    hit = page.locator(".search-hit a").first
    href = hit.get_attribute("href")
    assert href is not None and "#" in href
    card_path, _, element_id = href.partition("#")
    hit.click()
    expect(page).to_have_url(re.compile(re.escape(card_path).replace("@", "(@|%40)")))
    expect(page.locator("article.card")).to_have_count(1)
    expect(page.locator(f'[id="{element_id}"]')).to_have_count(1)
    page.screenshot(path=screenshot_dir / "search-hit-card.png", full_page=True)


def test_search_filters_keep_their_choices(page: Page) -> None:
    page.goto("/search?q=психолог")
    page.locator("#search-type-card").check()
    page.locator("#search-level").select_option("7")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"level=7"))
    expect(page.locator("#search-level")).to_have_value("7")
    expect(page.locator("#search-type-card")).to_be_checked()
    expect(page.locator(".search-group")).to_have_count(1)


def test_match_form_shows_ranked_cards(page: Page, screenshot_dir: Path) -> None:
    page.goto("/")
    page.locator('nav.site-nav a[href="/match"]').click()
    expect(page).to_have_url(re.compile(r"/match$"))
    page.locator("#match-text").fill(SOCIAL_WORKER)
    page.locator("form.match-form button[type=submit]").click()
    expect(page.locator("li.match").first).to_be_visible()
    expect(page.locator("li.match .confidence").first).to_contain_text("%")
    # The reasons: a confidence bar per card, the level's reason, the text with what matched.
    expect(page.locator("li.match meter.confidence-bar").first).to_be_visible()
    expect(page.locator(".level-reason")).to_be_visible()
    expect(page.locator("blockquote.matched-text mark").first).to_be_visible()
    # The words that set the first card's occupation apart ("покупка", "продуктов",
    # "лекарств": the home-care worker's own), and what they mean.
    expect(page.locator("li.match").first.locator(".distinctive-words q").first).to_be_visible()
    expect(page.locator(".distinctive-meaning")).to_be_visible()
    expect(page.locator("#match-text")).to_have_value(SOCIAL_WORKER)
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    page.screenshot(path=screenshot_dir / "match.png", full_page=True)


def test_check_page_uploads_a_draft_and_shows_its_problems(
    page: Page, tmp_path: Path, screenshot_dir: Path
) -> None:
    # A draft of two cards whose list of occupations names a level without a card,
    # and whose second card has no personal competencies (issue 9, item 7).
    from helpers_parse import read_seed
    from helpers_word import seed_as_word

    lines = read_seed().split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("Жеке бас құзыреттеріне"))
    draft = tmp_path / "draft.docx"
    draft.write_bytes(seed_as_word("\n".join(lines[:row] + lines[row + 1 :])))
    page.goto("/check?lang=ru")
    page.locator("#check-file").set_input_files(str(draft))
    page.get_by_role("button", name="Проверить").click()
    expect(page.locator("#result-heading")).to_contain_text("draft.docx")
    problem = page.locator("li.problem", has_text="layout-row-missing")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("нет строки «требования к личностным компетенциям»")
    problem.locator("a[href^='#line-']").click()
    expect(page.locator("tr.has-problem:target")).to_have_count(1)
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    page.screenshot(path=screenshot_dir / "check-result.png", full_page=True)
