"""``kasip align``: the issue's JSON shape, the table report and its errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from alignment_support import HOME_CARE, PSYCHOLOGIST, SEED_PROGRAMME
from kasip.cli import app

if TYPE_CHECKING:
    from typer.testing import CliRunner


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    path = tmp_path / "programme.csv"
    path.write_text(SEED_PROGRAMME, encoding="utf-8")
    return path


def test_align_json_has_the_issues_shape(runner: CliRunner, db: str, programme: Path) -> None:
    import json

    result = runner.invoke(
        app,
        [
            "align",
            str(programme),
            "--card",
            HOME_CARE,
            "--card",
            PSYCHOLOGIST,
            "--json",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"cards", "unmapped"} <= data.keys()
    assert [c["card"] for c in data["cards"]] == [HOME_CARE, PSYCHOLOGIST]
    for card in data["cards"]:
        assert {"card", "coverage", "elements", "uncovered"} <= card.keys()
        assert set(card["coverage"]) == {"skills", "knowledge"}
        assert all(0.0 <= v <= 1.0 for v in card["coverage"].values())
        for element in card["elements"]:
            assert {"id", "type", "covered_by"} <= element.keys()
            assert element["type"] in ("skill", "knowledge")
            assert element["id"].startswith(card["card"] + "/")
            for by in element["covered_by"]:
                assert {"outcome", "score"} <= by.keys() and 0.0 < by["score"] <= 1.0
        covered = {e["id"] for e in card["elements"] if e["covered_by"]}
        assert set(card["uncovered"]) == {e["id"] for e in card["elements"]} - covered
    home, psychologist = data["cards"]
    shopping = next(e for e in home["elements"] if e["id"] == f"{HOME_CARE}/f1/t1/s2")
    assert shopping["covered_by"][0]["outcome"].startswith("Жалғызілікті қарттарға")
    assert psychologist["coverage"]["skills"] > 0
    assert data["unmapped"] == ["Разрабатывает программное обеспечение на Java"]
    assert [row["module"] for row in data["matrix"]] == [
        "Үйде қызмет көрсету",
        "Социальная психология",
        "Программирование",
    ]


def test_align_prints_a_readable_report(runner: CliRunner, db: str, programme: Path) -> None:
    result = runner.invoke(app, ["align", str(programme), "-c", HOME_CARE, "--db", db])
    assert result.exit_code == 0, result.output
    assert f"{HOME_CARE} Әлеуметтік қызметкер" in result.stdout
    assert "skills 6%, knowledge 0%" in result.stdout
    assert f"{HOME_CARE}/f1/t1/s2" in result.stdout
    assert "Outcomes that cover nothing (2):" in result.stdout
    assert "Modules × labour functions" in result.stdout


def test_align_refuses_an_unknown_card(runner: CliRunner, db: str, programme: Path) -> None:
    result = runner.invoke(app, ["align", str(programme), "--card", "9999-0-001@4", "--db", db])
    assert result.exit_code == 1
    assert "unknown card '9999-0-001@4'" in result.stderr
    result = runner.invoke(app, ["align", str(programme), "--card", "3412-0-008", "--db", db])
    assert result.exit_code == 1
    assert "malformed card id '3412-0-008'" in result.stderr


def test_align_names_the_bad_row(runner: CliRunner, db: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("module,outcome\nM,first\nM,\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(path), "--card", HOME_CARE, "--db", db])
    assert result.exit_code == 1
    assert f"{path}: row 3, field outcome: empty outcome" in " ".join(result.stderr.split())
