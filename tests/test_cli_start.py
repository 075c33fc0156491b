"""``kasip --help`` and ``--version`` start without the registry or the web stack.

The commands are imported when run (:data:`kasip.cli.base.COMMANDS`); the
list that ``kasip --help`` shows is kept beside them and must say what each
command's own help says. How long a start takes is measured by
benchmarks/bench_cli_start.py, never here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kasip.cli import COMMANDS, app, load_command

# Modules that take most of a cold start; none is needed to print help.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic",
    "numpy",
    "pymorphy3",
    "rapidfuzz",
    "jinja2",
    "weasyprint",
    "pydantic_settings",
)
PROBE = """
import json, sys
from kasip.cli import main
sys.argv = ["kasip", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES", json.dumps(sorted(sys.modules)))
"""


def imported_by(*args: str) -> set[str]:
    """The top-level packages loaded by ``kasip ARGS``, run in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
    )
    line = done.stdout.rsplit("\nMODULES ", 1)[1]
    return {name.split(".")[0] for name in json.loads(line)}


@pytest.mark.parametrize("args", [("--help",), ("--version",), ()])
def test_start_imports_no_heavy_module(args: tuple[str, ...]) -> None:
    assert not imported_by(*args) & set(HEAVY)


@pytest.mark.slow
def test_the_probe_sees_a_command_import_its_modules() -> None:
    # The same probe, on a command that opens the registry: the check above can fail.
    assert {"sqlalchemy", "pydantic"} <= imported_by("list", "--db", "sqlite://")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_help_is_the_commands_own(name: str) -> None:
    command = load_command(name)
    first_paragraph = (command.help or "").split("\n\n")[0].replace("\n", " ").strip()
    assert COMMANDS[name][2] == first_paragraph


def test_help_lists_every_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    rows = [re.search(rf"^\W*{name} ", result.output, re.MULTILINE) for name in COMMANDS]
    positions = [row.start() if row else -1 for row in rows]
    assert -1 not in positions and positions == sorted(positions)
    for _, _, help_text in COMMANDS.values():
        assert help_text in result.output


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["nosuch"])
    assert result.exit_code == 2
    assert "No such command 'nosuch'" in result.output
