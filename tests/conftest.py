"""Shared pytest configuration: the ``--update-golden`` option and seed access."""

from __future__ import annotations

from importlib import resources

import pytest

pytest_plugins = ["conftest_store"]

SEED_NAME = "psychological-and-social-work.kk.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden expected files from the current parser output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The bundled seed standard, exactly as shipped."""
    from kasip.parse import read_source

    path = resources.files("kasip") / "data" / SEED_NAME
    with resources.as_file(path) as real:
        return read_source(real)
