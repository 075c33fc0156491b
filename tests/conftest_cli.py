"""Fixtures for command-line tests: a runner and a registry file holding the seed.

Like conftest_store.py and conftest_web.py, it imports kasip only inside its
fixtures: pytest-xdist's controller loads these plugins too, before it starts
its workers, and runs no test.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from typer.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    """A runner with a wide terminal and no registry from the environment."""
    from typer.testing import CliRunner

    return CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite registry file holding the bundled standard (one per test module)."""
    from typer.testing import CliRunner

    from kasip.cli import app

    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'r.db'}"
    result = CliRunner(env={"KASIP_DATABASE_URL": None}).invoke(
        app, ["import", "--bundled", "--db", url]
    )
    assert result.exit_code == 0, result.output
    return url


def cli_match(db: str, text: str) -> tuple[str, dict[str, Any]]:
    """``kasip match`` of ``text`` on the registry ``db``: its printed answer (white
    space made single, as the terminal wraps it) and its ``--json`` answer."""
    from typer.testing import CliRunner

    from kasip.cli import app

    runner = CliRunner()
    printed = runner.invoke(app, ["match", "--db", db, "-"], input=text)
    assert printed.exit_code == 0, printed.output
    answer = runner.invoke(app, ["match", "--db", db, "--json", "-"], input=text)
    assert answer.exit_code == 0, answer.output
    return " ".join(printed.output.split()), json.loads(answer.stdout)
