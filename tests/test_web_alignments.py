"""The curriculum alignment pages: the form, the proposed report, its errors and downloads."""

from __future__ import annotations

import html as html_lib
import io
import re

import httpx
import pytest

from alignment_support import HOME_CARE, JAVA, PSYCHOLOGIST, SEED_PROGRAMME
from test_pdf import _run, needs_dejavu, needs_poppler, needs_weasyprint

pytest_plugins = ["conftest_web"]

pytestmark = pytest.mark.anyio


async def _post(
    client: httpx.AsyncClient,
    body: str,
    *,
    cards: str = "",
    card: tuple[str, ...] = (),
    lang: str = "ru",
) -> httpx.Response:
    data: dict[str, str | list[str]] = {"cards": cards, "card": list(card)}
    files = {"file": ("programme.csv", io.BytesIO(body.encode()), "text/csv")}
    return await client.post(f"/alignments?lang={lang}", data=data, files=files)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, name
    return html_lib.unescape(found.group(1))


async def test_the_form_offers_the_cards_to_choose(web_client: httpx.AsyncClient) -> None:
    response = await web_client.get("/alignments?lang=kk")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert re.search(rf'<option value="[^"/]+/{re.escape(HOME_CARE)}">', response.text)
    assert "Бағдарламаны сәйкестендіру" in response.text


async def test_the_posted_programme_gives_links_coverage_and_the_heat_map(
    web_client: httpx.AsyncClient,
) -> None:
    response = await _post(web_client, SEED_PROGRAMME, cards=f"{HOME_CARE}, {PSYCHOLOGIST}")
    assert response.status_code == 200, response.text
    page = response.text
    assert response.headers["cache-control"] == "no-store"
    assert "Предложенные связи по результатам обучения" in page
    assert 'id="heat-map"' in page and "<svg" in page and 'role="img"' in page
    assert f'id="cov-{HOME_CARE}"' in page and f'id="cov-{PSYCHOLOGIST}"' in page
    unmapped = page.split('id="unmapped"', 1)[1].split("</ul>", 1)[0]
    assert JAVA in unmapped
    # The home-care outcome is linked to an element of the home-care card, with a score.
    first = page.split('id="outcome-1"', 1)[1].split("</tr>", 1)[0]
    assert f"{HOME_CARE}/f" in first and re.search(r"0\.\d\d", first)
    # The page carries what the downloads need; a visitor is not offered saving.
    assert "Үйде қызмет көрсету" in _hidden(page, "programme")
    assert 'id="align-save"' not in page


async def test_a_card_from_the_list_is_read_with_its_standard(
    web_client: httpx.AsyncClient,
) -> None:
    listed = await web_client.get("/alignments")
    value = re.search(rf'<option value="([^"]+/{re.escape(HOME_CARE)})">', listed.text)
    assert value is not None
    response = await _post(web_client, SEED_PROGRAMME, card=(value.group(1),))
    assert response.status_code == 200, response.text
    assert f'id="cov-{HOME_CARE}"' in response.text
    assert f'id="cov-{PSYCHOLOGIST}"' not in response.text


async def test_errors_name_the_row_and_field_or_the_card(web_client: httpx.AsyncClient) -> None:
    bad = "module,outcome\nM1,Консультирует клиентов\nM1,\n"
    response = await _post(web_client, bad, cards=HOME_CARE)
    assert response.status_code == 400
    assert "row 3, field outcome: empty outcome" in response.text
    assert 'role="alert"' in response.text
    response = await _post(web_client, SEED_PROGRAMME, cards="9999-9-999@4")
    assert response.status_code == 400
    assert "9999-9-999@4" in response.text
    assert 'value="9999-9-999@4"' in response.text  # the typed cards are kept for the next try
    response = await _post(web_client, SEED_PROGRAMME, cards="")
    assert response.status_code == 400
    assert "choose at least one card" in response.text


async def test_the_result_downloads_as_xlsx(web_client: httpx.AsyncClient) -> None:
    from openpyxl import load_workbook

    page = (await _post(web_client, SEED_PROGRAMME, cards=HOME_CARE, lang="kk")).text
    form = {"programme": _hidden(page, "programme"), "cards": _hidden(page, "cards")}
    response = await web_client.post("/alignments/report.xlsx?lang=kk", data=form)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[-1] == "Матрица"
    assert JAVA in [row[0] for row in book.worksheets[3].iter_rows(values_only=True)]
    broken = await web_client.post("/alignments/report.xlsx", data=form | {"programme": "{}"})
    assert broken.status_code == 400


@needs_weasyprint
@needs_poppler
@needs_dejavu
async def test_the_result_downloads_as_pdf(web_client: httpx.AsyncClient, tmp_path: object) -> None:
    from pathlib import Path

    page = (await _post(web_client, SEED_PROGRAMME, cards=HOME_CARE, lang="ru")).text
    form = {"programme": _hidden(page, "programme"), "cards": _hidden(page, "cards")}
    response = await web_client.post("/alignments/report.pdf?lang=ru", data=form)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    path = Path(str(tmp_path)) / "a.pdf"
    path.write_bytes(response.content)
    words = re.sub(r"\s+", " ", _run("pdftotext", str(path), "-"))
    assert "Соотнесение программы с профстандартом" in words and JAVA in words


async def test_a_word_programme_is_read_from_its_table(web_client: httpx.AsyncClient) -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("Білім беру бағдарламасы")
    table = word.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows,
        [
            ("Модуль", "Оқыту нәтижесі"),
            ("Үйде қызмет көрсету", SEED_PROGRAMME.splitlines()[1].split(",", 1)[1]),
            ("", JAVA),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = cells
    data = io.BytesIO()
    word.save(data)
    files = {"file": ("programme.docx", io.BytesIO(data.getvalue()), "application/octet-stream")}
    response = await web_client.post("/alignments?lang=kk", data={"cards": HOME_CARE}, files=files)
    assert response.status_code == 200, response.text
    assert "table 1, row 2" in response.text  # each outcome's place in the document
    first = response.text.split('id="outcome-1"', 1)[1].split("</tr>", 1)[0]
    assert f"{HOME_CARE}/f" in first
    assert JAVA in response.text.split('id="unmapped"', 1)[1]
