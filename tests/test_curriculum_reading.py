"""Reading programme files: CSV, XLSX (made with openpyxl) and DOCX (made with python-docx)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from kasip.curriculum import read_programme
from kasip.curriculum.reading import read_programme_file
from kasip.curriculum.tables import MAX_OUTCOME_CHARS
from kasip.errors import ImportRejected


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx_table(rows: list[list[str]], *, before: list[list[str]] | None = None) -> bytes:
    document = Document()
    document.add_paragraph("Білім беру бағдарламасы")
    for table_rows in [before, rows] if before else [rows]:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, cells in enumerate(table_rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_read_csv_header_bom_and_module_carried_down() -> None:
    data = (
        "\ufeffmodule,outcome,code\n"
        "Әлеуметтік психология,Клиенттерге психологиялық қолдау көрсетеді,ОН1\n"
        ",Оказывает психологическую поддержку клиентам,ОН2\n"
        "\n"
        "Құқық,Еңбек заңнамасының негіздерін біледі,\n"
    ).encode()
    programme = read_programme(data, name="p.csv")
    assert [(o.number, o.module, o.code, o.place) for o in programme.outcomes] == [
        (1, "Әлеуметтік психология", "ОН1", "row 2"),
        (2, "Әлеуметтік психология", "ОН2", "row 3"),
        (3, "Құқық", "", "row 5"),
    ]
    assert programme.modules == ("Әлеуметтік психология", "Құқық")


def test_read_csv_semicolons_and_russian_header() -> None:
    data = "Дисциплина;Результат обучения\nПсихология;Владеет основами консультирования\n"
    programme = read_programme(data.encode(), name="p.csv")
    assert programme.outcomes[0].text == "Владеет основами консультирования"


def test_read_csv_errors_name_row_and_field() -> None:
    rows = ["module,outcome"] + [f"M,outcome {n}" for n in range(2, 7)] + ["M,", "M,last"]
    with pytest.raises(ImportRejected) as caught:
        read_programme("\n".join(rows).encode(), name="p.csv")
    assert str(caught.value) == "p.csv: row 7, field outcome: empty outcome"
    with pytest.raises(ImportRejected, match=r"p.csv: row 2, field module: empty module"):
        read_programme(b"module,outcome\n,an outcome\n", name="p.csv")
    with pytest.raises(ImportRejected, match=r"p.csv: row 1: missing header"):
        read_programme(b"name,text\nM,an outcome\n", name="p.csv")
    with pytest.raises(ImportRejected, match=r"p.csv: not UTF-8 text"):
        read_programme(
            "module,outcome\nM,Қазақ\n".encode("cp1251", "replace") + b"\xff", name="p.csv"
        )
    with pytest.raises(ImportRejected, match=r"no learning outcomes under the header row"):
        read_programme(b"module,outcome\n", name="p.csv")
    with pytest.raises(ImportRejected, match=rf"longer than {MAX_OUTCOME_CHARS} characters"):
        read_programme(f"module,outcome\nM,{'a' * (MAX_OUTCOME_CHARS + 1)}\n".encode(), name="x")


def test_read_programme_refuses_a_file_over_the_limit() -> None:
    data = b"module,outcome\n" + b"M,outcome\n" * 20
    with pytest.raises(ImportRejected, match=r"p.csv: larger than 100 bytes"):
        read_programme(data, name="p.csv", max_bytes=100)


def test_read_programme_file_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "programme.csv"
    path.write_text("module,outcome\nM,Ведёт базу данных клиентов\n", encoding="utf-8")
    assert read_programme_file(path).source == str(path)


def test_read_xlsx_first_sheet() -> None:
    data = _xlsx(
        [
            ["Модуль", "Оқыту нәтижесі", "ECTS"],
            ["Үйде қызмет көрсету", "Қарттарға азық-түлік сатып алып береді", 5],
            [None, "Тамақ әзірлеуге көмектеседі", None],
        ]
    )
    programme = read_programme(data, name="p.xlsx")
    assert [(o.module, o.text, o.place) for o in programme.outcomes] == [
        ("Үйде қызмет көрсету", "Қарттарға азық-түлік сатып алып береді", "row 2"),
        ("Үйде қызмет көрсету", "Тамақ әзірлеуге көмектеседі", "row 3"),
    ]


def test_read_xlsx_errors() -> None:
    with pytest.raises(ImportRejected, match=r"p.xlsx: row 3, field outcome: empty outcome"):
        read_programme(_xlsx([["module", "outcome"], ["M", "a"], ["M2", None]]), name="p.xlsx")
    with pytest.raises(ImportRejected, match=r"p.xlsx: a damaged XLSX or DOCX file"):
        read_programme(b"PK\x03\x04 not really a zip", name="p.xlsx")


def test_read_docx_table_after_another_table() -> None:
    data = _docx_table(
        [
            ["Пән", "Код", "Оқыту нәтижесі"],
            ["Әлеуметтік психология", "ОН1", "Психологиялық кеңес беру негіздерін біледі"],
            ["Әлеуметтік психология", "ОН2", "Топтық жұмыс бағдарламаларын әзірлейді"],
        ],
        before=[["Бағдарлама", "6B09001"], ["Кредит", "240"]],
    )
    programme = read_programme(data, name="p.docx")
    assert [(o.code, o.place) for o in programme.outcomes] == [
        ("ОН1", "table 2, row 2"),
        ("ОН2", "table 2, row 3"),
    ]
    with pytest.raises(ImportRejected, match=r"p.docx: table 1, row 2, field outcome: empty"):
        read_programme(_docx_table([["module", "outcome"], ["M", ""]]), name="p.docx")


def test_read_docx_headings_and_lists() -> None:
    document = Document()
    document.add_paragraph("Программа 6B09001", style="Title")
    document.add_heading("Социальная психология", level=2)
    document.add_paragraph("Оказывает психологическую поддержку", style="List Bullet")
    document.add_paragraph("")
    document.add_paragraph("Знает психологию семьи", style="List Bullet")
    document.add_heading("Право", level=2)
    document.add_paragraph("Знает трудовое законодательство", style="List Number")
    out = io.BytesIO()
    document.save(out)
    programme = read_programme(out.getvalue(), name="p.docx")
    assert [(o.module, o.text) for o in programme.outcomes] == [
        ("Социальная психология", "Оказывает психологическую поддержку"),
        ("Социальная психология", "Знает психологию семьи"),
        ("Право", "Знает трудовое законодательство"),
    ]
    assert programme.outcomes[0].place == "paragraph 3"


def test_read_docx_with_neither_form_is_refused() -> None:
    document = Document()
    document.add_paragraph("Just a paragraph, no heading, no table.")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ImportRejected, match=r"p.docx: no table whose first row names"):
        read_programme(out.getvalue(), name="p.docx")
