"""The ``xlsx`` and ``csv`` exports: read back with openpyxl and zipfile (issue 15, item 4)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest

from compare_support import seed_document
from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.model import Document
from kasip.model.elements import walk
from kasip.testing import make_card, make_document, make_function, make_item, make_task
from test_export_moodle import NPP, npp_document

ENTITIES = ["standards", "cards", "labour_functions", "tasks", "skills", "knowledge"]
RELATIONS = ["broader_relations", "occupation_relations"]
TYPE_OF_SHEET = {"cards": "card", "labour_functions": "function", "tasks": "task",
                 "skills": "skill", "knowledge": "knowledge"}  # fmt: skip


def workbook(docs: Sequence[Document]) -> dict[str, list[list[Any]]]:
    """Every sheet's rows (header first), checking each sheet's header is bold, frozen, filtered."""
    from openpyxl import load_workbook

    data = EXPORT_FORMATS["xlsx"].write(docs, ExportOptions())
    book = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        sheets[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
    return sheets


def csv_files(docs: Sequence[Document]) -> dict[str, list[list[str]]]:
    data = EXPORT_FORMATS["csv"].write(docs, ExportOptions())
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")  # UTF-8, a byte order mark for Excel
            files[name] = list(csv.reader(io.StringIO(text, newline="")))
    return files


def both() -> list[Document]:
    return [seed_document(), npp_document(NPP[0])]


def test_the_workbook_has_a_sheet_per_entity_and_relation_with_every_element() -> None:
    docs = both()
    sheets = workbook(docs)
    assert list(sheets) == ENTITIES + RELATIONS
    assert [row[0] for row in sheets["standards"][1:]] == ["292-2019-05-30-kk",
                                                           "222-2022-12-05-annex-4-ru"]  # fmt: skip
    for title, kind in TYPE_OF_SHEET.items():
        header, *rows = sheets[title]
        assert header[:2] == ["standard", "id"]
        expected = [ref.id for doc in docs for ref in walk(doc) if ref.type == kind]
        assert [row[1] for row in rows] == expected, title
        keys = [(row[0], row[1]) for row in rows]
        assert len(set(keys)) == len(keys), title


def test_every_relation_joins_rows_that_exist() -> None:
    sheets = workbook(both())
    known = {("standard", row[0], row[0]) for row in sheets["standards"][1:]}
    for title, kind in TYPE_OF_SHEET.items():
        known |= {(kind, row[0], row[1]) for row in sheets[title][1:]}
    header, *broader = sheets["broader_relations"]
    assert header == ["standard", "id", "type", "broader_id", "broader_type"]
    assert len(broader) == len(known) - len(sheets["standards"][1:])  # all but the standards
    for standard, element, kind, parent, parent_kind in broader:
        assert (kind, standard, element) in known
        assert (parent_kind, standard, parent) in known
    header, *related = sheets["occupation_relations"]
    assert related, "the NPP standard names its cards' related occupations"
    for standard, card, other, _, via in related:
        assert ("card", standard, card) in known and ("card", standard, other) in known
        assert via.startswith(f"{card}/r")
    # The parents named in the entity sheets are the relations' broader ends.
    parents = {(row[0], row[1]): row[2] for row in sheets["skills"][1:]}
    for standard, element, kind, parent, _ in broader:
        if kind == "skill":
            assert parents[(standard, element)] == parent


def test_the_csv_zip_has_the_same_tables_as_the_workbook() -> None:
    docs = both()
    sheets, files = workbook(docs), csv_files(docs)
    assert list(files) == [f"{name}.csv" for name in ENTITIES + RELATIONS]
    for name, rows in sheets.items():
        as_text = [["" if v is None else str(v) for v in row] for row in rows]
        assert files[f"{name}.csv"] == as_text, name


def test_texts_stay_texts_never_formulas() -> None:
    task = make_task(skills=[make_item('=HYPERLINK("http://x","y")')], knowledge=["+7 білім"])
    doc = make_document(cards=[make_card(functions=[make_function(tasks=[task])])])
    sheets = workbook([doc])
    assert sheets["skills"][1][6] == '=HYPERLINK("http://x","y")'
    assert sheets["knowledge"][1][6] == "+7 білім"


def test_items_carry_their_source_line() -> None:
    doc = seed_document()
    sheets = workbook([doc])
    lines = {ref.id: ref.span.line_start for ref in walk(doc) if ref.type == "knowledge"}
    header, *rows = sheets["knowledge"]
    column = header.index("line")
    assert {row[1]: row[column] for row in rows} == lines


@pytest.mark.parametrize("name", ["xlsx", "csv"])
def test_spreadsheet_formats_are_not_text(name: str) -> None:
    fmt = EXPORT_FORMATS[name]
    assert not fmt.text
    assert fmt.write([make_document()], ExportOptions()).startswith(b"PK\x03\x04")
