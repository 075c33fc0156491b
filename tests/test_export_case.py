"""CASE 1.1 packages: export valid against the CFPackage schema, stable UUIDs, round trips.

Every package written here is validated against the CASE 1.1 CFPackage JSON
Schema kept in ``tests/fixtures/case/`` (see its README for where it comes from).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from conftest_web import BASE_URL
from kasip.cli import app
from kasip.errors import ImportRejected
from kasip.export import EXPORT_FORMATS, ExportOptions, load_documents
from kasip.model import Document, Item
from kasip.model.elements import walk
from kasip.parse import parse_standard, read_document
from kasip.registry import open_registry

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "fixtures" / "case" / "case-v1p1-cfpackage-schema.json"
NPP = ROOT / "tests" / "corpus" / "npp" / "npp-it-10-system-analysis.ru.docx"
EXPORTED = {"card", "function", "task", "skill", "knowledge"}
Package = dict[str, Any]


@cache
def validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def export_case(docs: list[Document], version: str = "1.1", url: str = BASE_URL) -> Any:
    options = ExportOptions(public_url=url, case_version=version)  # type: ignore[arg-type]
    return json.loads(EXPORT_FORMATS["case"].write(docs, options))


def assert_valid(package: Package) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(package)]
    assert errors == []


def elements(doc: Document) -> list[tuple[str, str, str]]:
    return [(e.id, e.type, e.text) for e in walk(doc) if e.type in EXPORTED]


@pytest.fixture(scope="module")
def npp_document() -> Document:
    return parse_standard(read_document(NPP).text, source_name=NPP.name)


def test_the_schema_refuses_what_it_must() -> None:
    # The validator is no rubber stamp: a bad UUID and an unknown field are refused.
    doc = {"identifier": "not-a-uuid", "uri": "http://x/y", "creator": "c", "title": "t",
           "lastChangeDateTime": "2023-01-13T00:00:00+00:00", "CFDocumentURI": {}}  # fmt: skip
    messages = [e.message for e in validator().iter_errors({"CFDocument": doc})]
    assert len(messages) == 2
    assert any("CFDocumentURI" in m for m in messages)


@pytest.mark.parametrize("version", ["1.1", "1.0"])
def test_case_exports_are_valid_cfpackages(
    seed_document: Document, npp_document: Document, version: str
) -> None:
    for doc in (seed_document, npp_document):
        package = export_case([doc], version)
        assert_valid(package)
        assert len(package["CFItems"]) == len(elements(doc))
        codes = [item["humanCodingScheme"] for item in package["CFItems"]]
        assert codes == [e[0] for e in elements(doc)]
        kinds = {a["associationType"] for a in package["CFAssociations"]}
        assert "isChildOf" in kinds
        text = json.dumps(package)
        assert ('"extensions"' in text) is (version == "1.1")
        assert ("caseVersion" in package["CFDocument"]) is (version == "1.1")
    assert npp_document.standard.language == "ru"


def test_the_tree_is_numbered_and_the_levels_precede(seed_document: Document) -> None:
    package = export_case([seed_document])
    by_uuid = {i["identifier"]: i["humanCodingScheme"] for i in package["CFItems"]}
    children: dict[str, list[int]] = {}
    precedes = []
    for link in package["CFAssociations"]:
        origin = by_uuid[link["originNodeURI"]["identifier"]]
        target = by_uuid.get(link["destinationNodeURI"]["identifier"], "document")
        if link["associationType"] == "isChildOf":
            children.setdefault(target, []).append(link["sequenceNumber"])
            assert target == "document" or origin.startswith(target + "/")
        elif link["associationType"] == "precedes":
            precedes.append((origin, target))
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in children.values())
    assert len(children["document"]) == len(seed_document.cards)
    assert ("2635-3-001@4", "2635-3-001@5") in precedes
    assert ("2635-3-001@5", "2635-3-001@6") in precedes
    assert all(a.split("@")[0] == b.split("@")[0] for a, b in precedes)


def uuids(package: Package) -> dict[str, str]:
    return {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}


def test_uuids_are_stable_and_a_changed_text_gets_a_new_uuid(seed_document: Document) -> None:
    first = export_case([seed_document])
    assert export_case([seed_document]) == first
    # A changed text (a later version of the standard) is another statement: a new UUID;
    # every other element keeps its own (tests/test_case_identity.py: inserted ones).
    card = seed_document.cards[0]
    task = card.functions[0].tasks[0]
    changed_item = Item(**{**task.skills[0].model_dump(), "text": "Жаңа мәтін"})
    new_task = task.model_copy(update={"skills": (changed_item, *task.skills[1:])})
    function = card.functions[0]
    new_function = function.model_copy(update={"tasks": (new_task, *function.tasks[1:])})
    new_card = card.model_copy(update={"functions": (new_function, *card.functions[1:])})
    changed = seed_document.model_copy(update={"cards": (new_card, *seed_document.cards[1:])})
    again = export_case([changed])
    assert uuids(again)[changed_item.id] != uuids(first)[changed_item.id]
    assert {k: v for k, v in uuids(again).items() if k != changed_item.id} == {
        k: v for k, v in uuids(first).items() if k != changed_item.id
    }
    texts = {i["humanCodingScheme"]: i["fullStatement"] for i in again["CFItems"]}
    assert texts[changed_item.id] == "Жаңа мәтін"
    # Another language's edition of the same order has its own UUIDs.
    russian = seed_document.model_copy(
        update={"standard": seed_document.standard.model_copy(update={"language": "ru"})}
    )
    assert set(uuids(export_case([russian])).values()).isdisjoint(uuids(first).values())


def test_editions_of_one_order_are_translations(seed_document: Document) -> None:
    russian = seed_document.model_copy(
        update={"standard": seed_document.standard.model_copy(update={"language": "ru"})}
    )
    kk, ru = export_case([seed_document, russian])
    assert_valid(kk)
    assert_valid(ru)
    kk_ids = {v: k for k, v in uuids(kk).items()}
    ru_ids = {v: k for k, v in uuids(ru).items()}
    pairs = [
        (ru_ids[a["originNodeURI"]["identifier"]], kk_ids[a["destinationNodeURI"]["identifier"]])
        for a in ru["CFAssociations"]
        if a["associationType"] == "isTranslationOf"
    ]
    assert len(pairs) == len(ru["CFItems"])
    assert all(a == b for a, b in pairs)
    assert not any(a["associationType"] == "isTranslationOf" for a in kk["CFAssociations"])
    old = export_case([seed_document, russian], "1.0")
    assert not any(
        a["associationType"] == "isTranslationOf" for p in old for a in p["CFAssociations"]
    )


@pytest.mark.anyio
async def test_every_uri_resolves_at_kasip(
    seed_document: Document, web_client: httpx.AsyncClient
) -> None:
    package = export_case([seed_document])
    cards = [i for i in package["CFItems"] if i["CFItemType"] == "Profession card"]
    # Every card, and one element in 20 of the rest (each answer takes a page build).
    chosen = [package["CFDocument"], *cards, *package["CFItems"][1::20]]
    for entry in chosen:
        parts = urlsplit(entry["uri"])
        assert f"{parts.scheme}://{parts.netloc}" == BASE_URL
        # An element's permalink redirects to its card's page, at the element.
        response = await web_client.get(f"{parts.path}?{parts.query}", follow_redirects=True)
        assert response.status_code == 200, entry["uri"]
        if "humanCodingScheme" in entry:
            assert entry["humanCodingScheme"] in response.text


def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})


@pytest.mark.parametrize("fmt", ["case", "json"])
def test_export_import_gives_the_same_cards_and_elements(fmt: str, tmp_path: Path) -> None:
    first, second = f"sqlite:///{tmp_path}/a.db", f"sqlite:///{tmp_path}/b.db"
    path = tmp_path / "out.json"
    cli = runner()
    assert cli.invoke(app, ["import", "--bundled", "--db", first]).exit_code == 0
    result = cli.invoke(app, ["export", "--format", fmt, "--output", str(path), "--db", first])
    assert result.exit_code == 0, result.output
    result = cli.invoke(app, ["import", str(path), "--db", second])
    assert result.exit_code == 0, result.output
    with open_registry(first) as a, open_registry(second) as b:
        [original] = a.export_all()
        [back] = b.export_all()
    assert elements(back) == elements(original)
    assert [c.level for c in back.cards] == [c.level for c in original.cards]
    assert [f.kind for c in back.cards for f in c.functions] == [
        f.kind for c in original.cards for f in c.functions
    ]
    if fmt == "case":  # and the UUIDs of a re-export are those of the first
        again = export_case([back])
        assert uuids(again) == uuids(export_case([original]))
        assert (
            again["CFDocument"]["identifier"] == export_case([original])["CFDocument"]["identifier"]
        )


def foreign_package() -> Package:
    def item(identifier: str, text: str, code: str | None = None) -> dict[str, str]:
        found = {"identifier": identifier, "fullStatement": text, "uri": f"https://case.example/{identifier}",
                 "lastChangeDateTime": "2024-01-01T00:00:00+00:00"}  # fmt: skip
        return found if code is None else {**found, "humanCodingScheme": code}

    document = {"identifier": "00000000-0000-5000-8000-000000000001", "uri": "https://case.example/d",
                "creator": "Someone", "title": "A foreign framework", "language": "en",
                "lastChangeDateTime": "2024-01-01T00:00:00+00:00"}  # fmt: skip
    items = [
        item("00000000-0000-5000-8000-00000000000a", "No code at all"),
        item("00000000-0000-5000-8000-00000000000b", "Maths", "MATH.1.2"),
        item("00000000-0000-5000-8000-00000000000c", "A card without level", "2635-3-001@x"),
        item("00000000-0000-5000-8000-00000000000d", "A card", "2635-3-001@5"),
        item("00000000-0000-5000-8000-00000000000e", "An orphan skill", "2635-3-001@5/f1/t1/s1"),
        item("00000000-0000-5000-8000-00000000000f", "A function", "2635-3-001@5/f1"),
    ]
    return {"CFDocument": document, "CFItems": items}


def test_a_foreign_package_reports_what_it_lacks() -> None:
    package = foreign_package()
    assert_valid(package)
    [doc] = load_documents(json.dumps(package), source_name="foreign.json")
    assert [c.id for c in doc.cards] == ["2635-3-001@x", "2635-3-001@5"]
    assert [f.id for f in doc.cards[1].functions] == ["2635-3-001@5/f1"]
    found = {d.code: d.message for d in doc.diagnostics}
    assert all(d.severity == "warning" for d in doc.diagnostics)
    assert "CFItem 00000000-0000-5000-8000-00000000000a" in found["case-no-coding-scheme"]
    assert "'MATH.1.2'" in found["case-not-kasip-id"]
    assert "00000000-0000-5000-8000-00000000000c" in found["case-level-missing"]
    assert "'2635-3-001@5/f1/t1'" in found["case-no-parent"]
    assert "CFDocument.language" in found["case-language"]


def test_a_package_with_nothing_usable_is_refused(tmp_path: Path) -> None:
    package = foreign_package()
    package["CFItems"] = package["CFItems"][:2]
    with pytest.raises(ImportRejected) as caught:
        load_documents(json.dumps(package), source_name="foreign.json")
    assert str(caught.value).startswith("foreign.json: nothing kasip can import")
    assert "CFItem 00000000-0000-5000-8000-00000000000a" in str(caught.value)
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    result = runner().invoke(app, ["import", str(path), "--db", f"sqlite:///{tmp_path}/r.db"])
    assert result.exit_code == 1
    assert "nothing kasip can import" in result.output
    assert "Traceback" not in result.output
