"""Curriculum alignment in a real browser, in Kazakh and Russian: a methodologist uploads a
CSV programme, picks a card from the list, reads the coverage and the heat map, downloads the
XLSX, saves the alignment and confirms and rejects links on its page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser.a11y_checks import contrast_problems, structure_problems
from browser.live_server import Site
from browser.signing import PASSWORD, signed_in

pytestmark = pytest.mark.browser

LOGIN = "method.align"
CARD = "3412-0-008@4"
JAVA = "Разрабатывает программное обеспечение на Java"
PROGRAMME = (
    "module,outcome\n"
    "Үйде қызмет көрсету,"
    "Жалғызілікті қарттарға азық-түлік пен дәрі-дәрмек сатып алып үйіне жеткізеді\n"
    ",Коммуналдық қызметтерге төлем түбіртектерін толтырады\n"
    f"Программирование,{JAVA}\n"
)
WORDS = {
    "kk": {"align": "Бағдарламаны сәйкестендіру", "matrix": "Матрица", "confirmed": "расталған",
           "rejected": "қабылданбаған", "save": "Сәйкестендіруді сақтау"},
    "ru": {"align": "Соотнести программу", "matrix": "Матрица", "confirmed": "подтверждена",
           "rejected": "отклонена", "save": "Сохранить соотнесение"},
}  # fmt: skip


@pytest.fixture(scope="module")
def methodologist(site: Site) -> str:
    from kasip import accounts

    accounts.create_user(site.registry.engine, login=LOGIN, name="Әдіскер", role="methodologist",
                         password=PASSWORD, actor="cli")  # fmt: skip
    return LOGIN


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_upload_pick_read_download_save_and_decide(
    browser: Browser,
    browser_context_args: dict[str, Any],
    site: Site,
    methodologist: str,
    lang: str,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    from openpyxl import load_workbook

    words = WORDS[lang]
    programme = tmp_path / "programme.csv"
    programme.write_text(PROGRAMME, encoding="utf-8")
    with signed_in(browser, browser_context_args, methodologist, lang, downloads=True) as page:
        page.goto(f"/alignments?lang={lang}")
        page.locator("#align-file").set_input_files(programme)
        page.locator("#align-list").select_option(value=f"{site.standard_key}/{CARD}")
        page.get_by_role("button", name=words["align"]).click()
        expect(page.locator("#heat-map svg")).to_be_visible()
        expect(page.locator(f'[id="cov-{CARD}"]')).to_be_visible()
        expect(page.locator("#unmapped")).to_contain_text(JAVA)
        expect(page.locator("#heat-map svg text", has_text="%").first).to_be_visible()
        assert structure_problems(page) == []
        assert contrast_problems(page) == []
        page.screenshot(path=screenshot_dir / f"alignment-result-{lang}.png", full_page=True)
        with page.expect_download() as caught:
            page.get_by_role("button", name="XLSX").click()
        book = load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
        assert book.sheetnames[-1] == words["matrix"]
        assert JAVA in [row[0] for row in book.worksheets[3].iter_rows(values_only=True)]

        page.get_by_role("button", name=words["save"]).click()
        expect(page).to_have_url(re.compile(r"/alignments/\d+$"))
        proposed = page.locator("tr:has(td.status-proposed)")
        count = proposed.count()
        assert count >= 2
        proposed.first.locator("button[value=confirmed]").click()
        expect(page.locator("td.status-confirmed")).to_have_count(1)
        expect(page.locator("td.status-confirmed").first).to_contain_text(words["confirmed"])
        page.locator("tr:has(td.status-proposed) button[value=rejected]").first.click()
        expect(page.locator("td.status-rejected")).to_have_count(1)
        expect(page.locator("td.status-rejected").first).to_contain_text(words["rejected"])
        expect(page.locator("tr:has(td.status-proposed)")).to_have_count(count - 2)
        expect(page.locator("#decided-summary")).to_contain_text(CARD)
        assert structure_problems(page) == []
        assert contrast_problems(page) == []
        page.screenshot(path=screenshot_dir / f"alignment-saved-{lang}.png", full_page=True)
