"""Accounts in a real browser: register, see one's account, sign out, sign in again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def test_a_candidate_registers_signs_out_and_back_in(page: Page, screenshot_dir: Path) -> None:
    page.goto("/?lang=kk")
    page.get_by_role("link", name="Есептік жазба").click()
    # Not signed in: the account link leads to the sign-in form, then to registering.
    expect(page).to_have_url(re.compile(r"/login\?next=/account$"))
    page.get_by_role("link", name="Үміткер ретінде тіркелу").click()
    page.get_by_label("Логин (электрондық пошта немесе пайдаланушы аты)").fill("dana@mail.kz")
    page.get_by_label("Аты-жөніңіз").fill("Дана Серікқызы")
    page.get_by_label("Құпиясөз", exact=True).fill(PASSWORD)
    page.get_by_label("Құпиясөзді қайталаңыз").fill(PASSWORD + "?")
    page.get_by_role("button", name="Тіркелу").click()
    expect(page.get_by_role("alert")).to_have_text("Екі құпиясөз сәйкес келмейді.")
    page.get_by_label("Құпиясөз", exact=True).fill(PASSWORD)
    page.get_by_label("Құпиясөзді қайталаңыз").fill(PASSWORD)
    page.get_by_role("button", name="Тіркелу").click()

    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.locator("h1")).to_have_text("Есептік жазбаңыз")
    expect(page.locator("dl.account")).to_contain_text("dana@mail.kz")
    expect(page.locator("dl.account")).to_contain_text("үміткер")
    page.screenshot(path=screenshot_dir / "account.png", full_page=True)
    # The session cookie is out of scripts' reach.
    assert page.evaluate("document.cookie").find("kasip_session") == -1

    page.get_by_role("button", name="Шығу").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Логин (электрондық пошта немесе пайдаланушы аты)").fill("DANA@mail.kz")
    page.get_by_label("Құпиясөз").fill(PASSWORD)
    page.get_by_role("button", name="Кіру").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.locator("dl.account")).to_contain_text("Дана Серікқызы")
