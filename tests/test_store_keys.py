"""Identity rules (standard keys, version hashes) and the test factories' IDs."""

from __future__ import annotations

from typing import Any

import pytest

from kasip.registry import Registry
from kasip.store.codec import sha256_hex, storage_json
from kasip.store.keys import identity_sha256, slugify, standard_key
from kasip.testing import make_card, make_document, make_function, make_item, make_task

pytest_plugins = ["conftest_store"]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({}, "292-2019-05-30-kk"),
        (
            {"order_number": "№ 488", "order_date": "2021-12-23", "language": "ru"},
            "488-2021-12-23-ru",
        ),
        ({"order_number": "ҚР ДСМ-12"}, "qr-dsm-12-2019-05-30-kk"),
        ({"order_date": None}, "psikhologiyalyq-zhane-aleumettik-zhumys-kk"),
        (
            {"order_number": None, "title": "Социальная работа", "language": "ru"},
            "sotsialnaya-rabota-ru",
        ),
        ({"order_number": None, "title": "Work", "language": "unknown"}, "work-unknown"),
    ],
)
def test_standard_key_from_order_else_title(fields: dict[str, Any], key: str) -> None:
    assert standard_key(make_document(**fields)) == key


def test_standard_key_without_order_and_title_uses_the_source_hash() -> None:
    doc = make_document(order_number=None, title=" – ", source_sha="0123456789ab" + "f" * 52)
    assert standard_key(doc) == "sha-0123456789ab"


def test_standard_key_without_any_hash_uses_the_storage_json() -> None:
    doc = make_document(order_number=None, title="", source_sha="")
    assert standard_key(doc) == f"sha-{sha256_hex(storage_json(doc))[:12]}"


def test_identity_is_source_hash_else_storage_json_hash() -> None:
    with_source = make_document(source_sha="ab" * 32)
    assert identity_sha256(with_source) == "ab" * 32
    without = make_document(source_sha="")
    assert identity_sha256(without) == sha256_hex(storage_json(without))
    assert identity_sha256(make_document(source_sha="", title="other")) != identity_sha256(without)


def test_slugify_is_url_safe_and_bounded() -> None:
    long_title = "Әлеуметтік жұмыс " * 20
    slug = slugify(long_title)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert slug.startswith("aleumettik-zhumys-aleumettik")
    assert slugify("ӘҒҚҢӨҰҮҺІ") == "agqnouuhi"
    assert slugify("\u00a0–«»") == ""


def test_untitled_standard_without_order_keeps_its_key_on_reimport(
    fresh_registry: Registry,
) -> None:
    doc = make_document(order_number=None, title="", source_sha="")
    first, again = fresh_registry.import_documents([doc, doc])
    assert first.key == again.key and first.key.startswith("sha-")
    assert again.status == "unchanged"


def test_factories_number_ids_by_position() -> None:
    task = make_task(skills=["a", make_item("b", item_id="ignored")], knowledge=["c"])
    card = make_card("2635-3-001", 5, functions=["f1", make_function(tasks=["t1", task])])
    second = card.functions[1]
    assert second.id == "2635-3-001@5/f2" and second.number == 2
    assert [t.id for t in second.tasks] == ["2635-3-001@5/f2/t1", "2635-3-001@5/f2/t2"]
    assert [i.id for i in second.tasks[1].skills] == [
        "2635-3-001@5/f2/t2/s1",
        "2635-3-001@5/f2/t2/s2",
    ]
    assert second.tasks[1].knowledge[0].id == "2635-3-001@5/f2/t2/k1"
    assert second.tasks[1].number == 2


def test_make_document_derives_distinct_source_hashes() -> None:
    assert make_document().source.sha256 == make_document().source.sha256
    assert make_document().source.sha256 != make_document(title="other").source.sha256
    assert make_document(source_sha="").source.sha256 == ""
