"""Exports a college, an LMS and an analyst use as they are (the review of issue 15, 3 and 4).

The public URL of what the answers write, CASE 1.0 from the web and the API,
the version facts of the tables, and Moodle's framework ID numbers, sibling
short names and provenance.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kasip.api.app import create_app
from kasip.cli import app as cli
from kasip.config import Settings
from kasip.errors import InvalidInput
from kasip.export import EXPORT_FORMATS, ExportOptions, VersionFacts
from kasip.model.official import OfficialSource
from kasip.pages.exports import build_export
from kasip.registry import Registry, open_registry
from kasip.store.effective import EnteredDate
from kasip.testing import make_card, make_document
from moodle_rules import moodle_problems, sibling_name_problems

KEY = "292-2019-05-30-kk"
CASE = "/ims/case/v1p1"
EXPORT = f"/api/v1/standards/{KEY}/export"
OFFICIAL = "https://adilet.zan.kz/kaz/docs/V1900018712"


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    """Two versions: v1 (one card, its day proposed) and v2 (levels 5 and 6 of one
    occupation, its day entered, its official text recorded)."""
    with open_registry("sqlite://") as reg:
        reg.import_documents([make_document()])
        reg.import_documents([make_document(cards=[make_card(level=5), make_card(level=6)])])
        reg.set_effective_date(KEY, 2, EnteredDate(on=date(2024, 1, 15), note="adilet"))
        reg.set_official_source(KEY, 2, OfficialSource(url=OFFICIAL))
        yield reg


def client(registry: Registry, base_url: str, settings: Settings | None = None) -> TestClient:
    return TestClient(create_app(settings or Settings(), registry=registry), base_url=base_url)


@pytest.fixture
def no_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KASIP_PUBLIC_URL", raising=False)


def uris(data: Any) -> Iterator[str]:
    """Every ``uri`` of a CASE answer, at any depth."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "uri" and isinstance(value, str):
                yield value
            else:
                yield from uris(value)
    elif isinstance(data, list):
        for value in data:
            yield from uris(value)


def assert_all_under(data: Any, base: str) -> None:
    """Every ``http(s)`` URI is under ``base`` (item types are ``urn:uuid:``)."""
    found = [uri for uri in uris(data) if uri.startswith("http")]
    assert found and all(uri.startswith(f"{base}/") for uri in found), found[:3]


# 1. The public URL


@pytest.mark.usefixtures("no_public_url")
def test_without_public_url_answers_use_the_address_asked(registry: Registry) -> None:
    app = create_app(Settings(), registry=registry)
    for base in ("http://127.0.0.1:8790", "https://kasip.college.kz:9443"):
        # One app, one response cache: the second host must not get the first's URIs.
        web = TestClient(app, base_url=base)
        listing = web.get(f"{CASE}/CFDocuments")
        assert listing.status_code == 200
        assert_all_under(listing.json(), base)
        assert f"<{base}{CASE}/CFDocuments?" in listing.headers["link"]
        identifier = listing.json()["CFDocuments"][0]["identifier"]
        document = web.get(f"{CASE}/CFDocuments/{identifier}")
        assert_all_under(document.json(), base)
        package = web.get(document.json()["CFPackageURI"]["uri"])
        assert_all_under(package.json(), base)
        for path in (EXPORT, f"/standards/{KEY}/export"):
            download = web.get(path, params={"format": "case"})
            assert download.status_code == 200
            assert_all_under(download.json(), base)


@pytest.mark.usefixtures("no_public_url")
def test_the_root_path_is_part_of_the_base(registry: Registry) -> None:
    web = TestClient(
        create_app(Settings(), registry=registry), base_url="http://h:8790", root_path="/kasip"
    )
    answer = web.get(f"/kasip{EXPORT}", params={"format": "case"})
    assert answer.status_code == 200
    assert_all_under(answer.json(), "http://h:8790/kasip")


def test_a_set_public_url_wins(registry: Registry) -> None:
    settings = Settings(public_url="https://kasip.example.kz")
    web = client(registry, "http://10.0.0.5:8000", settings)
    listing = web.get(f"{CASE}/CFDocuments")
    assert_all_under(listing.json(), "https://kasip.example.kz")
    assert "<https://kasip.example.kz/ims/" in listing.headers["link"]
    assert_all_under(web.get(EXPORT, params={"format": "case"}).json(), "https://kasip.example.kz")


def test_the_download_etag_follows_the_base(registry: Registry) -> None:
    tags = {
        build_export(registry, KEY, format_name="case", public_url=base).tag
        for base in ("http://a:1", "http://b:2")
    }
    assert len(tags) == 2


@pytest.mark.usefixtures("no_public_url")
def test_many_hosts_build_the_case_index_once_per_state(monkeypatch: pytest.MonkeyPatch) -> None:
    from kasip.export.case_index import build_case_index as real
    from kasip.pages import case_service

    registry = open_registry("sqlite://")  # its own: the test imports into it
    registry.import_documents([make_document()])

    built: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(case_service, "build_case_index", counting)
    app = create_app(Settings(), registry=registry)
    for n in range(9):
        answer = TestClient(app, base_url=f"http://host{n}.test").get(f"{CASE}/CFDocuments")
        assert_all_under(answer.json(), f"http://host{n}.test")
    assert len(built) == 1
    registry.import_documents([make_document(order_number="777")])
    for n in range(3):
        answer = TestClient(app, base_url=f"http://other{n}.test").get(f"{CASE}/CFDocuments")
        assert len(answer.json()["CFDocuments"]) == 2
    assert len(built) == 2
    registry.close()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    with open_registry(url) as reg:
        reg.import_documents([make_document()])
    return url


@pytest.mark.parametrize("fmt", ["case", "json"])
def test_cli_warns_once_when_case_uris_use_the_default(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.delenv("KASIP_PUBLIC_URL", raising=False)
    args = ["export", "-f", fmt, "--db", db, "-o", str(tmp_path / "out.json")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning:") == (1 if fmt == "case" else 0)
    if fmt == "case":
        assert "http://127.0.0.1:8000" in result.stderr
    monkeypatch.setenv("KASIP_PUBLIC_URL", "https://kasip.example.kz")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "Warning:" not in again.stderr


# 2. CASE 1.0 from the web and the API


@pytest.mark.parametrize("path", [EXPORT, f"/standards/{KEY}/export"])
def test_case_version_is_chosen_and_checked(registry: Registry, path: str) -> None:
    web = client(registry, "http://kasip.test")
    newer = web.get(path, params={"format": "case"})
    older = web.get(path, params={"format": "case", "case_version": "1.0"})
    assert newer.status_code == older.status_code == 200
    # CASE 1.1 alone has kasip's extensions (case.py leaves them out of 1.0).
    assert "extensions" in newer.json() and "extensions" not in older.json()
    assert older.headers["content-disposition"].endswith('-case-1.0.json"')
    assert newer.headers["etag"] != older.headers["etag"]
    refused = web.get(path, params={"format": "case", "case_version": "2.0"})
    assert refused.status_code == 400
    assert "case_version" in refused.text


def test_the_library_refuses_an_unknown_case_version(registry: Registry) -> None:
    with pytest.raises(InvalidInput, match=r"case_version '1\.2'"):
        build_export(registry, KEY, format_name="case", case_version="1.2")


# 3. The tables say which version they hold


def standards_sheet(data: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    header, row = book["standards"].iter_rows(values_only=True)
    return {str(name): value for name, value in zip(header, row, strict=True)}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2020-06-01", (1, "2019-05-30", "order", None)),
     ("2025-06-01", (2, "2024-01-15", "entered", OFFICIAL))],
)  # fmt: skip
def test_an_as_of_workbook_names_its_version(
    registry: Registry, as_of: str, expected: tuple[object, ...]
) -> None:
    data = build_export(registry, KEY, format_name="xlsx", as_of=as_of).data
    row = standards_sheet(data)
    facts = ("version", "effective_from", "effective_basis", "official_url")
    assert tuple(row[name] for name in facts) == expected
    assert row["cards"] == expected[0]  # v1 has one card, v2 two: the row is that version's


def test_the_csv_standards_table_has_the_version_facts(registry: Registry) -> None:
    data = build_export(registry, KEY, format_name="csv", version=2).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("standards.csv").decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["version"], row["effective_from"], row["effective_basis"]) == (
        "2",
        "2024-01-15",
        "entered",
    )
    assert row["official_url"] == OFFICIAL


def test_without_version_facts_the_cells_are_empty() -> None:
    data = EXPORT_FORMATS["xlsx"].write([make_document()], ExportOptions())
    assert standards_sheet(data)["version"] is None
    given = ExportOptions(
        versions=(VersionFacts(KEY, 3, "2021-01-01", "entered", OFFICIAL),),
    )
    row = standards_sheet(EXPORT_FORMATS["xlsx"].write([make_document()], given))
    assert (row["version"], row["official_url"]) == (3, OFFICIAL)


def test_cli_export_of_every_standard_carries_the_latest_facts(db: str, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    result = CliRunner().invoke(cli, ["export", "-f", "xlsx", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = standards_sheet(out.read_bytes())
    assert (row["version"], row["effective_basis"]) == (1, "order")


# 4. Moodle


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_each_version_is_its_own_moodle_framework(registry: Registry) -> None:
    files = [build_export(registry, KEY, format_name="moodle", version=n) for n in (1, 2)]
    heads = [rows_of(f.data)[1] for f in files]
    assert [head[1] for head in heads] == [f"{KEY}-v1", f"{KEY}-v2"]
    assert all(head[12] == "1" for head in heads)
    for file in files:
        assert moodle_problems(file.data) == []
        assert sibling_name_problems(file.data) == []
    cards = build_export(registry, KEY, format_name="moodle", version=2, moodle_framework="card")
    with zipfile.ZipFile(io.BytesIO(cards.data)) as archive:
        ids = sorted(rows_of(archive.read(name))[1][1] for name in archive.namelist())
    assert ids == [f"{KEY}-v2/2635-3-001@5", f"{KEY}-v2/2635-3-001@6"]


def test_sibling_cards_of_one_name_are_told_apart(registry: Registry) -> None:
    data = build_export(registry, KEY, format_name="moodle", version=2).data
    cards = [row for row in rows_of(data)[2:] if row[0] == ""]
    assert [row[2] for row in cards] == [
        "Әлеуметтік жұмыс жөніндегі маман (2635-3-001@5)",
        "Әлеуметтік жұмыс жөніндегі маман (2635-3-001@6)",
    ]
    # Children of different parents keep their names: only siblings are told apart.
    functions = [row[2] for row in rows_of(data)[2:] if row[0] in ("2635-3-001@5", "2635-3-001@6")]
    assert len(functions) == 2 and functions[0] == functions[1] and "(" not in functions[0]


def test_a_long_sibling_name_keeps_its_suffix_within_100(registry: Registry) -> None:
    name = "Әлеуметтік жұмыс жөніндегі өте ұзын атаулы маман " * 4
    doc = make_document(cards=[make_card(name=name, level=5), make_card(name=name, level=6)])
    data = EXPORT_FORMATS["moodle"].write([doc], ExportOptions())
    names = [row[2] for row in rows_of(data)[2:] if row[0] == ""]
    assert [len(n) <= 100 for n in names] == [True, True]
    assert names[0].endswith("… (2635-3-001@5)") and names[1].endswith("… (2635-3-001@6)")
    assert moodle_problems(data) == [] and sibling_name_problems(data) == []


def test_the_sibling_rule_sees_a_repeated_name() -> None:
    data = EXPORT_FORMATS["moodle"].write([make_document()], ExportOptions())
    rows = rows_of(data)
    rows.append(["", "other", rows[2][2], "", "1", "", "", "", "0", "", "", "99", "0", ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert sibling_name_problems(out.getvalue().encode("utf-8")) != []


def test_descriptions_cite_the_key_version_and_line(registry: Registry) -> None:
    data = build_export(registry, KEY, format_name="moodle", version=2).data
    for row in rows_of(data)[2:]:
        assert f"{KEY}-v2:" in row[3], row[3]
        assert "psychological-and-social-work.kk.txt" not in row[3]
    skill = next(row for row in rows_of(data) if row[1] == "2635-3-001@6/f1/t1/s1")
    assert skill[3].endswith(f"2635-3-001@6/f1/t1/s1 · {KEY}-v2:1</p>")


def test_an_import_during_the_index_build_never_pairs_it_with_a_newer_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Review finding 2: the document list was stored under a generation read after
    # the index, on another connection, so an import in between kept a stale list.
    from kasip.export.case_index import build_case_index as real
    from kasip.pages import case_service

    registry = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    registry.import_documents([make_document()])
    pending = [make_document(order_number="777")]

    def importing(*args: Any, **kwargs: Any) -> Any:
        index = real(*args, **kwargs)
        while pending:  # another process imports once, right after this build
            registry.import_documents([pending.pop()])
        return index

    monkeypatch.setattr(case_service, "build_case_index", importing)
    first = case_service.case_documents(registry, public_url="http://a.test")
    second = case_service.case_documents(registry, public_url="http://a.test")
    assert (first.total, second.total) == (1, 2)
    registry.close()


def test_cli_case_export_of_every_standard_writes_what_one_standard_writes(
    db: str, tmp_path: Path
) -> None:
    """One lookup of the version's facts: export of all and of one standard agree."""
    with open_registry(db) as reg:
        reg.set_effective_date(KEY, 1, EnteredDate(date(2020, 1, 1)))
        reg.set_official_source(KEY, 1, OfficialSource(url=OFFICIAL))
    every, one = tmp_path / "all.json", tmp_path / "one.json"
    runner = CliRunner()
    for out, extra in ((every, []), (one, ["--standard", KEY])):
        args = ["export", "-f", "case", "--db", db, "-o", str(out), *extra]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    assert every.read_bytes() == one.read_bytes()  # one standard: the same package
    document = json.loads(one.read_bytes())["CFDocument"]
    assert (document["statusStartDate"], document["officialSourceURL"]) == ("2020-01-01", OFFICIAL)
