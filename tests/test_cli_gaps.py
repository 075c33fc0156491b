"""``kasip gap``: the ratings template, the report as JSON, XLSX and PDF, and its errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from kasip.cli import app
from test_pdf import _run, needs_dejavu, needs_poppler, needs_weasyprint

pytest_plugins = ["conftest_cli"]

CARD = "2635-3-001@4"


def _filled(runner: CliRunner, db: str, tmp_path: Path) -> Path:
    """The card's ratings template, filled in: the first half fully, the rest not yet."""
    template = tmp_path / "template.csv"
    result = runner.invoke(app, ["gap", "--card", CARD, "--template", str(template), "--db", db])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(template.read_text(encoding="utf-8-sig"))))
    assert rows[0]["element"].startswith(f"{CARD}/f1/")
    for n, row in enumerate(rows):
        row["rating"] = "толық" if n < len(rows) // 2 else "жоқ"
    rows[0]["evidence"] = "Курс, 2025"
    filled = tmp_path / "ratings.csv"
    with filled.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return filled


def test_gap_reports_json_from_the_filled_template(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    filled = _filled(runner, db, tmp_path)
    args = ["gap", "--card", CARD, "--ratings", str(filled), "--start", "2027-02-01", "--json"]
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    analysis = page["analysis"]
    total = analysis["skills"]["total"] + analysis["knowledge"]["total"]
    mastered = analysis["skills"]["fully"] + analysis["knowledge"]["fully"]
    assert (mastered, analysis["unrated"]) == (total // 2, [])
    assert analysis["elements"][0]["evidence"] == "Курс, 2025"
    assert len(page["plan"]["items"]) == total - total // 2
    assert page["plan"]["start"] == "2027-02-01"
    assert page["next_level"]["card_id"] == "2635-3-001@5"


@needs_weasyprint
@needs_poppler
@needs_dejavu
def test_gap_writes_the_plan_as_pdf_and_xlsx(runner: CliRunner, db: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    filled = _filled(runner, db, tmp_path)
    for name, lang in (("plan.pdf", "kk"), ("plan.xlsx", "ru")):
        args = ["gap", "--card", CARD, "--ratings", str(filled), "--lang", lang]
        result = runner.invoke(app, [*args, "--output", str(tmp_path / name), "--db", db])
        assert result.exit_code == 0, result.output
        assert "Development plan" in result.stdout
    words = re.sub(r"\s+", " ", _run("pdftotext", str(tmp_path / "plan.pdf"), "-"))
    assert "Даму жоспары" in words and "Олқылықтар" in words
    assert f"{CARD}/f1/t1/k1" in words.replace(" ", "")
    book = load_workbook(tmp_path / "plan.xlsx", read_only=True)
    assert book.sheetnames == ["Трудовые функции", "Элементы", "План развития"]


def test_gap_names_what_is_wrong(runner: CliRunner, db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("element,rating\n2635-3-001@4/f1/t1/s1,maybe\n", encoding="utf-8")
    result = runner.invoke(app, ["gap", "--card", CARD, "--ratings", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "row 2, column rating: 'maybe' is not a rating" in result.output
    unknown = ["gap", "--card", "9999-9-999@4", "--ratings", str(bad)]
    result = runner.invoke(app, [*unknown, "--db", db])
    assert result.exit_code == 1
    assert "9999-9-999@4" in result.output
    result = runner.invoke(app, ["gap", "--card", CARD, "--db", db])
    assert result.exit_code == 1
    assert "--ratings" in result.output
