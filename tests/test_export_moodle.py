"""The ``moodle`` export: Moodle's importer rules on every framework it writes (issue 15, 3)."""

from __future__ import annotations

import csv
import functools
import io
import json
import zipfile
from pathlib import Path

import pytest

from compare_support import seed_document
from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.export.moodle import moodle_frameworks, short_name, write_moodle
from kasip.model import Document
from kasip.model.elements import walk
from kasip.testing import make_card, make_document, make_function, make_item, make_task
from moodle_rules import moodle_problems, sibling_name_problems

CORPUS = Path(__file__).resolve().parent / "corpus" / "npp"
# A Word standard (tables, "Трудовая функция N:" → "Задача N:") and a PDF one, both Russian.
NPP = ("npp-it-04-infrastructure-security.ru.docx", "npp-it-pdf-08-information-resources.ru.pdf")


@functools.cache
def npp_document(name: str) -> Document:
    from kasip.parse import parse_standard, read_document

    return parse_standard(read_document(CORPUS / name).text, source_name=name)


def documents() -> list[tuple[str, Document]]:
    return [("seed", seed_document()), *((name, npp_document(name)) for name in NPP)]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("per", ["standard", "card"])
@pytest.mark.parametrize("which", range(3))
def test_every_framework_keeps_the_importer_rules(which: int, per: str) -> None:
    name, doc = documents()[which]
    frameworks = moodle_frameworks([doc], per=per)  # type: ignore[arg-type]
    assert len(frameworks) == (1 if per == "standard" else len(doc.cards))
    for framework in frameworks:
        assert moodle_problems(framework.csv()) == [], (name, framework.idnumber)
        assert sibling_name_problems(framework.csv()) == [], (name, framework.idnumber)
    idnumbers = [f.idnumber for f in frameworks]
    assert len(set(idnumbers)) == len(idnumbers)  # a framework's ID number is unique site-wide


@pytest.mark.parametrize("which", range(3))
def test_a_standard_framework_holds_every_card_function_task_and_item(which: int) -> None:
    _, doc = documents()[which]
    rows = rows_of(write_moodle([doc], per="standard"))
    ids = [row[1] for row in rows[2:]]
    kinds = ("card", "function", "task", "skill", "knowledge")
    assert ids == [ref.id for ref in walk(doc) if ref.type in kinds]
    parents = {row[1]: row[0] for row in rows[2:]}
    for ref in walk(doc):
        if ref.type in kinds:
            assert parents[ref.id] == (ref.parent_id or "")
    head = rows[1]
    assert head[12] == "1" and head[5] == "Not yet competent,Competent"
    assert head[13] == "domain,competency,outcome,indicator"


def test_long_statements_are_cut_to_short_names_and_kept_whole_in_the_description() -> None:
    long_text = "Әлеуметтік жұмыстың " * 12 + "соңғы сөзі"
    task = make_task(skills=[make_item(long_text)], knowledge=[])
    doc = make_document(cards=[make_card(functions=[make_function(tasks=[task])])])
    rows = rows_of(write_moodle([doc]))
    skill = next(row for row in rows if row[1].endswith("/s1"))
    assert len(skill[2]) <= 100 and skill[2].endswith("…")
    assert long_text.strip() in skill[3] and "соңғы сөзі" not in skill[2]
    assert "2635-3-001@6/f1/t1/s1" in skill[3]  # the description names the element
    assert moodle_problems(write_moodle([doc])) == []
    assert short_name("  ") == "—"


def test_related_occupations_of_the_standard_are_cross_references() -> None:
    doc = npp_document(NPP[0])
    rows = rows_of(write_moodle([doc]))
    related = {row[1]: row[10] for row in rows[2:] if row[10]}
    # "Специалист по вопросам безопасности (ИКТ)" names "Специалист по защите информации".
    assert "2524-0-006@5" in related["2524-0-005@5"].split(",")


def test_the_scale_configuration_names_a_default_and_a_proficient_value() -> None:
    head = rows_of(write_moodle([seed_document()]))[1]
    config = json.loads(head[6])
    assert "scaleid" in config[0]
    assert [(c["id"], c["scaledefault"], c["proficient"]) for c in config[1:]] == [
        (1, 1, 0),
        (2, 0, 1),
    ]


def test_several_frameworks_come_as_a_zip_of_one_csv_each() -> None:
    doc = seed_document()
    data = EXPORT_FORMATS["moodle"].write([doc], ExportOptions(moodle_framework="card"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == len(doc.cards) == len(set(names))
        for name in names:
            assert name.endswith(".csv")
            assert moodle_problems(archive.read(name)) == [], name
    one = EXPORT_FORMATS["moodle"].write([doc], ExportOptions())
    assert one.startswith(b"Parent ID number,") and moodle_problems(one) == []


def test_a_card_without_functions_is_a_framework_without_levels() -> None:
    doc = make_document(cards=[make_card(functions=[])])
    data = write_moodle([doc], per="card")
    assert moodle_problems(data) == []
    assert rows_of(data)[1][13] == ""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda rows: rows[3].__setitem__(1, rows[2][1]), "ID numbers repeat"),
        (lambda rows: rows[3].__setitem__(0, "no-such"), "parent 'no-such' is not in the file"),
        (lambda rows: rows[3].__setitem__(2, "ы" * 101), "short name of 101 characters"),
        (lambda rows: rows[3].__setitem__(2, ""), "short name of 0 characters"),
        (lambda rows: rows[1].__setitem__(13, "domain,card,outcome,indicator"), "'card'"),
        (lambda rows: rows[1].__setitem__(13, "domain,competency"), "2 taxonomy terms"),
        (lambda rows: rows[1].__setitem__(6, '[{"scaleid":"1"},{"id":1,"scaledefault":1}]'),
         "no proficient"),
        (lambda rows: rows[1].__setitem__(6, "{"), "not JSON"),
        (lambda rows: rows[3].__setitem__(12, "1"), "2 framework rows"),
        (lambda rows: rows[0].__setitem__(2, "Name"), "header"),
        (lambda rows: rows[3].__setitem__(10, "elsewhere"), "cross-reference"),
    ],
)  # fmt: skip
def test_the_checker_finds_what_the_importer_refuses(change: object, problem: str) -> None:
    rows = rows_of(write_moodle([make_document()]))
    assert callable(change)
    change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert any(problem in p for p in moodle_problems(out.getvalue().encode("utf-8")))
