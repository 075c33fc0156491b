"""The exports through the adapters: ``kasip export --format``, the API and the standard's page."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from bs4 import BeautifulSoup

from conftest_web import SEED_KEY, assert_error
from kasip.cli import app
from kasip.export import EXPORT_FORMATS
from moodle_rules import moodle_problems

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytest_plugins = ["conftest_cli"]

API = f"/api/v1/standards/{SEED_KEY}/export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_cli_moodle_goes_to_standard_output(runner: CliRunner, db: str) -> None:
    args = ["export", "--format", "moodle", "--standard", SEED_KEY, "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert moodle_problems(result.stdout.encode("utf-8")) == []


@pytest.mark.parametrize("name", ["xlsx", "csv"])
def test_cli_sheets_need_an_output_file(runner: CliRunner, db: str, name: str) -> None:
    result = runner.invoke(app, ["export", "--format", name, "--db", db])
    assert result.exit_code == 2
    assert "--output" in result.output


def test_cli_writes_the_workbook_and_the_zip(runner: CliRunner, db: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book, archive = tmp_path / "s.xlsx", tmp_path / "s.zip"
    for name, path in (("xlsx", book), ("csv", archive)):
        result = runner.invoke(app, ["export", "-f", name, "-o", str(path), "--db", db])
        assert result.exit_code == 0, result.output
    sheets = load_workbook(book, read_only=True).sheetnames
    assert sheets[:2] == ["standards", "cards"]
    with zipfile.ZipFile(archive) as files:
        assert [f"{name}.csv" for name in sheets] == files.namelist()


def test_cli_moodle_per_card_is_a_zip_that_needs_an_output_file(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    args = ["export", "-f", "moodle", "--moodle-framework", "card", "--db", db]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "--output" in refused.output
    path = tmp_path / "cards.zip"
    assert runner.invoke(app, [*args, "-o", str(path)]).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) == 14  # the seed's cards
        assert all(moodle_problems(archive.read(n)) == [] for n in archive.namelist())


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("name", "media_type", "suffix"),
    [("json", "application/json", ".json"), ("moodle", "text/csv", ".csv"),
     ("xlsx", XLSX, ".xlsx"), ("csv", "application/zip", ".zip")],
)  # fmt: skip
async def test_api_answers_each_format_as_a_file(
    api_client: httpx.AsyncClient, name: str, media_type: str, suffix: str
) -> None:
    response = await api_client.get(API, params={"format": name})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'{suffix}"')
    again = await api_client.get(
        API, params={"format": name}, headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304 and not again.content
    if name == "json":
        assert json.loads(response.content)["format"] == "kasip-standard/1"
    elif name == "moodle":
        assert moodle_problems(response.content) == []
    else:
        assert zipfile.is_zipfile(io.BytesIO(response.content))


@pytest.mark.anyio
async def test_api_moodle_per_card_and_bad_requests(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get(API, params={"format": "moodle", "moodle_framework": "card"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].endswith('-moodle-cards.zip"')
    assert_error(await api_client.get(API, params={"format": "docx"}), 400)
    assert_error(await api_client.get(API, params={"moodle_framework": "task"}), 400)
    assert_error(await api_client.get(API, params={"version": 9}), 404)
    assert_error(await api_client.get("/api/v1/standards/no-such/export"), 404)


@pytest.mark.anyio
async def test_the_standard_page_links_every_export_format(web_client: httpx.AsyncClient) -> None:
    page = await web_client.get(f"/standards/{SEED_KEY}", params={"lang": "ru"})
    section = BeautifulSoup(page.text, "html.parser").find(id="downloads")
    assert section is not None and "Скачать" in section.get_text()
    links = {str(a["data-format"]): str(a["href"]) for a in section.find_all("a")}
    assert set(links) == {*EXPORT_FORMATS, "case-1.0", "moodle-cards"}
    for href in links.values():
        response = await web_client.get(href)
        assert response.status_code == 200, href
        assert response.headers["content-disposition"].startswith("attachment")
    assert moodle_problems((await web_client.get(links["moodle"])).content) == []
