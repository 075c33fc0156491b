"""Browser tests: the web UI served by uvicorn, driven by Playwright in Debian's Chromium.

A session-scoped server (live_server.py) runs ``create_app(registry=...)`` in a
thread on a free port of 127.0.0.1, over a temporary SQLite registry holding
the bundled standard. pytest-playwright's ``browser``/``context``/``page``
fixtures are pointed at ``/usr/bin/chromium`` (``KASIP_CHROMIUM`` overrides):
Playwright's own browser download is never used (platform-notes.md §1).
Without Chromium every browser test skips and says why; ``scripts/test.sh``
installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser.live_server import Site, serve_seed_registry

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Failing fast: every page here is local and renders in milliseconds.
TIMEOUT_MS = 10_000
# Headless without a sandbox (CI runs as root in a container) and without
# Chromium's background traffic: the test machines have no network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, after every other test of the session.

    Playwright's sync API leaves its event loop marked as running in the main
    thread until the session ends (platform-notes.md §1a), so any later test
    that runs asyncio there (Starlette's TestClient, asyncio.run) would fail
    with "Cannot run the event loop while another loop is running".
    """
    # A stable sort: each group keeps its order.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by ``KASIP_CHROMIUM``."""
    wanted = os.environ.get("KASIP_CHROMIUM") or "/usr/bin/chromium"
    return wanted if os.access(wanted, os.X_OK) else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; see scripts/test.sh)")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app over a fresh registry holding the bundled standard."""
    with serve_seed_registry(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], site: Site) -> dict[str, Any]:
    # Relative URLs in page.goto() go to the test server.
    return {
        **browser_context_args,
        "base_url": site.url,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return page


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
