"""CASE identifiers that survive amendments, and a read-back that keeps what matters.

Issue 15, items 1 and 5, as a review found them: UUIDs followed the positional
element ID (an inserted skill renamed every skill after it), association UUIDs
followed the public URL, ``lastChangeDateTime`` and ``version`` never moved with
the content, a CASE import of kasip's own package made a false new version, and
``isTranslationOf`` was all or nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from compare_support import SEED_KEY, seed_document
from helpers_parse import FIXTURES, parse
from kasip.export import EXPORT_FORMATS, ExportOptions, VersionFacts, load_documents
from kasip.export.case_vocabulary import parse_document_version
from kasip.model import Document, Item, SourceInfo
from kasip.model.official import OfficialSource
from kasip.pages.case_service import case_index
from kasip.pages.exports import build_export
from kasip.registry import Registry, open_registry
from kasip.store.effective import EnteredDate

BASE = "https://kasip.example"
RU_KEY = "292-2019-05-30-ru"
NEW_SKILL = "Жаңа дағды: клиенттің құжаттарын цифрлық жүйеде жүргізу"
Json = dict[str, Any]


def write(docs: list[Document], url: str = BASE, **options: Any) -> Any:
    return json.loads(EXPORT_FORMATS["case"].write(docs, ExportOptions(public_url=url, **options)))


def statements(package: Json) -> dict[str, tuple[str, str, str]]:
    """UUID → (card, type, statement) of every CFItem."""
    return {
        i["identifier"]: (i["humanCodingScheme"].split("/")[0], i["CFItemType"], i["fullStatement"])
        for i in package["CFItems"]
    }


def with_inserted_skill(doc: Document) -> Document:
    """A later version: one skill inserted at the start of the first task's skills (the
    others move one place: ``s1`` becomes ``s2``), read from another file."""
    card = doc.cards[0]
    function = card.functions[0]
    task = function.tasks[0]
    first = Item(id=f"{task.id}/s1", number="1", text=NEW_SKILL, span=task.skills[0].span)
    moved = tuple(
        s.model_copy(update={"id": f"{task.id}/s{n}", "number": str(n)})
        for n, s in enumerate(task.skills, start=2)
    )
    task = task.model_copy(update={"skills": (first, *moved)})
    function = function.model_copy(update={"tasks": (task, *function.tasks[1:])})
    card = card.model_copy(update={"functions": (function, *card.functions[1:])})
    return doc.model_copy(
        update={"cards": (card, *doc.cards[1:]), "source": SourceInfo(name="v2.kk.txt")}
    )


@pytest.fixture(scope="module")
def versions() -> tuple[Document, Document]:
    old = seed_document()
    return old, with_inserted_skill(old)


@pytest.fixture(scope="module")
def registry(versions: tuple[Document, Document]) -> Iterator[Registry]:
    with open_registry("sqlite://") as found:
        found.import_documents([versions[0]])
        found.import_documents([versions[1]])
        yield found


def test_an_unchanged_statement_keeps_its_uuid_when_a_skill_is_inserted(
    versions: tuple[Document, Document],
) -> None:
    old, new = (write([doc]) for doc in versions)
    before, after = statements(old), statements(new)
    task = versions[0].cards[0].functions[0].tasks[0]
    assert len(after) == len(before) + 1
    # Every statement of the old version has its old UUID in the new one, though the
    # skills after the inserted one changed their IDs.
    assert set(before) < set(after)
    assert all(after[uuid] == statement for uuid, statement in before.items())
    ids_before = {i["identifier"]: i["humanCodingScheme"] for i in old["CFItems"]}
    ids_after = {i["identifier"]: i["humanCodingScheme"] for i in new["CFItems"]}
    moved = [u for u in before if ids_before[u] != ids_after[u]]
    assert len(moved) == len(task.skills)
    # The inserted skill has a new UUID; the old UUID of s1 still names the old s1.
    [added] = set(after) - set(before)
    assert after[added][2] == NEW_SKILL and ids_after[added] == f"{task.id}/s1"
    old_s1 = next(u for u, i in ids_before.items() if i == f"{task.id}/s1")
    assert ids_after[old_s1] == f"{task.id}/s2" and after[old_s1] == before[old_s1]
    # No UUID names two statements, over both versions.
    named: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for uuid, statement in (*before.items(), *after.items()):
        named[uuid].add(statement)
    assert all(len(found) == 1 for found in named.values())


def test_an_equal_statement_twice_in_a_card_gets_two_uuids() -> None:
    doc = seed_document()
    card = doc.cards[0]
    task = card.functions[0].tasks[0]
    twin = task.skills[0].model_copy(update={"id": f"{task.id}/s{len(task.skills) + 1}"})
    task = task.model_copy(update={"skills": (*task.skills, twin)})
    function = card.functions[0].model_copy(update={"tasks": (task, *card.functions[0].tasks[1:])})
    card = card.model_copy(update={"functions": (function, *card.functions[1:])})
    package = write([doc.model_copy(update={"cards": (card, *doc.cards[1:])})])
    identifiers = [i["identifier"] for i in package["CFItems"]]
    assert len(set(identifiers)) == len(identifiers)


def test_the_service_and_both_exports_agree_on_every_identifier(registry: Registry) -> None:
    one = json.loads(build_export(registry, SEED_KEY, format_name="case", public_url=BASE).data)
    everything = write(registry.export_all(), versions=(VersionFacts(SEED_KEY, 2),))
    assert one == everything
    written = {one["CFDocument"]["identifier"]}
    written |= {o["identifier"] for o in (*one["CFItems"], *one["CFAssociations"])}
    index = case_index(registry, public_url=BASE)
    assert set(index) == written
    assert NEW_SKILL in {i["fullStatement"] for i in one["CFItems"]}


def test_association_uuids_do_not_depend_on_the_public_url() -> None:
    doc = seed_document()
    here, there = write([doc]), write([doc], url="https://elsewhere.kz")
    links = [(a["identifier"], a["originNodeURI"]["uri"]) for a in here["CFAssociations"]]
    other = [(a["identifier"], a["originNodeURI"]["uri"]) for a in there["CFAssociations"]]
    assert [i for i, _ in links] == [i for i, _ in other]
    assert all(a != b for (_, a), (_, b) in zip(links, other, strict=True))
    assert len({i for i, _ in links}) == len(links) == 581


def test_last_change_and_version_move_with_the_stored_version(registry: Registry) -> None:
    def document() -> Json:
        data = build_export(registry, SEED_KEY, format_name="case", public_url=BASE).data
        package: Json = json.loads(data)
        assert {i["lastChangeDateTime"] for i in package["CFItems"]} == {
            package["CFDocument"]["lastChangeDateTime"]
        }
        return dict(package["CFDocument"])

    before = document()
    assert before["version"] == "292 of 2019-05-30, amended by 9 of 2023-01-13; kasip version 2"
    order, amended, number = parse_document_version(before["version"])
    assert (order.number, order.date, amended, number) == (
        "292",
        "2019-05-30",
        ("9", "2023-01-13"),
        2,
    )
    assert before["lastChangeDateTime"] == "2023-01-13T00:00:00+00:00"
    assert document() == before  # the same stored version: the same document
    registry.set_effective_date(SEED_KEY, 2, EnteredDate(on=date(2024, 3, 1)))
    after = document()
    assert after["lastChangeDateTime"] == "2024-03-01T00:00:00+00:00"
    old = json.loads(
        build_export(registry, SEED_KEY, format_name="case", version=1, public_url=BASE).data
    )
    assert old["CFDocument"]["version"].endswith("; kasip version 1")


def test_kasips_own_package_of_a_held_text_imports_as_unchanged() -> None:
    with open_registry("sqlite://") as registry:
        registry.import_documents([seed_document()])
        registry.set_effective_date(SEED_KEY, 1, EnteredDate(on=date(2023, 2, 1)))
        registry.set_official_source(
            SEED_KEY, 1, OfficialSource(url="https://adilet.zan.kz/kaz/docs/V1900018764")
        )
        data = build_export(registry, SEED_KEY, format_name="case", public_url=BASE).data
        [back] = load_documents(data.decode("utf-8"), source_name="package.json")
        assert back.source.sha256 == seed_document().source.sha256
        assert back.source.name == seed_document().source.name
        codes = {d.code for d in back.diagnostics}
        assert {"case-status-start-date", "case-official-source"} <= codes
        assert "case-source-edited" not in codes
        [result] = registry.import_documents([back])
        assert (result.status, result.version) == ("unchanged", 1)
        assert [v.version for v in registry.versions(SEED_KEY)] == [1]


def test_an_edited_package_is_a_new_version_dated_by_its_amending_order() -> None:
    with open_registry("sqlite://") as registry:
        registry.import_documents([seed_document()])
        package = json.loads(
            build_export(registry, SEED_KEY, format_name="case", public_url=BASE).data
        )
        package["CFItems"][3]["fullStatement"] += " (өзгертілген)"
        [back] = load_documents(json.dumps(package), source_name="edited.json")
        assert "case-source-edited" in {d.code for d in back.diagnostics}
        assert back.source.sha256 == ""
        assert [(a.order_number, a.order_date) for a in back.standard.amendments] == [
            ("9", "2023-01-13")
        ]
        [result] = registry.import_documents([back])
        assert (result.status, result.version) == ("new-version", 2)
        # Dated by the amending order the package names, not by the 2019 approving order.
        assert registry.versions(SEED_KEY)[-1].effective_from == "2023-01-13"


def _edit_card_title(package: dict[str, Any]) -> None:
    card = next(i for i in package["CFItems"] if "kasipCard" in i.get("extensions", {}))
    card["extensions"]["kasipCard"]["title"] += " (өзгертілген)"


def _edit_card_education(package: dict[str, Any]) -> None:
    card = next(i for i in package["CFItems"] if "kasipCard" in i.get("extensions", {}))
    card["extensions"]["kasipCard"]["education"] = "Жоғары білім"


def _edit_document_title(package: dict[str, Any]) -> None:
    package["CFDocument"]["title"] += " (өзгертілген)"


@pytest.mark.parametrize("edit", [_edit_card_title, _edit_card_education, _edit_document_title])
def test_an_edit_to_anything_read_back_is_a_new_version(
    edit: Callable[[dict[str, Any]], None],
) -> None:
    with open_registry("sqlite://") as registry:
        registry.import_documents([seed_document()])
        package = json.loads(
            build_export(registry, SEED_KEY, format_name="case", public_url=BASE).data
        )
        edit(package)
        [back] = load_documents(json.dumps(package), source_name="edited.json")
        assert "case-source-edited" in {d.code for d in back.diagnostics}
        [result] = registry.import_documents([back])
        assert (result.status, result.version) == ("new-version", 2)


@pytest.fixture(scope="module")
def partial() -> tuple[Document, Document]:
    """The bundled Kazakh text (14 cards) and the held-out Russian one (6 of them)."""
    ru = parse((FIXTURES / "heldout" / "psysocial.ru.txt").read_text(encoding="utf-8"))
    return seed_document(), ru


def shared_ids(kk: Document, ru: Document, package: Json) -> set[str]:
    cards = {c.id for c in kk.cards} & {c.id for c in ru.cards}
    theirs = {i["humanCodingScheme"] for i in write([kk])["CFItems"]}
    return {
        i["humanCodingScheme"]
        for i in package["CFItems"]
        if i["humanCodingScheme"] in theirs and i["humanCodingScheme"].split("/")[0] in cards
    }


def test_a_partial_edition_links_every_element_both_hold(
    partial: tuple[Document, Document],
) -> None:
    kk, ru = partial
    assert 0 < len(ru.cards) < len(kk.cards)
    both = write([kk, ru])
    lone = write([ru], editions=(kk,))
    assert lone == both[1]
    links = [a for a in lone["CFAssociations"] if a["associationType"] == "isTranslationOf"]
    origins = {i["identifier"]: i["humanCodingScheme"] for i in lone["CFItems"]}
    targets = {i["identifier"]: i["humanCodingScheme"] for i in both[0]["CFItems"]}
    pairs = [
        (origins[a["originNodeURI"]["identifier"]], targets[a["destinationNodeURI"]["identifier"]])
        for a in links
    ]
    assert all(a == b for a, b in pairs)
    assert {a for a, _ in pairs} == shared_ids(kk, ru, lone) and len(pairs) > len(ru.cards)
    with open_registry("sqlite://") as registry:
        registry.import_documents([kk, ru])
        served = json.loads(
            build_export(registry, RU_KEY, format_name="case", public_url=BASE).data
        )
        index = case_index(registry, public_url=BASE)
    assert [a["identifier"] for a in served["CFAssociations"]] == [
        a["identifier"] for a in lone["CFAssociations"]
    ]
    assert {a["identifier"] for a in links} <= set(index)
    assert dict(index.translated_by) == {SEED_KEY: (RU_KEY,)}
