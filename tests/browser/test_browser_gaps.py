"""The gap analysis in a real browser, in Kazakh and Russian: from the card page to the plan."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CARD_ID = "2635-3-001@4"
WORDS = {
    "kk": {
        "link": "Олқылықтарды талдау",
        "show": "Олқылықтар мен жоспарды көрсету",
        "plan": "Даму жоспары",
        "fully": "толық",
        "partly": "ішінара",
    },
    "ru": {
        "link": "Анализ пробелов",
        "show": "Показать пробелы и план",
        "plan": "План развития",
        "fully": "полностью",
        "partly": "частично",
    },
}
SHEETS = {
    "kk": ["Еңбек функциялары", "Элементтер", "Даму жоспары"],
    "ru": ["Трудовые функции", "Элементы", "План развития"],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_rate_a_card_see_the_gaps_change_the_plan_and_download_it(page: Page, lang: str) -> None:
    from openpyxl import load_workbook

    words = WORDS[lang]
    page.goto(f"/cards/{CARD_ID}?lang={lang}")
    page.get_by_role("link", name=words["link"]).click()
    expect(page).to_have_url(re.compile(r"/gaps$"))
    groups = page.locator("fieldset.gap-element")
    count = groups.count()
    assert count > 30
    # The first element is mastered, the second half there; the rest are gaps.
    groups.nth(0).get_by_label(words["fully"], exact=True).check()
    groups.nth(1).get_by_label(words["partly"], exact=True).check()
    groups.nth(1).locator('input[type="text"]').fill("Сертификат, 2025")
    page.get_by_role("button", name=words["show"]).click()
    expect(page.locator("#result svg")).to_be_visible()
    plan = page.locator("table.plan tbody tr")
    expect(plan).to_have_count(count - 1)
    # The user's own action stands when the plan is shown again.
    plan.first.locator("textarea").fill("Біліктілікті арттыру курсы")
    page.locator("#result button[type=submit]").first.click()
    expect(page.locator("table.plan textarea").first).to_have_value("Біліктілікті арттыру курсы")
    expect(page.locator('input[type="text"]').nth(1)).to_have_value("Сертификат, 2025")
    with page.expect_download() as caught:
        page.get_by_role("button", name="XLSX").click()
    # The download is saved without its name's extension, which openpyxl wants.
    data = Path(caught.value.path()).read_bytes()
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == SHEETS[lang]
    rows = list(book[SHEETS[lang][2]].iter_rows(values_only=True))
    assert rows[1][5] == "Біліктілікті арттыру курсы"
    assert len(rows) == count
