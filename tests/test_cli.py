"""The ``kasip`` command line, run with Typer's CliRunner on a temporary SQLite file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import kasip
from kasip.cli import app

SEED = Path(str(files("kasip") / "data" / "psychological-and-social-work.kk.txt"))
NOT_A_STANDARD = "Сәлем, әлем!\nThis is a shopping list, not a professional standard.\n"


@pytest.fixture
def runner() -> CliRunner:
    # A wide terminal, so that tables do not fold codes and names in the middle.
    return CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/r.db"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A registry file the bundled standard was imported into, for tests that only read it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded')}/r.db"
    runner = CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})
    assert "created" in ok(runner, "import", "--bundled", "--db", url).stdout
    return url


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def ok(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    result = run(runner, *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def listing(runner: CliRunner, db: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(runner, "list", "--json", "--db", db).stdout)
    return data


def assert_user_error(result: Result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert "Error" in result.stderr
    for word in words:
        assert word in result.stderr


def test_cli_help_lists_every_command(runner: CliRunner) -> None:
    result = ok(runner, "--help")
    for name in ["import", "check", "list", "show", "parse", "export", "versions"]:
        assert name in result.stdout


def test_cli_version(runner: CliRunner) -> None:
    assert ok(runner, "--version").stdout.strip() == f"kasip {kasip.__version__}"


def test_python_m_kasip_help_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kasip", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "import" in done.stdout


def test_import_bundled_then_list_show_export_versions(runner: CliRunner, db: str) -> None:
    imported = ok(runner, "import", "--bundled", "--db", db)
    assert "created" in imported.stdout
    [standard] = listing(runner, db)
    assert standard["language"] == "kk"
    assert standard["latest_version"] == 1
    codes = {card["code"] for card in standard["cards"]}
    assert "2635-3-001" in codes
    assert "2635-3-001" in ok(runner, "list", "--db", db).stdout
    shown = ok(runner, "show", "2635-3-001", "--level", "5", "--db", db).stdout
    assert "2635-3-001" in shown
    assert "labour functions" in shown
    exported = json.loads(ok(runner, "export", "--format", "json", "--db", db).stdout)
    assert exported["format"] == "kasip-standard/1"
    versions = json.loads(ok(runner, "versions", standard["key"], "--json", "--db", db).stdout)
    assert [v["version"] for v in versions] == [1]
    assert standard["key"] in ok(runner, "versions", standard["key"], "--db", db).stdout


def test_import_twice_reports_unchanged(runner: CliRunner, db: str) -> None:
    ok(runner, "import", "--bundled", "--db", db)
    again = ok(runner, "import", "--bundled", "--db", db)
    assert "unchanged" in again.stdout
    assert listing(runner, db)[0]["versions"] == 1


def test_import_file_and_global_db_option(runner: CliRunner, db: str) -> None:
    result = ok(runner, "--db", db, "import", str(SEED))
    assert "created" in result.stdout
    assert len(listing(runner, db)) == 1


def test_import_without_files_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = run(runner, "import", "--db", db)
    assert result.exit_code == 2
    assert "--bundled" in result.output


def test_import_of_a_text_with_errors_imports_nothing(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text(NOT_A_STANDARD, encoding="utf-8")
    result = run(runner, "import", str(SEED), str(bad), "--db", db)
    assert_user_error(result, "notes.txt", "nothing was imported")
    assert listing(runner, db) == []


def test_show_unknown_code_is_a_clean_error(runner: CliRunner, seeded_db: str) -> None:
    assert_user_error(run(runner, "show", "9999-9-999", "--db", seeded_db), "9999-9-999")


def test_show_unknown_level_names_the_levels_that_exist(runner: CliRunner, seeded_db: str) -> None:
    result = run(runner, "show", "2635-3-001", "--level", "1", "--db", seeded_db)
    assert_user_error(result, "4, 5, 6")


def test_show_without_level_shows_every_level(runner: CliRunner, seeded_db: str) -> None:
    result = ok(runner, "show", "2635-3-001", "--db", seeded_db)
    assert "pick one with --level" in result.stderr
    for level in ["level 4", "level 5", "level 6"]:
        assert level in result.stdout
    cards = json.loads(ok(runner, "show", "2635-3-001", "--json", "--db", seeded_db).stdout)
    assert sorted(card["level"] for card in cards) == [4, 5, 6]


def test_show_prints_the_qualification_requirements(runner: CliRunner, seeded_db: str) -> None:
    # Education and the qualification directory's categories (issue 8), each
    # category with its experience; the text is the card's, as published.
    card = json.loads(
        ok(runner, "show", "2635-3-001", "-l", "5", "--json", "--db", seeded_db).stdout
    )
    categories = card["directory_requirements"]["categories"]
    assert len(categories) == 4 and categories[0]["min_experience_years"] == 3
    # The tree's wrapped lines, read as one text without its guides.
    tree = ok(runner, "show", "2635-3-001", "-l", "5", "--db", seeded_db).stdout
    shown = " ".join(re.sub("[│├└─]", " ", tree).split())
    assert "qualification requirements (directory)" in shown
    assert "education " + " ".join(card["education"].split()) in shown
    first = categories[0]
    assert f"{first['category']}: {' '.join(first['education'].split())}" in shown
    assert f"experience: at least 3 years ({first['experience_in']})" in shown
    assert all(f"{c['category']}:" in shown for c in categories)


def test_show_json_is_one_card(runner: CliRunner, seeded_db: str) -> None:
    card = json.loads(
        ok(runner, "show", "2635-3-001", "-l", "5", "--json", "--db", seeded_db).stdout
    )
    assert card["id"] == "2635-3-001@5"
    assert card["functions"][0]["id"] == "2635-3-001@5/f1"


def test_show_takes_the_ids_kasip_prints(runner: CliRunner, seeded_db: str) -> None:
    # Every ID search, match, the API and the pages print works with kasip show.
    card = json.loads(ok(runner, "show", "2635-3-001@5", "--json", "--db", seeded_db).stdout)
    assert (card["id"], card["level"]) == ("2635-3-001@5", 5)
    assert "labour functions" in ok(runner, "show", "2635-3-001@5", "--db", seeded_db).stdout
    twin = json.loads(ok(runner, "show", "2634-9-004@6~2", "--json", "--db", seeded_db).stdout)
    assert twin["id"] == "2634-9-004@6~2"
    task = ok(runner, "show", "2635-3-001@5/f1/t1", "--db", seeded_db).stdout
    assert "task 2635-3-001@5/f1/t1 (card 2635-3-001@5)" in task
    assert "skills" in task
    row = json.loads(ok(runner, "show", "3412-0-008@4/row1", "--json", "--db", seeded_db).stdout)
    assert row["id"] == "3412-0-008@4/row1"
    term = json.loads(ok(runner, "show", "term1", "--json", "--db", seeded_db).stdout)
    assert term["id"] == "term1" and term["term"]


def test_show_refuses_bad_and_unknown_ids(runner: CliRunner, seeded_db: str) -> None:
    assert_user_error(
        run(runner, "show", "2635-3-001@5//f1", "--db", seeded_db), "malformed element id"
    )
    assert_user_error(run(runner, "show", "2635-3-001@9", "--db", seeded_db), "no card")
    assert_user_error(run(runner, "show", "2635-3-001@5/f9", "--db", seeded_db), "no element")
    assert run(runner, "show", "2635-3-001@5", "--level", "5", "--db", seeded_db).exit_code == 2


def test_unknown_standard_and_version_are_clean_errors(runner: CliRunner, seeded_db: str) -> None:
    assert_user_error(run(runner, "export", "--standard", "no-such", "--db", seeded_db), "no-such")
    assert_user_error(run(runner, "versions", "no-such", "--db", seeded_db), "no-such")
    assert_user_error(run(runner, "list", "--standard", "no-such", "--db", seeded_db), "no-such")
    key = listing(runner, seeded_db)[0]["key"]
    assert_user_error(run(runner, "export", "--standard", key, "--version", "9", "--db", seeded_db))


def test_export_unknown_format_lists_the_formats(runner: CliRunner, db: str) -> None:
    result = run(runner, "export", "--format", "docx", "--db", db)
    assert result.exit_code == 2
    assert "json" in result.output
    assert "Traceback" not in result.output


def test_export_import_export_is_byte_identical(runner: CliRunner, db: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    ok(runner, "import", "--bundled", "--db", db)
    ok(runner, "export", "--output", str(first), "--db", db)
    other = f"sqlite:///{tmp_path}/other.db"
    assert "created" in ok(runner, "import", str(first), "--db", other).stdout
    ok(runner, "export", "--output", str(second), "--db", other)
    assert first.read_bytes() == second.read_bytes()
    assert "unchanged" in ok(runner, "import", str(first), "--db", db).stdout


def test_export_one_standard_by_key_and_version(runner: CliRunner, seeded_db: str) -> None:
    key = listing(runner, seeded_db)[0]["key"]
    result = ok(runner, "export", "--standard", key, "--version", "1", "--db", seeded_db)
    assert result.stdout == ok(runner, "export", "--db", seeded_db).stdout


def test_database_url_comes_from_the_environment(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    ok(runner, "import", "--bundled", env={"KASIP_DATABASE_URL": db})
    assert (tmp_path / "r.db").exists()
    assert len(listing(runner, db)) == 1
    assert "2635-3-001" in ok(runner, "list", env={"KASIP_DATABASE_URL": db}).stdout


def test_check_clean_text_exits_0(runner: CliRunner) -> None:
    result = ok(runner, "check", str(SEED))
    assert "0 errors" in result.stdout
    assert f"{SEED}:" in result.stdout


def test_check_non_standard_text_exits_1_naming_the_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text(NOT_A_STANDARD, encoding="utf-8")
    result = run(runner, "check", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:" in result.stdout
    assert ": error: " in result.stdout
    assert "Traceback" not in result.output


def test_check_json_lists_diagnostics(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text(NOT_A_STANDARD, encoding="utf-8")
    result = run(runner, "check", "--json", str(SEED), str(bad))
    assert result.exit_code == 1
    seed, notes = json.loads(result.stdout)
    assert seed["summary"]["errors"] == 0
    assert seed["summary"]["cards"] > 0
    assert notes["file"] == str(bad)
    assert any(d["severity"] == "error" for d in notes["diagnostics"])


def test_check_strict_fails_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    data = json.loads(ok(runner, "check", "--json", str(SEED)).stdout)
    strict = run(runner, "check", "--strict", str(SEED))
    assert strict.exit_code == (1 if data[0]["summary"]["warnings"] else 0)


def test_parse_json_is_the_exchange_format_and_touches_no_database(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    result = ok(runner, "parse", str(SEED), "--json", env={"KASIP_DATABASE_URL": db})
    doc = json.loads(result.stdout)
    assert doc["format"] == "kasip-standard/1"
    assert doc["cards"]
    assert not (tmp_path / "r.db").exists()


def test_parse_summary(runner: CliRunner) -> None:
    result = ok(runner, "parse", str(SEED))
    assert "cards" in result.stdout
    assert "292" in result.stdout


def test_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "check", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_import_of_invalid_json_is_a_clean_error(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    assert_user_error(run(runner, "import", str(bad), "--db", db), "bad.json")


def test_analyze_prints_one_line_of_keys_per_word(runner: CliRunner, seeded_db: str) -> None:
    # --db: never the user's own registry (analyze imports the bundled standard into it).
    result = ok(runner, "analyze", "--lang", "ru", "социальных", "работников", "--db", seeded_db)
    assert result.stdout == "социальных\tсоциальный\nработников\tработник\n"
    result = ok(runner, "analyze", "--lang", "kk", "құрбаны", "құрбандарының", "--db", seeded_db)
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["құрбаны", "құрбандарының"]
    keys = [set(line.split("\t")[1].split(",")) for line in lines]
    assert "құрбан" in keys[0] & keys[1]


def test_analyze_rejects_an_unknown_language(runner: CliRunner) -> None:
    result = run(runner, "analyze", "--lang", "de", "Wort")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
