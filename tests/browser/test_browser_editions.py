"""The card beside its other edition in real Chromium: two columns, stacked on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Page, expect

from browser.a11y_checks import contrast_problems, structure_problems
from browser.live_server import Site, serve_seed_registry

pytestmark = pytest.mark.browser

CARD = "2635-3-001@5"
HELDOUT_RU = Path(__file__).resolve().parents[1] / "fixtures" / "heldout" / "psysocial.ru.txt"


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The bundled Kazakh text and the Russian test text of the same order (No 292)."""
    from kasip.parse import parse_standard

    russian = parse_standard(HELDOUT_RU.read_text(encoding="utf-8"), source_name=HELDOUT_RU.name)
    with serve_seed_registry(tmp_path_factory.mktemp("editions"), later=[russian]) as running:
        yield running


def _cells(page: Page) -> list[FloatRect]:
    boxes = page.locator("li.edition-row").first.locator(".edition-cell")
    expect(boxes).to_have_count(2)
    found = [boxes.nth(n).bounding_box() for n in range(2)]
    assert all(box is not None for box in found)
    return [box for box in found if box is not None]


def test_side_by_side_columns_stack_on_a_phone(page: Page, editions_site: Site) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{editions_site.url}/cards/{CARD}?lang=kk")
    page.locator("a[data-editions]").click()
    expect(page).to_have_url(
        f"{editions_site.url}/cards/{CARD}/editions?standard=292-2019-05-30-kk"
    )
    # The URL changes when the page is committed, before its stylesheets have loaded: measure
    # the layout only once they have (a box measured before editions.css applied spans the row).
    page.wait_for_load_state("load")
    first_row = page.locator("li.edition-row").first
    expect(first_row).to_contain_text(f"{CARD}/f1")
    left, right = _cells(page)
    assert right["x"] >= left["x"] + left["width"] and abs(right["y"] - left["y"]) < 1
    page.set_viewport_size({"width": 390, "height": 800})
    top, below = _cells(page)
    assert below["y"] >= top["y"] + top["height"] and abs(below["x"] - top["x"]) < 1
    expect(first_row.locator(".edition-side").first).to_be_visible()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    # The page and the parity check it links pass the site's accessibility checks.
    assert structure_problems(page) == [] and contrast_problems(page) == []
    page.goto(f"{editions_site.url}/standards/292-2019-05-30-kk/parity")
    expect(page.locator('li[data-kind="card-missing"]').first).to_be_visible()
    assert structure_problems(page) == [] and contrast_problems(page) == []
