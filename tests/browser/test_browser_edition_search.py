"""Search and matching over both editions of order No 292, in a real browser (issue 15, item 6).

The site serves the bundled Kazakh standard and the Russian text of the same
order kept among the held-out fixtures (``tests/fixtures/heldout/psysocial.ru.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.a11y_checks import contrast_problems, structure_problems
from browser.live_server import Site, serve_seed_registry
from kasip.parse import parse_standard, read_source

pytestmark = pytest.mark.browser

RUSSIAN = Path(__file__).resolve().parent.parent / "fixtures" / "heldout" / "psysocial.ru.txt"
RU_KEY = "292-2019-05-30-ru"
QUERY = "анализ качества оказываемых услуг"
VACANCY = (
    "В центр социального обслуживания требуется социальный работник. Обязанности: оказание "
    "специальных социальных услуг пожилым людям на дому, консультирование семей."
)


@pytest.fixture(scope="module")
def pair_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    russian = parse_standard(read_source(RUSSIAN), source_name=RUSSIAN.name)
    with serve_seed_registry(tmp_path_factory.mktemp("editions"), later=[russian]) as running:
        yield running


def test_search_hit_links_the_russian_edition(
    page: Page, pair_site: Site, screenshot_dir: Path
) -> None:
    page.goto(f"{pair_site.url}/search?q={QUERY}&lang=kk")
    first = page.locator(".search-hit").first
    link = first.locator("a.other-edition")
    expect(link).to_have_text("орыс тілінде де бар")
    expect(link).to_have_attribute("hreflang", "ru")
    # Shown once, in the page's language: the hit's own text is the Kazakh edition's.
    expect(first.locator("a.hit-text")).to_have_attribute("lang", "kk")
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    page.screenshot(path=screenshot_dir / "search-editions.png", full_page=True)
    link.click()
    expect(page).to_have_url(re.compile(rf"standard={RU_KEY}#"))
    expect(page.locator("h1")).to_contain_text("Специалист по социальной работе")


def test_match_names_the_kazakh_edition(page: Page, pair_site: Site) -> None:
    page.goto(f"{pair_site.url}/match?lang=ru")
    page.locator("textarea").fill(VACANCY)
    page.locator("form button[type=submit]").first.click()
    top = page.locator("li.match").first
    expect(top.locator("h3 a")).to_have_attribute("lang", "ru")
    link = top.locator("a.other-edition")
    expect(link).to_have_text("есть и на казахском")
    expect(link).to_have_attribute("hreflang", "kk")
    assert structure_problems(page) == []
