"""PDFs with text (kasip.formats.pdf): tables read by their ruling lines into the parser's text.

The PDFs are made here with WeasyPrint (a dependency already, for card PDFs):
HTML tables with borders, so that pdfplumber finds them as a reader of a
publisher's PDF would. A PDF without text is refused.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kasip.cli.base import app
from kasip.errors import InputFileError
from kasip.formats import Place, read_pdf
from kasip.formats.pdf_lines import cell_lines
from kasip.parse import parse_standard, read_document

weasyprint = pytest.importorskip("weasyprint")

STYLE = "table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:4px}"


def lines_of(body: str) -> list[str]:
    """The parser's lines of a PDF typeset from ``body``."""
    return read_pdf(pdf_of(body)).text.split("\n")


def pdf_of(body: str) -> bytes:
    html = f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


CARD = """
<p>Кәсіптік стандарт</p>
<table>
<tr><td>Код:</td><td>2511-1-005</td></tr>
<tr><td>Профессия:</td><td>Архитектор программного обеспечения</td></tr>
<tr><td rowspan="2">Трудовая функция 1: Проектирование</td><td>Умения:</td></tr>
<tr><td>1. Создавать логику приложения<br>2. Документировать архитектуру</td></tr>
<tr><td colspan="2">Требования к личностным компетенциям</td></tr>
</table>
"""


def test_tables_become_rows_of_cells_and_text_lines_keep_their_order() -> None:
    flattened = read_pdf(pdf_of(CARD))
    lines = flattened.text.split("\n")

    assert lines == [
        "Кәсіптік стандарт",
        "Код:\t|\t2511-1-005",
        "Профессия:\t|\tАрхитектор программного обеспечения",
        "Трудовая функция 1: Проектирование\t|\tУмения:",
        "\t|\t1. Создавать логику приложения",  # under the cell merged down: empty
        "2. Документировать архитектуру",
        "Требования к личностным компетенциям",  # merged across: one cell
    ]
    assert flattened.places[0] == Place(page=1, line=1)
    assert flattened.places[5] == Place(page=1, table=1, row=4, cell=2, line=2)


def test_a_cells_printed_lines_are_joined_unless_an_item_or_a_label_starts() -> None:
    long_item = "Применять программно-аппаратные средства защиты информации " * 3
    body = (
        "<table><tr><td style='width:30%'>Знания:</td>"
        f"<td>Знания:<br>1. {long_item}<br>2. Топологии сетей</td></tr></table>"
    )
    lines = read_pdf(pdf_of(body)).text.split("\n")
    assert lines[0] == "Знания:\t|\tЗнания:"
    assert lines[1] == f"1. {long_item.strip()}"  # printed over several lines
    assert lines[2] == "2. Топологии сетей"


def test_a_pdf_without_text_is_refused_as_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_of("<div style='width:5cm;height:5cm;background:#000'></div>"))
    with pytest.raises(InputFileError, match=r"scan\.pdf: a PDF without text"):
        read_document(path)


def test_a_broken_pdf_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 100)
    with pytest.raises(InputFileError, match=r"broken\.pdf: a PDF"):
        read_document(path)


def test_check_names_the_page_of_each_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "draft.pdf"
    path.write_bytes(pdf_of(CARD))
    result = CliRunner().invoke(app, ["check", "--json", str(path)])
    [report] = json.loads(result.stdout)
    placed = [d["place"] for d in report["diagnostics"] if "place" in d]
    assert placed and all(p["page"] == 1 for p in placed)


def test_text_in_a_row_whose_border_is_missing_under_one_column_is_not_lost() -> None:
    # The 2017 NPP PDF (tests/corpus/npp): below "Трудовая функция 1" the first
    # column's rules are missing, pdfplumber gives it no cell in the next row, and
    # "Трудовая функция 2 …" belonged to no cell: it was dropped without a word
    # (issue 9). It is read from the column's part of the row.
    path = Path(__file__).parent / "corpus/npp/npp-it-pdf-08-information-resources.ru.pdf"
    flattened = read_document(path)
    line = next(
        line for line in flattened.text.split("\n") if line.startswith("Трудовая функция 2 Скан")
    )
    assert line == (
        "Трудовая функция 2 Сканирование и обработка графической информации\t|\tУмения и навыки:"
    )
    doc = parse_standard(flattened.text)
    assert [len(card.functions) for card in doc.cards] == [4, 4, 3]


def test_rows_ruled_under_every_printed_line_go_back_into_their_cell() -> None:
    body = """
<table>
<tr><td>Знания:</td><td>1. Знание современных программных</td></tr>
<tr><td></td><td>приложений по проектированию</td></tr>
<tr><td></td><td>2. Требований к интерфейсу</td></tr>
</table>
"""
    assert lines_of(body) == [
        "Знания:\t|\t1. Знание современных программных приложений по проектированию",
        "\t|\t2. Требований к интерфейсу",
    ]


def test_a_word_broken_by_a_narrow_cell_is_joined() -> None:
    body = (
        "<table><tr><td>Задача 1:</td><td>Совершенствовани<br>е систем,"
        " автоматизированно<br>го контроля<br>и обучения</td></tr></table>"
    )
    lines = read_pdf(pdf_of(body)).text.split("\n")
    # "и" on its own is a word: it opens the next printed line, it is no word's end.
    assert lines == [
        "Задача 1:\t|\tСовершенствование систем, автоматизированного контроля и обучения"
    ]


def _one_page_pdf(mediabox: bytes) -> bytes:
    """A minimal PDF written by hand: one page with one word, its MediaBox as given."""
    content = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox" + mediabox
        + b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]  # fmt: skip
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_a_pdf_whose_page_cannot_be_read_is_refused_with_its_name() -> None:
    assert "Hello" in read_pdf(_one_page_pdf(b"[0 0 600 800]")).text
    with pytest.raises(InputFileError, match=r"^broken\.pdf: page 1 of the PDF cannot be read"):
        read_pdf(_one_page_pdf(b"[0 0]"), name="broken.pdf")


def test_a_cell_of_names_keeps_one_name_per_line_and_a_wrapped_phrase_joined() -> None:
    body = (
        "<table><tr><td>Другие возможные названия профессии:</td>"
        "<td>Проектировщик ИС<br>Системный аналитик<br>Архитектор</td></tr>"
        "<tr><td>Знания:</td><td>1. Эвристические правила Якоба<br>Нильсена"
        "<br>2. Законодательство в области<br>Республики Казахстан</td></tr></table>"
    )
    assert lines_of(body) == [
        "Другие возможные названия профессии:\t|\tПроектировщик ИС",
        "Системный аналитик",
        "Архитектор",
        "Знания:\t|\t1. Эвристические правила Якоба Нильсена",
        "2. Законодательство в области Республики Казахстан",
    ]


def test_a_title_wrapped_beside_a_ruled_list_goes_back_into_its_cell() -> None:
    # pdf-54 (issue 9): a rule under every printed line of the list cuts the task's
    # title too; its last words come rows below, beside the list's next line.
    body = """
<table>
<tr><td>Задача 2 Разработка ключевых</td><td>Умения:</td></tr>
<tr><td></td><td>1. Определять протоколы авторизации,</td></tr>
<tr><td>технических сценариев</td><td>поддержки сеанса</td></tr>
<tr><td></td><td>2. Определять схемы кеширования</td></tr>
<tr><td>Задача 3:</td><td>Знания:</td></tr>
<tr><td>Анализ процесса</td><td>1. Схемы кеширования</td></tr>
</table>
"""
    assert lines_of(body) == [
        "Задача 2 Разработка ключевых технических сценариев\t|\tУмения:",
        "\t|\t1. Определять протоколы авторизации, поддержки сеанса",
        "\t|\t2. Определять схемы кеширования",
        # A label whose title a rule put below it (Задача 3:) gets it back.
        "Задача 3: Анализ процесса\t|\tЗнания:",
        "\t|\t1. Схемы кеширования",
    ]


def test_a_bullet_printed_alone_in_a_cell_is_no_text() -> None:
    # pdf-54: empty bulleted paragraphs of the source print bullets alone on a line,
    # which were read into the function's title ("Разработка дизайна • продукта. • •").
    body = (
        "<table><tr><td>Трудовая функция 2:</td>"
        "<td>Разработка дизайна<br>•<br>продукта.<br>•</td></tr></table>"
    )
    assert lines_of(body) == ["Трудовая функция 2:\t|\tРазработка дизайна продукта."]


def test_a_row_cut_by_a_page_goes_on_in_its_own_cells_on_the_next_page() -> None:
    # pdf-55 (issue 9): the table on the next page is ruled without the first
    # page's empty narrow column; the list's rest ("программного кода ПО.", its
    # next entry) goes on in the list's cell, and the next function in its own.
    first = (
        '<table style="table-layout:fixed"><col width="25%"><col width="25%"><col width="10%">'
        '<col width="40%"><tr><td>Трудовая функция 1: Участие</td><td>Задача 1: Алгоритм</td>'
        "<td></td><td>Умения:</td></tr><tr><td></td><td></td><td></td>"
        "<td>1. Составлять алгоритм<br>2. Представлять графический алгоритм</td></tr></table>"
    )
    second = (
        '<table style="table-layout:fixed;break-before:page"><col width="25%"><col width="25%">'
        '<col width="50%"><tr><td></td><td></td><td>программного кода ПО.<br>'
        "3. Применять технологию</td></tr><tr><td>Трудовая функция 2: Верификация</td>"
        "<td>Задача 1: Прототип</td><td>Умения:</td></tr></table>"
    )
    flattened = read_pdf(pdf_of(first + second))
    assert flattened.text.split("\n") == [
        "Трудовая функция 1: Участие\t|\tЗадача 1: Алгоритм\t|\t\t|\tУмения:",
        "\t|\t\t|\t\t|\t1. Составлять алгоритм",
        "2. Представлять графический алгоритм программного кода ПО.",
        "3. Применять технологию",
        "Трудовая функция 2: Верификация\t|\tЗадача 1: Прототип\t|\tУмения:",
    ]
    assert flattened.places[3].page == 2
    assert flattened.places[4] == Place(page=2, table=2, row=2, cell=1, line=1)


def test_a_font_bullet_beside_text_is_no_text_and_one_before_text_opens_a_line() -> None:
    # pdf-54: an empty Symbol-font bullet (U+F0B7) printed on a title's line, and one
    # before the next task's label, which must not run on the title above it.
    place = Place(page=1, table=1, row=1, cell=2)
    printed = [
        "Определение стратегии дизайна",
        "пользовательского \uf0b7 интерфейса ПО \uf0b7",
        "\uf0b7 Задача 2: Макеты",
    ]
    assert cell_lines([("\n".join(printed), place)]) == [
        ("Определение стратегии дизайна пользовательского интерфейса ПО", replace(place, line=1)),
        ("\uf0b7 Задача 2: Макеты", replace(place, line=2)),
    ]
