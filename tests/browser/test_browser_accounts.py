"""Accounts in a real browser: register, sign out and in, apply for a programme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.live_server import Site

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


def test_a_candidate_applies_for_a_programme(page: Page, site: Site) -> None:
    from kasip import accounts
    from kasip.pages.programmes import create_programme

    engine = site.registry.engine
    methodologist = accounts.create_user(
        engine,
        login="method.web",
        name="Әдіскер",
        role="methodologist",
        password=PASSWORD,
        actor="cli",
    )
    card = "3412-0-009@6"
    programme = create_programme(site.registry, methodologist, card)
    page.goto("/register?lang=ru")
    page.get_by_label("Логин (e-mail или имя пользователя)").fill("serik@mail.kz")
    page.get_by_label("Ваше имя").fill("Серік Ахметов")
    page.get_by_label("Пароль", exact=True).fill(PASSWORD)
    page.get_by_label("Пароль ещё раз").fill(PASSWORD)
    page.get_by_role("button", name="Регистрация").click()
    page.get_by_role("link", name="Программы квалификации").click()
    page.get_by_role("link", name=programme.programme.title).click()
    expect(page.locator("h1")).to_have_text(programme.programme.title)
    expect(page.locator("table.blueprint tbody tr")).to_have_count(3)
    page.get_by_label("Ваше образование").select_option("higher")
    page.get_by_label("Стаж работы в этой области (лет)").fill("3")
    page.get_by_role("button", name="Подать заявку").click()
    expect(page).to_have_url(re.compile(r"/applications#application-\d+$"))
    expect(page.locator("section.application .status")).to_contain_text("допущен")
