"""``kasip check --parity KK RU``: two files, or two standard keys of a registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers_parse import load_card_fixture, parse
from kasip.cli import app
from kasip.export import dump_document


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The Kazakh and Russian texts of the fixture ``levels`` (order No 292, three cards)."""
    kk, ru = tmp_path / "levels.kk.txt", tmp_path / "levels.ru.txt"
    kk.write_text(load_card_fixture("kk", "levels"), encoding="utf-8")
    ru.write_text(load_card_fixture("ru", "levels"), encoding="utf-8")
    return kk, ru


def without_second_card(path: Path, tmp_path: Path) -> Path:
    """The text of ``path`` as exchange JSON, its second card taken out."""
    doc = parse(path.read_text(encoding="utf-8"), source_name=path.name)
    changed = doc.model_copy(update={"cards": (doc.cards[0], doc.cards[2])})
    out = tmp_path / "changed.ru.json"
    out.write_text(dump_document(changed), encoding="utf-8")
    return out


def test_cli_parity_of_two_files_at_parity(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["check", "--parity", str(pair[0]), str(pair[1])])
    assert result.exit_code == 0, result.output
    assert "Editions of order 292-2019-05-30: kk" in result.stdout
    assert "Counts (kk/ru): cards 3/3" in result.stdout
    assert "0 differences" in result.stdout


def test_cli_parity_reports_a_missing_card_grouped(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    changed = without_second_card(pair[1], tmp_path)
    result = runner.invoke(app, ["check", "--parity", str(pair[0]), str(changed)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    at = lines.index("Card 2634-9-004@6")
    assert lines[at + 1].startswith("  card-missing [kk line ")
    assert "1 difference," in result.stdout
    as_json = runner.invoke(app, ["check", "--parity", "--json", str(pair[0]), str(changed)])
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert [(d["kind"], d["a"]["id"], d["b"]) for d in report["differences"]] == [
        ("card-missing", "2634-9-004@6", None)
    ]
    assert (report["counts"]["a"]["cards"], report["counts"]["b"]["cards"]) == (3, 2)


def test_cli_parity_refuses_texts_that_are_not_editions(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    result = runner.invoke(app, ["check", "--parity", str(pair[0]), str(pair[0])])
    assert result.exit_code == 2
    assert "are not the Kazakh and Russian editions" in result.stderr
    assert result.stderr.count("levels.kk.txt (kk, order 292-2019-05-30)") == 2
    one = runner.invoke(app, ["check", "--parity", str(pair[0])])
    assert one.exit_code == 2 and "two editions" in one.stderr


def test_cli_parity_of_two_registry_keys(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    imported = runner.invoke(app, ["import", "--db", db, str(pair[0]), str(pair[1])])
    assert imported.exit_code == 0, imported.output
    keys = ["292-2019-05-30-kk", "292-2019-05-30-ru"]
    result = runner.invoke(app, ["check", "--parity", *keys, "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 differences" in result.stdout
    changed = without_second_card(pair[1], tmp_path)
    mixed = runner.invoke(app, ["check", "--parity", keys[0], str(changed), "--db", db])
    assert mixed.exit_code == 1 and "card-missing" in mixed.stdout
    unknown = runner.invoke(app, ["check", "--parity", keys[0], "1-2020-01-01-ru", "--db", db])
    assert unknown.exit_code == 2
    assert "1-2020-01-01-ru: no such file, and no standard with this key" in unknown.stderr


def test_cli_check_without_parity_still_wants_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_cli_parity_of_unreadable_input_is_a_usage_error(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    binary = tmp_path / "binary.ru.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(app, ["check", "--parity", str(pair[0]), str(binary)])
    assert result.exit_code == 2
    assert "binary.ru.txt" in result.stderr or "UTF-8" in result.stderr
    folder = runner.invoke(app, ["check", "--parity", str(pair[0]), str(tmp_path)])
    assert folder.exit_code == 2 and "a directory" in folder.stderr
