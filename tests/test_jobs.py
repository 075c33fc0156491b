"""Job descriptions from a card (issue 14, item 1): the library, the Word document, the PDF.

Built from real cards: the bundled Kazakh standard and a Russian NPP standard
read from its Word file. The DOCX is read back with python-docx (styles,
tables, numbering, properties), the PDF with pdftotext.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from kasip.errors import InvalidInput
from kasip.jobs import (
    JobDescription,
    JobFields,
    build_job_description,
    default_fields,
    read_fields,
    render_job_docx,
)
from kasip.model import Document, ProfessionCard
from kasip.parse import parse_standard, read_document
from test_pdf import _run, needs_dejavu, needs_poppler, needs_weasyprint

CARD_ID = "2634-9-004@6"  # four labour functions, two to four tasks each
NPP = Path(__file__).parent / "corpus" / "npp" / "npp-it-01-database-administration.ru.docx"
BUILT_ON = date(2026, 12, 7)
TASK_F1_T1 = "Клиенттерге психологиялық қолдау көрсетудің жеке бағдарламаларын әзірлеу"


def _card(doc: Document, card_id: str) -> ProfessionCard:
    return next(c for c in doc.cards if c.id == card_id)


def _job(doc: Document, card_id: str = CARD_ID, /, **choices: object) -> JobDescription:
    return build_job_description(
        doc.standard,
        _card(doc, card_id),
        built_on=BUILT_ON,
        **choices,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def npp_document() -> Document:
    return parse_standard(read_document(NPP).text, source_name=NPP.name)


def test_sections_come_from_the_card_with_their_ids(seed_document: Document) -> None:
    card = _card(seed_document, CARD_ID)
    job = _job(seed_document, lang="kk")
    assert (job.position.text, job.position.element_id) == ("Әлеуметтік психолог", CARD_ID)
    assert job.occupation_code.text == "2634-9-004"
    assert job.level is not None and job.level.text.startswith("6 (6.1")
    assert [r.key for r in job.requirements][:1] == ["education"]
    assert job.requirements[0].entry.text == card.education
    assert [c.element_id for c in job.categories] == [
        c.id
        for c in card.directory_requirements.categories  # type: ignore[union-attr]
    ]
    # Duties: each labour function a group, its tasks as published, IDs kept.
    assert [g.function.element_id for g in job.duties] == [f.id for f in card.functions]
    assert [d.element_id for d in job.duties[3].duties] == [t.id for t in card.functions[3].tasks]
    assert job.duties[0].duties[0].text == TASK_F1_T1
    # Knowledge: every item of the card once, in order, with its ID and line.
    texts = [k.text for k in job.knowledge]
    assert len(texts) == len({re.sub(r"\W", "", t).casefold() for t in texts})
    all_ids = {k.id for f in card.functions for t in f.tasks for k in t.knowledge}
    assert {k.element_id for k in job.knowledge} <= all_ids
    assert all(k.line for k in job.knowledge) and job.skills
    assert job.provenance.order_number == "292" and job.provenance.card_id == CARD_ID
    assert job.card_text_as_published is False
    assert job.fields.rights == default_fields("kk").rights


def test_only_the_chosen_functions_and_tasks_are_kept(seed_document: Document) -> None:
    job = _job(
        seed_document,
        lang="kk",
        functions=[f"{CARD_ID}/f4", f"{CARD_ID}/f2"],
        tasks=[f"{CARD_ID}/f4/t2", f"{CARD_ID}/f2/t1"],
    )
    assert [g.function.element_id for g in job.duties] == [f"{CARD_ID}/f2", f"{CARD_ID}/f4"]
    assert [[d.element_id for d in g.duties] for g in job.duties] == [
        [f"{CARD_ID}/f2/t1"],
        [f"{CARD_ID}/f4/t2"],
    ]
    assert all(k.element_id.startswith((f"{CARD_ID}/f2/t1/", f"{CARD_ID}/f4/t2/"))
               for k in job.knowledge)  # fmt: skip


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"functions": [f"{CARD_ID}/f9"]}, "has no labour function '2634-9-004@6/f9'"),
        ({"functions": []}, "choose at least one labour function"),
        ({"functions": [f"{CARD_ID}/f1"], "tasks": [f"{CARD_ID}/f2/t1"]}, "not a task"),
    ],
)
def test_a_choice_not_of_the_card_is_refused(
    seed_document: Document, choices: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        _job(seed_document, lang="kk", **choices)


def test_labels_follow_the_language_and_the_card_text_stays_as_published(
    seed_document: Document,
) -> None:
    from kasip.jobs import job_labels, provenance_note

    job = _job(seed_document, lang="ru")
    assert job.card_text_as_published is True
    assert job.duties[0].duties[0].text == TASK_F1_T1
    note = provenance_note(job)
    assert note[0].startswith("Составлена на основе карточки профессии 2634-9-004@6")
    assert "приказом от 30.05.2019 № 292" in note[0] and "07.12.2026" in note[0]
    assert "на казахском языке" in note[1]
    assert job_labels("kk")["duties"] == "Лауазымдық міндеттері"
    assert job_labels("ru")["duties"] == "Должностные обязанности"
    assert job.fields.appointment == default_fields("ru").appointment


def test_template_fields_given_replace_the_defaults(seed_document: Document) -> None:
    fields = JobFields(organisation="ТОО «Көмек»", rights=("право одно",), appointment="")
    job = _job(seed_document, lang="ru", fields=fields)
    assert job.fields.organisation == "ТОО «Көмек»"
    assert job.fields.rights == ("право одно",)
    assert job.fields.appointment == ""
    assert job.fields.responsibility == default_fields("ru").responsibility


def test_fields_files_are_read_and_their_errors_named(tmp_path: Path) -> None:
    toml = 'organisation = "ЖШС"\nrights = ["бір", "екі"]\n'
    assert read_fields(toml.encode(), "f.toml").rights == ("бір", "екі")
    assert read_fields(b'{"place": "Astana"}', "f.json").place == "Astana"
    with pytest.raises(InvalidInput, match=r"f\.json: line 1: not JSON"):
        read_fields(b"{", "f.json")
    with pytest.raises(InvalidInput, match=r"f\.toml: field 'rights\.0'"):
        read_fields(b"rights = [1]", "f.toml")
    with pytest.raises(InvalidInput, match=r"big\.toml: larger than"):
        read_fields(b"#" * 70_000, "big.toml")
    with pytest.raises(InvalidInput, match=r"f\.toml: field 'place'.*at most 2000"):
        read_fields(f'place = "{"x" * 2001}"'.encode(), "f.toml")


def test_a_russian_card_without_task_titles_gives_its_skills_as_duties(
    npp_document: Document,
) -> None:
    card = npp_document.cards[0]
    job = _job(npp_document, card.id, lang="ru")
    assert job.position.text == "Администратор баз данных"  # the card's quotes dropped
    assert job.level is not None and "Техническое и профессиональное" in job.level.text
    assert job.card_text_as_published is False
    first = job.duties[0]
    assert first.function.text == "Установка и настройка ПО"
    assert [d.element_id for d in first.duties] == [s.id for s in card.functions[0].tasks[0].skills]
    assert job.skills == ()  # they are the duties already
    assert job.knowledge[0].text.startswith("Состав используемого")


def _docx(job: JobDescription) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_job_docx(job)))


def _styled(word: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style is not None and p.style.name == style]


def test_the_word_document_reads_back_with_its_styles_and_tables(
    seed_document: Document,
) -> None:
    fields = JobFields(organisation="ЖШС «Көмек»", reports_to="Директор", approver_name="А. Б.")
    job = _job(seed_document, lang="kk", fields=fields, functions=[f"{CARD_ID}/f1"])
    word = _docx(job)
    assert word.paragraphs[0].text == "БЕКІТЕМІН"
    assert _styled(word, "Title") == ["ЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚ"]
    assert _styled(word, "Heading 1") == [
        "1. Жалпы ережелер",
        "2. Біліктілік талаптары",
        "3. Лауазымдық міндеттері",
        "4. Білуге тиіс",
        "5. Істей білуге тиіс",
        "6. Құқықтары",
        "7. Жауапкершілігі",
        "8. Еңбек жағдайлары",
    ]
    functions = _styled(word, "Heading 2")
    assert len([h for h in functions if h.endswith(f"[{CARD_ID}/f1]")]) == 1
    assert not any(f"{CARD_ID}/f2" in p.text for p in word.paragraphs)
    duties = _styled(word, "List Number")
    assert duties[0] == f"{TASK_F1_T1} [{CARD_ID}/f1/t1]"
    assert any(b.endswith(f"[{job.knowledge[0].element_id}]") for b in _styled(word, "List Bullet"))
    general = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert general["Лауазымы"] == f"Әлеуметтік психолог [{CARD_ID}]"
    assert general["Ұйым"] == "ЖШС «Көмек»" and general["Тікелей бағынады"] == "Директор"
    categories = word.tables[1]
    assert [c.text for c in categories.rows[0].cells] == ["Санаты", "Білімі", "Ең аз жұмыс өтілі"]
    assert len(categories.rows) == 1 + len(job.categories)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "____________ А. Б." in text
    assert "№ 292 бұйрықпен бекітілген" in text


def test_the_word_document_is_an_a4_office_document(seed_document: Document) -> None:
    job = _job(seed_document, lang="ru")
    word = _docx(job)
    section = word.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin is not None and round(section.left_margin.mm) == 30
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Heading 1"].font.name == "Times New Roman"
    footer = section.footer.paragraphs[0]._p
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE "]
    properties = word.core_properties
    assert properties.title == "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ: Әлеуметтік психолог"
    assert properties.language == "ru" and CARD_ID in properties.keywords
    # Each numbered list starts again at 1: duties and rights have numberings of their own.
    numbered = [p for p in word.paragraphs if p.style is not None and p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered if p._p.pPr.numPr is not None}  # type: ignore[union-attr]
    assert len(ids) == len(job.duties) + 2


@needs_weasyprint
@needs_poppler
@needs_dejavu
def test_the_pdf_has_the_same_content(seed_document: Document, tmp_path: Path) -> None:
    from kasip.pdf.job_description import render_job_pdf

    fields = JobFields(organisation="ТОО «Помощь»", place="Астана")
    job = _job(seed_document, lang="ru", fields=fields, functions=[f"{CARD_ID}/f3"])
    pdf = tmp_path / "job.pdf"
    pdf.write_bytes(render_job_pdf(job))
    words = re.sub(r"\s+", " ", _run("pdftotext", "-layout", pdf, "-"))
    for expected in (
        "УТВЕРЖДАЮ",
        "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ",
        "1. Общие положения",
        "3. Должностные обязанности",
        "Должен знать",
        "ТОО «Помощь»",
        "Астана",
        f"[{CARD_ID}/f3/t2]",
        "приказом от 30.05.2019 № 292",
        "на казахском языке",
    ):
        assert expected in words, expected
    assert f"{CARD_ID}/f1" not in words
