"""The alignment report as files: the XLSX workbook (coloured matrix), the heat map SVG
and the A4 PDF, written by ``kasip align --output`` and read back."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from alignment_support import HOME_CARE, JAVA, PSYCHOLOGIST, SEED_PROGRAMME
from kasip.cli import app
from kasip.curriculum.files import heat_colour
from kasip.curriculum.models import (
    AlignmentReport,
    CardCoverage,
    CoverageShares,
    FunctionCoverage,
    LinkRule,
    MatrixRow,
)
from kasip.i18n import translations
from kasip.pages.alignment_svg import heat_map
from test_pdf import _run, needs_dejavu, needs_poppler, needs_weasyprint

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytest_plugins = ["conftest_cli"]


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    path = tmp_path / "programme.csv"
    path.write_text(SEED_PROGRAMME, encoding="utf-8")
    return path


def _align(runner: CliRunner, db: str, programme: Path, *extra: str) -> dict[str, object]:
    args = ["align", str(programme), "--card", HOME_CARE, "--card", PSYCHOLOGIST, "--json"]
    result = runner.invoke(app, [*args, *extra, "--db", db])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_align_writes_the_workbook_with_a_coloured_matrix(
    runner: CliRunner, db: str, programme: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    data = _align(runner, db, programme, "--output", str(out), "--lang", "ru")
    book = load_workbook(out)
    assert book.sheetnames == [
        "Покрытие",
        "Элементы",
        "Неохваченные элементы",
        "Результаты без соответствия",
        "Матрица",
    ]
    cards = data["cards"]
    assert isinstance(cards, list)
    coverage = {row[0]: row for row in book["Покрытие"].iter_rows(min_row=2, values_only=True)}
    for card in cards:
        row = coverage[card["card"]]
        assert row[3] == round(100 * card["coverage"]["skills"])
        assert row[5] == round(100 * card["coverage"]["knowledge"])
        assert row[6] == len(card["uncovered"])
    covered = [(e["id"], c) for card in cards for e in card["elements"] for c in e["covered_by"]]
    assert covered, "the seed programme covers something"
    rows = list(book["Элементы"].iter_rows(min_row=2, values_only=True))
    for element, by in covered:
        assert any(r[0] == element and r[4] == by["number"] and r[7] == by["score"] for r in rows)
    assert {r[8] for r in rows if r[8]} == {"предложена"}
    uncovered = [r[0] for r in book["Неохваченные элементы"].iter_rows(min_row=2, values_only=True)]
    assert uncovered == [i for card in cards for i in card["uncovered"]]
    unmapped = [r[0] for r in book["Результаты без соответствия"].iter_rows(values_only=True)]
    assert JAVA in unmapped
    matrix = book["Матрица"]
    header = [c.value for c in matrix[1]]
    assert header[0] == "Модуль" and f"{HOME_CARE}/f1" in header
    by_module = {row["module"]: row["cells"] for row in data["matrix"]}  # type: ignore[attr-defined]
    for line in matrix.iter_rows(min_row=2):
        cells = by_module[line[0].value]
        for cell, function in zip(line[1:], header[1:], strict=True):
            share = cells[function]
            assert cell.value == round(100 * share)
            assert cell.fill.fgColor.rgb[-6:] == heat_colour(share)[0][1:].upper()
    fills = {c.fill.fgColor.rgb for line in matrix.iter_rows(min_row=2) for c in line[1:]}
    assert len(fills) >= 2, "a covering module and the Java one differ in colour"


def _report(module: str, share: float) -> AlignmentReport:
    shares = CoverageShares(skills=share, knowledge=0.0)
    function = FunctionCoverage(
        id="1234-5-678@4/f1", title="<Функция>", coverage=shares, skills=1, knowledge=0,
        uncovered=(),
    )  # fmt: skip
    card = CardCoverage(
        card="1234-5-678@4", standard="s", name="n", coverage=shares, functions=(function,),
        elements=(), uncovered=(),
    )  # fmt: skip
    return AlignmentReport(
        source="p.csv",
        rule=LinkRule(threshold=0.35, relative=0.8, top_k=2),
        cards=(card,),
        unmapped=(),
        matrix=(MatrixRow(module=module, cells={function.id: share}),),
        links=(),
    )


def test_heat_map_writes_each_share_as_text_and_escapes_names() -> None:
    svg = heat_map(_report("<Модуль & 1>", 0.8), translations("kk").gettext)
    assert "&lt;Модуль &amp; 1&gt;" in svg and "<Модуль" not in svg
    assert "&lt;Функция&gt;" in svg and "<Функция" not in svg
    assert 'role="img"' in svg and "<title" in svg
    assert "Модульдер × еңбек функциялары" in svg and "Қамтылған үлес" in svg
    # The cell: the darkest fill, white text, and its share written in it.
    cell = re.search(r'fill="#047857"[^>]*/><text[^>]*fill="#ffffff">80%</text>', svg)
    assert cell is not None, svg
    assert "&lt;Модуль &amp; 1&gt; — 1234-5-678@4/f1 &lt;Функция&gt;: 80%" in svg


def test_heat_colour_steps_rise_with_the_share() -> None:
    steps = [heat_colour(s)[0] for s in (0.0, 0.1, 0.3, 0.6, 1.0)]
    assert len(set(steps)) == 5
    assert heat_colour(0.74) == heat_colour(0.5) != heat_colour(0.75)


@needs_weasyprint
@needs_poppler
@needs_dejavu
def test_align_writes_the_pdf_with_the_heat_map(
    runner: CliRunner, db: str, programme: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    data = _align(runner, db, programme, "--output", str(out), "--lang", "kk")
    words = re.sub(r"\s+", " ", _run("pdftotext", str(out), "-"))
    assert "Бағдарламаны кәсіптік стандартпен сәйкестендіру" in words
    assert "Модульдер × еңбек функциялары" in words
    assert JAVA in words
    squeezed = words.replace(" ", "")
    cards = data["cards"]
    assert isinstance(cards, list)
    for card in cards:
        assert card["uncovered"][0] in squeezed
    # The heat map's cells carry their share as text: the Java module's row is all 0%.
    assert squeezed.count("0%") >= len(cards[0]["functions"])
