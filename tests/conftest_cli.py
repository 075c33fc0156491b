"""Fixtures for command-line tests: a runner and a registry file holding the seed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kasip.cli import app


@pytest.fixture
def runner() -> CliRunner:
    """A runner with a wide terminal and no registry from the environment."""
    return CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite registry file holding the bundled standard (one per test module)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'r.db'}"
    result = CliRunner(env={"KASIP_DATABASE_URL": None}).invoke(
        app, ["import", "--bundled", "--db", url]
    )
    assert result.exit_code == 0, result.output
    return url
