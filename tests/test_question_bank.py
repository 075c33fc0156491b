"""Question banks (kasip.assessment): the rules of a question, files in and out, coverage."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from kasip.assessment import (
    Option,
    Question,
    QuestionBody,
    RubricCriterion,
    coverage,
    draft_programme,
    list_questions,
    questions_csv,
    questions_xlsx,
    read_questions,
    save_question,
    save_questions,
)
from kasip.errors import ImportRejected, InvalidInput, NotFound
from kasip.testing import make_card, make_function, make_task
from store_support import dump_tables

if TYPE_CHECKING:
    from kasip.model import ProfessionCard
    from kasip.registry import Registry

pytest_plugins = ["conftest_store"]

CARD = "2635-3-001@5"
K1, K2, S1, T1 = f"{CARD}/f1/t1/k1", f"{CARD}/f1/t1/k2", f"{CARD}/f1/t1/s1", f"{CARD}/f1/t1"


def _card() -> ProfessionCard:
    task = make_task("Бағалау", task_id=T1, skills=["Сауалнама", "Есеп"], knowledge=["Заң", "Әдіс"])
    return make_card(
        level=5, functions=[make_function("Көмек", function_id=f"{CARD}/f1", tasks=[task])]
    )


def _single(**change: Any) -> QuestionBody:
    fields: dict[str, Any] = {
        "kind": "single",
        "card_id": CARD,
        "elements": (K1,),
        "stem_kk": "Қай заң?",
        "stem_ru": "Какой закон?",
        "options": (
            Option(kk="Бірінші", ru="Первый", correct=True),
            Option(kk="Екінші", ru="Второй"),
        ),
    }
    return QuestionBody(**(fields | change))


def _practical() -> QuestionBody:
    return QuestionBody(
        kind="practical",
        card_id=CARD,
        elements=(S1,),
        stem_ru="Проведите опрос",
        rubric=(RubricCriterion(ru="Вопросы по делу", max_points=3),),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stem_kk": "", "stem_ru": ""}, "Kazakh or Russian"),
        ({"options": (Option(kk="а", ru="а", correct=True),)}, "at least two options"),
        ({"options": (Option(kk="а", ru="а"), Option(kk="б", ru="б"))}, "exactly one right"),
        ({"options": (Option(kk="а", correct=True), Option(kk="б", ru="б"))}, "no ru text"),
        (
            {"kind": "multiple", "options": (Option(kk="а", ru="а"), Option(kk="б", ru="б"))},
            "at least one right",
        ),
        ({"kind": "short"}, "has no options"),
        ({"kind": "short", "options": (), "answers": ()}, "accepted answers"),
        ({"answers": ("x",)}, "accepted answers"),
        ({"rubric": (RubricCriterion(kk="x", ru="x"),)}, "rubric"),
        ({"elements": ()}, "at least 1 item"),
        ({"elements": (K1, K1)}, "named twice"),
        ({"owner": "x"}, "Extra inputs"),
    ],
)
def test_a_question_keeps_the_rules_of_its_kind(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _single(**change)


def test_every_kind_can_be_written() -> None:
    assert _single().languages == {"kk", "ru"}
    short = QuestionBody(
        kind="short", card_id=CARD, elements=(K2,), stem_kk="Атаңыз", answers=("әдіс", "әдістеме")
    )
    multiple = _single(
        kind="multiple",
        options=(Option(kk="а", ru="а", correct=True), Option(kk="б", ru="б", correct=True)),
    )
    assert (short.kind, multiple.kind, _practical().kind) == ("short", "multiple", "practical")


CSV = (
    "Kind;Elements;Points;Stem KK;Stem RU;Options KK;Options RU;Correct;Answers\r\n"
    f'single;{K1};2;Қай заң?;Какой закон?;"Бірінші\nЕкінші";"Первый\nВторой";1;\r\n'
    ";;;;;;;;\r\n"  # an empty row is no question
    f'short;{K2};;Атаңыз;;;;;"әдіс\nәдістеме"\r\n'
)


def test_a_csv_from_excel_reads_with_its_bom_and_semicolons() -> None:
    [(first_id, first), (second_id, second)] = read_questions(
        ("\ufeff" + CSV).encode(), name="bank.csv", card_id=CARD
    )
    assert (first_id, second_id) == (None, None)
    assert first == _single(points=2)
    assert (second.kind, second.answers, second.stem_ru) == ("short", ("әдіс", "әдістеме"), "")


def _as_questions(bodies: list[QuestionBody]) -> list[Question]:
    return [
        Question(id=n, body=b, created_by="m", created_at="t", updated_by="m", updated_at="t")
        for n, b in enumerate(bodies, start=1)
    ]


@pytest.mark.parametrize("write", [questions_csv, questions_xlsx])
def test_files_read_back_what_was_written(write: Any) -> None:
    bank = _as_questions(
        [
            _single(),
            _practical(),
            _single(kind="multiple", stem_kk="").model_copy(
                update={"options": (Option(ru="а", correct=True), Option(ru="б", correct=True))}
            ),
        ]
    )
    back = read_questions(write(bank), name="bank", card_id=CARD)
    assert back == [(q.id, q.body) for q in bank]


def test_every_problem_is_named_by_row_and_column() -> None:
    bad = (
        "kind,elements,stem_ru,options_ru,correct,rubric_ru,rubric_points\n"
        f'single,{K1},Вопрос,"а\nб",3,,\n'
        f"single,{K1},Вопрос,а,x,,\n"
        f"essay,{K1},Вопрос,,,,\n"
        f'practical,{S1},Задание,,,"один\nдва",5\n'
        f"short,{K1},Вопрос,,,,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        read_questions(bad.encode(), name="bank.csv", card_id=CARD)
    assert caught.value.problems == (
        "bank.csv: row 2, column correct: the options are numbered 1 to 2",
        "bank.csv: row 3, column correct: whole numbers only",
        "bank.csv: row 4, column kind: Input should be 'single', 'multiple', 'short' or"
        " 'practical'",
        "bank.csv: row 5, column rubric_points: 1 numbers for 2 criteria",
        "bank.csv: row 6: a short answer question, and only it, lists its accepted answers",
    )
    assert "5 problem(s), nothing was kept" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kind,elements,colour\n", "unknown column 'colour'"),
        (b"kind,stem_ru\n", "no column 'elements'"),
        (b"kind,elements,stem_ru\n", "no questions under the header row"),
        ("kind,elements\nsingle,x\n".encode("cp1251") + b"\xe9", "not UTF-8"),
        (b"PK\x03\x04 not a zip at all", "not a readable XLSX workbook"),
    ],
)
def test_files_that_are_not_banks_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        read_questions(data, name="f", card_id=CARD)


def test_a_spreadsheet_with_an_xml_bomb_is_refused() -> None:
    good = questions_xlsx(_as_questions([_single()]))
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, bomb if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(ImportRejected, match="not a readable XLSX workbook"):
        read_questions(out.getvalue(), name="bomb.xlsx", card_id=CARD)


def test_a_file_is_kept_whole_or_not_at_all(fresh_registry: Registry) -> None:
    engine = fresh_registry.engine
    card = _card()
    [kept] = save_questions(engine, card, [(None, _single())], actor="method")
    before = dump_tables(engine)
    wrong_element = _single(elements=(f"{CARD}/f9",))
    with pytest.raises(InvalidInput, match="not an element of the card"):
        save_questions(engine, card, [(None, _practical()), (None, wrong_element)], actor="m")
    with pytest.raises(NotFound, match="no question 99"):
        save_questions(engine, card, [(kept.id, _single(points=5)), (99, _single())], actor="m")
    other = make_card(level=6)
    with pytest.raises(InvalidInput, match="for the card"):
        save_questions(engine, other, [(None, _single())], actor="m")
    assert dump_tables(engine) == before  # nothing of the failed files was kept

    changed = save_question(engine, card, _single(points=5), actor="editor", question_id=kept.id)
    assert (changed.body.points, changed.created_by, changed.updated_by) == (5, "method", "editor")
    assert [q.id for q in list_questions(engine, CARD)] == [kept.id]
    from kasip.accounts import read_log

    update = read_log(engine)[0]
    assert (update.action, update.actor) == ("question.update", "editor")
    assert update.before is not None and update.after is not None
    assert (update.before["points"], update.after["points"]) == (1, 5)


def test_coverage_names_the_elements_without_questions() -> None:
    programme = draft_programme(_card(), standard="k", version=1)
    empty = coverage(programme, [])
    assert [e.id for e in empty.missing] == [K1, K2, S1, f"{CARD}/f1/t1/s2"]
    bank = _as_questions([_single(), _practical(), _single(card_id="other@1")])
    found = coverage(programme, bank)
    assert {e.id: e.questions for e in found.elements} == {
        K1: 1,
        K2: 0,
        S1: 1,
        f"{CARD}/f1/t1/s2": 0,
    }
    # A practical task written for the whole task covers each of its skills.
    whole = QuestionBody(
        kind="practical",
        card_id=CARD,
        elements=(T1,),
        stem_kk="Орында",
        rubric=(RubricCriterion(kk="Дұрыс"),),
    )
    assert [e.id for e in coverage(programme, _as_questions([whole])).missing] == [K1, K2]
    assert json.loads(found.model_dump_json())["elements"][0]["part"] == "theory"
