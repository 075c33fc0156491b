"""Job descriptions through the adapters: ``kasip job-description``, the REST API, the web form.

Each downloaded file is opened again with python-docx (or checked as a PDF),
and the choices made (functions unticked, fields edited) are looked for in it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import httpx
import pytest
from bs4 import BeautifulSoup

from conftest_web import assert_error, client_for
from kasip.cli import app
from kasip.jobs import DOCX_MEDIA_TYPE
from test_pdf import needs_dejavu, needs_weasyprint

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytestmark = pytest.mark.anyio

CARD_ID = "2634-9-004@6"
PAGE = f"/cards/{CARD_ID}/job-description"
API = f"/api/v1/cards/{CARD_ID}/job-description"


def _text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in word.paragraphs), *cells])


# --- the command line ---------------------------------------------------------------


def test_cli_writes_a_word_document_of_the_chosen_functions(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    fields = tmp_path / "fields.toml"
    fields.write_text('organisation = "ТОО «Көмек»"\nrights = ["право первое"]\n', "utf-8")
    out = tmp_path / "job.docx"
    result = runner.invoke(app, ["job-description", CARD_ID, "--lang", "ru", "--format", "docx",
                                 "--output", str(out), "--function", f"{CARD_ID}/f2",
                                 "--fields", str(fields), "--db", db])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _text(out.read_bytes())
    assert "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ" in text and "ТОО «Көмек»" in text and "право первое" in text
    assert f"[{CARD_ID}/f2]" in text and f"{CARD_ID}/f1" not in text


@needs_weasyprint
@needs_dejavu
def test_cli_writes_a_pdf(runner: CliRunner, db: str, tmp_path: Path) -> None:
    out = tmp_path / "job.pdf"
    result = runner.invoke(
        app, ["job-description", CARD_ID, "--format", "pdf", "-o", str(out), "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["9999-9-999@6"], "no card '9999-9-999@6'"),
        ([CARD_ID, "--function", f"{CARD_ID}/f7"], "has no labour function"),
        ([CARD_ID, "--fields", "{fields}"], "field 'colour'"),
    ],
)
def test_cli_errors_name_what_is_wrong(
    runner: CliRunner, db: str, tmp_path: Path, arguments: list[str], message: str
) -> None:
    fields = tmp_path / "bad.json"
    fields.write_text(json.dumps({"colour": "red"}), "utf-8")
    arguments = [a.replace("{fields}", str(fields)) for a in arguments]
    out = tmp_path / "job.docx"
    result = runner.invoke(app, ["job-description", *arguments, "-o", str(out), "--db", db])
    assert result.exit_code == 1
    assert message in result.output
    assert not out.exists()


# --- the REST API ---------------------------------------------------------------------


async def test_api_get_answers_the_built_job_description(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get(API, params={"language": "ru", "function": f"{CARD_ID}/f3"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "ru" and next(f["id"] for f in body["functions"]) == f"{CARD_ID}/f1"
    job = body["description"]
    assert [g["function"]["element_id"] for g in job["duties"]] == [f"{CARD_ID}/f3"]
    assert job["card_text_as_published"] is True
    assert job["provenance"]["card_id"] == CARD_ID
    assert body["defaults"]["rights"] == job["fields"]["rights"]


async def test_api_post_answers_the_file(api_client: httpx.AsyncClient) -> None:
    payload = {"language": "kk", "functions": [f"{CARD_ID}/f4"],
               "tasks": [f"{CARD_ID}/f4/t1"], "fields": {"place": "Астана"}}  # fmt: skip
    response = await api_client.post(API, json=payload)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX_MEDIA_TYPE
    assert response.headers["content-disposition"] == (
        f'attachment; filename="job-description-{CARD_ID}-kk.docx"'
    )
    text = _text(response.content)
    assert "Астана" in text and f"[{CARD_ID}/f4/t1]" in text and f"{CARD_ID}/f4/t2" not in text


@pytest.mark.parametrize(
    "payload",
    [{"language": "en"}, {"format": "odt"}, {"functions": ["x"]}, {"fields": {"place": 1}},
     {"colour": 1}],
)  # fmt: skip
async def test_api_post_refuses_what_it_does_not_know(
    api_client: httpx.AsyncClient, payload: dict[str, object]
) -> None:
    assert_error(await api_client.post(API, json=payload), 400)


async def test_api_unknown_card_is_a_404(api_client: httpx.AsyncClient) -> None:
    assert_error(await api_client.get("/api/v1/cards/9999-9-999@6/job-description"), 404)
    assert_error(await api_client.post("/api/v1/cards/9999-9-999@6/job-description", json={}), 404)


@needs_weasyprint
@needs_dejavu
async def test_api_post_answers_a_pdf(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post(API, json={"format": "pdf"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


# --- the web form ---------------------------------------------------------------------


async def test_the_card_page_links_to_its_job_description(web_client: httpx.AsyncClient) -> None:
    soup = BeautifulSoup((await web_client.get(f"/cards/{CARD_ID}")).text, "html.parser")
    assert soup.select_one(f'a[href="{PAGE}"]') is not None


async def test_the_form_lists_functions_and_tasks_ticked_and_fields_prefilled(
    web_client: httpx.AsyncClient,
) -> None:
    response = await web_client.get(PAGE, params={"language": "ru", "lang": "ru"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    form = soup.select_one("form.job-form")
    assert form is not None and form["method"] == "post"
    functions = form.select('input[name="function"]')
    assert [i["value"] for i in functions] == [f"{CARD_ID}/f{n}" for n in range(1, 5)]
    assert all(i.has_attr("checked") for i in form.select('input[type="checkbox"]'))
    assert len(form.select('input[name="task"]')) == 11
    rights = form.select_one('textarea[name="rights"]')
    assert rights is not None and "статьей 22 Трудового кодекса" in rights.text
    assert form.select_one('input[name="language"]')["value"] == "ru"  # type: ignore[index]
    assert [b["value"] for b in form.select('button[name="format"]')] == ["docx", "pdf"]
    assert soup.select_one(f'a[href="{PAGE}?language=kk"]') is not None
    twin = await web_client.get(f"{PAGE}.json", params={"language": "ru"})
    assert twin.json()["functions"][0]["tasks"][0]["id"] == f"{CARD_ID}/f1/t1"


async def test_the_form_downloads_what_was_chosen(web_client: httpx.AsyncClient) -> None:
    tasks = [f"{CARD_ID}/f1/t1", f"{CARD_ID}/f1/t2", f"{CARD_ID}/f3/t1"]
    form = {"standard": "292-2019-05-30-kk", "language": "kk", "format": "docx",
            "function": [f"{CARD_ID}/f1", f"{CARD_ID}/f3"], "task": [*tasks, f"{CARD_ID}/f2/t1"],
            "organisation": "ЖШС «Көмек»", "reports_to": "Бөлім бастығы",
            "rights": "бірінші құқық\n\nекінші құқық\n", "responsibility": ""}  # fmt: skip
    response = await web_client.post(PAGE, data=form)
    assert response.status_code == 200, response.text
    word = docx.Document(io.BytesIO(response.content))
    text = _text(response.content)
    assert "ЖШС «Көмек»" in text and "Бөлім бастығы" in text
    assert f"{CARD_ID}/f2" not in text and f"{CARD_ID}/f4" not in text
    rights = [p.text for p in word.paragraphs if p.style is not None
              and p.style.name == "List Number" and "құқық" in p.text]  # fmt: skip
    assert rights == ["бірінші құқық", "екінші құқық"]
    assert "Жауапкершілігі" not in text  # emptied by the user


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("language=en&format=docx", 400),
        (f"function={CARD_ID}/f9", 400),
        ("organisation=" + "x" * 2001, 400),
        ("organisation=" + "x" * 70_000, 413),
    ],
)
async def test_the_form_refuses_what_it_cannot_take(
    web_client: httpx.AsyncClient, body: str, status: int
) -> None:
    response = await web_client.post(
        PAGE, content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == status, response.text


# --- the other language's text of the same order ----------------------------------------


@pytest.fixture
def bilingual() -> Iterator[httpx.AsyncClient]:
    from kasip.api.app import create_app
    from kasip.registry import open_registry
    from kasip.testing import make_card, make_document

    kazakh = make_document()
    russian = make_document(
        language="ru",
        title="Психологическая и социальная работа",
        cards=[make_card(name="Специалист по социальной работе",
                         functions=["Организация социальных услуг"])],
    )  # fmt: skip
    registry = open_registry("sqlite://")
    registry.import_documents([kazakh, russian])
    try:
        yield client_for(create_app(registry=registry))
    finally:
        registry.close()


async def test_the_card_is_taken_from_the_text_in_the_language_asked(
    bilingual: httpx.AsyncClient,
) -> None:
    async with bilingual as client:
        asked = {"standard": "292-2019-05-30-kk", "language": "ru"}
        body = (await client.get("/api/v1/cards/2635-3-001@6/job-description", params=asked)).json()
    assert body["standard"]["key"] == "292-2019-05-30-ru"
    job = body["description"]
    assert job["card_text_as_published"] is False
    assert job["position"]["text"] == "Специалист по социальной работе"
    assert job["duties"][0]["function"]["text"] == "Организация социальных услуг"
