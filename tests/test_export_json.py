"""The JSON exchange format: canonical output, strict input, lossless round-trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kasip.export
from kasip.errors import ImportRejected
from kasip.export.json import EXPORTERS, dump_document, dump_documents, load_documents
from kasip.model import Document
from kasip.registry import Registry
from kasip.testing import make_card, make_document
from store_support import documents

pytest_plugins = ["conftest_store"]


def test_dump_document_is_canonical() -> None:
    doc = make_document(title="Әлеуметтік\u00a0жұмыс")
    text = dump_document(doc)
    expected = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
    assert text == expected + "\n"
    assert "Әлеуметтік\u00a0жұмыс" in text
    assert text.index('"cards"') < text.index('"format"') < text.index('"standard"')


def test_dump_documents_gives_object_for_one_and_array_for_several() -> None:
    one, two = make_document(), make_document(language="ru")
    assert dump_documents([one]) == dump_document(one)
    data = json.loads(dump_documents([one, two]))
    assert [d["standard"]["language"] for d in data] == ["kk", "ru"]
    assert dump_documents([]) == "[]\n"


def test_load_documents_reads_object_and_array() -> None:
    one, two = make_document(), make_document(cards=[make_card("3412-008", 4)])
    assert load_documents(dump_document(one), source_name="one.json") == [one]
    assert load_documents(dump_documents([one, two]), source_name="two.json") == [one, two]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("{not json", "line 1, column 2"),
        ('{\n  "format": "kasip-standard/1",\n  oops\n}', "line 3, column 3"),
        ('"a string"', "$: expected a JSON object or array, found str"),
        ("[1]", "$[0]: expected a JSON object"),
        ('{"standard": {}}', "$.format: missing"),
        ('{"format": "kasip-standard/2"}', "$.format: unsupported format 'kasip-standard/2'"),
    ],
)
def test_load_documents_rejects_bad_input_naming_file_and_place(text: str, where: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        load_documents(text, source_name="bad.json")
    assert str(caught.value).startswith("bad.json: ")
    assert where in str(caught.value)
    assert caught.value.source_name == "bad.json"


def _as_data(doc: Document) -> dict[str, object]:
    data: dict[str, object] = json.loads(dump_document(doc))
    return data


def test_load_documents_reports_the_json_path_of_a_model_error() -> None:
    good = _as_data(make_document())
    bad = _as_data(make_document(cards=[make_card(), make_card(level=5)]))
    bad["cards"][1]["level"] = "six"  # type: ignore[index]
    del bad["standard"]["title"]  # type: ignore[attr-defined]
    with pytest.raises(ImportRejected) as caught:
        load_documents(json.dumps([good, bad]), source_name="two.json")
    message = str(caught.value)
    assert "$[1].standard.title: Field required" in message
    assert "$[1].cards[1].level: Input should be a valid integer" in message
    assert len(caught.value.problems) == 2


def test_load_documents_rejects_unknown_fields() -> None:
    data = _as_data(make_document())
    data["extra"] = 1
    with pytest.raises(ImportRejected, match=r"\$\.extra: Extra inputs are not permitted"):
        load_documents(json.dumps(data), source_name="x.json")


def test_exporters_registry_offers_json() -> None:
    assert EXPORTERS["json"] is dump_documents
    assert kasip.export.EXPORTERS == EXPORTERS
    doc = make_document()
    assert kasip.export.EXPORTERS["json"]([doc]) == dump_document(doc)


@settings(max_examples=60, deadline=None)
@given(docs=st.lists(documents(), min_size=1, max_size=3))
def test_json_round_trip_is_lossless(docs: list[Document]) -> None:
    assert load_documents(dump_document(docs[0]), source_name="a.json") == docs[:1]
    assert load_documents(dump_documents(docs), source_name="b.json") == docs


def test_registry_export_then_load_gives_the_imported_documents(fresh_registry: Registry) -> None:
    docs = [make_document(), make_document(language="ru", title="Психологическая работа")]
    fresh_registry.import_documents(docs)
    text = dump_documents(fresh_registry.export_all())
    assert load_documents(text, source_name="all.json") == docs
