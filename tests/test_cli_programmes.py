"""``kasip programmes draft`` and ``kasip questions``: assessment on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kasip.cli import app

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytest_plugins = ["conftest_cli"]

CARD = "3412-0-009@6"


def test_draft_a_whole_card_and_a_scope(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["programmes", "draft", CARD, "--json", "--db", db])
    assert result.exit_code == 0, result.output
    whole = json.loads(result.stdout)
    assert whole["card_id"] == CARD and whole["version"] == 1
    assert [row["function"]["id"] for row in whole["theory"]] == [f"{CARD}/f{n}" for n in (1, 2, 3)]
    assert sum(row["questions"] for row in whole["theory"]) == 12
    assert len(whole["practice"]) == 4

    args = ["programmes", "draft", CARD, "--scope", f"{CARD}/f2/t2", "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{CARD}/f2/t2" in result.stdout and f"{CARD}/f1/t1" not in result.stdout
    assert "not law" in " ".join(result.stdout.split())


def test_a_scope_not_of_the_card_is_refused(runner: CliRunner, db: str) -> None:
    args = ["programmes", "draft", CARD, "--scope", "2635-3-001@5/f1", "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "is not a labour function, task or skill of the card" in " ".join(result.output.split())


def test_a_question_bank_goes_out_and_back_in(runner: CliRunner, db: str, tmp_path: Path) -> None:
    knowledge = f"{CARD}/f2/t1/k1"
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "kind,elements,stem_ru,answers\n"
        f"short,{knowledge},Назовите документ,акт\n"
        f"short,{knowledge} {CARD}/f9,Назовите ещё,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["questions", "import", str(bank), "--card", CARD, "--db", db])
    assert result.exit_code == 1
    assert "bank.csv: row 3" in " ".join(result.output.split())  # the row, and nothing kept
    bank.write_text(f"kind,elements,stem_ru,answers\nshort,{knowledge},Назовите,акт\n")
    result = runner.invoke(app, ["questions", "import", str(bank), "--card", CARD, "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 questions added, 0 changed" in result.output
    out = tmp_path / "out.xlsx"
    args = ["questions", "export", "--card", CARD, "-o", str(out), "--db", db]
    assert runner.invoke(app, args).exit_code == 0
    assert out.read_bytes().startswith(b"PK")
    result = runner.invoke(app, ["questions", "import", str(out), "--card", CARD, "--db", db])
    assert "0 questions added, 1 changed" in result.output
