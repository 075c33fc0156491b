"""Assessment end to end in a real browser (issue 12, item 8).

A methodologist drafts a programme on its page and writes its questions in the
editor, a candidate applies and sits the timed test (each answer sent by the
page's script as it is given, kept across a reload), the centre assigns an
assessor, who scores the practical part against the rubric, and the candidate
sees the verdict with its chart. The pass earns a certificate, which anyone
verifies by its number without an account; revoked, it says so (issue 13).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from browser.a11y_checks import contrast_problems, structure_problems
from browser.live_server import Site
from browser.signing import PASSWORD, TIMEOUT_MS, signed_in

pytestmark = pytest.mark.browser

CARD = "3412-0-009@6"


def _accounts(site: Site) -> None:
    from kasip import accounts

    for login, role in (("method.e2e", "methodologist"), ("admin.e2e", "admin"),
                        ("assessor.e2e", "assessor"), ("aigerim.e2e", "candidate")):  # fmt: skip
        accounts.create_user(site.registry.engine, login=login, name=login.title(), role=role,
                             password=PASSWORD, actor="cli")  # fmt: skip


def _write_questions(page: Page, programme_id: int) -> None:
    """Write a question on each knowledge element the coverage shows missing ("Верно" right)."""
    page.goto(f"/programmes/{programme_id}/questions")
    missing = page.locator("tr.missing a[href*='kind=single']")
    for n in range(missing.count()):
        page.locator("tr.missing a[href*='kind=single']").first.click()
        page.get_by_label("Вопрос на казахском").fill(f"Сұрақ {n}?")
        page.get_by_label("Вопрос на русском").fill(f"Вопрос {n}?")
        for i, (kk, ru) in enumerate((("Дұрыс", "Верно"), ("Қате", "Неверно"))):
            page.get_by_label(f"Вариант {i + 1} на казахском").fill(kk)
            page.get_by_label(f"Вариант {i + 1} на русском").fill(ru)
        page.get_by_label("Вариант 1 верный").check()
        page.get_by_role("button", name="Сохранить вопрос").click()
        expect(page.locator("h1")).to_have_text("Банк вопросов")
    expect(page.locator("tr.missing a[href*='kind=single']")).to_have_count(0)


def test_a_programme_is_built_sat_scored_and_the_verdict_shown(
    browser: Browser, browser_context_args: dict[str, Any], site: Site, screenshot_dir: Path
) -> None:
    _accounts(site)
    args = browser_context_args
    with signed_in(browser, args, "method.e2e", "ru") as page:
        page.goto("/programmes")
        page.locator("#card-id").fill(CARD)
        page.locator("#scope").fill(f"{CARD}/f1")
        page.locator("#title").fill("Оценка E2E")
        page.get_by_role("button", name="Составить и сохранить").click()
        expect(page.locator("h1")).to_have_text("Оценка E2E")
        programme_id = int(page.url.rsplit("/", 1)[1])
        _write_questions(page, programme_id)

    with signed_in(browser, args, "aigerim.e2e", "kk") as page:
        page.goto(f"/programmes/{programme_id}")
        page.locator("#education").select_option("higher")
        page.locator("#experience").fill("3")
        page.locator("form[action$='/apply'] button").click()
        expect(page).to_have_url(re.compile(r"/applications#application-\d+$"))
        page.get_by_role("button", name="Тестті бастау").click()
        expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
        attempt_path = re.sub(r"^https?://[^/]+", "", page.url)
        expect(page.get_by_role("timer")).to_contain_text("Қалған уақыт:")
        questions = page.locator("fieldset.question")
        count = questions.count()
        assert count >= 2

        # Answer the first question wrongly, then every one rightly: each click is saved.
        # Each save's answer is waited for: the status says "Сақталды:" from the first
        # save on, so reading it did not wait for the later ones (a reload then lost one).
        def saved(radio: Locator) -> None:
            with page.expect_response(
                lambda r: r.request.method == "POST" and r.url.endswith(f"{attempt_path}/answers")
            ) as answer:
                radio.check()
            assert answer.value.ok
            expect(page.locator("#save-status")).to_contain_text("Сақталды:")

        saved(questions.nth(0).get_by_label("Қате", exact=True))
        for n in range(count):
            saved(questions.nth(n).get_by_label("Дұрыс", exact=True))
        # A lost connection: the page again, the answers are there.
        page.reload()
        for n in range(count):
            expect(questions.nth(n).get_by_label("Дұрыс", exact=True)).to_be_checked()
        page.screenshot(path=screenshot_dir / "test-sitting.png", full_page=True)
        assert structure_problems(page) == [] and contrast_problems(page) == []
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Тестті аяқтау").click()
        expect(page.locator("#verdict")).to_contain_text("бағалаушының бағасын күтуде")

    with signed_in(browser, args, "admin.e2e", "en") as page:
        page.goto(attempt_path)
        page.get_by_label("Assign the assessor").select_option("assessor.e2e")
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(page.locator("p.card-meta")).to_contain_text("assessor: assessor.e2e")

    with signed_in(browser, args, "assessor.e2e", "en") as page:
        page.goto("/attempts")
        page.locator(f"a[href='{attempt_path}']").click()
        points = page.locator("form.rubric input[type=number]")
        assert points.count() >= 1
        for n in range(points.count()):
            field = points.nth(n)
            field.fill(field.get_attribute("max") or "0")
        page.get_by_role("button", name="Give the verdict").click()
        expect(page.locator("#verdict")).to_contain_text("passed")

    with signed_in(browser, args, "aigerim.e2e", "kk") as page:
        page.goto(attempt_path)
        expect(page.locator("#verdict")).to_contain_text("өтті")
        expect(page.locator("figure.result-chart svg")).to_be_visible()
        expect(page.locator("figure.result-chart table tbody tr")).to_have_count(1)
        page.screenshot(path=screenshot_dir / "verdict.png", full_page=True)
        assert structure_problems(page) == [] and contrast_problems(page) == []
        # The pass earned a certificate: its number, and where anyone checks it.
        number = page.locator("#certificate strong").inner_text()
        assert number.startswith("KSP-")

    # Anyone, with no account, verifies it by its number (what its QR code leads to).
    context = browser.new_context(**args)
    public = context.new_page()
    public.set_default_timeout(TIMEOUT_MS)
    try:
        public.goto("/verify?lang=ru")
        public.get_by_label("Номер сертификата").fill(number.lower())
        public.get_by_role("button", name="Проверить", exact=True).click()
        expect(public.locator("#verification")).to_have_class(re.compile("verification-valid"))
        expect(public.locator("#verdict-title")).to_have_text("Действителен")
        expect(public.locator("#verification")).to_contain_text("Aigerim.E2E")
        public.screenshot(path=screenshot_dir / "verify-valid.png", full_page=True)
        assert structure_problems(public) == [] and contrast_problems(public) == []

        with signed_in(browser, args, "admin.e2e", "en") as page:
            page.goto("/certificates")
            page.get_by_label("Revoke: the reason").fill("Issued in error")
            page.get_by_role("button", name="Revoke").click()
            expect(page.locator(f"#certificate-{number} .form-error")).to_contain_text(
                "Issued in error"
            )

        public.reload()
        expect(public.locator("#verification")).to_have_class(re.compile("verification-revoked"))
        expect(public.locator("#verdict-title")).to_have_text("Отозван")
        expect(public.locator("#verification")).to_contain_text("Issued in error")
    finally:
        context.close()
