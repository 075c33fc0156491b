"""The standard page's versions in force, in a real browser: the list, and the as-of form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser.live_server import Site

pytestmark = pytest.mark.browser

# The seed's text names order No 9 of 13.01.2023 as its last amendment: the date
# proposed for its one version (only proposed: it is not confirmed).
PROPOSED = "2023-01-13"


def test_timeline_lists_the_version_in_force_and_the_form_asks_for_a_day(
    page: Page, site: Site
) -> None:
    page.goto(f"/standards/{site.standard_key}?lang=en")
    timeline = page.locator("#in-force")
    expect(timeline.get_by_role("heading", name="Versions in force")).to_be_visible()
    today = timeline.locator("ol.in-force > li.today")
    expect(today).to_have_count(1)
    expect(today).to_contain_text(f"in force from {PROPOSED} to this day")
    expect(today).to_contain_text("proposed from the order's date, not confirmed")

    page.get_by_label("Version in force on").fill("2024-03-01")
    page.locator("form.as-of").get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{site.url}/standards/{site.standard_key}?as_of=2024-03-01")
    expect(page.locator("#in-force-on")).to_have_text("Version 1 was in force on 2024-03-01.")

    page.get_by_label("Version in force on").fill("2020-01-01")
    page.locator("form.as-of").get_by_role("button", name="Show").click()
    expect(page.locator("body")).to_contain_text(f"the first took effect on {PROPOSED}")
