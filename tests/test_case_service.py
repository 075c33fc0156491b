"""The read-only CASE 1.1 REST service under /ims/case/v1p1 (issue 15, item 2).

Every answer is validated against the CASE 1.1 types: the CFPackage schema of
``tests/fixtures/case/`` and the REST binding's response types
(``case-v1p1-rest-schema.json``; see the README there), each by a ``$ref``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema  # type: ignore[import-untyped]
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import compare_support
from kasip.api.app import create_app
from kasip.cli import app as cli
from kasip.config import Settings
from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.export.case import document_uuid
from kasip.export.case_vocabulary import item_type_uuid
from kasip.pages.case_service import case_index
from kasip.pages.exports import build_export
from kasip.registry import Registry, open_registry
from kasip.store.effective import EnteredDate
from kasip.testing import make_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "case"
BASE = "http://kasip.test"
CASE = "/ims/case/v1p1"
Json = dict[str, Any]


@cache
def _schema(name: str) -> Json:
    data: Json = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def errors_of(data: Any, definition: str, *, package: bool = False) -> list[str]:
    """What is wrong with ``data`` as the type ``definition`` (a ``$ref`` into the schema)."""
    root = _schema("case-v1p1-cfpackage-schema.json" if package else "case-v1p1-rest-schema.json")
    # Only the definitions: the package schema's own root is a CFPackage.
    schema = {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def assert_type(data: Any, definition: str) -> None:
    assert errors_of(data, definition) == []


def make_client(registry: Registry) -> TestClient:
    settings = Settings(database_url="sqlite://", public_url=BASE)
    return TestClient(create_app(settings, registry=registry), base_url=BASE)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    registry = compare_support.seed_registry()
    try:
        yield make_client(registry)
    finally:
        registry.close()


def path_of(uri: str) -> str:
    parts = urlsplit(uri)
    assert f"{parts.scheme}://{parts.netloc}" == BASE, uri
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_json(client: TestClient, path: str) -> Any:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.text[:300])
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["etag"] and answer.headers["cache-control"] == "no-cache"
    return answer.json()


def seed_package(client: TestClient) -> Json:
    documents = get_json(client, f"{CASE}/CFDocuments")["CFDocuments"]
    package: Json = get_json(client, path_of(documents[0]["CFPackageURI"]["uri"]))
    return package


def test_the_schemas_refuse_what_they_must() -> None:
    item: Json = {"identifier": document_uuid("k"), "fullStatement": "x", "uri": "http://x/y",
            "lastChangeDateTime": "2023-01-13T00:00:00+00:00"}  # fmt: skip
    # A CFItem outside a package must link its document; inside one it must not.
    assert len(errors_of(item, "CFItemDType")) == 1
    assert errors_of(item, "CFPckgItemDType", package=True) == []
    item["CFDocumentURI"] = {"identifier": "nope", "title": "t", "uri": "http://x/d"}
    assert len(errors_of(item, "CFItemDType")) == 1  # not a UUID
    assert len(errors_of(item, "CFPckgItemDType", package=True)) == 1  # no such field there
    assert errors_of({"imsx_codeMajor": "failure"}, "imsx_StatusInfoDType") != []


def test_the_documents_list_one_cfdocument_per_standard(client: TestClient) -> None:
    answer = client.get(f"{CASE}/CFDocuments")
    data = answer.json()
    assert_type(data, "CFDocumentSetDType")
    (document,) = data["CFDocuments"]
    assert document["identifier"] == document_uuid(compare_support.SEED_KEY)
    assert document["uri"] == f"{BASE}/standards/{compare_support.SEED_KEY}"
    assert answer.headers["x-total-count"] == "1"
    assert 'rel="first"' in answer.headers["link"] and 'rel="next"' not in answer.headers["link"]
    # The same document alone, with the link to its package.
    alone = get_json(client, f"{CASE}/CFDocuments/{document['identifier']}")
    assert alone == document
    assert_type(alone, "CFDocumentDType")
    without_link = {k: v for k, v in alone.items() if k != "CFPackageURI"}
    assert errors_of(without_link, "CFPckgDocumentDType", package=True) == []


def test_a_cfdocument_is_answered_without_writing_its_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kasip.export.case import write_case as real
    from kasip.pages import case_service

    written: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> str:
        written.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(case_service, "write_case", counting)
    with open_registry("sqlite://") as registry:
        registry.import_documents([make_document()])
        client = make_client(registry)
        (document,) = get_json(client, f"{CASE}/CFDocuments")["CFDocuments"]
        alone = get_json(client, f"{CASE}/CFDocuments/{document['identifier']}")
        assert alone == document
        assert written == []
        package = get_json(client, alone["CFPackageURI"]["uri"].removeprefix(BASE))
        assert {**package["CFDocument"], "CFPackageURI": alone["CFPackageURI"]} == alone
        assert written == [1]


def test_a_consumer_pulls_the_package_kasip_export_writes(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    with open_registry(url) as registry:
        registry.import_documents([compare_support.seed_document()])
    monkeypatch.setenv("KASIP_PUBLIC_URL", BASE)
    out = tmp_path / "package.json"
    args = ["export", "--db", url, "--format", "case", "--standard", compare_support.SEED_KEY,
            "--output", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    for document in get_json(client, f"{CASE}/CFDocuments")["CFDocuments"]:
        answer = client.get(path_of(document["CFPackageURI"]["uri"]))
        assert answer.status_code == 200
        assert answer.content == out.read_bytes()
        assert errors_of(answer.json(), "CFPackageDType") == []
        assert errors_of(answer.json(), "CFPckgDocumentDType", package=True) != []  # not a doc


def test_a_confirmed_effective_date_reaches_the_package_and_the_list() -> None:
    registry = compare_support.seed_registry()
    try:
        client = make_client(registry)
        identifier = document_uuid(compare_support.SEED_KEY)
        before = client.get(f"{CASE}/CFPackages/{identifier}").json()["CFDocument"]
        assert "statusStartDate" not in before  # the seed's date is only proposed
        entered = EnteredDate(on=date(2019, 7, 1), note="adilet")
        registry.set_effective_date(compare_support.SEED_KEY, 1, entered)
        package = client.get(f"{CASE}/CFPackages/{identifier}")
        exported = build_export(
            registry, compare_support.SEED_KEY, format_name="case", public_url=BASE
        )
        assert package.content == exported.data
        assert package.json()["CFDocument"]["statusStartDate"] == "2019-07-01"
        listed = get_json(client, f"{CASE}/CFDocuments")["CFDocuments"][0]
        assert listed["statusStartDate"] == "2019-07-01"
    finally:
        registry.close()


def test_items_associations_and_item_types_are_served_and_link_back(client: TestClient) -> None:
    package = seed_package(client)
    document = package["CFDocument"]
    firsts: dict[str, Json] = {}
    for item in package["CFItems"]:
        firsts.setdefault(item["CFItemType"], item)
    assert set(firsts) >= {"Profession card", "Labour function", "Task", "Skill", "Knowledge"}
    for item in firsts.values():
        served = get_json(client, f"{CASE}/CFItems/{item['identifier']}")
        assert_type(served, "CFItemDType")
        inner = {k: v for k, v in served.items() if k != "CFDocumentURI"}
        assert errors_of(inner, "CFPckgItemDType", package=True) == []
        assert served["fullStatement"] == item["fullStatement"]
        assert served["CFDocumentURI"]["identifier"] == document["identifier"]
        assert (
            get_json(client, path_of(served["CFDocumentURI"]["uri"]))["title"] == document["title"]
        )
        item_types = get_json(client, path_of(served["CFItemTypeURI"]["uri"]))
        assert_type(item_types, "CFItemTypeSetDType")
        assert item_types["CFItemTypes"][0]["title"] == item["CFItemType"]
        for kind in item_types["CFItemTypes"]:
            assert errors_of(kind, "CFItemTypeDType", package=True) == []
        # The item's page: its uri is kasip's permalink.
        assert (
            client.get(path_of(served["uri"]), headers={"accept": "text/html"}).status_code == 200
        )


def test_an_items_associations_are_every_one_that_starts_or_ends_at_it(client: TestClient) -> None:
    package = seed_package(client)
    ladder = [a for a in package["CFAssociations"] if a["associationType"] == "precedes"]
    assert ladder, "the seed has one occupation at several levels"
    card = ladder[0]["destinationNodeURI"]["identifier"]  # a higher level: it has both kinds
    expected = {
        a["identifier"]
        for a in package["CFAssociations"]
        if card in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    }
    found = get_json(client, f"{CASE}/CFItemAssociations/{card}")
    assert_type(found, "CFAssociationSetDType")
    assert found["CFItem"]["identifier"] == card
    assert {a["identifier"] for a in found["CFAssociations"]} == expected
    kinds = {a["associationType"] for a in found["CFAssociations"]}
    assert kinds == {"isChildOf", "precedes"}
    for association in found["CFAssociations"]:
        alone = get_json(client, path_of(association["uri"]))
        assert_type(alone, "CFAssociationDType")
        inner = {k: v for k, v in alone.items() if k != "CFDocumentURI"}
        assert errors_of(inner, "CFPckgAssociationDType", package=True) == []
        assert alone["originNodeURI"] == association["originNodeURI"]
        assert alone["CFDocumentURI"]["identifier"] == package["CFDocument"]["identifier"]


def test_the_index_holds_every_identifier_of_the_package(client: TestClient) -> None:
    package = seed_package(client)
    registry = client.app.state.registry  # type: ignore[attr-defined]
    index = case_index(registry, public_url=BASE)
    written = {package["CFDocument"]["identifier"]}
    written |= {o["identifier"] for o in (*package["CFItems"], *package["CFAssociations"])}
    assert set(index) == written
    assert len(index) == len(written)
    # No identifier depends on the public URL (associations are made from UUIDs).
    other = case_index(registry, public_url="https://elsewhere.kz")
    assert set(other) == written


def imsx(answer: Any, status: int, code_minor: str) -> str:
    assert answer.status_code == status, answer.text[:300]
    body = answer.json()
    assert_type(body, "imsx_StatusInfoDType")
    assert (body["imsx_codeMajor"], body["imsx_severity"]) == ("failure", "error")
    assert (
        body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == code_minor
    )
    assert "Traceback" not in answer.text
    description: str = body["imsx_description"]
    return description


def test_unknown_and_malformed_identifiers_get_the_bindings_errors(client: TestClient) -> None:
    package = seed_package(client)
    item = package["CFItems"][0]["identifier"]
    unknown = document_uuid("no-such-standard")
    for collection in ("CFDocuments", "CFPackages", "CFItems", "CFItemAssociations",
                       "CFAssociations", "CFItemTypes"):  # fmt: skip
        assert unknown in imsx(client.get(f"{CASE}/{collection}/{unknown}"), 404, "unknownobject")
        imsx(client.get(f"{CASE}/{collection}/not-a-uuid"), 404, "invalid_uuid")
        imsx(client.get(f"{CASE}/{collection}/{'f' * 300}"), 404, "invalid_uuid")
    # An identifier of another kind of object is no object of this collection.
    imsx(client.get(f"{CASE}/CFAssociations/{item}"), 404, "unknownobject")
    imsx(client.get(f"{CASE}/CFPackages/{item}"), 404, "unknownobject")
    imsx(client.get(f"{CASE}/CFItemTypes/{item}"), 404, "unknownobject")
    # Upper case is the same UUID; an unknown path of the service answers in its shape too.
    assert client.get(f"{CASE}/CFItems/{item.upper()}").status_code == 200
    imsx(client.get(f"{CASE}/CFSubjects/{item}"), 404, "unknownobject")
    found = get_json(client, f"{CASE}/CFItemTypes/{item_type_uuid('Skill')}")
    assert found["CFItemTypes"][0]["title"] == "Skill"


def test_errors_keep_the_bindings_shape_behind_a_proxy_prefix(client: TestClient) -> None:
    registry = client.app.state.registry  # type: ignore[attr-defined]
    app = create_app(Settings(public_url=BASE), registry=registry)
    prefixed = TestClient(app, base_url=BASE, root_path="/kasip")
    imsx(prefixed.get(f"/kasip{CASE}/CFItems/not-a-uuid"), 404, "invalid_uuid")
    imsx(prefixed.get(f"/kasip{CASE}/CFDocuments?limit=0"), 400, "invalid_selection_field")


def test_bad_list_parameters_are_refused_with_the_bindings_codes(client: TestClient) -> None:
    documents = f"{CASE}/CFDocuments"
    imsx(client.get(f"{documents}?limit=0"), 400, "invalid_selection_field")
    imsx(client.get(f"{documents}?limit=abc"), 400, "invalid_selection_field")
    imsx(client.get(f"{documents}?offset=-1"), 400, "invalid_selection_field")
    imsx(client.get(f"{documents}?fields=title,colour"), 400, "invalid_selection_field")
    imsx(client.get(f"{documents}?filter=title%3D'x'"), 400, "invalid_selection_field")
    imsx(client.get(f"{documents}?sort=colour"), 400, "invalid_sort_field")
    imsx(client.get(f"{documents}?sort=title&orderBy=up"), 400, "invalid_sort_field")


def test_documents_are_paged_sorted_and_cut_to_fields() -> None:
    docs = [make_document(order_number=str(n), title=f"Standard {n}") for n in (5, 3, 9, 1, 7)]
    with open_registry("sqlite://") as registry:
        registry.import_documents(docs)
        client = make_client(registry)
        seen: list[str] = []
        path: str | None = f"{CASE}/CFDocuments?limit=2"
        while path is not None:
            answer = client.get(path)
            assert answer.headers["x-total-count"] == "5"
            assert_type(answer.json(), "CFDocumentSetDType")
            seen += [d["title"] for d in answer.json()["CFDocuments"]]
            links = dict(_links(answer.headers["link"]))
            assert path_of(links["first"]).endswith("limit=2&offset=0")
            assert path_of(links["last"]).endswith("limit=2&offset=4")
            path = path_of(links["next"]) if "next" in links else None
        assert sorted(seen) == sorted(f"Standard {n}" for n in (1, 3, 5, 7, 9))
        assert len(seen) == 5
        desc = client.get(f"{CASE}/CFDocuments?sort=title&orderBy=desc&fields=title,identifier")
        titles = [d["title"] for d in desc.json()["CFDocuments"]]
        assert titles == [f"Standard {n}" for n in (9, 7, 5, 3, 1)]
        assert {frozenset(d) for d in desc.json()["CFDocuments"]} == {
            frozenset({"title", "identifier"})
        }
        beyond = client.get(f"{CASE}/CFDocuments?offset=10")
        assert beyond.json() == {"CFDocuments": []} and beyond.headers["x-total-count"] == "5"
        # A new standard is served once imported: the index follows the registry's state.
        registry.import_documents([make_document(order_number="11")])
        assert client.get(f"{CASE}/CFDocuments").headers["x-total-count"] == "6"


def _links(header: str) -> Iterator[tuple[str, str]]:
    for part in header.split(", "):
        url, rel = part.split("; ")
        yield rel.removeprefix('rel="').removesuffix('"'), url.strip("<>")


def test_answers_carry_an_etag_and_304_when_the_client_has_it(client: TestClient) -> None:
    path = f"{CASE}/CFDocuments/{document_uuid(compare_support.SEED_KEY)}"
    first = client.get(path)
    again = client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_case_paths_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = {paths[p]["get"]["operationId"] for p in paths if p.startswith(CASE)}
    assert operations == {"getAllCFDocuments", "getCFDocument", "getCFPackage", "getCFItem",
                          "getCFItemAssociations", "getCFAssociation", "getCFItemType"}  # fmt: skip


def test_the_case_1_0_export_is_valid_against_opensalts_1_0_schema() -> None:
    schema = _schema("case-v1p0-cfpackage-schema.json")
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)
    options = ExportOptions(public_url=BASE, case_version="1.0")
    package = json.loads(EXPORT_FORMATS["case"].write([compare_support.seed_document()], options))
    assert [e.message for e in validator.iter_errors(package)] == []
    # 1.1 adds what the 1.0 schema refuses: isTranslationOf is not a 1.0 association type.
    package["CFAssociations"][0]["associationType"] = "isTranslationOf"
    assert len(list(validator.iter_errors(package))) == 1
