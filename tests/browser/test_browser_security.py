"""The Content-Security-Policy in a real browser: every page type passes it, its script works.

Each page is loaded with a listener for ``securitypolicyviolation`` events
(installed before any of the page's scripts run) and with its console
recorded: Chromium reports a refused inline script, style or load both ways.
The API docs page must render Swagger UI with every request to another host
refused, as on a machine without network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Route, expect

from browser.live_server import Site

pytestmark = pytest.mark.browser

CODE = "2635-3-001"
CARD_URL = f"/cards/{CODE}@5"
# A task of the card: closed until its permalink is opened.
TASK_ID = f"{CODE}@5/f1/t1"
# name -> path; "{key}" is the bundled standard's registry key.
PAGES = {
    "home": "/",
    "home-search": "/?q=маман",
    "standard": "/standards/{key}",
    "history": "/standards/{key}/history",
    "card": CARD_URL,
    "card-ru": f"{CARD_URL}?lang=ru",
    "compare-form": "/compare",
    "compare": f"/compare?a={CODE}@4&b={CODE}@5",
    "ladder": f"/ladder/{CODE}",
    "search-form": "/search",
    "search": "/search?q=құрбаны",
    "match-form": "/match",
    "element": f"/elements/{TASK_ID}",
    "not-found": "/cards/0000-0-000@1",
    "api-docs": "/api/v1/docs",
    "login": "/login",
    "register": "/register?lang=ru",
}
# Pages whose answer is an error page on purpose.
ERROR_PAGES = {"not-found": 404}
NOT_FOUND_LOG = (
    "error: Failed to load resource: the server responded with a status of 404 (Not Found)"
)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
      + ` (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


@dataclass
class Recorder:
    """What a page reported: console errors and warnings, CSP violations."""

    page: Page
    console: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        # Chromium asks for /favicon.ico on its own; whether the site has one
        # is not this test's concern.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__cspViolations || []")
        return found


@pytest.fixture
def recorder(page: Page) -> Iterator[Recorder]:
    page.add_init_script(RECORD_VIOLATIONS)
    recording = Recorder(page)
    page.on("console", recording.on_console)
    yield recording


def offline(page: Page, site: Site) -> list[str]:
    """Refuse every request to a host other than the test server's; return their list."""
    ours = urlsplit(site.url).netloc
    refused: list[str] = []

    def route(route: Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return refused


@pytest.mark.parametrize("name", PAGES)
def test_page_passes_the_content_security_policy(
    page: Page, site: Site, recorder: Recorder, name: str
) -> None:
    response = page.goto(PAGES[name].format(key=site.standard_key))
    assert response is not None
    assert response.status == ERROR_PAGES.get(name, 200), f"{name}: HTTP {response.status}"
    headers = response.all_headers()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    page.wait_for_load_state("load")
    if name == "api-docs":
        expect(page.locator(".opblock").first).to_be_visible()
    assert recorder.violations() == []
    # An error page is logged as a failed load by Chromium; nothing else may be.
    expected = [NOT_FOUND_LOG] if name in ERROR_PAGES else []
    assert recorder.console == expected


def test_card_buttons_open_and_close_every_section(page: Page, recorder: Recorder) -> None:
    page.goto(CARD_URL)
    tasks = page.locator("main details")
    assert tasks.count() > 1
    expand = page.locator('button[data-details="open"]')
    collapse = page.locator('button[data-details="close"]')
    # kasip.js shows the buttons (hidden without script) and wires them.
    expect(expand).to_be_visible()
    expand.click()
    assert all(tasks.evaluate_all("(ds) => ds.map((d) => d.open)"))
    collapse.click()
    assert not any(tasks.evaluate_all("(ds) => ds.map((d) => d.open)"))
    assert recorder.violations() == [] and recorder.console == []


def test_permalink_opens_its_closed_task(page: Page, recorder: Recorder) -> None:
    page.goto(f"/elements/{TASK_ID}")
    task = page.locator(f'details[id="{TASK_ID}"]')
    expect(task).to_have_js_property("open", True)
    assert recorder.violations() == [] and recorder.console == []


def test_match_form_result_passes_the_policy(page: Page, recorder: Recorder) -> None:
    page.goto("/match")
    page.locator("textarea").fill("Әлеуметтік қызметкер отбасыларға көмек көрсетеді")
    page.locator('form.match-form [type="submit"]').click()
    page.wait_for_load_state("load")
    expect(page.locator("main ol, main ul").first).to_be_visible()
    assert recorder.violations() == [] and recorder.console == []


def test_api_docs_render_offline(page: Page, site: Site, recorder: Recorder) -> None:
    refused = offline(page, site)
    page.goto("/api/v1/docs")
    # Swagger UI renders the operations of the document: one block per operation.
    expect(
        page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/cards/\{card_id\}$"))
    ).to_be_visible()
    assert page.locator(".opblock").count() >= 10
    page.locator(".opblock-summary", has_text="/api/v1/search").first.click()
    expect(page.locator(".parameters").first).to_be_visible()
    assert refused == []
    assert recorder.violations() == [] and recorder.console == []
