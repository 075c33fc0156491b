"""The job-description form in a real browser, in Kazakh and in Russian.

An HR user opens a card's job-description page, unticks a labour function,
edits a template field and downloads the Word document; the test opens that
file with python-docx and finds the field and not the function.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from browser.a11y_checks import contrast_problems, structure_problems

pytestmark = pytest.mark.browser

CARD_ID = "2634-9-004@6"
PAGE = f"/cards/{CARD_ID}/job-description"
TITLES = {"kk": ("Лауазымдық нұсқаулық", "ЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚ", "Құқықтары"),
          "ru": ("Должностная инструкция", "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ", "Права")}  # fmt: skip


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_untick_a_function_edit_a_field_and_download(
    page: Page, tmp_path: Path, screenshot_dir: Path, lang: str
) -> None:
    page_title, document_title, rights = TITLES[lang]
    page.goto(f"/cards/{CARD_ID}?lang={lang}")
    page.locator(f'a[href^="{PAGE}"]').first.click()
    expect(page.locator("h1")).to_contain_text(page_title)
    if lang == "ru":  # the document's language: the standard's (Kazakh) until chosen
        page.locator('a[hreflang="ru"]', has_text="Русский").last.click()
        expect(page.locator('input[name="language"]')).to_have_value("ru")
    page.locator(f'input[name="function"][value="{CARD_ID}/f2"]').uncheck()
    page.locator('input[name="organisation"]').fill(f"Организация {lang}")
    page.locator('textarea[name="rights"]').fill("Бірінші\nЕкінші")
    with page.expect_download() as info:
        page.locator('button[name="format"][value="docx"]').click()
    download = info.value
    # After the download: a full-page screenshot first left the button unclickable.
    page.screenshot(path=str(screenshot_dir / f"job-description-{lang}.png"), full_page=True)
    assert download.failure() is None
    assert download.suggested_filename == f"job-description-{CARD_ID}-{lang}.docx"
    path = tmp_path / "job.docx"
    download.save_as(path)
    word = docx.Document(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert document_title in texts
    assert f"Организация {lang}" in cells
    assert any(t.endswith(f"[{CARD_ID}/f1]") for t in texts)
    assert not any(f"{CARD_ID}/f2" in t for t in texts)
    assert any(t.endswith(f". {rights}") for t in texts)
    assert "Бірінші" in texts and "Екінші" in texts


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_form_is_accessible(page: Page, lang: str) -> None:
    response = page.goto(f"{PAGE}?lang={lang}&language={lang}")
    assert response is not None and response.ok
    assert structure_problems(page) == []
    assert contrast_problems(page) == []
    # Every checkbox and field has its label.
    for box in page.locator('form.job-form input[type="checkbox"]').all():
        assert box.evaluate("(el) => el.labels.length") == 1
    for field in page.locator("form.job-form input[type=text], form.job-form textarea").all():
        assert field.evaluate("(el) => el.labels.length") == 1
