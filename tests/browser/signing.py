"""Signing in through the login form, for browser tests that act as an account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, expect

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000


@contextmanager
def signed_in(
    browser: Browser, args: dict[str, Any], login: str, lang: str, *, downloads: bool = False
) -> Iterator[Page]:
    """A new browser context signed in as ``login`` (password :data:`PASSWORD`), with the
    interface in ``lang``; ``downloads``: the context accepts files to download."""
    context = browser.new_context(**args, accept_downloads=downloads)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"/login?lang={lang}")
        page.locator("#login").fill(login)
        page.locator("#password").fill(PASSWORD)
        page.locator("form.account-form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/account$"))
        yield page
    finally:
        context.close()
