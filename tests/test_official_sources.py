"""Official sources of stored texts (issue 15, item 6): store, import, CLI, pages, CASE, PDF.

"Bundle and present as official only texts whose official source is recorded":
a version records where its official text is published (migration 0016); the
pages, the card PDF and CASE's ``officialSourceURL`` present it, and a text
without one is shown with a notice that it is imported, not official.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import tomllib
from collections.abc import AsyncIterator, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
import pytest
from alembic import command
from bs4 import BeautifulSoup
from fastapi import FastAPI
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from compare_support import SEED_KEY, SEED_NAME, seed_document, seed_registry
from conftest_web import client_for
from kasip.cli import app as cli_app
from kasip.errors import InvalidInput, NotFound
from kasip.model.official import MAX_URL_LENGTH, OfficialSource, official_source
from kasip.registry import Registry, open_registry
from kasip.store.official import bundled_sources
from kasip.store.schema import audit_log
from kasip.testing import make_document
from test_store_schema import alembic_on

pytest_plugins = ["conftest_cli"]

ROOT = Path(__file__).resolve().parents[1]
ADILET = "https://adilet.zan.kz/kaz/docs/V1900018764"
RU_URL = "https://adilet.zan.kz/rus/docs/V1900018764"
CARD = "2635-3-001@5"
KK_NOTICE = "ресми дереккөзі туралы жазба жоқ"
RU_NOTICE = "нет записи об официальном источнике"
EN_NOTICE = "has no record of this text's official source"
HTML = {"Accept": "text/html"}


# --- the URL and the bundled record --------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://adilet.zan.kz/x",
        "adilet.zan.kz/kaz/docs/V1900018764",
        "https:///kaz/docs",
        "javascript:alert(1)",
        "https://adilet.zan.kz/a b",
        "https://[::1/x",
        "https://adilet.zan.kz/" + "x" * MAX_URL_LENGTH,
    ],
)
def test_a_bad_url_is_refused_naming_the_option(url: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--official-source: "):
        official_source(url, name="--official-source")


def test_a_good_url_and_note_are_kept_and_a_long_note_refused() -> None:
    kept = official_source(f" {ADILET} ", "  Әділет, V1900018764  ")
    assert kept == OfficialSource(url=ADILET, note="Әділет, V1900018764")
    assert official_source("http://example.kz", " ").note is None
    with pytest.raises(InvalidInput, match="official_url: the note is longer"):
        official_source(ADILET, "x" * 501)


def test_the_bundled_record_agrees_with_source_md_and_is_packaged() -> None:
    prose = (ROOT / "src" / "kasip" / "data" / "SOURCE.md").read_text(encoding="utf-8")
    record = tomllib.loads((ROOT / "src" / "kasip" / "data" / "sources.toml").read_text("utf-8"))
    [entry] = record["source"]
    assert entry["file"] == SEED_NAME
    sha_in_prose = re.search(r"\| sha256 \| `([0-9a-f]{64})` \|", prose)
    assert sha_in_prose is not None and entry["sha256"] == sha_in_prose.group(1)
    assert f"<{entry['url']}>" in prose
    seed_bytes = (resources.files("kasip") / "data" / SEED_NAME).read_bytes()
    assert hashlib.sha256(seed_bytes).hexdigest() == entry["sha256"]
    assert bundled_sources()[entry["sha256"]].url == ADILET == entry["url"]
    # Shipped in the wheel: a package-data pattern of pyproject.toml covers it.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["kasip"]
    assert any(fnmatch.fnmatch("data/sources.toml", p) for p in patterns)


# --- the store --------------------------------------------------------------------------------


@pytest.fixture
def registry() -> Iterator[Registry]:
    registry = seed_registry()
    try:
        yield registry
    finally:
        registry.close()


def test_set_official_source_is_recorded_audited_and_refreshes_pages(registry: Registry) -> None:
    assert registry.versions(SEED_KEY)[0].official_source is None  # imported: not recorded
    generation = registry.generation()
    shown = registry.set_official_source(
        SEED_KEY, 1, OfficialSource(url=ADILET, note="adilet"), actor="tester"
    )
    assert shown.official_source == OfficialSource(url=ADILET, note="adilet")
    assert registry.generation() > generation
    with registry.engine.connect() as conn:
        [row] = conn.execute(select(audit_log)).all()
    assert (row.actor, row.action, row.subject) == (
        "tester",
        "version.official-source",
        "292-2019-05-30-kk@1",
    )
    assert json.loads(row.before_json) == {"official_url": None, "official_note": None}
    assert json.loads(row.after_json)["official_url"] == ADILET
    with pytest.raises(NotFound, match="has no version 9"):
        registry.set_official_source(SEED_KEY, 9, OfficialSource(url=ADILET))


def test_import_records_the_source_for_new_and_held_texts() -> None:
    with open_registry("sqlite://") as registry:
        [first] = registry.import_documents([seed_document()])
        assert (first.official_url, first.sourced) == (None, False)
        generation = registry.generation()
        [held] = registry.import_documents(
            [seed_document()], official=OfficialSource(url=ADILET, note="n")
        )
        assert (held.status, held.official_url, held.sourced) == ("unchanged", ADILET, True)
        assert registry.generation() > generation  # the pages show it at once
        # The same source again changes nothing: no new generation, no new match index file.
        generation = registry.generation()
        [again] = registry.import_documents(
            [seed_document()], official=OfficialSource(url=ADILET, note="n")
        )
        assert (again.status, again.sourced, registry.generation()) == (
            "unchanged",
            False,
            generation,
        )
        kk, ru = make_document(), make_document(language="ru")
        results = registry.import_documents([kk, ru], official=[None, OfficialSource(url=RU_URL)])
        assert [r.official_url for r in results] == [None, RU_URL]
        assert registry.versions("292-2019-05-30-ru")[0].official_note is None
        with pytest.raises(InvalidInput, match="1 official sources given for 2 texts"):
            registry.import_documents([kk, ru], official=[None])


def test_migration_0016_adds_the_columns_and_leaves_versions_unrecorded(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'old.db').as_posix()}"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
    with alembic_on(url) as (cfg, engine):
        command.downgrade(cfg, "0015")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("standard_versions")}
        assert "official_url" not in columns and "effective_from" in columns
    with open_registry(url) as registry:  # opening upgrades it
        [version] = registry.versions(SEED_KEY)
    assert (version.official_url, version.official_note) == (None, None)


# --- the command line -----------------------------------------------------------------------


def _seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.kk.txt"
    path.write_bytes((resources.files("kasip") / "data" / SEED_NAME).read_bytes())
    return path


def test_cli_import_records_the_option_and_refuses_a_bad_url(
    runner: CliRunner, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    seed = _seed_file(tmp_path)
    bad = runner.invoke(
        cli_app, ["import", str(seed), "--db", url, "--official-source", "ftp://x/y"]
    )
    assert bad.exit_code == 2 and "--official-source" in bad.stderr and "http(s)" in bad.stderr
    bundled = runner.invoke(
        cli_app, ["import", "--bundled", "--db", url, "--official-source", ADILET]
    )
    assert bundled.exit_code == 2 and "is for FILEs" in bundled.stderr
    lone = runner.invoke(cli_app, ["import", str(seed), "--db", url, "--official-note", "n"])
    assert lone.exit_code == 2 and "a note goes with an official source URL" in lone.stderr
    plain = runner.invoke(cli_app, ["import", str(seed), "--db", url])
    assert plain.exit_code == 0, plain.output
    listed = runner.invoke(cli_app, ["versions", SEED_KEY, "--db", url])
    assert "not recorded" in listed.stdout
    again = runner.invoke(
        cli_app,
        ["import", str(seed), "--db", url, "--official-source", ADILET, "--official-note", "kk"],
    )
    assert again.exit_code == 0, again.output
    assert "unchanged" in again.stdout
    shown = json.loads(runner.invoke(cli_app, ["versions", SEED_KEY, "--db", url, "--json"]).stdout)
    assert [(v["official_url"], v["official_note"]) for v in shown] == [(ADILET, "kk")]


def test_cli_bundled_import_records_the_shipped_source(runner: CliRunner, db: str) -> None:
    shown = runner.invoke(cli_app, ["versions", SEED_KEY, "--db", db, "--json"])
    [row] = json.loads(shown.stdout)
    assert row["official_url"] == ADILET
    assert "V1900018764" in row["official_note"]


def test_cli_versions_sets_the_source_later(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(cli_app, ["import", str(_seed_file(tmp_path)), "--db", url]).exit_code == 0
    needs = runner.invoke(
        cli_app, ["versions", SEED_KEY, "--db", url, "--set-official-source", RU_URL]
    )
    assert needs.exit_code == 2 and "--set-official-source needs --version" in needs.stderr
    bad = runner.invoke(
        cli_app,
        ["versions", SEED_KEY, "--db", url, "--set-official-source", "https://", "--version", "1"],
    )
    assert bad.exit_code == 2 and "--set-official-source" in bad.stderr
    done = runner.invoke(
        cli_app,
        ["versions", SEED_KEY, "--db", url, "--set-official-source", ADILET, "--version", "1",
         "--note", "Әділет", "--json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    [row] = json.loads(done.stdout)
    assert (row["official_url"], row["official_note"]) == (ADILET, "Әділет")
    assert (
        "version.official-source" in runner.invoke(cli_app, ["audit", "list", "--db", url]).stdout
    )


# --- pages, REST, PDF, CASE -----------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    """The seed (source recorded) and order No 292 of make_document in both editions
    (only the Russian one's recorded)."""
    from kasip.api.app import create_app

    registry = seed_registry()
    registry.import_documents(
        [make_document(order_number="7"), make_document(order_number="7", language="ru")]
    )
    registry.set_official_source(SEED_KEY, 1, OfficialSource(url=ADILET, note="Әділет"))
    registry.set_official_source("7-2019-05-30-ru", 1, OfficialSource(url=RU_URL))
    try:
        yield create_app(registry=registry)
    finally:
        registry.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as web:
        yield web


async def _official(client: httpx.AsyncClient, url: str) -> Any:
    response = await client.get(url, headers=HTML)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser").find(id="official-source")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("lang", "label"), [("kk", "Ресми мәтін:"), ("ru", "Официальный текст:")], ids=["kk", "ru"]
)
async def test_pages_link_the_recorded_source(
    client: httpx.AsyncClient, lang: str, label: str
) -> None:
    for url in (f"/standards/{SEED_KEY}?lang={lang}", f"/cards/{CARD}?lang={lang}"):
        line = await _official(client, url)
        assert line is not None and label in line.get_text(), url
        assert line.find("a")["href"] == ADILET and "Әділет" in line.get_text()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("lang", "notice"), [("kk", KK_NOTICE), ("ru", RU_NOTICE)], ids=["kk", "ru"]
)
async def test_pages_say_an_unrecorded_text_is_not_presented_as_official(
    client: httpx.AsyncClient, lang: str, notice: str
) -> None:
    key = "7-2019-05-30-kk"
    for url in (f"/standards/{key}?lang={lang}", f"/cards/2635-3-001@6?standard={key}&lang={lang}"):
        line = await _official(client, url)
        assert line is not None and notice in line.get_text(), url
        assert line.find("a") is None


@pytest.mark.anyio
async def test_json_twins_and_rest_carry_the_source_or_null(client: httpx.AsyncClient) -> None:
    recorded = {"url": ADILET, "note": "Әділет"}
    for url in (
        f"/standards/{SEED_KEY}.json",
        f"/api/v1/standards/{SEED_KEY}",
        f"/cards/{CARD}.json",
        f"/api/v1/cards/{CARD}",
    ):
        body = (await client.get(url)).json()
        assert body["official_source"] == recorded, url
    assert (await client.get(f"/api/v1/standards/{SEED_KEY}")).json()["versions"][0][
        "official_source"
    ] == recorded
    for url in (
        "/api/v1/standards/7-2019-05-30-kk",
        "/cards/2635-3-001@6.json?standard=7-2019-05-30-kk",
    ):
        assert (await client.get(url)).json()["official_source"] is None, url


@pytest.mark.anyio
async def test_parity_and_side_by_side_show_each_edition(client: httpx.AsyncClient) -> None:
    parity = (await client.get("/api/v1/standards/7-2019-05-30-kk/parity")).json()
    assert (parity["official_source"], parity["other_official_source"]) == (
        None,
        {"url": RU_URL, "note": None},
    )
    for url in (
        "/standards/7-2019-05-30-kk/parity?lang=en",
        "/cards/2635-3-001@6/editions?standard=7-2019-05-30-kk&lang=en",
    ):
        listing = await _official(client, url)
        assert listing is not None, url
        kk_item, ru_item = listing.find_all("li")
        assert EN_NOTICE in kk_item.get_text() and kk_item.find("a") is None
        assert ru_item.find("a")["href"] == RU_URL


@pytest.mark.anyio
async def test_case_export_writes_official_source_url_only_when_recorded(
    client: httpx.AsyncClient,
) -> None:
    schema = json.loads((ROOT / "tests/fixtures/case/case-v1p1-cfpackage-schema.json").read_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    recorded = (await client.get(f"/api/v1/standards/{SEED_KEY}/export?format=case")).json()
    validator.validate(recorded)
    assert recorded["CFDocument"]["officialSourceURL"] == ADILET
    plain = (await client.get("/api/v1/standards/7-2019-05-30-kk/export?format=case")).json()
    validator.validate(plain)
    assert "officialSourceURL" not in plain["CFDocument"]
    service = (await client.get("/ims/case/v1p1/CFDocuments")).json()
    by_title = {d["officialSourceURL"] for d in service["CFDocuments"] if "officialSourceURL" in d}
    assert by_title == {ADILET, RU_URL}


def test_cli_case_export_carries_the_bundled_source(runner: CliRunner, db: str) -> None:
    done = runner.invoke(cli_app, ["export", "-f", "case", "--standard", SEED_KEY, "--db", db])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["CFDocument"]["officialSourceURL"] == ADILET
    every = runner.invoke(cli_app, ["export", "-f", "case", "--db", db])
    assert json.loads(every.stdout)["CFDocument"]["officialSourceURL"] == ADILET


def test_the_card_pdf_prints_the_source_or_the_notice(app: FastAPI, tmp_path: Path) -> None:
    import subprocess

    from kasip.pages import build_card
    from kasip.pdf import render_card_pdf

    registry: Registry = app.state.registry
    texts = []
    for standard in (SEED_KEY, "7-2019-05-30-kk"):
        card = CARD if standard == SEED_KEY else "2635-3-001@6"
        path = tmp_path / f"{standard}.pdf"
        path.write_bytes(render_card_pdf(build_card(registry, card, standard=standard), lang="en"))
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        texts.append(re.sub(r"\s+", " ", done.stdout))
    recorded, plain = texts
    assert f"Official text: {ADILET} (Әділет)" in recorded and EN_NOTICE not in recorded
    assert EN_NOTICE in plain and "Official text:" not in plain


def test_the_first_start_records_the_bundled_source(tmp_path: Path) -> None:
    from kasip.cli.options import open_seeded

    # What `kasip serve` (and the other commands that need a standard) do on an empty registry.
    with open_seeded(f"sqlite:///{tmp_path / 'fresh.db'}") as registry:
        [version] = registry.versions(SEED_KEY)
    assert version.official_source is not None and version.official_source.url == ADILET
