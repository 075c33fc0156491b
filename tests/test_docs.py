"""The docs are executable and in sync: CLI help, docs/cli.md, README, CI, changelog."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import BaseModel

import kasip
from kasip import model
from kasip.cli import load_command
from kasip.model.vocabulary import DIAGNOSTIC_CODES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def gen_cli_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts/gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def section(markdown: str, heading: str) -> str:
    """Return the body of a ``## heading`` section, up to the next ``## ``."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def commands_in(markdown: str, heading: str) -> list[str]:
    """Return the non-comment, non-blank lines of the code blocks of a section."""
    blocks = FENCE_RE.findall(section(markdown, heading))
    lines = [line.strip() for _, body in blocks for line in body.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


COMMANDS = gen_cli_docs().commands()


def test_cli_has_the_public_commands() -> None:
    expected = {"import", "check", "list", "show", "parse", "export", "versions", "serve"}
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_has_help_text(name: str) -> None:
    command = load_command(name)
    assert command.help, f"kasip {name} has no help text"
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"kasip {name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_is_documented(name: str) -> None:
    assert f"\n## kasip {name}\n" in (ROOT / "docs/cli.md").read_text(encoding="utf-8")


def test_cli_docs_are_up_to_date() -> None:
    committed = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert committed == gen_cli_docs().render(), "run: python scripts/gen_cli_docs.py"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    run, test = commands_in(README, "Quick start")
    assert run.endswith("kasip serve"), "the run command starts the web application"
    assert test == "bash scripts/test.sh"


def test_ci_runs_the_readme_test_command() -> None:
    test_command = commands_in(README, "Quick start")[1]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in ci
    assert ci.strip().splitlines()[-1] == test_command


def test_scripts_are_executable() -> None:
    for name in [".ci/run", "scripts/test.sh"]:
        assert (ROOT / name).stat().st_mode & 0o111, f"{name} is not executable"


def test_readme_library_snippet_runs() -> None:
    [snippet] = [body for lang, body in FENCE_RE.findall(README) if lang == "python"]
    done = subprocess.run(
        [sys.executable, "-c", snippet], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    expected = [line[2:] for line in snippet.splitlines() if line.startswith("# ")]
    assert done.stdout.splitlines() == expected


def test_version_is_the_same_everywhere() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == kasip.__version__
    changes = (ROOT / "CHANGES.md").read_text(encoding="utf-8")
    assert f"## {kasip.__version__}" in changes


def test_docs_exist_and_link_from_readme() -> None:
    for name in [
        "docs/exchange-format.md",
        "docs/cli.md",
        "docs/glossary.md",
        "docs/architecture.md",
        "CHANGES.md",
    ]:
        assert (ROOT / name).is_file(), name
        assert name in README, f"README does not link {name}"


def test_bundled_seed_source_note_matches_the_file() -> None:
    data = ROOT / "src/kasip/data"
    digest = hashlib.sha256((data / "psychological-and-social-work.kk.txt").read_bytes())
    assert digest.hexdigest() in (data / "SOURCE.md").read_text(encoding="utf-8")


def test_exchange_format_documents_every_model_field() -> None:
    doc = (ROOT / "docs/exchange-format.md").read_text(encoding="utf-8")
    for name, cls in vars(model).items():
        public = not name.startswith("_") and getattr(cls, "__module__", "") == model.__name__
        if public and isinstance(cls, type) and issubclass(cls, BaseModel):
            assert name in doc, f"docs/exchange-format.md does not describe {name}"
            for field in cls.model_fields:
                assert f"`{field}`" in doc, f"docs/exchange-format.md lacks {name}.{field}"


def test_parsing_notes_explain_every_diagnostic_code() -> None:
    notes = (ROOT / "docs" / "parsing-notes.md").read_text(encoding="utf-8")
    table = notes.split("## Diagnostics", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert sorted(documented) == sorted(DIAGNOSTIC_CODES)
