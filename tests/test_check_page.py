"""The checker for authors as a person uses it: ``kasip check``, the /check page, the API.

A draft here is the bundled standard laid out as Word, with a row taken out of its
first card, so that each adapter must show the same layout finding at the same place
(issue 9, item 7).
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from conftest_web import assert_error
from helpers_parse import read_seed
from helpers_word import seed_as_word
from kasip.cli.base import app

pytestmark = pytest.mark.anyio

COMPETENCIES = "Жеке бас құзыреттеріне қойылатын талаптары"


def draft_text() -> str:
    """The seed without the first personal-competencies row worded so (card 2635-9-001@6)."""
    lines = read_seed().split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(COMPETENCIES))
    return "\n".join(lines[:first] + lines[first + 1 :])


@pytest.fixture(scope="module")
def draft_docx() -> bytes:
    return seed_as_word(draft_text())


def test_cli_check_reports_layout_rules_at_their_place(tmp_path: Path, draft_docx: bytes) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(draft_docx)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output  # warnings only
    lines = [line for line in result.output.splitlines() if "layout-row-missing" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:")
    assert "card 2635-9-001@6: no row “personal competencies”" in lines[0]
    assert lines[0].endswith("]") and "table" in lines[0]  # its place in the Word document
    strict = CliRunner().invoke(app, ["check", "--strict", str(path)])
    assert strict.exit_code == 1


def test_cli_check_json_and_no_layout(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(draft_text(), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--json", str(path)])
    (entry,) = json.loads(result.output)
    layout = [d for d in entry["diagnostics"] if d["code"].startswith("layout-")]
    assert {d["code"] for d in layout} >= {"layout-row-missing", "layout-item-repeated"}
    missing = next(d for d in layout if d["code"] == "layout-row-missing")
    assert missing["line"] > 100 and missing["column"] == 1
    assert missing["element_id"] == "2635-9-001@6"
    bare = CliRunner().invoke(app, ["check", "--json", "--no-layout", str(path)])
    (entry,) = json.loads(bare.output)
    assert not [d for d in entry["diagnostics"] if d["code"].startswith("layout-")]


async def test_check_page_is_a_form_in_each_language(web_client: httpx.AsyncClient) -> None:
    for lang, heading in [
        ("kk", "Стандарт жобасын тексеру"),
        ("ru", "Проверка проекта стандарта"),
        ("en", "Check a draft standard"),
    ]:
        response = await web_client.get(f"/check?lang={lang}")
        assert response.status_code == 200
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.h1 is not None and soup.h1.get_text(strip=True) == heading
        form = soup.find("form", class_="check-form")
        assert form is not None and form["enctype"] == "multipart/form-data"
        assert form.find("input", attrs={"type": "file", "name": "file"}) is not None


async def test_check_page_shows_each_problem_at_its_place(
    web_client: httpx.AsyncClient, draft_docx: bytes
) -> None:
    response = await web_client.post(
        "/check?lang=ru", files={"file": ("Проект.docx", draft_docx, "application/octet-stream")}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    problems = soup.select("li.problem")
    texts = [p.get_text(" ", strip=True) for p in problems]
    missing = [t for t in texts if "layout-row-missing" in t]
    assert len(missing) == 1
    assert "карточка 2635-9-001@6: нет строки «требования к личностным компетенциям»" in missing[0]
    assert "таблица" in missing[0]  # the place in the Word document, in Russian
    # Each problem links to its line among the excerpts of the document.
    link = problems[texts.index(missing[0])].select_one("a[href^='#line-']")
    assert link is not None
    row = soup.select_one(f"tr[id='{str(link['href'])[1:]}']")
    assert row is not None and "has-problem" in row.get_attribute_list("class")
    assert "Проект.docx" in soup.get_text()


async def test_check_page_refuses_what_it_cannot_read(web_client: httpx.AsyncClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    response = await web_client.post("/check", files={"file": ("scan.png", png, "image/png")})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    alert = soup.select_one("[role=alert]")
    assert alert is not None and "scan.png" in alert.get_text()
    empty = await web_client.post("/check", files={"file": ("empty.txt", b"", "text/plain")})
    assert empty.status_code == 400
    no_file = await web_client.post("/check", data={"other": "x"})
    assert_error(no_file, 400, "invalid-form")


async def test_api_check_answers_the_page_data(
    api_client: httpx.AsyncClient, draft_docx: bytes
) -> None:
    multipart = await api_client.post(
        "/api/v1/check", files={"file": ("draft.docx", draft_docx, "application/octet-stream")}
    )
    raw = await api_client.post(
        "/api/v1/check?name=draft.docx",
        content=draft_docx,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert multipart.status_code == raw.status_code == 200
    assert multipart.json() == raw.json()
    data = multipart.json()
    assert data["kind"] == "word" and data["file"] == "draft.docx"
    assert data["summary"]["cards"] == 14
    missing = [p for p in data["problems"] if p["code"] == "layout-row-missing"]
    assert len(missing) == 1 and missing[0]["layout"] is True
    assert set(missing[0]["place"]) >= {"table", "row", "cell"}
    kk = await api_client.post(
        "/api/v1/check?name=draft.docx&lang=kk",
        content=draft_docx,
        headers={"Content-Type": "application/octet-stream"},
    )
    (kk_missing,) = [p for p in kk.json()["problems"] if p["code"] == "layout-row-missing"]
    assert kk_missing["message"].endswith("жолы жоқ")


async def test_api_check_refuses_a_binary_file(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/check?name=x.png",
        content=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert_error(response, 400)
    assert "x.png" in response.json()["error"]["message"]
