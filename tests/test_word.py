"""Word documents (kasip.formats.word): read by their structure into the parser's text.

The documents are made here with python-docx: the bundled standard's text
laid out as Word tables (each text row a table row, each cell a cell, the
lines that continue a row's last cell its paragraphs) must give the same
cards and items as the text; merged cells, automatic numbering, tabs and
line breaks must read as Word shows them; diagnostics name their place.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from helpers_word import seed_as_word, to_bytes
from kasip.cli.base import app
from kasip.errors import InputFileError
from kasip.formats import Place, read_word
from kasip.model import Document
from kasip.model.elements import element_text, walk
from kasip.parse import parse_standard, read_document, read_source

SEED = (
    Path(__file__).resolve().parent.parent / "src/kasip/data/psychological-and-social-work.kk.txt"
)


def elements(doc: Document) -> list[tuple[str, str]]:
    return [(ref.id, element_text(ref.element)) for ref in walk(doc)]


def test_the_bundled_standard_as_word_gives_the_same_cards_and_items() -> None:
    text = SEED.read_text(encoding="utf-8")
    from_text = parse_standard(text)
    flattened = read_word(seed_as_word(text))
    from_word = parse_standard(flattened.text)

    assert len(from_word.cards) == len(from_text.cards) == 14
    assert elements(from_word) == elements(from_text)
    assert [d.code for d in from_word.diagnostics] == [d.code for d in from_text.diagnostics]


def test_merged_cells_are_read_once_and_a_cell_merged_down_reads_empty() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Код"  # across: one cell
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Трудовая функция 1"  # down: two rows
    table.cell(1, 1).text, table.cell(1, 2).text = "Задача 1", "Умения:"
    table.cell(2, 1).text, table.cell(2, 2).text = "", "Настраивать"

    flattened = read_word(to_bytes(document))

    assert flattened.text.split("\n") == [
        "Код",
        "Трудовая функция 1\t|\tЗадача 1\t|\tУмения:",
        "\t|\t\t|\tНастраивать",
    ]


def test_a_row_split_by_hand_at_a_page_end_goes_back_into_the_cell_it_continues() -> None:
    # npp-03 and npp-07 (issue 9): "1. Углубленное понимание методики описания и"
    # ends a row; "формализации бизнес-процессов." opens the next, under it. A cell
    # after text of its own row ("Задача 2: … | мения", a typo) stays in its row.
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Знания:", "1. Углубленное понимание и"
    table.cell(1, 1).text = "формализации бизнес-процессов."
    table.cell(1, 1).add_paragraph("2. Принципы выявления каналов")
    table.cell(2, 0).text, table.cell(2, 1).text = "Задача 2: Контроль", "мения"
    table.cell(3, 1).text = "1. Выполнять задание"

    flattened = read_word(to_bytes(document))

    assert flattened.text.split("\n") == [
        "Знания:\t|\t1. Углубленное понимание и",
        "формализации бизнес-процессов.",
        "2. Принципы выявления каналов",
        "Задача 2: Контроль\t|\tмения",
        "\t|\t1. Выполнять задание",
    ]
    # Each paragraph keeps its own place: the row it is in.
    assert flattened.places[1] == Place(table=1, row=2, cell=2, paragraph=1)
    assert flattened.places[2] == Place(table=1, row=2, cell=2, paragraph=2)


def test_automatic_numbers_are_written_as_word_shows_them() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "Білім"
    cell[1].paragraphs[0].text = "Еңбек кодексі"
    cell[1].paragraphs[0].style = document.styles["List Number"]
    for item in ("Құжат айналымы", "Әлеуметтік жұмыс әдістері"):
        cell[1].add_paragraph(item, style="List Number")

    flattened = read_word(to_bytes(document))

    assert flattened.text.split("\n") == [
        "Білім\t|\t1. Еңбек кодексі",
        "2. Құжат айналымы",
        "3. Әлеуметтік жұмыс әдістері",
    ]
    assert flattened.places[2] == Place(table=1, row=1, cell=2, paragraph=3)


def test_tabs_and_line_breaks_in_a_paragraph_do_not_split_cells_or_rows() -> None:
    document = docx.Document()
    paragraph = document.add_table(rows=1, cols=2).rows[0].cells[1].paragraphs[0]
    run = paragraph.add_run("бірінші\tсөз")
    run.add_break()
    paragraph.add_run("екінші жол")

    lines = read_word(to_bytes(document)).text.split("\n")

    assert lines == ["\t|\tбірінші сөз", "екінші жол"]


def test_a_broken_word_document_is_refused_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "draft.docx"
    data = bytearray(to_bytes(docx.Document()))
    data[len(data) // 2 :] = b"\0" * (len(data) - len(data) // 2)
    broken.write_bytes(bytes(data))
    with pytest.raises(InputFileError, match=r"draft\.docx"):
        read_source(broken)


def test_check_reads_a_word_document_and_names_the_place_of_each_diagnostic(
    tmp_path: Path,
) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "standard.docx"
    path.write_bytes(seed_as_word(text.replace("1. Еңбек кодексі", "1. Еңбек кодексі\x00", 1)))
    source = read_document(path)
    assert source.places, "a Word document has places"

    runner = CliRunner()
    printed = runner.invoke(app, ["check", str(path)])
    as_json = runner.invoke(app, ["check", "--json", str(path)])

    assert "14 cards" in printed.stdout
    [report] = json.loads(as_json.stdout)
    assert report["summary"]["cards"] == 14
    placed = [d for d in report["diagnostics"] if "place" in d]
    assert placed and all("paragraph" in d["place"] for d in placed)
    first = placed[0]
    line = f"{path}:{first['line']}:{first['column']}: {first['severity']}: {first['code']}"
    shown = next(x for x in printed.stdout.splitlines() if x.startswith(line))
    assert shown.endswith("]") and "paragraph " in shown


def test_a_text_file_has_no_places(tmp_path: Path) -> None:
    path = tmp_path / "standard.txt"
    path.write_text("Кәсіптік стандарт", encoding="utf-8")
    assert read_document(path).places == ()
    assert read_document(path).place_of(1) is None


def test_a_word_document_that_unpacks_too_large_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # python-docx holds every part in memory: a small package of millions of empty
    # paragraphs would take the server's memory (the check page reads uploads).
    from kasip.formats import word

    data = seed_as_word(SEED.read_text(encoding="utf-8"))
    assert read_word(data).text
    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", len(data))
    with pytest.raises(InputFileError, match=r"^draft\.docx: a Word document that unpacks to"):
        read_word(data, name="draft.docx")
