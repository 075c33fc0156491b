"""``isTranslationOf`` in the package of one standard, when the registry holds its other edition.

The Kazakh and Russian card fixtures ``card_basic`` (each behind its standard head) are the
two editions of order No 292 of 30 May 2019. The Russian package written for one standard
(``kasip export --standard``, the web and REST export, the CASE service) must carry the
associations a file holding both editions carries, with the same UUIDs; the Kazakh package
and any package without the other edition stay byte for byte what the fixtures hold
(``tests/fixtures/case/card_basic.{kk,ru}.lone.json``; rewritten when statement UUIDs
became text-based and the CFDocument ``version`` began naming kasip's version: only the
non-card identifiers and ``version`` changed, and ``kasipSource`` gained ``content``,
which later came to cover everything a read-back takes: only ``content`` changed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers_parse import load_card_fixture, parse
from kasip.cli import app as cli
from kasip.export import EXPORT_FORMATS, ExportOptions, VersionFacts
from kasip.export.case import document_uuid
from kasip.export.case_index import build_case_index
from kasip.model import Document
from kasip.pages.case_service import case_index
from kasip.pages.exports import build_export
from kasip.registry import Registry, open_registry
from kasip.store.keys import identity_sha256
from kasip.store.outline import OutlineRow
from test_case_service import BASE, CASE, assert_type, errors_of, get_json, make_client, path_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "case"
KK, RU = "292-2019-05-30-kk", "292-2019-05-30-ru"
Json = dict[str, Any]


def edition(lang: str) -> Document:
    return parse(load_card_fixture(lang, "card_basic"), source_name=f"card_basic.{lang}.txt")


@pytest.fixture(scope="module")
def editions() -> tuple[Document, Document]:
    return edition("kk"), edition("ru")


@pytest.fixture(scope="module")
def registry(editions: tuple[Document, Document]) -> Iterator[Registry]:
    with open_registry("sqlite://") as found:
        found.import_documents(list(editions))
        yield found


@pytest.fixture(scope="module")
def client(registry: Registry) -> TestClient:
    return make_client(registry)


def both_exported(docs: tuple[Document, Document], version: str = "1.1") -> list[Json]:
    options = ExportOptions(
        public_url=BASE,
        case_version=version,  # type: ignore[arg-type]
        versions=(
            VersionFacts(KK, 1),
            VersionFacts(RU, 1),
        ),  # as the registry holds them: each its version 1
    )
    packages: list[Json] = json.loads(EXPORT_FORMATS["case"].write(list(docs), options))
    return packages


def exported(registry: Registry, key: str) -> bytes:
    return build_export(registry, key, format_name="case", public_url=BASE).data


def translations(package: Json) -> list[Json]:
    return [a for a in package["CFAssociations"] if a["associationType"] == "isTranslationOf"]


def lone(lang: str) -> bytes:
    return (FIXTURES / f"card_basic.{lang}.lone.json").read_bytes()


def test_the_fixtures_are_two_editions_of_one_order(editions: tuple[Document, Document]) -> None:
    kk, ru = editions
    assert [doc.standard.language for doc in editions] == ["kk", "ru"]
    assert kk.standard.order.number == ru.standard.order.number == "292"
    assert [c.id for c in kk.cards] == [c.id for c in ru.cards]


def test_the_russian_package_links_each_item_to_the_kazakh_one(
    registry: Registry, editions: tuple[Document, Document]
) -> None:
    package = json.loads(exported(registry, RU))
    kk, ru = both_exported(editions)
    assert errors_of(package, "CFPackageDType") == []
    # The whole package, associations and their UUIDs included, is the two-document export's.
    assert package == ru
    found = translations(package)
    assert found and found == translations(ru)
    kazakh = {item["humanCodingScheme"]: item for item in kk["CFItems"]}
    russian = {item["identifier"]: item for item in package["CFItems"]}
    assert len(found) == len(package["CFItems"]) == len(kazakh)
    for association in found:
        origin = russian[association["originNodeURI"]["identifier"]]
        target = kazakh[origin["humanCodingScheme"]]  # the Kazakh item with the same ID
        destination = association["destinationNodeURI"]
        assert (destination["identifier"], destination["uri"]) == (
            target["identifier"],
            target["uri"],
        )
        assert f"standard={KK}" in destination["uri"]
    assert package["CFDocument"]["identifier"] == document_uuid(RU)


def test_the_kazakh_package_and_a_lone_edition_are_unchanged(
    registry: Registry, editions: tuple[Document, Document]
) -> None:
    assert exported(registry, KK) == lone("kk")
    for doc, lang in zip(editions, ("kk", "ru"), strict=True):
        with open_registry("sqlite://") as alone:
            alone.import_documents([doc])
            assert exported(alone, f"292-2019-05-30-{lang}") == lone(lang)
            assert not translations(json.loads(lone(lang)))
            index = case_index(alone, public_url=BASE)
            assert dict(index.translated_by) == {}
            written = json.loads(lone(lang))
            ids = {written["CFDocument"]["identifier"]}
            ids |= {o["identifier"] for o in (*written["CFItems"], *written["CFAssociations"])}
            assert set(index) == ids


def test_the_export_etag_changes_with_the_kazakh_edition(
    editions: tuple[Document, Document],
) -> None:
    kk, ru = editions
    with open_registry("sqlite://") as registry:
        registry.import_documents([ru])
        before = build_export(registry, RU, format_name="case", public_url=BASE).tag
        registry.import_documents([kk])
        after = build_export(registry, RU, format_name="case", public_url=BASE).tag
        kazakh = build_export(registry, KK, format_name="case", public_url=BASE).tag
    assert after != before and after.startswith(before) and identity_sha256(kk) in after
    assert identity_sha256(ru) not in kazakh


def test_kasip_export_writes_the_same_associations_for_one_standard_and_for_all(
    editions: tuple[Document, Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    with open_registry(url) as registry:
        registry.import_documents(list(editions))
        expected = exported(registry, RU)
    monkeypatch.setenv("KASIP_PUBLIC_URL", BASE)

    def export(*extra: str) -> Any:
        out = tmp_path / "out.json"
        args = ["export", "--db", url, "--format", "case", "--output", str(out), *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    one = export("--standard", RU)
    assert one == expected
    kk, ru = json.loads(export())
    assert translations(json.loads(one)) == translations(ru) != []
    assert not translations(kk)
    assert export("--standard", KK) == lone("kk")
    # CASE 1.0 has no isTranslationOf, with or without the other edition.
    old = json.loads(export("--standard", RU, "--case-version", "1.0"))
    assert not translations(old)
    assert old == both_exported(editions, "1.0")[1]


def test_the_web_and_rest_downloads_carry_the_translations(client: TestClient) -> None:
    registry = client.app.state.registry  # type: ignore[attr-defined]
    for path in (f"/standards/{RU}/export", f"/api/v1/standards/{RU}/export"):
        answer = client.get(path, params={"format": "case"})
        assert answer.status_code == 200, (path, answer.text[:200])
        assert answer.content == exported(registry, RU)
        assert translations(answer.json())


def test_the_service_serves_and_finds_the_translations(client: TestClient) -> None:
    answer = client.get(f"{CASE}/CFPackages/{document_uuid(RU)}")
    assert answer.status_code == 200
    assert answer.content == exported(client.app.state.registry, RU)  # type: ignore[attr-defined]
    package = answer.json()
    kazakh = get_json(client, f"{CASE}/CFPackages/{document_uuid(KK)}")
    found = translations(package)
    assert found
    for association in found:
        alone = get_json(client, f"{CASE}/CFAssociations/{association['identifier']}")
        assert_type(alone, "CFAssociationDType")
        assert alone["associationType"] == "isTranslationOf"
        assert alone["destinationNodeURI"] == association["destinationNodeURI"]
        assert alone["CFDocumentURI"]["identifier"] == document_uuid(RU)
        ends = (association["originNodeURI"], association["destinationNodeURI"])
        for end in ends:  # the Russian origin and the Kazakh destination both list it
            listed = get_json(client, f"{CASE}/CFItemAssociations/{end['identifier']}")
            assert_type(listed, "CFAssociationSetDType")
            assert association["identifier"] in {a["identifier"] for a in listed["CFAssociations"]}
    # A Kazakh item lists its own package's associations and the one translation to it.
    item = kazakh["CFItems"][0]["identifier"]
    listed = get_json(client, f"{CASE}/CFItemAssociations/{item}")["CFAssociations"]
    own = [
        a
        for a in kazakh["CFAssociations"]
        if item in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    assert len(listed) == len(own) + 1
    assert [a["associationType"] for a in listed[len(own) :]] == ["isTranslationOf"]


def test_the_index_holds_every_identifier_of_both_packages(client: TestClient) -> None:
    registry = client.app.state.registry  # type: ignore[attr-defined]
    index = case_index(registry, public_url=BASE)
    written: set[str] = set()
    for key in (KK, RU):
        package = get_json(client, path_of(f"{BASE}{CASE}/CFPackages/{document_uuid(key)}"))
        written |= {package["CFDocument"]["identifier"]}
        written |= {o["identifier"] for o in (*package["CFItems"], *package["CFAssociations"])}
    assert set(index) == written
    assert dict(index.translated_by) == {KK: (RU,)}


def test_editions_sharing_no_card_are_not_linked(editions: tuple[Document, Document]) -> None:
    kk, ru = editions
    card = ru.cards[0].model_copy(update={"id": "2635-3-001@5"})
    other = ru.model_copy(update={"cards": (card,)})
    with open_registry("sqlite://") as registry:
        registry.import_documents([kk, other])
        package = json.loads(exported(registry, RU))
        index = case_index(registry, public_url=BASE)
    assert not translations(package)
    assert not translations(both_exported((kk, other))[1])
    assert dict(index.translated_by) == {}


def test_the_index_links_a_card_to_the_kazakh_cards_page() -> None:
    rows = [
        OutlineRow(KK, 1, "2635-3-001@6", None, "card"),
        OutlineRow(KK, 1, "2635-3-001@6/f1", "2635-3-001@6", "function"),
        OutlineRow(RU, 2, "2635-3-001@6", None, "card"),
        OutlineRow(RU, 2, "2635-3-001@6/f1", "2635-3-001@6", "function"),
        OutlineRow(RU, 2, "2635-3-001@6/f2", "2635-3-001@6", "function"),
    ]
    index = build_case_index(rows, base=BASE)
    linked = [t for t in map(index.find, index) if t and t.key == RU and t.kind != "document"]
    # Per Russian element: the item and isChildOf; and isTranslationOf for the two with a
    # Kazakh element of their ID (f2 has none).
    assert len(linked) == 3 * 2 + 2
    assert dict(index.translated_by) == {KK: (RU,)}
    alone = build_case_index([r for r in rows if r.key == RU], base=BASE)
    assert len(alone) == len(index) - 2 - (1 + 2 * 2) and dict(alone.translated_by) == {}
